#include "passphrasehash.h"

#include "pbkdf2.h"

#include <QRandomGenerator>
#include <QStringList>
#include <algorithm>
#include <optional>

namespace firebreak {

namespace {

// Every byte is looked at whatever the earlier ones were, so the time taken does not tell an attacker
// how many leading bytes of a guess were right.
bool equalInConstantTime(const QByteArray& a, const QByteArray& b)
{
    if (a.size() != b.size())
        return false;
    uchar difference = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        difference |= uchar(a.at(i)) ^ uchar(b.at(i));
    return difference == 0;
}

std::optional<QByteArray> strictBase64(const QString& text)
{
    if (text.isEmpty())
        return std::nullopt;
    auto decoded = QByteArray::fromBase64Encoding(text.toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || decoded.decoded.toBase64() != text.toLatin1())
        return std::nullopt;
    return decoded.decoded;
}

} // namespace

PassphraseHash::PassphraseHash(int iterations, const QByteArray& salt, const QByteArray& hash)
    : m_iterations(iterations)
    , m_salt(salt)
    , m_hash(hash)
{
}

QString PassphraseHash::create(const QString& passphrase)
{
    return create(passphrase, DefaultIterations);
}

QString PassphraseHash::create(const QString& passphrase, int iterations)
{
    if (passphrase.isEmpty() || iterations <= 0 || iterations > MaxIterations)
        return {};
    QByteArray salt(SaltBytes, Qt::Uninitialized);
    QRandomGenerator::system()->generate(salt.begin(), salt.end());
    return derive(passphrase, salt, iterations).toString();
}

PassphraseHash PassphraseHash::derive(const QString& passphrase, const QByteArray& salt, int iterations)
{
    return PassphraseHash(iterations, salt, key(passphrase, salt, iterations));
}

QByteArray PassphraseHash::key(const QString& passphrase, const QByteArray& salt, int iterations)
{
    const QByteArray bytes = passphrase.normalized(QString::NormalizationForm_KC).toUtf8();
    return Pbkdf2::derive(bytes, salt, iterations, HashBytes);
}

std::variant<PassphraseHash, QString> PassphraseHash::parse(const QString& text)
{
    const QString expected = QStringLiteral("expected %1$ITERATIONS$SALT$HASH (salt and hash in base64)").arg(Scheme);
    const QStringList parts = text.split(QLatin1Char('$'));
    if (parts.size() != 4)
        return QStringLiteral("not a passphrase hash; %1").arg(expected);
    if (parts.at(0) != Scheme)
        return QStringLiteral("unknown hash scheme \"%1\"; expected %2").arg(parts.at(0).left(32), Scheme);
    bool ok = false;
    const int iterations = parts.at(1).toInt(&ok);
    const bool digits = !parts.at(1).isEmpty() && std::all_of(parts.at(1).cbegin(), parts.at(1).cend(), [](QChar c) {
        return c.isDigit() && c.unicode() < 128;
    });
    if (!ok || !digits || iterations <= 0 || iterations > MaxIterations)
        return QStringLiteral("the iteration count must be a whole number from 1 to %1").arg(MaxIterations);
    const std::optional<QByteArray> salt = strictBase64(parts.at(2));
    if (!salt)
        return QStringLiteral("the salt is not valid base64; %1").arg(expected);
    if (salt->size() < MinSaltBytes || salt->size() > MaxSaltBytes) {
        return QStringLiteral("the salt is %1 bytes; expected %2 to %3")
            .arg(salt->size())
            .arg(MinSaltBytes)
            .arg(MaxSaltBytes);
    }
    const std::optional<QByteArray> hash = strictBase64(parts.at(3));
    if (!hash)
        return QStringLiteral("the hash is not valid base64; %1").arg(expected);
    if (hash->size() != HashBytes)
        return QStringLiteral("the hash is %1 bytes; expected %2").arg(hash->size()).arg(HashBytes);
    return PassphraseHash(iterations, *salt, *hash);
}

bool PassphraseHash::verify(const QString& passphrase) const
{
    if (passphrase.isEmpty() || m_hash.isEmpty())
        return false;
    return equalInConstantTime(key(passphrase, m_salt, m_iterations), m_hash);
}

QString PassphraseHash::toString() const
{
    if (m_hash.isEmpty())
        return {};
    return QStringLiteral("%1$%2$%3$%4")
        .arg(Scheme)
        .arg(m_iterations)
        .arg(QString::fromLatin1(m_salt.toBase64()), QString::fromLatin1(m_hash.toBase64()));
}

} // namespace firebreak
