#include "rosterloader.h"

#include "config/configreader.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <sys/stat.h>

namespace firebreak {

namespace {

using Field = ConfigReader::Field;
using Fields = ConfigReader::Fields;

const QStringList UserKeys { QStringLiteral("name"), QStringLiteral("display"), QStringLiteral("roles"),
    QStringLiteral("passphrase") };
const QString ReservedName = QStringLiteral("firebreak");

ConfigError errorAt(const QString& file, const YAML::Mark& mark, const QString& message)
{
    // yaml-cpp counts from 0; a mark without a place (an empty document) reports line 1.
    const bool placed = mark.line >= 0;
    return ConfigError { file, placed ? mark.line + 1 : 1, placed && mark.column >= 0 ? mark.column + 1 : 1, message };
}

int lineOf(const YAML::Mark& mark)
{
    return mark.line >= 0 ? mark.line + 1 : 0;
}

// Runs one read, keeping its failure instead of stopping, so that every broken field is reported.
template <typename Function> bool attempt(QVector<ConfigFailure>& failures, Function&& function)
{
    try {
        function();
        return true;
    } catch (const ConfigFailure& failure) {
        failures.append(failure);
        return false;
    }
}

QString userName(const Field& field)
{
    static const QRegularExpression Pattern(QStringLiteral("^[a-z][a-z0-9._-]{0,63}$"));
    const QString name = ConfigReader::string(field);
    if (!Pattern.match(name).hasMatch()) {
        ConfigReader::fail(ConfigReader::markOf(field),
            QStringLiteral("%1: \"%2\" must be 1 to 64 lower-case letters, digits, '.', '_' and '-', starting with a "
                           "letter")
                .arg(field.path, name));
    }
    if (name == ReservedName) {
        ConfigReader::fail(ConfigReader::markOf(field),
            QStringLiteral("%1: \"%2\" is reserved for runs that Firebreak proposes itself").arg(field.path, name));
    }
    return name;
}

QList<Role> roles(const ConfigReader& reader, const Field& field)
{
    const QStringList names = reader.stringList(field, false);
    QList<Role> roles;
    for (qsizetype i = 0; i < names.size(); ++i) {
        const YAML::Mark mark = field.value[std::size_t(i)].Mark();
        const QString path = QStringLiteral("%1[%2]").arg(field.path).arg(i);
        const std::optional<Role> role = roleFromName(names.at(i));
        if (!role) {
            ConfigReader::fail(mark,
                QStringLiteral("%1: \"%2\" is not a role; expected viewer, responder, commander or admin")
                    .arg(path, names.at(i)));
        }
        if (roles.contains(*role))
            ConfigReader::fail(mark, QStringLiteral("%1: \"%2\" is listed twice").arg(path, names.at(i)));
        roles.append(*role);
    }
    return roles;
}

PassphraseHash passphrase(const Field& field)
{
    auto parsed = PassphraseHash::parse(ConfigReader::string(field));
    if (const auto* message = std::get_if<QString>(&parsed))
        ConfigReader::fail(ConfigReader::markOf(field), QStringLiteral("%1: %2").arg(field.path, *message));
    return std::get<PassphraseHash>(parsed);
}

// The user at `item`, or nullopt with its failures added.
std::optional<RosterUser> readUser(const ConfigReader& reader, const YAML::Node& item, const Field& list, int index,
    QMap<QString, int>& seenNames, QVector<ConfigFailure>& failures)
{
    const QString path = QStringLiteral("%1[%2]").arg(list.path).arg(index);
    const YAML::Mark mark = item.Mark().line >= 0 && !item.IsNull() ? item.Mark() : ConfigReader::markOf(list);
    Fields fields;
    if (!attempt(failures, [&] { fields = reader.mapping(item, path, UserKeys, mark); }))
        return std::nullopt;
    RosterUser user;
    user.line = lineOf(mark);
    const auto required
        = [&](const QString& key) -> const Field& { return ConfigReader::require(fields, key, path, mark); };
    bool ok = attempt(failures, [&] {
        const Field& name = required(QStringLiteral("name"));
        user.name = userName(name);
        const auto first = seenNames.constFind(user.name);
        if (first != seenNames.constEnd()) {
            ConfigReader::fail(ConfigReader::markOf(name),
                QStringLiteral("%1: duplicate user \"%2\"; line %3 already has it")
                    .arg(name.path, user.name)
                    .arg(first.value()));
        }
        seenNames.insert(user.name, user.line);
    });
    ok = attempt(failures, [&] {
        const auto display = fields.constFind(QStringLiteral("display"));
        user.displayName = display == fields.constEnd() ? user.name : reader.nonEmptyString(*display).trimmed();
    }) && ok;
    ok = attempt(failures, [&] { user.roles = roles(reader, required(QStringLiteral("roles"))); }) && ok;
    ok = attempt(failures, [&] { user.passphrase = passphrase(required(QStringLiteral("passphrase"))); }) && ok;
    if (!ok)
        return std::nullopt;
    return user;
}

std::optional<Roster> readRoster(
    const YAML::Node& root, const QString& file, const QByteArray& content, QVector<ConfigFailure>& failures)
{
    const ConfigReader reader(QDir(QFileInfo(file).absolutePath()));
    Fields top;
    const bool structured = attempt(failures, [&] {
        if (!root.IsDefined() || root.IsNull())
            ConfigReader::fail(YAML::Mark(), QStringLiteral("the file holds no roster; expected a mapping with users"));
        top = reader.mapping(root, QString(), { QStringLiteral("users") }, root.Mark());
    });
    if (!structured)
        return std::nullopt;
    Field list;
    const bool listed = attempt(failures, [&] {
        list = ConfigReader::require(top, QStringLiteral("users"), QStringLiteral("the roster"), root.Mark());
        if (!list.value.IsSequence() || list.value.size() == 0)
            ConfigReader::fail(ConfigReader::markOf(list), QStringLiteral("users: expected a non-empty list of users"));
    });
    if (!listed)
        return std::nullopt;
    QVector<RosterUser> users;
    QMap<QString, int> seenNames; // name -> line of its first entry
    bool complete = true;
    for (std::size_t i = 0; i < list.value.size(); ++i) {
        const std::optional<RosterUser> user = readUser(reader, list.value[i], list, int(i), seenNames, failures);
        if (user)
            users.append(*user);
        else
            complete = false;
    }
    if (!complete)
        return std::nullopt;
    const QString hash = QString::fromLatin1(QCryptographicHash::hash(content, QCryptographicHash::Sha256).toHex());
    return Roster(users, file, hash);
}

// Refuses a roster on disk that is not a regular file or that group or others may access; checked on
// the open descriptor, so the file read is the file checked.
std::optional<QString> permissionProblem(const QFile& input)
{
    struct stat info { };
    if (::fstat(input.handle(), &info) != 0)
        return QStringLiteral("cannot check the roster's permissions: %1")
            .arg(QString::fromLocal8Bit(std::strerror(errno)));
    if (!S_ISREG(info.st_mode))
        return QStringLiteral("the roster is not a regular file");
    if ((info.st_mode & 077) != 0) {
        return QStringLiteral("the roster is readable by group or others (mode %1); chmod 600 it")
            .arg(uint(info.st_mode & 07777), 4, 8, QLatin1Char('0'));
    }
    return std::nullopt;
}

} // namespace

RosterLoader::Result RosterLoader::load(const QString& path)
{
    const QString file = QDir::cleanPath(path);
    QFile input(file);
    if (!input.open(QIODevice::ReadOnly))
        return QList<ConfigError> { ConfigError {
            file, 0, 0, QStringLiteral("cannot read the roster: %1").arg(input.errorString()) } };
    if (!file.startsWith(QLatin1Char(':'))) {
        if (const std::optional<QString> problem = permissionProblem(input))
            return QList<ConfigError> { ConfigError { file, 0, 0, *problem } };
    }
    const QByteArray content = input.read(MaxFileBytes + 1);
    if (content.size() > MaxFileBytes) {
        return QList<ConfigError> { ConfigError {
            file, 0, 0, QStringLiteral("the roster is larger than %1 bytes").arg(MaxFileBytes) } };
    }
    return parse(content, file);
}

RosterLoader::Result RosterLoader::parse(const QByteArray& content, const QString& file)
{
    QVector<ConfigFailure> failures;
    std::optional<Roster> roster;
    try {
        const std::vector<YAML::Node> documents = YAML::LoadAll(content.toStdString());
        if (documents.size() > 1) {
            return QList<ConfigError> { errorAt(file, documents[1].Mark(),
                QStringLiteral("the file holds %1 YAML documents; expected one roster").arg(documents.size())) };
        }
        roster = readRoster(documents.empty() ? YAML::Node() : documents.front(), file, content, failures);
    } catch (const YAML::ParserException& e) {
        return QList<ConfigError> { errorAt(
            file, e.mark, QStringLiteral("YAML syntax error: %1").arg(QString::fromStdString(e.msg))) };
    } catch (const YAML::Exception& e) {
        return QList<ConfigError> { errorAt(file, e.mark, QString::fromStdString(e.msg)) };
    }
    if (roster && failures.isEmpty())
        return std::move(*roster);
    QList<ConfigError> errors;
    for (const ConfigFailure& failure : failures)
        errors.append(errorAt(file, failure.mark, failure.message));
    std::stable_sort(
        errors.begin(), errors.end(), [](const ConfigError& a, const ConfigError& b) { return a.line < b.line; });
    return errors;
}

} // namespace firebreak
