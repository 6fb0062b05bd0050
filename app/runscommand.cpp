#include "runscommand.h"

#include "commandline.h"
#include "store/database.h"
#include "store/storequeries.h"

#include <QDateTime>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>

namespace firebreak {

namespace {

constexpr int RunsSchemaVersion = 7; // the schema step that created the runs table
constexpr int MaxRuns = 100000;

QString timeText(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
}

void print(const Run& run, bool json, std::FILE* out)
{
    if (json) {
        const QJsonObject object { { QStringLiteral("id"), double(run.id) },
            { QStringLiteral("incident"), double(run.incidentId) }, { QStringLiteral("playbook"), run.playbookId },
            { QStringLiteral("risk"), run.risk }, { QStringLiteral("state"), runStateName(run.state) },
            { QStringLiteral("reason"), run.stateReason }, { QStringLiteral("requester"), run.requester },
            { QStringLiteral("plan_sha256"), run.planHash }, { QStringLiteral("created"), timeText(run.createdMs) },
            { QStringLiteral("updated"), timeText(run.updatedMs) } };
        std::fprintf(out, "%s\n", QJsonDocument(object).toJson(QJsonDocument::Compact).constData());
        return;
    }
    std::fprintf(out, "%-6lld %-18s #%-5lld %-22s %-9s %s  %s\n", static_cast<long long>(run.id),
        qPrintable(runStateName(run.state)), static_cast<long long>(run.incidentId), qPrintable(run.playbookId),
        qPrintable(run.risk), qPrintable(timeText(run.createdMs)), qPrintable(run.stateReason));
}

} // namespace

int RunsCommand::run(const CommandLineOptions& options, std::FILE* out, std::FILE* err)
{
    const QString path = options.dbPath.isEmpty() ? Database::defaultPath() : options.dbPath;
    if (!QFileInfo::exists(path)) {
        std::fprintf(err, "firebreak: no store at %s\n", qPrintable(path));
        return 1;
    }
    const QString connection = QStringLiteral("firebreak-runs");
    int exitCode = 1;
    {
        const StoreOpenResult opened = Database::open(connection, path, Database::Mode::ReadOnly);
        if (!opened.problem.isEmpty())
            std::fprintf(err, "firebreak: %s\n", qPrintable(opened.problem));
        if (opened.ok && opened.schemaVersion < RunsSchemaVersion) {
            exitCode = 0; // written before runs existed: there are none
        } else if (opened.ok) {
            QSqlDatabase db = Database::connection(connection);
            QString error;
            const QVector<Run> runs = StoreQueries::runs(db, MaxRuns, &error);
            if (!error.isEmpty()) {
                std::fprintf(err, "firebreak: %s: %s\n", qPrintable(path), qPrintable(error));
            } else {
                for (const Run& run : runs)
                    print(run, options.json, out);
                exitCode = 0;
            }
        }
    }
    std::fflush(out);
    Database::close(connection);
    return exitCode;
}

} // namespace firebreak
