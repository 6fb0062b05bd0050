#include "reviewdocumentreader.h"

#include "reviewchartbuilder.h"
#include "store/reviewqueries.h"
#include "store/rundetailreader.h"
#include "store/runqueries.h"
#include "store/storequeries.h"

namespace firebreak {

std::optional<ReviewDocument> ReviewDocumentReader::read(
    QSqlDatabase& db, qint64 incidentId, qint64 nowMs, QString* error)
{
    QString problem;
    auto fail = [error](const QString& message) {
        if (error)
            *error = message;
        return std::nullopt;
    };
    const std::optional<Incident> incident = StoreQueries::incident(db, incidentId, &problem);
    if (!problem.isEmpty())
        return fail(problem);
    if (!incident)
        return fail(QStringLiteral("incident %1 does not exist").arg(incidentId));

    ReviewDocument doc;
    doc.incident = *incident;
    doc.exportedAtMs = nowMs;
    std::optional<ReviewDetail> detail = ReviewQueries::detail(db, incidentId, &problem);
    if (!detail)
        return fail(problem);
    doc.detail = std::move(*detail);
    const QVector<Review> versions = ReviewQueries::versions(db, incidentId, &problem);
    if (!problem.isEmpty())
        return fail(problem);
    doc.versionCount = int(versions.size());
    for (const Review& version : versions) {
        if (!version.author.isEmpty() && !doc.authors.contains(version.author))
            doc.authors.append(version.author);
    }
    std::optional<ReviewFigures> figures = ReviewFigures::compute(db, incidentId, nowMs, &problem);
    if (!figures)
        return fail(problem);
    doc.figures = std::move(*figures);

    const QVector<qint64> runIds = RunQueries::runIdsOfIncident(db, incidentId, &problem);
    if (!problem.isEmpty())
        return fail(problem);
    for (const qint64 runId : runIds) {
        const std::optional<RunDetail> run = RunDetailReader::read(db, runId, &problem);
        if (!run)
            return fail(problem);
        doc.charts += ReviewChartBuilder::forRun(*run);
    }
    return doc;
}

} // namespace firebreak
