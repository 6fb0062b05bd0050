#pragma once

#include "firebreakconfig.h"

#include <QDir>
#include <QMap>
#include <QString>
#include <QStringList>
#include <yaml-cpp/yaml.h>

namespace firebreak {

// Thrown by ConfigReader when the file is wrong; ConfigLoader turns it into a ConfigError.
struct ConfigFailure {
    YAML::Mark mark;
    QString message;
};

// The typed reads every section of a configuration file needs, each refusing a wrong value with the
// dotted key path ("feeds[0].websocket") and the place in the file. Exists so that the section code in
// ConfigLoader reads as the schema and nothing else.
class ConfigReader {
public:
    // A key of a mapping with its value and its dotted path, for messages.
    struct Field {
        YAML::Node key;
        YAML::Node value;
        QString path;
    };
    using Fields = QMap<QString, Field>;

    explicit ConfigReader(const QDir& configDir);

    [[noreturn]] static void fail(const YAML::Mark& mark, const QString& message);
    // Where a field's value is, or its key when the value has no place of its own (an empty value).
    static YAML::Mark markOf(const Field& field);

    // The keys of a mapping, refusing anything but a mapping, duplicate keys and keys not in `known`.
    Fields mapping(
        const YAML::Node& node, const QString& path, const QStringList& known, const YAML::Mark& fallback) const;
    // The field `key`, or a failure naming it as missing from the mapping at `mark`.
    static const Field& require(
        const Fields& fields, const QString& key, const QString& mapPath, const YAML::Mark& mapMark);

    static QString string(const YAML::Node& node, const QString& path, const YAML::Mark& fallback);
    static QString string(const Field& field);
    QString nonEmptyString(const Field& field) const;
    QStringList stringList(const Field& field, bool allowEmpty) const;
    qint64 positiveDurationMs(const Field& field) const;
    qint64 positiveInteger(const Field& field, qint64 max, const QString& what) const;
    // YAML 1.2's true/false (also True, TRUE...); yaml-cpp's yes/no/on/off are refused as ambiguous.
    bool boolean(const Field& field) const;
    // An RFC 3339 time with a zone ("2026-11-21T02:00:00Z"), as UTC ms.
    qint64 timestamp(const Field& field) const;
    // `schemes` in lower case; the URL must be absolute with a host.
    QUrl url(const YAML::Node& node, const QString& path, const QStringList& schemes, const YAML::Mark& fallback) const;
    // Relative paths resolve against the directory of the configuration file.
    QString filePath(const Field& field) const;
    // filePath() of something that must exist now: a directory, or a regular readable file.
    QString existingDirectory(const Field& field) const;
    QString existingFile(const Field& field) const;
    // existingFile() that holds at least one PEM certificate (a DER file or a key is refused here rather
    // than when the first step runs).
    QString certificateFile(const Field& field) const;
    Credential credential(const Field& field) const;

private:
    QDir m_configDir;
};

} // namespace firebreak
