#include "playbookcommand.h"

#include "playbook/playbookloader.h"

#include <QFileInfo>

namespace firebreak {

namespace {
struct Checked {
    QString file;
    std::optional<Playbook> playbook;
    QList<ConfigError> errors;
};

void print(std::FILE* stream, const QString& line)
{
    std::fprintf(stream, "%s\n", line.toUtf8().constData());
}
} // namespace

int PlaybookCommand::check(const QStringList& paths, std::FILE* out, std::FILE* err)
{
    QVector<Checked> checked;
    for (const QString& path : paths) {
        if (!QFileInfo(path).isDir()) {
            checked.append(Checked { path, std::nullopt, {} });
            continue;
        }
        auto files = PlaybookLoader::directoryFiles(path);
        if (const auto* error = std::get_if<ConfigError>(&files)) {
            checked.append(Checked { path, std::nullopt, { *error } });
            continue;
        }
        const QStringList& names = std::get<QStringList>(files);
        if (names.isEmpty()) {
            checked.append(Checked { path, std::nullopt,
                { ConfigError { path, 0, 0, QStringLiteral("no playbooks (*.yaml, *.yml) in this directory") } } });
        }
        for (const QString& name : names)
            checked.append(Checked { name, std::nullopt, {} });
    }
    QVector<Playbook> loaded;
    for (Checked& entry : checked) {
        if (!entry.errors.isEmpty())
            continue;
        auto result = PlaybookLoader::load(entry.file);
        if (auto* errors = std::get_if<QList<ConfigError>>(&result)) {
            entry.errors = *errors;
        } else {
            entry.playbook = std::get<Playbook>(std::move(result));
            loaded.append(*entry.playbook);
        }
    }
    for (const ConfigError& duplicate : PlaybookLoader::duplicateIds(loaded)) {
        for (Checked& entry : checked) {
            if (entry.playbook && entry.playbook->sourceFile == duplicate.file && entry.errors.isEmpty()) {
                entry.errors.append(duplicate);
                break;
            }
        }
    }
    int bad = 0;
    for (const Checked& entry : std::as_const(checked)) {
        if (entry.errors.isEmpty()) {
            print(out, QStringLiteral("%1: ok").arg(entry.file));
            continue;
        }
        ++bad;
        for (const ConfigError& error : entry.errors)
            print(out, error.toString());
    }
    std::fflush(out);
    if (bad == 0)
        return 0;
    print(err,
        QStringLiteral("firebreak: %1 of %2 playbook files %3 errors")
            .arg(bad)
            .arg(checked.size())
            .arg(bad == 1 ? QStringLiteral("has") : QStringLiteral("have")));
    return 2;
}

} // namespace firebreak
