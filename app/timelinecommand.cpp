#include "timelinecommand.h"

#include "commandline.h"
#include "domain/eventformat.h"
#include "store/database.h"
#include "store/storequeries.h"

#include <QFileInfo>
#include <algorithm>

namespace firebreak {

int TimelineCommand::run(const CommandLineOptions& options, std::FILE* out, std::FILE* err)
{
    if (!QFileInfo::exists(options.dbPath)) {
        std::fprintf(err, "firebreak: no store at %s\n", qPrintable(options.dbPath));
        return 1;
    }
    const QString connection = QStringLiteral("firebreak-timeline");
    int exitCode = 0;
    {
        const StoreOpenResult opened = Database::open(connection, options.dbPath, Database::Mode::ReadOnly);
        if (!opened.problem.isEmpty())
            std::fprintf(err, "firebreak: %s\n", qPrintable(opened.problem));
        if (!opened.ok) {
            Database::close(connection);
            return 1;
        }
        QSqlDatabase db = Database::connection(connection);
        EventQuery query;
        query.incidentId = options.incidentId;
        query.limit = 5000;
        QVector<Event> all;
        bool more = true;
        while (more) {
            QString error;
            const QVector<Event> page = StoreQueries::events(db, query, &more, &error);
            if (!error.isEmpty()) {
                std::fprintf(err, "firebreak: reading %s: %s\n", qPrintable(options.dbPath), qPrintable(error));
                exitCode = 1;
                break;
            }
            all += page;
            if (page.isEmpty())
                break;
            query.beforeTimeMs = page.last().timeMs;
            query.beforeId = page.last().id;
        }
        std::reverse(all.begin(), all.end());
        for (const Event& event : std::as_const(all)) {
            const QByteArray line = EventFormat::toOutputLine(event, options.json);
            std::fwrite(line.constData(), 1, size_t(line.size()), out);
        }
        std::fflush(out);
    }
    Database::close(connection);
    return exitCode;
}

} // namespace firebreak
