#include "hookauthenticator.h"

#include <QCryptographicHash>

namespace firebreak {

namespace {

QByteArray digest(const QByteArray& bytes)
{
    return QCryptographicHash::hash(bytes, QCryptographicHash::Sha256);
}

// Compares digests, not the secrets, so that neither the content nor the length of the token
// shows in the time taken.
bool equalInConstantTime(const QByteArray& a, const QByteArray& b)
{
    if (a.size() != b.size())
        return false;
    unsigned char difference = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        difference |= static_cast<unsigned char>(a.at(i) ^ b.at(i));
    return difference == 0;
}

} // namespace

HookAuthenticator::HookAuthenticator(const QByteArray& token)
    : m_tokenDigest(token.isEmpty() ? QByteArray() : digest(token))
{
}

HookAuthenticator::Result HookAuthenticator::check(const QByteArray& authorizationHeader) const
{
    const QByteArray header = authorizationHeader.trimmed();
    if (header.isEmpty())
        return Result::Missing;
    const qsizetype space = header.indexOf(' ');
    const QByteArray scheme = (space < 0 ? header : header.left(space)).toLower();
    const QByteArray credentials = space < 0 ? QByteArray() : header.mid(space + 1).trimmed();
    if (scheme == "bearer")
        return matches(credentials) ? Result::Accepted : Result::Wrong;
    if (scheme == "basic") {
        const auto decoded = QByteArray::fromBase64Encoding(
            credentials, QByteArray::Base64Encoding | QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded)
            return Result::Wrong;
        const qsizetype colon = decoded.decoded.indexOf(':');
        return colon >= 0 && matches(decoded.decoded.mid(colon + 1)) ? Result::Accepted : Result::Wrong;
    }
    return Result::UnsupportedScheme;
}

QByteArray HookAuthenticator::challenge()
{
    return QByteArrayLiteral("Bearer realm=\"firebreak\", Basic realm=\"firebreak\", charset=\"UTF-8\"");
}

const char* HookAuthenticator::causeName(Result result)
{
    switch (result) {
    case Result::Accepted:
        return "accepted";
    case Result::Missing:
        return "missing";
    case Result::Wrong:
        return "wrong";
    case Result::UnsupportedScheme:
        return "unsupported_scheme";
    }
    return "wrong";
}

bool HookAuthenticator::matches(const QByteArray& candidate) const
{
    if (m_tokenDigest.isEmpty() || candidate.isEmpty())
        return false;
    return equalInConstantTime(digest(candidate), m_tokenDigest);
}

} // namespace firebreak
