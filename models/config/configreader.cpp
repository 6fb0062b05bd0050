#include "configreader.h"

#include "duration.h"
#include "ingest/rfc3339.h"
#include "tokenfile.h"

#include <QFile>
#include <QFileInfo>
#include <algorithm>

namespace firebreak {

namespace {

QString kindOf(const YAML::Node& node)
{
    switch (node.Type()) {
    case YAML::NodeType::Scalar:
        return QStringLiteral("a string");
    case YAML::NodeType::Sequence:
        return QStringLiteral("a list");
    case YAML::NodeType::Map:
        return QStringLiteral("a mapping");
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
        break;
    }
    return QStringLiteral("nothing");
}

YAML::Mark placeOf(const YAML::Node& node, const YAML::Mark& fallback)
{
    // An empty value's mark points at whatever follows it, often the next line: use the key's place.
    const YAML::Mark mark = node.Mark();
    return mark.line >= 0 && !node.IsNull() ? mark : fallback;
}

} // namespace

ConfigReader::ConfigReader(const QDir& configDir)
    : m_configDir(configDir)
{
}

void ConfigReader::fail(const YAML::Mark& mark, const QString& message)
{
    throw ConfigFailure { mark, message };
}

YAML::Mark ConfigReader::markOf(const Field& field)
{
    return placeOf(field.value, field.key.Mark());
}

ConfigReader::Fields ConfigReader::mapping(
    const YAML::Node& node, const QString& path, const QStringList& known, const YAML::Mark& fallback) const
{
    if (!node.IsMap())
        fail(placeOf(node, fallback), QStringLiteral("%1: expected a mapping, got %2").arg(path, kindOf(node)));
    const QString where = path.isEmpty() ? QStringLiteral("at the top level") : QStringLiteral("in %1").arg(path);
    Fields fields;
    for (auto it = node.begin(); it != node.end(); ++it) {
        const YAML::Node key = it->first;
        if (!key.IsScalar())
            fail(placeOf(key, fallback), QStringLiteral("expected a key name %1, got %2").arg(where, kindOf(key)));
        const QString name = QString::fromStdString(key.Scalar());
        if (!known.contains(name)) {
            fail(key.Mark(),
                QStringLiteral("unknown key \"%1\" %2; known keys: %3")
                    .arg(name, where, known.join(QStringLiteral(", "))));
        }
        // yaml-cpp keeps both entries of a repeated key and lookups see only one: refuse the ambiguity.
        if (fields.contains(name))
            fail(key.Mark(), QStringLiteral("duplicate key \"%1\" %2").arg(name, where));
        const QString fieldPath = path.isEmpty() ? name : path + QLatin1Char('.') + name;
        fields.insert(name, Field { key, it->second, fieldPath });
    }
    return fields;
}

const ConfigReader::Field& ConfigReader::require(
    const Fields& fields, const QString& key, const QString& mapPath, const YAML::Mark& mapMark)
{
    const auto it = fields.constFind(key);
    if (it == fields.constEnd())
        fail(mapMark, QStringLiteral("%1: missing required key \"%2\"").arg(mapPath, key));
    return it.value();
}

QString ConfigReader::string(const YAML::Node& node, const QString& path, const YAML::Mark& fallback)
{
    if (!node.IsScalar())
        fail(placeOf(node, fallback), QStringLiteral("%1: expected a string, got %2").arg(path, kindOf(node)));
    return QString::fromStdString(node.Scalar());
}

QString ConfigReader::string(const Field& field)
{
    return string(field.value, field.path, field.key.Mark());
}

QString ConfigReader::nonEmptyString(const Field& field) const
{
    const QString value = string(field);
    if (value.trimmed().isEmpty())
        fail(markOf(field), QStringLiteral("%1: must not be empty").arg(field.path));
    return value;
}

QStringList ConfigReader::stringList(const Field& field, bool allowEmpty) const
{
    if (!field.value.IsSequence()) {
        fail(markOf(field),
            QStringLiteral("%1: expected a list of strings, got %2").arg(field.path, kindOf(field.value)));
    }
    QStringList values;
    for (std::size_t i = 0; i < field.value.size(); ++i) {
        const YAML::Node item = field.value[i];
        const QString itemPath = QStringLiteral("%1[%2]").arg(field.path).arg(i);
        if (!item.IsScalar()) {
            fail(placeOf(item, markOf(field)),
                QStringLiteral("%1: expected a list of strings, got %2 in it").arg(itemPath, kindOf(item)));
        }
        const QString value = QString::fromStdString(item.Scalar());
        if (value.trimmed().isEmpty())
            fail(placeOf(item, markOf(field)), QStringLiteral("%1: must not be empty").arg(itemPath));
        values.append(value);
    }
    if (values.isEmpty() && !allowEmpty)
        fail(markOf(field), QStringLiteral("%1: the list is empty").arg(field.path));
    return values;
}

qint64 ConfigReader::positiveDurationMs(const Field& field) const
{
    const QString text = string(field);
    const std::optional<qint64> ms = parseDurationMs(text);
    if (!ms && text.startsWith(QLatin1Char('-')))
        fail(markOf(field), QStringLiteral("%1: duration must be greater than zero, got \"%2\"").arg(field.path, text));
    if (!ms) {
        fail(markOf(field),
            QStringLiteral("%1: invalid duration \"%2\"; expected a number with a unit, such as 250ms, 30s, 5m, 1h30m")
                .arg(field.path, text));
    }
    if (*ms <= 0)
        fail(markOf(field), QStringLiteral("%1: duration must be greater than zero, got \"%2\"").arg(field.path, text));
    return *ms;
}

qint64 ConfigReader::positiveInteger(const Field& field, qint64 max, const QString& what) const
{
    const QString text = string(field);
    bool ok = false;
    const qint64 value = text.toLongLong(&ok);
    const bool digitsOnly = !text.isEmpty() && std::all_of(text.cbegin(), text.cend(), [](QChar c) {
        return c >= QLatin1Char('0') && c <= QLatin1Char('9');
    });
    if (!ok || !digitsOnly || value <= 0 || value > max) {
        fail(markOf(field),
            QStringLiteral("%1: expected a positive whole number of %2 no larger than %3, got \"%4\"")
                .arg(field.path, what)
                .arg(max)
                .arg(text));
    }
    return value;
}

bool ConfigReader::boolean(const Field& field) const
{
    const QString text = string(field);
    static const QStringList True { QStringLiteral("true"), QStringLiteral("True"), QStringLiteral("TRUE") };
    static const QStringList False { QStringLiteral("false"), QStringLiteral("False"), QStringLiteral("FALSE") };
    if (True.contains(text))
        return true;
    if (False.contains(text))
        return false;
    fail(markOf(field), QStringLiteral("%1: expected true or false, got \"%2\"").arg(field.path, text));
}

qint64 ConfigReader::timestamp(const Field& field) const
{
    const QString text = string(field);
    QString reason;
    const std::optional<qint64> ms = Rfc3339::parse(text, &reason);
    if (!ms) {
        fail(markOf(field),
            QStringLiteral("%1: invalid RFC 3339 time \"%2\" (%3); expected such as 2026-11-21T02:00:00Z")
                .arg(field.path, text, reason));
    }
    return *ms;
}

QUrl ConfigReader::url(
    const YAML::Node& node, const QString& path, const QStringList& schemes, const YAML::Mark& fallback) const
{
    const QString text = string(node, path, fallback);
    const QUrl url(text, QUrl::StrictMode);
    const QString expected = schemes.join(QStringLiteral("://, ")) + QStringLiteral("://");
    if (!url.isValid() || !schemes.contains(url.scheme().toLower()) || url.host().isEmpty()) {
        fail(placeOf(node, fallback),
            QStringLiteral("%1: expected a URL starting with %2 and naming a host, got \"%3\"")
                .arg(path, expected, text));
    }
    // Secrets belong in token_file (mode 0600), not in a URL that ends up in logs and on screen.
    if (!url.userInfo().isEmpty()) {
        fail(placeOf(node, fallback),
            QStringLiteral("%1: the URL holds a user name or password; put the credential in token_file instead")
                .arg(path));
    }
    return url;
}

QString ConfigReader::filePath(const Field& field) const
{
    return QDir::cleanPath(m_configDir.absoluteFilePath(nonEmptyString(field)));
}

QString ConfigReader::existingDirectory(const Field& field) const
{
    const QString path = filePath(field);
    const QFileInfo info(path);
    if (!info.exists())
        fail(markOf(field), QStringLiteral("%1: directory %2 does not exist").arg(field.path, path));
    if (!info.isDir())
        fail(markOf(field), QStringLiteral("%1: %2 is not a directory").arg(field.path, path));
    return path;
}

QString ConfigReader::existingFile(const Field& field) const
{
    const QString path = filePath(field);
    const QFileInfo info(path);
    if (!info.exists())
        fail(markOf(field), QStringLiteral("%1: file %2 does not exist").arg(field.path, path));
    if (!info.isFile())
        fail(markOf(field), QStringLiteral("%1: %2 is not a regular file").arg(field.path, path));
    if (!info.isReadable())
        fail(markOf(field), QStringLiteral("%1: file %2 cannot be read").arg(field.path, path));
    return path;
}

QString ConfigReader::certificateFile(const Field& field) const
{
    const QString path = existingFile(field);
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        fail(markOf(field), QStringLiteral("%1: file %2 cannot be read: %3").arg(field.path, path, file.errorString()));
    // A bundle of every public CA is about 200 kB; anything far larger is not a CA file.
    constexpr qint64 MaxBytes = 16 * 1024 * 1024;
    if (!file.read(MaxBytes).contains("-----BEGIN CERTIFICATE-----"))
        fail(markOf(field), QStringLiteral("%1: %2 holds no PEM certificate").arg(field.path, path));
    return path;
}

Credential ConfigReader::credential(const Field& field) const
{
    const QString path = filePath(field);
    auto result = TokenFile::read(path);
    if (auto* message = std::get_if<QString>(&result))
        fail(markOf(field), *message);
    return Credential { path, std::get<QByteArray>(std::move(result)) };
}

} // namespace firebreak
