#include "auditcommand.h"

#include "audit/auditchain.h"
#include "commandline.h"
#include "store/database.h"
#include "store/storequeries.h"

#include <QFileInfo>

namespace firebreak {

namespace {

constexpr int AuditSchemaVersion = 6; // the schema step that created the audit table

int check(QSqlDatabase& db, const QString& path, int schemaVersion, std::FILE* out, std::FILE* err)
{
    if (schemaVersion < AuditSchemaVersion) {
        // Written by a Firebreak from before the audit log: there is nothing to check.
        std::fprintf(out, "audit log of %s: intact, 0 entries, head %s (the store predates the audit log)\n",
            qPrintable(path), qPrintable(AuditChain::GenesisHash));
        return 0;
    }
    QString error;
    const QVector<AuditEntry> entries = StoreQueries::auditEntries(db, &error);
    if (!error.isEmpty()) {
        std::fprintf(err, "firebreak: %s: %s\n", qPrintable(path), qPrintable(error));
        return 1;
    }
    const AuditVerification result = AuditChain::verify(entries);
    if (!result.ok) {
        std::fprintf(out, "audit log of %s: BROKEN at %s\n", qPrintable(path), qPrintable(result.message));
        std::fprintf(out, "%lld entries before it are intact, ending at head %s\n",
            static_cast<long long>(result.count), qPrintable(result.headHash));
        return 1;
    }
    std::fprintf(out, "audit log of %s: intact, %lld entries, head %s\n", qPrintable(path),
        static_cast<long long>(result.count), qPrintable(result.headHash));
    return 0;
}

} // namespace

int AuditCommand::verify(const CommandLineOptions& options, std::FILE* out, std::FILE* err)
{
    const QString path = options.dbPath.isEmpty() ? Database::defaultPath() : options.dbPath;
    if (!QFileInfo::exists(path)) {
        std::fprintf(err, "firebreak: no store at %s\n", qPrintable(path));
        return 1;
    }
    const QString connection = QStringLiteral("firebreak-audit-verify");
    int exitCode = 1;
    {
        const StoreOpenResult opened = Database::open(connection, path, Database::Mode::ReadOnly);
        if (!opened.problem.isEmpty())
            std::fprintf(err, "firebreak: %s\n", qPrintable(opened.problem));
        if (opened.ok) {
            QSqlDatabase db = Database::connection(connection);
            exitCode = check(db, path, opened.schemaVersion, out, err);
        }
    }
    std::fflush(out);
    Database::close(connection);
    return exitCode;
}

} // namespace firebreak
