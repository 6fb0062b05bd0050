#include "storewriter.h"

#include "audit/auditchain.h"
#include "audit/canonicaljson.h"
#include "database.h"
#include "domain/labeljson.h"
#include "preparedquery.h"
#include "storecodec.h"
#include "storequeries.h"

#include <QHash>
#include <QSqlError>
#include <QSqlQuery>
#include <QTimer>
#include <algorithm>

namespace firebreak {

namespace {

std::atomic<int> nextWriterNumber { 1 };

QString sqlError(const QSqlQuery& query)
{
    return query.lastError().text();
}

} // namespace

StoreWriter::StoreWriter(QString path, QObject* parent)
    : QObject(parent)
    , m_path(std::move(path))
    , m_connectionName(QStringLiteral("firebreak-writer-%1").arg(nextWriterNumber++))
    , m_timer(new QTimer(this))
    , m_indexTimer(new QTimer(this))
{
    m_timer->setSingleShot(true);
    m_timer->setInterval(MaxBatchDelayMs);
    connect(m_timer, &QTimer::timeout, this, &StoreWriter::flush);
    m_indexTimer->setSingleShot(true);
    connect(m_indexTimer, &QTimer::timeout, this, &StoreWriter::indexBacklog);
}

StoreWriter::~StoreWriter()
{
    if (QSqlDatabase::contains(m_connectionName))
        close();
}

void StoreWriter::open()
{
    releaseStatements();
    StoreOpenResult result = Database::open(m_connectionName, m_path, Database::Mode::ReadWrite);
    m_writable = result.ok && !result.readOnly;
    m_unwritableReason = result.problem;
    if (m_writable) {
        QString error;
        if (!prepareStatements(&error)) {
            m_writable = false;
            result.ok = false;
            result.problem = QStringLiteral("Cannot prepare writes to the store %1: %2").arg(m_path, error);
            m_unwritableReason = result.problem;
            qWarning().noquote() << "firebreak store:" << result.problem;
        }
    }
    if (result.ok) {
        QSqlDatabase db = Database::connection(m_connectionName);
        QString error;
        m_maxIncidentId = qMax<qint64>(0, StoreQueries::maxIncidentId(db, &error));
    }
    if (m_writable) {
        QSqlDatabase db = Database::connection(m_connectionName);
        QString error;
        m_auditHead = StoreQueries::auditHead(db, &error);
        result.auditLastId = m_auditHead.lastId;
        result.auditHeadHash = m_auditHead.hash;
        if (m_auditHead.lastId < 0) {
            // Without the head no entry can be chained: better no writes than a forked chain.
            m_writable = false;
            releaseStatements();
            result.ok = false;
            result.problem = QStringLiteral("Cannot read the audit log of the store %1: %2").arg(m_path, error);
            m_unwritableReason = result.problem;
            qWarning().noquote() << "firebreak store:" << result.problem;
        }
    }
    if (m_unwritableReason.isEmpty() && !m_writable)
        m_unwritableReason = QStringLiteral("The store %1 is not open for writing.").arg(m_path);
    if (m_writable && m_search.indexedUpTo() < m_lastEventId) {
        m_backlogSince.start();
        m_indexTimer->start(SearchIdleMs); // a backlog left at the last close, or a store just migrated
    }
    Q_EMIT opened(result);
}

void StoreWriter::enqueue(const WriteBatch& batch)
{
    if (batch.rowCount() == 0 && batch.ticket == 0)
        return;
    const QVector<quint64> tickets = batch.ticket != 0 ? QVector<quint64> { batch.ticket } : QVector<quint64> {};
    if (!m_writable) {
        Q_EMIT failed(
            m_unwritableReason.isEmpty() ? QStringLiteral("The store %1 is not open.").arg(m_path) : m_unwritableReason,
            tickets);
        return;
    }
    for (const Incident& incident : batch.incidents) {
        if (incident.id <= 0) {
            Q_EMIT failed(QStringLiteral("Rejected a write: incident \"%1\" has no id (got %2).")
                              .arg(incident.title)
                              .arg(incident.id),
                tickets);
            return;
        }
    }
    for (const Alert& alert : batch.alerts) {
        if (alert.fingerprint.isEmpty()) {
            Q_EMIT failed(
                QStringLiteral("Rejected a write: alert \"%1\" has no fingerprint.").arg(alert.name()), tickets);
            return;
        }
    }
    QString runRowsError;
    if (!RunRowWriter::validate(batch, &runRowsError) || !PinRowWriter::validate(batch, &runRowsError)
        || !ReviewRowWriter::validate(batch, &runRowsError) || !InboxRowWriter::validate(batch, &runRowsError)) {
        Q_EMIT failed(QStringLiteral("Rejected a write: %1.").arg(runRowsError), tickets);
        return;
    }
    if (batch.audit.isEmpty()) {
        m_pending.append(batch);
    } else {
        WriteBatch accepted = batch;
        QString error;
        if (!acceptAudit(&accepted, &error)) {
            Q_EMIT failed(QStringLiteral("Rejected a write: %1").arg(error), tickets);
            return;
        }
        m_pending.append(std::move(accepted));
    }
    m_pendingRows += batch.rowCount();
    if (m_pendingRows >= MaxBatchRows) {
        flush();
    } else if (batch.ticket != 0 || !batch.inboxDone.isEmpty()) {
        // Someone (an HTTP sender) waits for this batch to be durable, or it holds the rows of
        // deliveries already answered: commit as soon as the batches already queued to this thread
        // are in (group commit), not after the delay.
        if (m_timer->remainingTime() != 0)
            m_timer->start(0);
    } else if (!m_timer->isActive()) {
        m_timer->start(MaxBatchDelayMs);
    }
}

void StoreWriter::flush()
{
    m_timer->stop();
    if (m_pending.isEmpty())
        return;
    const QVector<WriteBatch> batches = std::exchange(m_pending, {});
    m_pendingRows = 0;
    const QVector<quint64> tickets = ticketsOf(batches);
    if (!m_writable) {
        Q_EMIT failed(m_unwritableReason, tickets);
        return;
    }
    // Rows of deliveries already answered count as waited for: the timeline should not wait for search.
    const bool sendersWait = !tickets.isEmpty()
        || std::any_of(
            batches.cbegin(), batches.cend(), [](const WriteBatch& batch) { return !batch.inboxDone.isEmpty(); });

    CommittedBatch out;
    QString error;
    const AuditHead auditHeadBefore = m_auditHead;
    const qint64 lastEventIdBefore = m_lastEventId;
    const qint64 indexedBefore = m_search.indexedUpTo();
    const bool written = inTransaction(
        [&](QString* failure) { return writeRows(batches, &out, failure) && indexForSearch(sendersWait, failure); },
        &error);
    if (!written) {
        // What was chained, numbered and indexed in that transaction never reached the file.
        m_auditHead = auditHeadBefore;
        m_lastEventId = lastEventIdBefore;
        m_search.restore(indexedBefore);
        const QString message = QStringLiteral("Writing to the store %1 failed: %2").arg(m_path, error);
        qWarning().noquote() << "firebreak store:" << message;
        Q_EMIT failed(message, tickets);
        retainForRetry(batches);
        return;
    }
    m_retryDelayMs = 0;
    for (const Incident& incident : std::as_const(out.incidents))
        m_maxIncidentId = qMax(m_maxIncidentId.load(), incident.id);
    out.tickets = tickets;
    Q_EMIT committed(out);
    if (m_search.indexedUpTo() != indexedBefore)
        Q_EMIT searchIndexed(m_search.indexedUpTo());
    // While senders keep coming (an alert storm), the backlog waits until they pause, but under
    // steady traffic that never pauses, no longer than MaxSearchDelayMs.
    if (indexedBefore >= lastEventIdBefore && m_search.indexedUpTo() < m_lastEventId)
        m_backlogSince.start();
    if (sendersWait)
        m_indexTimer->start(
            m_backlogSince.isValid() && m_backlogSince.elapsed() >= MaxSearchDelayMs ? 0 : SearchIdleMs);
    else if (m_search.indexedUpTo() < m_lastEventId && !m_indexTimer->isActive())
        m_indexTimer->start(0);
}

// Inside flush()'s transaction. A sender waiting for this commit (an Alertmanager delivery) is
// answered without the indexing, which is most of an event's cost; the backlog is indexed when the
// writer is idle (indexBacklog), and only past MaxSearchLag does a commit take a chunk of it along.
bool StoreWriter::indexForSearch(bool sendersWait, QString* error)
{
    const qint64 lag = m_lastEventId - m_search.indexedUpTo();
    if (lag <= 0 || (sendersWait && lag <= MaxSearchLag))
        return true;
    return m_search.indexUpTo(qMin(m_lastEventId, m_search.indexedUpTo() + SearchChunk), error);
}

// One chunk of the search backlog in a transaction of its own, then the event loop again, so that
// a batch arriving meanwhile waits for at most one chunk. Batches already queued go first.
void StoreWriter::indexBacklog()
{
    if (!m_writable || !m_pending.isEmpty() || m_search.indexedUpTo() >= m_lastEventId)
        return; // flush() schedules this again after its commit
    const qint64 indexedBefore = m_search.indexedUpTo();
    QString error;
    const bool written = inTransaction(
        [&](QString* failure) { return m_search.indexUpTo(qMin(m_lastEventId, indexedBefore + SearchChunk), failure); },
        &error);
    if (!written) {
        m_search.restore(indexedBefore);
        qWarning().noquote() << "firebreak store:"
                             << QStringLiteral("search indexing of %1 failed, retrying: %2").arg(m_path, error);
        m_indexTimer->start(FirstRetryDelayMs);
        return;
    }
    Q_EMIT searchIndexed(m_search.indexedUpTo());
    if (m_search.indexedUpTo() < m_lastEventId)
        m_indexTimer->start(0);
}

// Correlation has already counted these rows as seen (a sender's retry of them will be dropped as
// a duplicate), so a failed transaction must not lose them: they are kept, without their tickets
// (those senders were answered with the failure), and written with the next attempt, retried with
// a growing delay until the store takes them. Past MaxRetainedRows they are dropped, loudly.
// Inbox deliveries are not kept: their senders were answered 503 and deliver them again. The rows
// of deliveries already answered (inboxDone) are kept whatever their number: the engine's inbox
// limit bounds them, and without them those deliveries would wait in the inbox until the next start.
void StoreWriter::retainForRetry(QVector<WriteBatch> batches)
{
    int rows = 0;
    int droppable = 0;
    for (WriteBatch& batch : batches) {
        batch.ticket = 0;
        batch.deliveries.clear();
        rows += batch.rowCount();
        if (batch.inboxDone.isEmpty())
            droppable += batch.rowCount();
    }
    if (droppable > 0 && m_pendingRows + rows > MaxRetainedRows) {
        qWarning().noquote()
            << "firebreak store:"
            << QStringLiteral("dropped %1 rows the store %2 would not take").arg(droppable).arg(m_path);
        batches.erase(std::remove_if(batches.begin(), batches.end(),
                          [](const WriteBatch& batch) { return batch.inboxDone.isEmpty(); }),
            batches.end());
        rows -= droppable;
    }
    m_pending = batches + m_pending;
    m_pendingRows += rows;
    m_retryDelayMs = m_retryDelayMs == 0 ? FirstRetryDelayMs : qMin(m_retryDelayMs * 2, MaxRetryDelayMs);
    m_timer->start(m_retryDelayMs);
}

void StoreWriter::close()
{
    flush();
    m_indexTimer->stop(); // the next open carries on from search_progress
    releaseStatements();
    if (m_writable) {
        QSqlDatabase db = Database::connection(m_connectionName);
        QSqlQuery query(db);
        query.exec(QStringLiteral("PRAGMA optimize")); // best effort: refreshes planner statistics
    }
    m_writable = false;
    m_unwritableReason = QStringLiteral("The store %1 is closed.").arg(m_path);
    Database::close(m_connectionName);
}

bool StoreWriter::prepareStatements(QString* error)
{
    QSqlDatabase db = Database::connection(m_connectionName);
    const auto prepare = [&](std::unique_ptr<QSqlQuery>& query, const QString& sql) {
        return PreparedQuery::prepare(db, query, sql, error);
    };
    bool prepared = prepare(m_begin, QStringLiteral("BEGIN IMMEDIATE")) && prepare(m_commit, QStringLiteral("COMMIT"))
        && prepare(m_rollback, QStringLiteral("ROLLBACK"))
        && prepare(m_maxEventId, QStringLiteral("SELECT COALESCE(MAX(id), 0) FROM events"))
        && prepare(m_upsertIncident,
            QStringLiteral("INSERT INTO incidents(id, title, severity, status, commander, group_key, group_labels,"
                           " detected_ms, acknowledged_ms, mitigated_ms, resolved_ms, updated_ms, alert_count,"
                           " firing_count, truncated_alerts, hypothesis)"
                           " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                           " ON CONFLICT(id) DO UPDATE SET title = excluded.title, severity = excluded.severity,"
                           " status = excluded.status, commander = excluded.commander,"
                           " group_key = excluded.group_key, group_labels = excluded.group_labels,"
                           " detected_ms = excluded.detected_ms, acknowledged_ms = excluded.acknowledged_ms,"
                           " mitigated_ms = excluded.mitigated_ms, resolved_ms = excluded.resolved_ms,"
                           " updated_ms = excluded.updated_ms, alert_count = excluded.alert_count,"
                           " firing_count = excluded.firing_count, truncated_alerts = excluded.truncated_alerts,"
                           " hypothesis = excluded.hypothesis"))
        && prepare(m_insertQuarantine,
            QStringLiteral("INSERT INTO quarantine(received_ms, source, reason, content_type, body)"
                           " VALUES (?, ?, ?, ?, ?) RETURNING id"))
        && prepare(m_insertAudit,
            QStringLiteral("INSERT INTO audit(id, time_ms, actor, action, subject, details, prev_hash, hash)"
                           " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
    prepared = prepared && m_runRows.prepare(db, error) && m_pinRows.prepare(db, error)
        && m_inboxRows.prepare(db, error) && m_reviewRows.prepare(db, error) && m_search.prepare(db, error);
    if (prepared && (!m_maxEventId->exec() || !m_maxEventId->next())) {
        *error = QStringLiteral("reading the highest event id: %1").arg(sqlError(*m_maxEventId));
        prepared = false;
    }
    if (prepared) {
        m_lastEventId = m_maxEventId->value(0).toLongLong();
        m_maxEventId->finish();
    }
    sqlite3* handle = prepared ? SqliteStatement::handleOf(db, error) : nullptr;
    prepared = handle != nullptr;
    // An alert update that does not know the incident (0) keeps the association correlation made;
    // RETURNING says which one, for the committed echo.
    prepared = prepared
        && m_upsertAlert.prepare(handle,
            "INSERT INTO alerts(fingerprint, starts_at_ms, ends_at_ms, status, labels, annotations,"
            " source, generator_url, incident_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT(fingerprint, starts_at_ms) DO UPDATE SET ends_at_ms = excluded.ends_at_ms,"
            " status = excluded.status, labels = excluded.labels, annotations = excluded.annotations,"
            " source = excluded.source, generator_url = excluded.generator_url,"
            " incident_id = CASE WHEN excluded.incident_id <> 0 THEN excluded.incident_id"
            " ELSE alerts.incident_id END RETURNING incident_id",
            error);
    m_insertEvents.clear();
    for (const int rows : { 64, 8, 1 }) {
        if (!prepared)
            break;
        QByteArray sql(
            "INSERT INTO events(id, incident_id, time_ms, source, kind, severity, title, body, actor) VALUES ");
        for (int row = 0; row < rows; ++row)
            sql += row == 0 ? "(?, ?, ?, ?, ?, ?, ?, ?, ?)" : ", (?, ?, ?, ?, ?, ?, ?, ?, ?)";
        EventInsert insert;
        insert.rows = rows;
        insert.statement = std::make_unique<SqliteStatement>();
        prepared = insert.statement->prepare(handle, sql, error);
        m_insertEvents.push_back(std::move(insert));
    }
    if (!prepared)
        releaseStatements();
    return prepared;
}

bool StoreWriter::writeRows(const QVector<WriteBatch>& batches, CommittedBatch* out, QString* error)
{
    QHash<qint64, qsizetype> incidentRow; // id -> index in out->incidents: the last version wins
    QHash<QPair<QString, qint64>, qsizetype> alertRow; // (fingerprint, startsAt) -> index in out->alerts
    for (const WriteBatch& batch : batches) {
        for (const Incident& incident : batch.incidents) {
            QSqlQuery& q = *m_upsertIncident;
            q.bindValue(0, incident.id);
            q.bindValue(1, StoreCodec::text(incident.title));
            q.bindValue(2, incident.severity);
            q.bindValue(3, incidentStatusName(incident.status));
            q.bindValue(4, StoreCodec::text(incident.commander));
            q.bindValue(5, StoreCodec::text(incident.groupKey));
            q.bindValue(6, StoreCodec::labelsToJson(incident.groupLabels));
            q.bindValue(7, incident.detectedMs);
            q.bindValue(8, incident.acknowledgedMs);
            q.bindValue(9, incident.mitigatedMs);
            q.bindValue(10, incident.resolvedMs);
            q.bindValue(11, incident.updatedMs);
            q.bindValue(12, incident.alertCount);
            q.bindValue(13, incident.firingCount);
            q.bindValue(14, incident.truncatedAlerts);
            q.bindValue(15, StoreCodec::text(incident.hypothesis));
            if (!q.exec()) {
                *error = QStringLiteral("incident %1: %2").arg(incident.id).arg(sqlError(q));
                return false;
            }
            const auto row = incidentRow.constFind(incident.id);
            if (row != incidentRow.constEnd()) {
                out->incidents[*row] = incident;
            } else {
                incidentRow.insert(incident.id, out->incidents.size());
                out->incidents.append(incident);
            }
        }
        for (const Alert& alert : batch.alerts) {
            SqliteStatement& q = m_upsertAlert;
            q.bindText(1, alert.fingerprint);
            q.bind(2, alert.startsAtMs);
            q.bind(3, alert.endsAtMs);
            q.bindText(4, alertStatusName(alert.status));
            q.bindUtf8(5, LabelJson::object(alert.labels));
            q.bindUtf8(6, LabelJson::object(alert.annotations));
            q.bindText(7, alert.source);
            q.bindText(8, alert.generatorUrl);
            q.bind(9, alert.incidentId);
            bool hasRow = false;
            if (!q.step(&hasRow) || !hasRow) {
                *error = QStringLiteral("alert %1: %2").arg(alert.fingerprint, q.errorMessage());
                q.reset();
                return false;
            }
            Alert stored = alert;
            stored.incidentId = q.columnInt64(0); // an update without incident keeps the stored one
            q.step(); // past the RETURNING row, so that the upsert completes
            q.reset();
            const QPair<QString, qint64> key { alert.fingerprint, alert.startsAtMs };
            const auto row = alertRow.constFind(key);
            if (row != alertRow.constEnd()) {
                out->alerts[*row] = std::move(stored);
            } else {
                alertRow.insert(key, out->alerts.size());
                out->alerts.append(std::move(stored));
            }
        }
    }

    m_upsertIncident->finish();
    if (!insertQuarantined(batches, out, error))
        return false;

    // The writer is the only one that adds events and holds the write lock, so it numbers them
    // itself: that lets many rows go into one statement and still report every row's id.
    if (!m_maxEventId->exec() || !m_maxEventId->next()) {
        *error = QStringLiteral("reading the highest event id: %1").arg(sqlError(*m_maxEventId));
        return false;
    }
    qint64 nextId = m_maxEventId->value(0).toLongLong() + 1;
    m_maxEventId->finish();
    for (const WriteBatch& batch : batches) {
        for (const Event& event : batch.events) {
            out->events.append(event);
            out->events.last().id = nextId++;
        }
    }
    m_lastEventId = nextId - 1;
    return insertEvents(out->events, error) && appendAudit(batches, out, error) && m_runRows.write(batches, out, error)
        && m_pinRows.write(batches, out, error) && writeReviewRows(batches, out, error)
        && m_inboxRows.write(batches, out, error);
}

// A saved review version is audited by the store itself, because only here, inside the
// transaction, is its version number known.
bool StoreWriter::writeReviewRows(const QVector<WriteBatch>& batches, CommittedBatch* out, QString* error)
{
    QVector<AuditEntry> audit;
    if (!m_reviewRows.write(batches, out, &audit, error))
        return false;
    for (const AuditEntry& entry : std::as_const(audit)) {
        if (!appendAuditEntry(entry, out, error))
            return false;
    }
    return true;
}

// Checks what a caller asks to audit and puts its details in canonical form, before anything is
// queued: an entry the store would write differently from how it was hashed must never get in.
bool StoreWriter::acceptAudit(WriteBatch* batch, QString* error)
{
    for (AuditEntry& entry : batch->audit) {
        const QString where = QStringLiteral("audit entry \"%1\" on \"%2\"").arg(entry.action, entry.subject);
        if (entry.action.trimmed().isEmpty()) {
            *error = QStringLiteral("an audit entry by \"%1\" on \"%2\" has no action").arg(entry.actor, entry.subject);
            return false;
        }
        if (!entry.actor.isValidUtf16() || !entry.action.isValidUtf16() || !entry.subject.isValidUtf16()) {
            *error = where + QStringLiteral(" has text that is not valid Unicode");
            return false;
        }
        QString detailsError;
        QByteArray canonical;
        if (!CanonicalJson::canonicalise(entry.details, &canonical, &detailsError)) {
            *error = where + QStringLiteral(": details are ") + detailsError;
            return false;
        }
        entry.details = canonical;
        entry.id = 0;
        entry.prevHash.clear();
        entry.hash.clear();
    }
    return true;
}

bool StoreWriter::appendAudit(const QVector<WriteBatch>& batches, CommittedBatch* out, QString* error)
{
    for (const WriteBatch& batch : batches) {
        for (const AuditEntry& entry : batch.audit) {
            if (!appendAuditEntry(entry, out, error))
                return false;
        }
    }
    return true;
}

bool StoreWriter::appendAuditEntry(const AuditEntry& entry, CommittedBatch* out, QString* error)
{
    QSqlQuery& q = *m_insertAudit;
    AuditEntry stored = entry;
    AuditChain::seal(&stored, m_auditHead.lastId, m_auditHead.hash);
    q.bindValue(0, stored.id);
    q.bindValue(1, stored.timeMs);
    q.bindValue(2, StoreCodec::text(stored.actor));
    q.bindValue(3, StoreCodec::text(stored.action));
    q.bindValue(4, StoreCodec::text(stored.subject));
    q.bindValue(5, QString::fromUtf8(stored.details));
    q.bindValue(6, stored.prevHash);
    q.bindValue(7, stored.hash);
    if (!q.exec()) {
        *error = QStringLiteral("audit entry %1 (%2): %3").arg(stored.id).arg(stored.action, sqlError(q));
        return false;
    }
    q.finish();
    m_auditHead = AuditHead { stored.id, stored.hash };
    out->audit.append(std::move(stored));
    return true;
}

bool StoreWriter::insertQuarantined(const QVector<WriteBatch>& batches, CommittedBatch* out, QString* error)
{
    QSqlQuery& q = *m_insertQuarantine;
    for (const WriteBatch& batch : batches) {
        for (const QuarantinedPayload& payload : batch.quarantined) {
            q.bindValue(0, payload.receivedMs);
            q.bindValue(1, StoreCodec::text(payload.source));
            q.bindValue(2, StoreCodec::text(payload.reason));
            q.bindValue(3, StoreCodec::text(payload.contentType));
            // A BLOB, never text: the bytes are kept exactly, whatever their encoding.
            q.bindValue(4, payload.body.isNull() ? QByteArray("") : payload.body);
            if (!q.exec() || !q.next()) {
                *error = QStringLiteral("quarantined payload from %1: %2").arg(payload.source, sqlError(q));
                return false;
            }
            QuarantinedPayload stored = payload;
            stored.id = q.value(0).toLongLong();
            q.finish();
            out->quarantined.append(std::move(stored));
        }
    }
    return true;
}

bool StoreWriter::insertEvents(const QVector<Event>& events, QString* error)
{
    qsizetype next = 0;
    while (next < events.size()) {
        const auto remaining = events.size() - next;
        EventInsert& insert = *std::find_if(m_insertEvents.begin(), m_insertEvents.end(),
            [remaining](const EventInsert& candidate) { return candidate.rows <= remaining; });
        SqliteStatement& q = *insert.statement;
        for (int row = 0; row < insert.rows; ++row) {
            const Event& event = events.at(next + row);
            const int base = row * 9;
            q.bind(base + 1, event.id);
            q.bind(base + 2, event.incidentId);
            q.bind(base + 3, event.timeMs);
            q.bindText(base + 4, event.source);
            q.bindText(base + 5, event.kind);
            q.bind(base + 6, static_cast<int>(event.severity));
            q.bindText(base + 7, event.title);
            // As before the direct binding: bytes that are not UTF-8 are stored as their replacement.
            q.bindUtf8(base + 8, event.body.isValidUtf8() ? event.body : QString::fromUtf8(event.body).toUtf8());
            q.bindText(base + 9, event.actor);
        }
        if (!q.step()) {
            *error = QStringLiteral("events %1..%2: %3")
                         .arg(events.at(next).id)
                         .arg(events.at(next + insert.rows - 1).id)
                         .arg(q.errorMessage());
            q.reset();
            return false;
        }
        q.reset();
        next += insert.rows;
    }
    return true;
}

// IMMEDIATE takes the write lock up front, so the event ids `work` reads stay ours. When anything
// fails, nothing of the transaction reaches the file; everything committed before stays.
bool StoreWriter::inTransaction(const std::function<bool(QString*)>& work, QString* error)
{
    if (!execControl(m_begin.get(), error))
        return false;
    if (work(error) && execControl(m_commit.get(), error))
        return true;
    QString ignored;
    execControl(m_rollback.get(), &ignored);
    return false;
}

bool StoreWriter::execControl(QSqlQuery* query, QString* error)
{
    if (query->exec()) {
        query->finish();
        return true;
    }
    *error = sqlError(*query);
    return false;
}

void StoreWriter::releaseStatements()
{
    for (auto* query :
        { &m_begin, &m_commit, &m_rollback, &m_maxEventId, &m_upsertIncident, &m_insertQuarantine, &m_insertAudit })
        query->reset();
    m_upsertAlert.finalize();
    m_insertEvents.clear();
    m_runRows.release();
    m_pinRows.release();
    m_inboxRows.release();
    m_reviewRows.release();
    m_search.release();
}

QVector<quint64> StoreWriter::ticketsOf(const QVector<WriteBatch>& batches)
{
    QVector<quint64> tickets;
    for (const WriteBatch& batch : batches) {
        if (batch.ticket != 0)
            tickets.append(batch.ticket);
    }
    return tickets;
}

} // namespace firebreak
