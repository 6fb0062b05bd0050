#include "reviewexporttext.h"

#include <QDateTime>
#include <QStringList>
#include <QTimeZone>
#include <QUrl>

namespace firebreak {

QString ReviewExportText::dateTime(qint64 ms)
{
    if (ms <= 0)
        return QStringLiteral("not yet");
    return QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::utc()).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

QString ReviewExportText::dateTimeUtc(qint64 ms)
{
    return ms <= 0 ? dateTime(ms) : dateTime(ms) + QStringLiteral(" UTC");
}

QString ReviewExportText::duration(qint64 ms)
{
    const QString sign = ms < 0 ? QStringLiteral("-") : QString();
    qint64 seconds = std::abs(ms) / 1000;
    if (seconds < 60) {
        // Under a second still says something: a figure of 0 s would read as "instant".
        if (seconds == 0 && ms != 0)
            return sign + QStringLiteral("%1 ms").arg(std::abs(ms));
        return sign + QStringLiteral("%1 s").arg(seconds);
    }
    const qint64 days = seconds / 86400;
    const qint64 hours = seconds / 3600 % 24;
    const qint64 minutes = seconds / 60 % 60;
    seconds %= 60;
    if (days > 0)
        return sign + QStringLiteral("%1 d %2 h").arg(days).arg(hours);
    if (hours > 0)
        return sign + QStringLiteral("%1 h %2 min").arg(hours).arg(minutes);
    return sign + QStringLiteral("%1 min %2 s").arg(minutes).arg(seconds);
}

QString ReviewExportText::severity(int level)
{
    return QStringLiteral("SEV%1").arg(level);
}

QString ReviewExportText::title(const ReviewDocument& doc)
{
    const QString incident = doc.incident.title.simplified();
    return QStringLiteral("Post-incident review: %1")
        .arg(incident.isEmpty() ? QStringLiteral("incident %1").arg(doc.incident.id) : incident);
}

QString ReviewExportText::incidentLine(const ReviewDocument& doc)
{
    const Incident& incident = doc.incident;
    return QStringLiteral("Incident %1 · %2 · %3 · commander %4")
        .arg(incident.id)
        .arg(severity(incident.severity), incidentStatusName(incident.status),
            incident.commander.isEmpty() ? QStringLiteral("none named") : incident.commander.simplified());
}

QVector<QPair<QString, QString>> ReviewExportText::milestones(const Incident& incident)
{
    return { { QStringLiteral("Opened"), dateTimeUtc(incident.detectedMs) },
        { QStringLiteral("Acknowledged"), dateTimeUtc(incident.acknowledgedMs) },
        { QStringLiteral("Mitigated"), dateTimeUtc(incident.mitigatedMs) },
        { QStringLiteral("Resolved"), dateTimeUtc(incident.resolvedMs) } };
}

QString ReviewExportText::reviewLine(const ReviewDocument& doc)
{
    if (!doc.detail.saved)
        return QStringLiteral("Review: %1").arg(noReviewYet());
    const Review& review = doc.detail.review;
    return QStringLiteral("Review: %1, version %2 · by %3 · last saved %4")
        .arg(reviewStatusName(review.status))
        .arg(review.version)
        .arg(doc.authors.isEmpty() ? QStringLiteral("nobody named")
                                   : doc.authors.join(QStringLiteral(", ")).simplified(),
            dateTimeUtc(review.updatedMs));
}

QVector<ReviewExportText::Section> ReviewExportText::sections(const Review& review)
{
    return { { QStringLiteral("Summary"), review.summary }, { QStringLiteral("Impact"), review.impact },
        { QStringLiteral("Timeline"), review.timeline },
        { QStringLiteral("Contributing factors"), review.contributingFactors },
        { QStringLiteral("What went well"), review.wentWell }, { QStringLiteral("What went badly"), review.wentBadly },
        { QStringLiteral("Lessons"), review.lessons } };
}

QString ReviewExportText::noReviewYet()
{
    return QStringLiteral("No review written yet.");
}

QString ReviewExportText::nothingWritten()
{
    return QStringLiteral("Nothing written.");
}

QString ReviewExportText::figureValue(const ReviewFigure& figure)
{
    if (!figure.known)
        return QStringLiteral("not known");
    return figure.unit == ReviewFigure::Unit::Milliseconds ? duration(figure.value) : QString::number(figure.value);
}

QVector<ReviewExportText::FigureRow> ReviewExportText::figureRows(const ReviewFigures& figures)
{
    QVector<FigureRow> rows;
    for (const ReviewFigure& figure : figures.all()) {
        FigureRow row { figure.label, figureValue(figure), figure.howComputed };
        if (figure.label == figures.runs.label && !figures.runsByState.isEmpty()) {
            QStringList states;
            for (auto it = figures.runsByState.cbegin(); it != figures.runsByState.cend(); ++it)
                states.append(QStringLiteral("%1 %2").arg(it.key(), QString::number(it.value())));
            row.value += QStringLiteral(" (%1)").arg(states.join(QStringLiteral(", ")));
        }
        rows.append(row);
    }
    rows.append(FigureRow { QStringLiteral("Audit head"),
        QStringLiteral("#%1 · sha256 %2…").arg(QString::number(figures.auditHeadId), figures.auditHeadHash.left(12)),
        QStringLiteral("the last entry of the audit log when this review was exported, and the start of its SHA-256"
                       " chain hash (printed in full with the export time)") });
    return rows;
}

QString ReviewExportText::footer(const ReviewDocument& doc)
{
    return QStringLiteral("Exported by Firebreak at %1 · audit head #%2 sha256 %3")
        .arg(dateTimeUtc(doc.exportedAtMs))
        .arg(doc.figures.auditHeadId)
        .arg(doc.figures.auditHeadHash);
}

QString ReviewExportText::timelineSource(const ReviewTimelineEntry& entry)
{
    return entry.sourceEventId > 0 ? QStringLiteral("event #%1").arg(entry.sourceEventId) : QStringLiteral("typed");
}

QString ReviewExportText::actionStatus(const ActionItem& item, qint64 nowMs)
{
    const QString status = actionItemStatusName(item.status);
    return item.isOverdue(nowMs) ? QStringLiteral("OVERDUE (%1)").arg(status) : status;
}

QString ReviewExportText::verdictSubject(const ReviewVerdict& verdict)
{
    return QStringLiteral("%1 %2").arg(verdictSubjectKindName(verdict.subjectKind), verdict.subjectId.simplified());
}

QString ReviewExportText::verdictText(ReviewVerdict::Verdict verdict)
{
    return verdictName(verdict).replace(QLatin1Char('_'), QLatin1Char(' '));
}

QString ReviewExportText::chartDescription(const ReviewChart& chart)
{
    QStringList parts { chart.title, chart.caption };
    QStringList names;
    for (const ReviewChartSeries& series : chart.series)
        names.append(QStringLiteral("%1 (%2 points)").arg(series.name, QString::number(series.points.size())));
    parts.append(QStringLiteral("series: %1").arg(names.join(QStringLiteral(", "))));
    if (chart.threshold)
        parts.append(QStringLiteral("threshold %1").arg(chart.threshold->label));
    QStringList markers;
    for (const ReviewChartMarker& marker : chart.markers)
        markers.append(QStringLiteral("%1 at %2").arg(marker.label, dateTime(marker.timeMs).mid(11)));
    if (!markers.isEmpty())
        parts.append(QStringLiteral("markers: %1").arg(markers.join(QStringLiteral(", "))));
    const QString start = dateTime(chart.startMs);
    const QString end = dateTime(chart.endMs);
    parts.append(QStringLiteral("%1 to %2 UTC").arg(start, end.left(10) == start.left(10) ? end.mid(11) : end));
    return parts.join(QStringLiteral(" · ")).simplified();
}

bool ReviewExportText::isWebLink(const QString& link)
{
    const QUrl url(link.trimmed(), QUrl::StrictMode);
    return url.isValid() && (url.scheme() == QLatin1String("http") || url.scheme() == QLatin1String("https"))
        && !url.host().isEmpty();
}

} // namespace firebreak
