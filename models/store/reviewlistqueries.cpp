#include "reviewlistqueries.h"

#include "ftsquery.h"
#include "reviewqueries.h"
#include "storequeries.h"

#include <QHash>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>
#include <QVariantList>
#include <algorithm>

namespace firebreak {

namespace {

const QStringList StatusFilters { QString(), QStringLiteral("draft"), QStringLiteral("final"),
    QStringLiteral("overdue"), QStringLiteral("missing") };

// The columns every listing selects, in the order entryFrom() reads them; `l` is the listed
// incident ids (and `l.rank`, `l.snip` when searching), joined to reviews `r` and incidents `i`.
const QString EntryColumns = QStringLiteral(
    "l.incident_id, COALESCE(i.title, ''), COALESCE(i.severity, 4), COALESCE(i.status, 'open'),"
    " r.incident_id IS NOT NULL, COALESCE(r.status, 'draft'), COALESCE(r.version, 0), COALESCE(r.author, ''),"
    " COALESCE(r.updated_ms, (SELECT max(a.updated_ms) FROM action_items a WHERE a.incident_id = l.incident_id), 0)"
    " AS updated,"
    " (SELECT count(*) FROM action_items a WHERE a.incident_id = l.incident_id AND a.status = 'open'),"
    " (SELECT count(*) FROM action_items a WHERE a.incident_id = l.incident_id AND a.status = 'open'"
    " AND a.due_ms > 0 AND a.due_ms < :now) AS overdue");

ReviewListEntry entryFrom(const QSqlQuery& q)
{
    ReviewListEntry entry;
    entry.incidentId = q.value(0).toLongLong();
    entry.incidentTitle = q.value(1).toString();
    entry.severity = q.value(2).toInt();
    entry.incidentStatus = incidentStatusFromName(q.value(3).toString()).value_or(IncidentStatus::Open);
    entry.hasReview = q.value(4).toBool();
    entry.status = reviewStatusFromName(q.value(5).toString()).value_or(ReviewStatus::Draft);
    entry.version = q.value(6).toInt();
    entry.author = q.value(7).toString();
    entry.updatedMs = q.value(8).toLongLong();
    entry.openActionItems = q.value(9).toInt();
    entry.overdueActionItems = q.value(10).toInt();
    return entry;
}

QString filterClause(const QString& filter)
{
    if (filter == QLatin1String("draft"))
        return QStringLiteral(" WHERE r.status = 'draft'");
    if (filter == QLatin1String("final"))
        return QStringLiteral(" WHERE r.status = 'final'");
    if (filter == QLatin1String("overdue"))
        return QStringLiteral(" WHERE overdue > 0");
    return {};
}

bool exec(QSqlQuery& q, const QString& what, QString* error)
{
    if (q.exec())
        return true;
    *error = QStringLiteral("reading %1: %2").arg(what, q.lastError().text());
    return false;
}

// The words of a search as plain lower-case text (what a title must contain for "missing").
QStringList plainWords(const QString& text)
{
    QStringList words;
    for (QString word : text.simplified().split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        while (word.endsWith(QLatin1Char('*')))
            word.chop(1);
        if (!word.isEmpty())
            words.append(word);
    }
    return words;
}

std::optional<QVector<ReviewListEntry>> missing(QSqlDatabase& db, const QString& text, qint64 nowMs, QString* error)
{
    QSqlQuery q(db);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT %1 FROM (SELECT id AS incident_id FROM incidents"
                             " WHERE status IN ('resolved', 'reviewed')) l"
                             " JOIN incidents i ON i.id = l.incident_id"
                             " LEFT JOIN reviews r ON r.incident_id = l.incident_id"
                             " WHERE r.incident_id IS NULL"
                             " ORDER BY COALESCE(NULLIF(i.resolved_ms, 0), i.updated_ms) DESC, l.incident_id DESC")
                  .arg(EntryColumns));
    q.bindValue(QStringLiteral(":now"), nowMs);
    if (!exec(q, QStringLiteral("the closed incidents without a review"), error))
        return std::nullopt;
    const QStringList words = plainWords(text);
    QVector<ReviewListEntry> out;
    while (q.next() && out.size() < ReviewListQueries::MaxEntries) {
        ReviewListEntry entry = entryFrom(q);
        const bool matches = std::all_of(words.cbegin(), words.cend(),
            [&](const QString& word) { return entry.incidentTitle.contains(word, Qt::CaseInsensitive); });
        if (matches)
            out.append(std::move(entry));
    }
    return out;
}

} // namespace

bool ReviewListQueries::isStatusFilter(const QString& filter)
{
    return filter.isEmpty() || StatusFilters.contains(filter);
}

