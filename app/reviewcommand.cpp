#include "reviewcommand.h"

#include "commandline.h"
#include "reviews/export/reviewdocumentreader.h"
#include "reviews/export/reviewexporter.h"
#include "store/database.h"

#include <QDateTime>
#include <QFileInfo>

namespace firebreak {

namespace {

int exportFrom(
    QSqlDatabase& db, const CommandLineOptions& options, ReviewExportFormat format, std::FILE* out, std::FILE* err)
{
    QString error;
    const std::optional<ReviewDocument> doc
        = ReviewDocumentReader::read(db, options.incidentId, QDateTime::currentMSecsSinceEpoch(), &error);
    if (!doc) {
        std::fprintf(err, "firebreak: %s\n", qPrintable(error));
        return 1;
    }
    int pages = 0;
    if (!ReviewExporter::write(format, *doc, options.outputPath, &error, &pages)) {
        std::fprintf(err, "firebreak: %s\n", qPrintable(error));
        return 1;
    }
    const QString what = format == ReviewExportFormat::Pdf
        ? QStringLiteral("%1 page%2").arg(pages).arg(pages == 1 ? QString() : QStringLiteral("s"))
        : QStringLiteral("%1 bytes").arg(QFileInfo(options.outputPath).size());
    std::fprintf(out, "Wrote %s (%s, %s)\n", qPrintable(options.outputPath),
        qPrintable(ReviewExporter::formatName(format)), qPrintable(what));
    return 0;
}

} // namespace

int ReviewCommand::exportReview(const CommandLineOptions& options, std::FILE* out, std::FILE* err)
{
    const std::optional<ReviewExportFormat> format = ReviewExporter::formatFromName(options.exportFormat);
    if (!format) {
        std::fprintf(err, "firebreak: unknown export format '%s'\n", qPrintable(options.exportFormat));
        return 2;
    }
    const QString path = options.dbPath.isEmpty() ? Database::defaultPath() : options.dbPath;
    if (!QFileInfo::exists(path)) {
        std::fprintf(err, "firebreak: no store at %s\n", qPrintable(path));
        return 1;
    }
    const QString connection = QStringLiteral("firebreak-review-export");
    int exitCode = 1;
    {
        const StoreOpenResult opened = Database::open(connection, path, Database::Mode::ReadOnly);
        if (!opened.problem.isEmpty())
            std::fprintf(err, "firebreak: %s\n", qPrintable(opened.problem));
        if (opened.ok) {
            QSqlDatabase db = Database::connection(connection);
            exitCode = exportFrom(db, options, *format, out, err);
        }
    }
    std::fflush(out);
    Database::close(connection);
    return exitCode;
}

} // namespace firebreak
