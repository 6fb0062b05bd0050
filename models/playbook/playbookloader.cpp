#include "playbookloader.h"

#include "playbookreader.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <algorithm>

namespace firebreak {

namespace {

ConfigError errorAt(const QString& file, const YAML::Mark& mark, const QString& message)
{
    // yaml-cpp counts from 0; a mark without a place (an empty document) reports line 1.
    const bool placed = mark.line >= 0;
    return ConfigError { file, placed ? mark.line + 1 : 1, placed && mark.column >= 0 ? mark.column + 1 : 1, message };
}

void sortErrors(QList<ConfigError>& errors)
{
    std::stable_sort(errors.begin(), errors.end(),
        [](const ConfigError& a, const ConfigError& b) { return std::tie(a.file, a.line) < std::tie(b.file, b.line); });
}

} // namespace

PlaybookLoader::FileResult PlaybookLoader::load(const QString& path)
{
    const QString file = QDir::cleanPath(path);
    QFile input(file);
    if (!input.open(QIODevice::ReadOnly))
        return QList<ConfigError> { ConfigError {
            file, 0, 0, QStringLiteral("cannot read the playbook: %1").arg(input.errorString()) } };
    const QByteArray text = input.readAll();
    try {
        const std::vector<YAML::Node> documents = YAML::LoadAll(text.toStdString());
        if (documents.size() > 1) {
            return QList<ConfigError> { errorAt(file, documents[1].Mark(),
                QStringLiteral("the file holds %1 YAML documents; put one playbook in each file")
                    .arg(documents.size())) };
        }
        PlaybookReader reader(QFileInfo(file).absoluteDir());
        std::optional<Playbook> playbook = reader.read(documents.empty() ? YAML::Node() : documents.front());
        if (!playbook) {
            QList<ConfigError> errors;
            for (const ConfigFailure& failure : reader.failures())
                errors.append(errorAt(file, failure.mark, failure.message));
            sortErrors(errors);
            return errors;
        }
        playbook->sourceFile = file;
        return std::move(*playbook);
    } catch (const YAML::ParserException& e) {
        return QList<ConfigError> { errorAt(
            file, e.mark, QStringLiteral("YAML syntax error: %1").arg(QString::fromStdString(e.msg))) };
    } catch (const ConfigFailure& failure) {
        return QList<ConfigError> { errorAt(file, failure.mark, failure.message) };
    } catch (const YAML::Exception& e) {
        return QList<ConfigError> { errorAt(file, e.mark, QString::fromStdString(e.msg)) };
    }
}

PlaybookLoader::SetResult PlaybookLoader::loadFiles(const QStringList& paths)
{
    QVector<Playbook> playbooks;
    QList<ConfigError> errors;
    for (const QString& path : paths) {
        FileResult result = load(path);
        if (auto* fileErrors = std::get_if<QList<ConfigError>>(&result))
            errors += *fileErrors;
        else
            playbooks.append(std::get<Playbook>(std::move(result)));
    }
    errors += duplicateIds(playbooks);
    if (errors.isEmpty())
        return playbooks;
    sortErrors(errors);
    return errors;
}

std::variant<QStringList, ConfigError> PlaybookLoader::directoryFiles(const QString& directory)
{
    const QDir dir(directory);
    if (!dir.exists())
        return ConfigError { QDir::cleanPath(directory), 0, 0, QStringLiteral("no such playbook directory") };
    QStringList files;
    const QStringList names
        = dir.entryList({ QStringLiteral("*.yaml"), QStringLiteral("*.yml") }, QDir::Files, QDir::Name);
    for (const QString& name : names)
        files.append(QDir::cleanPath(directory + QLatin1Char('/') + name));
    return files;
}

PlaybookLoader::SetResult PlaybookLoader::loadDirectory(const QString& directory)
{
    auto files = directoryFiles(directory);
    if (auto* error = std::get_if<ConfigError>(&files))
        return QList<ConfigError> { *error };
    return loadFiles(std::get<QStringList>(files));
}

QList<ConfigError> PlaybookLoader::duplicateIds(const QVector<Playbook>& playbooks)
{
    QList<ConfigError> errors;
    QMap<QString, const Playbook*> first;
    for (const Playbook& playbook : playbooks) {
        const auto it = first.constFind(playbook.id);
        if (it == first.constEnd()) {
            first.insert(playbook.id, &playbook);
            continue;
        }
        errors.append(ConfigError { playbook.sourceFile, playbook.idLine, 0,
            QStringLiteral("id: duplicate playbook id \"%1\"; %2:%3 already has it")
                .arg(playbook.id, it.value()->sourceFile)
                .arg(it.value()->idLine) });
    }
    return errors;
}

} // namespace firebreak