std::optional<QVector<ReviewListEntry>> ReviewListQueries::list(
    QSqlDatabase& db, const QString& text, const QString& statusFilter, qint64 nowMs, QString* error)
{
    if (!isStatusFilter(statusFilter)) {
        *error = QStringLiteral("the review list has no status filter \"%1\" (expected one of: \"\", %2)")
                     .arg(statusFilter, StatusFilters.mid(1).join(QStringLiteral(", ")));
        return std::nullopt;
    }
    if (statusFilter == QLatin1String("missing"))
        return missing(db, text, nowMs, error);

    const bool searching = !text.trimmed().isEmpty();
    const QString match = FtsQuery::matchExpression(text);
    if (searching && match.isEmpty())
        return QVector<ReviewListEntry> {};
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (searching) {
        // snippet() picks the column with the best match; « » mark the matched words.
        q.prepare(QStringLiteral("SELECT %1, l.snip FROM (SELECT rowid AS incident_id, bm25(reviews_fts) AS rank,"
                                 " snippet(reviews_fts, -1, '«', '»', '…', 10) AS snip FROM reviews_fts"
                                 " WHERE reviews_fts MATCH :match) l"
                                 " JOIN reviews r ON r.incident_id = l.incident_id"
                                 " LEFT JOIN incidents i ON i.id = l.incident_id%2"
                                 " ORDER BY l.rank, l.incident_id DESC LIMIT %3")
                      .arg(EntryColumns, filterClause(statusFilter))
                      .arg(MaxEntries));
        q.bindValue(QStringLiteral(":match"), match);
    } else {
        q.prepare(QStringLiteral("SELECT %1 FROM (SELECT incident_id FROM reviews UNION SELECT incident_id"
                                 " FROM action_items) l"
                                 " LEFT JOIN reviews r ON r.incident_id = l.incident_id"
                                 " LEFT JOIN incidents i ON i.id = l.incident_id%2"
                                 " ORDER BY updated DESC, l.incident_id DESC LIMIT %3")
                      .arg(EntryColumns, filterClause(statusFilter))
                      .arg(MaxEntries));
    }
    q.bindValue(QStringLiteral(":now"), nowMs);
    const QString what
        = searching ? QStringLiteral("the reviews matching \"%1\"").arg(text) : QStringLiteral("the reviews");
    if (!exec(q, what, error))
        return std::nullopt;
    QVector<ReviewListEntry> out;
    while (q.next()) {
        ReviewListEntry entry = entryFrom(q);
        if (searching)
            entry.snippet = q.value(11).toString().simplified();
        out.append(std::move(entry));
    }
    return out;
}

std::optional<QVector<ReviewSubject>> ReviewListQueries::subjects(QSqlDatabase& db, qint64 incidentId, QString* error)
{
    QString failure;
    const QVector<Alert> alerts = StoreQueries::alertsOfIncident(db, incidentId, &failure);
    const QVector<ReviewVerdict> verdicts
        = failure.isEmpty() ? ReviewQueries::verdicts(db, incidentId, &failure) : QVector<ReviewVerdict> {};
    if (!failure.isEmpty()) {
        *error = failure;
        return std::nullopt;
    }

    QVector<ReviewSubject> out;
    QHash<QString, qsizetype> alertRow; // fingerprint -> index in out
    for (const Alert& alert : alerts) { // oldest startsAt first
        const auto found = alertRow.constFind(alert.fingerprint);
        if (found == alertRow.cend()) {
            alertRow.insert(alert.fingerprint, out.size());
            ReviewSubject subject;
            subject.kind = ReviewVerdict::SubjectKind::Alert;
            subject.subjectId = alert.fingerprint;
            subject.name = alert.name().isEmpty() ? alert.fingerprint : alert.name();
            subject.severity = alert.labels.value(QStringLiteral("severity"));
            subject.startsAtMs = alert.startsAtMs;
            out.append(subject);
        }
        ReviewSubject& subject = out[alertRow.value(alert.fingerprint)];
        ++subject.timesFired;
        // The latest instance says whether it still fires and when it ended.
        const bool firing = alert.status == AlertStatus::Firing;
        subject.state = alertStatusName(alert.status);
        subject.endsAtMs = firing ? 0 : alert.endsAtMs;
    }

    QSqlQuery q(db);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT id, playbook_id, playbook_title, state, created_ms FROM runs"
                             " WHERE incident_id = ? ORDER BY created_ms, id"));
    q.addBindValue(incidentId);
    if (!exec(q, QStringLiteral("the runs of incident %1").arg(incidentId), error))
        return std::nullopt;
    while (q.next()) {
        ReviewSubject subject;
        subject.kind = ReviewVerdict::SubjectKind::Run;
        subject.subjectId = QString::number(q.value(0).toLongLong());
        const QString title = q.value(2).toString();
        subject.name = title.isEmpty() ? q.value(1).toString() : title;
        subject.state = q.value(3).toString();
        subject.startsAtMs = q.value(4).toLongLong();
        out.append(subject);
    }

    for (const ReviewVerdict& verdict : verdicts) {
        const auto same
            = [&](const ReviewSubject& s) { return s.kind == verdict.subjectKind && s.subjectId == verdict.subjectId; };
        auto it = std::find_if(out.begin(), out.end(), same);
        if (it == out.end()) {
            ReviewSubject orphan;
            orphan.kind = verdict.subjectKind;
            orphan.subjectId = verdict.subjectId;
            orphan.name = verdict.subjectId;
            out.append(orphan);
            it = out.end() - 1;
        }
        it->hasVerdict = true;
        it->verdict = verdict;
    }
    return out;
}

} // namespace firebreak
