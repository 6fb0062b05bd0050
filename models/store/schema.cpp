#include "schema.h"

#include "audit/auditchain.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>

namespace firebreak {

namespace {

// v1: the ordinary tables. Index columns end in (time_ms, id) where a timeline page is read
// "newest first" through them, so a filtered page is an index range scan, not a sort.
QStringList versionOne()
{
    return {
        QStringLiteral("CREATE TABLE incidents ("
                       " id INTEGER PRIMARY KEY,"
                       " title TEXT NOT NULL DEFAULT '',"
                       " severity INTEGER NOT NULL DEFAULT 4,"
                       " status TEXT NOT NULL DEFAULT 'open',"
                       " commander TEXT NOT NULL DEFAULT '',"
                       " group_key TEXT NOT NULL DEFAULT '',"
                       " group_labels TEXT NOT NULL DEFAULT '{}',"
                       " detected_ms INTEGER NOT NULL DEFAULT 0,"
                       " acknowledged_ms INTEGER NOT NULL DEFAULT 0,"
                       " mitigated_ms INTEGER NOT NULL DEFAULT 0,"
                       " resolved_ms INTEGER NOT NULL DEFAULT 0,"
                       " updated_ms INTEGER NOT NULL DEFAULT 0,"
                       " alert_count INTEGER NOT NULL DEFAULT 0,"
                       " firing_count INTEGER NOT NULL DEFAULT 0)"),
        QStringLiteral("CREATE INDEX incidents_detected ON incidents(detected_ms, id)"),
        QStringLiteral("CREATE INDEX incidents_status ON incidents(status)"),
        QStringLiteral("CREATE TABLE alerts ("
                       " id INTEGER PRIMARY KEY,"
                       " fingerprint TEXT NOT NULL,"
                       " starts_at_ms INTEGER NOT NULL,"
                       " ends_at_ms INTEGER NOT NULL DEFAULT 0,"
                       " status TEXT NOT NULL DEFAULT 'firing',"
                       " labels TEXT NOT NULL DEFAULT '{}',"
                       " annotations TEXT NOT NULL DEFAULT '{}',"
                       " source TEXT NOT NULL DEFAULT '',"
                       " generator_url TEXT NOT NULL DEFAULT '',"
                       " incident_id INTEGER NOT NULL DEFAULT 0,"
                       " UNIQUE(fingerprint, starts_at_ms))"),
        QStringLiteral("CREATE INDEX alerts_incident ON alerts(incident_id)"),
        QStringLiteral("CREATE TABLE events ("
                       " id INTEGER PRIMARY KEY,"
                       " incident_id INTEGER NOT NULL DEFAULT 0,"
                       " time_ms INTEGER NOT NULL,"
                       " source TEXT NOT NULL DEFAULT '',"
                       " kind TEXT NOT NULL DEFAULT '',"
                       " severity INTEGER NOT NULL DEFAULT 0,"
                       " title TEXT NOT NULL DEFAULT '',"
                       " body TEXT NOT NULL DEFAULT '',"
                       " actor TEXT NOT NULL DEFAULT '')"),
        QStringLiteral("CREATE INDEX events_time ON events(time_ms, id)"),
        QStringLiteral("CREATE INDEX events_incident ON events(incident_id, time_ms, id)"),
        QStringLiteral("CREATE INDEX events_kind ON events(kind, time_ms, id)"),
        QStringLiteral("CREATE INDEX events_severity ON events(severity, time_ms, id)"),
        QStringLiteral("CREATE INDEX events_source ON events(source, time_ms, id)"),
    };
}

QString timeBlockTrigger(const QString& name, const QString& event)
{
    return QStringLiteral("CREATE TRIGGER %1 AFTER %2 ON events BEGIN"
                          " INSERT INTO event_time_blocks(block, max_time_ms) VALUES (new.id >> 10,"
                          " max(new.time_ms, COALESCE((SELECT max_time_ms FROM event_time_blocks"
                          " WHERE block < (new.id >> 10) ORDER BY block DESC LIMIT 1), new.time_ms)))"
                          " ON CONFLICT(block) DO UPDATE SET max_time_ms = max(max_time_ms, excluded.max_time_ms);"
                          " UPDATE event_time_blocks SET max_time_ms = new.time_ms"
                          " WHERE block > (new.id >> 10) AND max_time_ms < new.time_ms;"
                          " END")
        .arg(name, event);
}

// The full-text index over event titles and bodies, its sync triggers, and a rebuild from the
// events already stored. `options` are extra FTS5 options (v4 adds prefix indexes).
QStringList fullTextIndex(const QString& options)
{
    return {
        QStringLiteral("CREATE VIRTUAL TABLE events_fts USING fts5(title, body, content='events',"
                       " content_rowid='id', tokenize='unicode61 remove_diacritics 2'%1)")
            .arg(options),
        QStringLiteral("CREATE TRIGGER events_fts_insert AFTER INSERT ON events BEGIN"
                       " INSERT INTO events_fts(rowid, title, body) VALUES (new.id, new.title, new.body);"
                       " END"),
        QStringLiteral("CREATE TRIGGER events_fts_delete AFTER DELETE ON events BEGIN"
                       " INSERT INTO events_fts(events_fts, rowid, title, body)"
                       " VALUES ('delete', old.id, old.title, old.body);"
                       " END"),
        QStringLiteral("CREATE TRIGGER events_fts_update AFTER UPDATE OF id, title, body ON events BEGIN"
                       " INSERT INTO events_fts(events_fts, rowid, title, body)"
                       " VALUES ('delete', old.id, old.title, old.body);"
                       " INSERT INTO events_fts(rowid, title, body) VALUES (new.id, new.title, new.body);"
                       " END"),
        QStringLiteral("INSERT INTO events_fts(events_fts) VALUES ('rebuild')"),
    };
}

// v2: full-text search over event titles and bodies. External content keeps one copy of the
// text (in events); the triggers keep the index in step with every write, and 'rebuild'
// indexes the rows a v1 file already held.
QStringList versionTwo()
{
    QStringList statements = fullTextIndex(QString());
    statements += {
        // For every block of 1,024 event ids, the latest time_ms of any event in that block or
        // an earlier one. A search walks matches newest id first and stops at the block that
        // cannot hold anything newer than what it already has, instead of sorting every match.
        // The triggers keep it an upper bound whatever writes the table.
        QStringLiteral("CREATE TABLE event_time_blocks (block INTEGER PRIMARY KEY, max_time_ms INTEGER NOT NULL)"),
        timeBlockTrigger(QStringLiteral("event_time_blocks_insert"), QStringLiteral("INSERT")),
        timeBlockTrigger(QStringLiteral("event_time_blocks_update"), QStringLiteral("UPDATE OF id, time_ms")),
        QStringLiteral("INSERT INTO event_time_blocks(block, max_time_ms)"
                       " SELECT block, max(block_max) OVER (ORDER BY block) FROM"
                       " (SELECT id >> 10 AS block, max(time_ms) AS block_max FROM events GROUP BY id >> 10)"),
    };
    return statements;
}

// A kind + severity filter ("critical gate.blocked") that matches little walked a whole
// single-column index (measured: 145 ms on 1M events); this one answers it newest-first directly.
QStringList versionThree()
{
    return {
        QStringLiteral("CREATE INDEX events_kind_severity ON events(kind, severity, time_ms, id)"),
    };
}

// Prefix searches of one to three letters ("c*", "che*") merged the doclists of every matching
// term: 240 ms on 1M events. FTS5 prefix indexes answer them directly (measured: 1 ms), at some
// cost per insert, paid on the writer thread. The index is rebuilt once, from the events table.
QStringList versionFour()
{
    QStringList statements {
        QStringLiteral("DROP TRIGGER events_fts_insert"),
        QStringLiteral("DROP TRIGGER events_fts_delete"),
        QStringLiteral("DROP TRIGGER events_fts_update"),
        QStringLiteral("DROP TABLE events_fts"),
    };
    statements += fullTextIndex(QStringLiteral(", prefix='1 2 3'"));
    return statements;
}

// Deliveries of an unknown format version, kept raw rather than refused; the number of alerts a
// notification said it left out, shown on the incident; and the hypothesis a multi-signal
// correlation rule states for its incident.
QStringList versionFive()
{
    return {
        QStringLiteral("CREATE TABLE quarantine ("
                       " id INTEGER PRIMARY KEY,"
                       " received_ms INTEGER NOT NULL,"
                       " source TEXT NOT NULL DEFAULT '',"
                       " reason TEXT NOT NULL DEFAULT '',"
                       " content_type TEXT NOT NULL DEFAULT '',"
                       " body BLOB NOT NULL)"),
        QStringLiteral("CREATE INDEX quarantine_received ON quarantine(received_ms, id)"),
        QStringLiteral("ALTER TABLE incidents ADD COLUMN truncated_alerts INTEGER NOT NULL DEFAULT 0"),
        QStringLiteral("ALTER TABLE incidents ADD COLUMN hypothesis TEXT NOT NULL DEFAULT ''"),
    };
}

// The audit log. Append-only at the SQL level too: rows are never updated or deleted, and a new
// row must continue the chain (next id, previous row's hash), which also refuses INSERT OR
// REPLACE (SQLite fires no delete trigger for the rows REPLACE removes). Anyone with the file can
// drop these triggers; the hash chain and the head hash are what catch that.
QStringList versionSix()
{
    return {
        QStringLiteral("CREATE TABLE audit ("
                       " id INTEGER PRIMARY KEY,"
                       " time_ms INTEGER NOT NULL,"
                       " actor TEXT NOT NULL DEFAULT '',"
                       " action TEXT NOT NULL,"
                       " subject TEXT NOT NULL DEFAULT '',"
                       " details TEXT NOT NULL DEFAULT '{}',"
                       " prev_hash TEXT NOT NULL,"
                       " hash TEXT NOT NULL)"),
        QStringLiteral("CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN"
                       " SELECT RAISE(ABORT, 'audit is append-only'); END"),
        QStringLiteral("CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN"
                       " SELECT RAISE(ABORT, 'audit is append-only'); END"),
        QStringLiteral("CREATE TRIGGER audit_append_in_order BEFORE INSERT ON audit"
                       " WHEN new.id IS NOT COALESCE((SELECT max(id) FROM audit), 0) + 1"
                       " OR new.prev_hash IS NOT COALESCE((SELECT hash FROM audit WHERE id = new.id - 1),"
                       " '%1')"
                       " BEGIN SELECT RAISE(ABORT, 'audit is append-only: entries continue the chain'); END")
            .arg(AuditChain::GenesisHash),
    };
}

// Remediation runs. A run is one row, rewritten (upsert by id) at every transition; its steps are
// write-ahead records (upsert by run, phase and index); verification samples and approvals are
// appended. The plan is a BLOB so that the bytes its hash covers are the bytes read back. The
// CHECK constraints keep enum-like columns to the names the code reads; the writer refuses values
// they would reject before queueing, so one bad row never fails (and blocks) a transaction. The
// state names are spelled out, not taken from runStateName(): a migration step never changes once
// shipped, so a new RunState needs a new step (tst_storeruns writes every state to catch that).
// Approvals are evidence, append-only like the audit table; a replacing insert fires no delete
// trigger, hence the check that the id is new.
QStringList versionSeven()
{
    return {
        QStringLiteral("CREATE TABLE runs ("
                       " id INTEGER PRIMARY KEY,"
                       " incident_id INTEGER NOT NULL DEFAULT 0,"
                       " playbook_id TEXT NOT NULL DEFAULT '',"
                       " playbook_title TEXT NOT NULL DEFAULT '',"
                       " risk TEXT NOT NULL CHECK (risk IN ('low', 'medium', 'high', 'critical')),"
                       " state TEXT NOT NULL CHECK (state IN ('proposed', 'gating', 'blocked',"
                       " 'awaiting_approval', 'approved', 'rejected', 'expired', 'executing', 'verifying',"
                       " 'succeeded', 'paused', 'failed', 'rolling_back', 'rolled_back', 'rollback_failed',"
                       " 'aborted', 'interrupted')),"
                       " state_reason TEXT NOT NULL DEFAULT '',"
                       " alert_fingerprint TEXT NOT NULL DEFAULT '',"
                       " labels TEXT NOT NULL DEFAULT '{}',"
                       " plan BLOB NOT NULL DEFAULT x'',"
                       " plan_hash TEXT NOT NULL DEFAULT '',"
                       " requester TEXT NOT NULL DEFAULT '',"
                       " created_ms INTEGER NOT NULL DEFAULT 0,"
                       " updated_ms INTEGER NOT NULL DEFAULT 0,"
                       " approvals_required INTEGER NOT NULL DEFAULT 0,"
                       " approval_role TEXT NOT NULL DEFAULT '',"
                       " approval_expires_ms INTEGER NOT NULL DEFAULT 0,"
                       " silence_id TEXT NOT NULL DEFAULT '',"
                       " silence_ends_ms INTEGER NOT NULL DEFAULT 0)"),
        QStringLiteral("CREATE INDEX runs_state ON runs(state)"),
        QStringLiteral("CREATE INDEX runs_playbook_created ON runs(playbook_id, created_ms)"),
        QStringLiteral("CREATE INDEX runs_incident ON runs(incident_id)"),
        QStringLiteral("CREATE TABLE run_steps ("
                       " run_id INTEGER NOT NULL,"
                       " phase TEXT NOT NULL CHECK (phase IN ('steps', 'rollback')),"
                       " step_index INTEGER NOT NULL CHECK (step_index >= 0),"
                       " name TEXT NOT NULL DEFAULT '',"
                       " executor TEXT NOT NULL DEFAULT '',"
                       " status TEXT NOT NULL CHECK (status IN ('intent', 'succeeded', 'failed')),"
                       " started_ms INTEGER NOT NULL DEFAULT 0,"
                       " finished_ms INTEGER NOT NULL DEFAULT 0,"
                       " summary TEXT NOT NULL DEFAULT '',"
                       " output TEXT NOT NULL DEFAULT '',"
                       " error TEXT NOT NULL DEFAULT '',"
                       " PRIMARY KEY (run_id, phase, step_index))"),
        QStringLiteral("CREATE TABLE verify_samples ("
                       " id INTEGER PRIMARY KEY,"
                       " run_id INTEGER NOT NULL,"
                       " phase TEXT NOT NULL CHECK (phase IN ('verify', 'rollback_verify')),"
                       " check_index INTEGER NOT NULL DEFAULT 0,"
                       " sample_index INTEGER NOT NULL DEFAULT 0,"
                       " time_ms INTEGER NOT NULL DEFAULT 0,"
                       " value REAL," // NULL: the sample had no value (no data, query error)
                       " outcome TEXT NOT NULL CHECK (outcome IN ('success', 'failure', 'inconclusive')),"
                       " detail TEXT NOT NULL DEFAULT '')"),
        QStringLiteral("CREATE INDEX verify_samples_run ON verify_samples(run_id)"),
        QStringLiteral("CREATE TABLE approvals ("
                       " id INTEGER PRIMARY KEY,"
                       " run_id INTEGER NOT NULL,"
                       " approver TEXT NOT NULL CHECK (approver <> ''),"
                       " decision TEXT NOT NULL CHECK (decision IN ('granted', 'denied')),"
                       " plan_hash TEXT NOT NULL DEFAULT '',"
                       " time_ms INTEGER NOT NULL DEFAULT 0,"
                       " reason TEXT NOT NULL DEFAULT '')"),
        QStringLiteral("CREATE INDEX approvals_run ON approvals(run_id)"),
        QStringLiteral("CREATE TRIGGER approvals_no_update BEFORE UPDATE ON approvals BEGIN"
                       " SELECT RAISE(ABORT, 'approvals are append-only'); END"),
        QStringLiteral("CREATE TRIGGER approvals_no_delete BEFORE DELETE ON approvals BEGIN"
                       " SELECT RAISE(ABORT, 'approvals are append-only'); END"),
        QStringLiteral("CREATE TRIGGER approvals_no_replace BEFORE INSERT ON approvals"
                       " WHEN EXISTS (SELECT 1 FROM approvals WHERE id = new.id) BEGIN"
                       " SELECT RAISE(ABORT, 'approvals are append-only'); END"),
    };
}

// Operators' stars on timeline events: one row per pinned event, found by incident for its timeline.
// Unpinning deletes the row; who pinned and unpinned what is in the audit log.
QStringList versionEight()
{
    return {
        QStringLiteral("CREATE TABLE pins ("
                       " event_id INTEGER PRIMARY KEY,"
                       " incident_id INTEGER NOT NULL DEFAULT 0,"
                       " actor TEXT NOT NULL DEFAULT '',"
                       " time_ms INTEGER NOT NULL DEFAULT 0)"),
        QStringLiteral("CREATE INDEX pins_incident ON pins(incident_id)"),
    };
}

// Post-incident reviews. `reviews` holds each incident's latest version (what the list and the
// full-text index show); `review_versions` keeps every version saved, append-only like approvals,
// with the SHA-256 its audit entry names. Timeline rows and action items are upserts by id, verdicts
// by (incident, subject). The review's FTS index uses external content like events_fts.
QStringList versionNine()
{
    const QString sections = QStringLiteral(" summary TEXT NOT NULL DEFAULT '',"
                                            " impact TEXT NOT NULL DEFAULT '',"
                                            " timeline TEXT NOT NULL DEFAULT '',"
                                            " contributing_factors TEXT NOT NULL DEFAULT '',"
                                            " went_well TEXT NOT NULL DEFAULT '',"
                                            " went_badly TEXT NOT NULL DEFAULT '',"
                                            " lessons TEXT NOT NULL DEFAULT '',");
    const QString columns
        = QStringLiteral("summary, impact, timeline, contributing_factors, went_well, went_badly, lessons");
    const auto prefixed = [&](const QString& prefix) {
        QStringList names = columns.split(QStringLiteral(", "));
        for (QString& name : names)
            name.prepend(prefix);
        return names.join(QStringLiteral(", "));
    };
    return {
        QStringLiteral("CREATE TABLE reviews ("
                       " incident_id INTEGER PRIMARY KEY,"
                       " status TEXT NOT NULL CHECK (status IN ('draft', 'final')),"
                       " version INTEGER NOT NULL CHECK (version >= 1),"
                       " updated_ms INTEGER NOT NULL DEFAULT 0,"
                       " author TEXT NOT NULL DEFAULT '',")
            + sections + QStringLiteral(" content_sha256 TEXT NOT NULL DEFAULT '')"),
        QStringLiteral("CREATE TABLE review_versions ("
                       " incident_id INTEGER NOT NULL,"
                       " version INTEGER NOT NULL CHECK (version >= 1),"
                       " status TEXT NOT NULL CHECK (status IN ('draft', 'final')),"
                       " updated_ms INTEGER NOT NULL DEFAULT 0,"
                       " author TEXT NOT NULL DEFAULT '',")
            + sections
            + QStringLiteral(" content_sha256 TEXT NOT NULL DEFAULT '',"
                             " PRIMARY KEY (incident_id, version))"),
        QStringLiteral("CREATE TRIGGER review_versions_no_update BEFORE UPDATE ON review_versions BEGIN"
                       " SELECT RAISE(ABORT, 'review versions are append-only'); END"),
        QStringLiteral("CREATE TRIGGER review_versions_no_delete BEFORE DELETE ON review_versions BEGIN"
                       " SELECT RAISE(ABORT, 'review versions are append-only'); END"),
        QStringLiteral("CREATE TRIGGER review_versions_in_order BEFORE INSERT ON review_versions"
                       " WHEN new.version IS NOT COALESCE((SELECT max(version) FROM review_versions"
                       " WHERE incident_id = new.incident_id), 0) + 1 BEGIN"
                       " SELECT RAISE(ABORT, 'review versions are append-only: each continues the last'); END"),
        QStringLiteral("CREATE TABLE review_timeline ("
                       " id INTEGER PRIMARY KEY,"
                       " incident_id INTEGER NOT NULL,"
                       " time_ms INTEGER NOT NULL DEFAULT 0,"
                       " text TEXT NOT NULL DEFAULT '',"
                       " source_event_id INTEGER NOT NULL DEFAULT 0)"),
        QStringLiteral("CREATE INDEX review_timeline_incident ON review_timeline(incident_id, time_ms, id)"),
        QStringLiteral("CREATE TABLE action_items ("
                       " id INTEGER PRIMARY KEY,"
                       " incident_id INTEGER NOT NULL,"
                       " title TEXT NOT NULL DEFAULT '',"
                       " owner TEXT NOT NULL DEFAULT '',"
                       " due_ms INTEGER NOT NULL DEFAULT 0,"
                       " status TEXT NOT NULL CHECK (status IN ('open', 'done', 'dropped')),"
                       " link TEXT NOT NULL DEFAULT '',"
                       " updated_ms INTEGER NOT NULL DEFAULT 0)"),
        QStringLiteral("CREATE INDEX action_items_incident ON action_items(incident_id, id)"),
        QStringLiteral("CREATE INDEX action_items_due ON action_items(status, due_ms)"),
        QStringLiteral("CREATE TABLE review_verdicts ("
                       " incident_id INTEGER NOT NULL,"
                       " subject_kind TEXT NOT NULL CHECK (subject_kind IN ('alert', 'run')),"
                       " subject_id TEXT NOT NULL CHECK (subject_id <> ''),"
                       " verdict TEXT NOT NULL CHECK (verdict IN ('useful', 'noise', 'missed_or_late')),"
                       " author TEXT NOT NULL DEFAULT '',"
                       " time_ms INTEGER NOT NULL DEFAULT 0,"
                       " PRIMARY KEY (incident_id, subject_kind, subject_id))"),
        QStringLiteral("CREATE INDEX review_verdicts_subject ON review_verdicts(subject_kind, subject_id)"),
        QStringLiteral("CREATE VIRTUAL TABLE reviews_fts USING fts5(%1, content='reviews', content_rowid='incident_id',"
                       " tokenize='unicode61 remove_diacritics 2', prefix='2 3')")
            .arg(columns),
        QStringLiteral("CREATE TRIGGER reviews_fts_insert AFTER INSERT ON reviews BEGIN"
                       " INSERT INTO reviews_fts(rowid, %1) VALUES (new.incident_id, %2); END")
            .arg(columns, prefixed(QStringLiteral("new."))),
        QStringLiteral("CREATE TRIGGER reviews_fts_delete AFTER DELETE ON reviews BEGIN"
                       " INSERT INTO reviews_fts(reviews_fts, rowid, %1) VALUES ('delete', old.incident_id, %2); END")
            .arg(columns, prefixed(QStringLiteral("old."))),
        QStringLiteral("CREATE TRIGGER reviews_fts_update AFTER UPDATE ON reviews BEGIN"
                       " INSERT INTO reviews_fts(reviews_fts, rowid, %1) VALUES ('delete', old.incident_id, %2);"
                       " INSERT INTO reviews_fts(rowid, %1) VALUES (new.incident_id, %3); END")
            .arg(columns, prefixed(QStringLiteral("old.")), prefixed(QStringLiteral("new."))),
    };
}

// Autosaved review text, one row per incident, overwritten as the person types. Not audited and not
// versioned: it is a safety copy of unfinished work, not a record. `text` is the raw document, which
// may not parse as a review; `base_version` is the saved version it was edited from.
QStringList versionTen()
{
    return {
        QStringLiteral("CREATE TABLE review_drafts ("
                       " incident_id INTEGER PRIMARY KEY,"
                       " author TEXT NOT NULL DEFAULT '',"
                       " text TEXT NOT NULL DEFAULT '',"
                       " base_version INTEGER NOT NULL DEFAULT 0 CHECK (base_version >= 0),"
                       " saved_ms INTEGER NOT NULL DEFAULT 0)"),
    };
}

// v11: the timeline's search index leaves the commit that acknowledges an alert. Measured on the
// webhook benchmark, indexing every JSON body with its keys and punctuation, inside the same
// transaction, was most of the writer's time (an alert event's keys alone are a dozen tokens that
// every alert shares). The new index holds the title and the text values of a JSON body (not its
// keys); it is contentless, since a search only needs rowids, and it is filled by the writer up to
// search_progress.indexed_upto (SearchIndexer), at once when no sender waits and otherwise shortly
// after; a search covers the newer events by scanning them (EventSearch). A file from before starts
// at 0 and is indexed in the background.
QStringList versionEleven()
{
    return {
        QStringLiteral("DROP TRIGGER events_fts_insert"),
        QStringLiteral("DROP TRIGGER events_fts_delete"),
        QStringLiteral("DROP TRIGGER events_fts_update"),
        QStringLiteral("DROP TABLE events_fts"),
        QStringLiteral("CREATE VIRTUAL TABLE events_search USING fts5(title, text, content='',"
                       " tokenize='unicode61 remove_diacritics 2', prefix='1 2 3')"),
        QStringLiteral("CREATE TABLE search_progress ("
                       " id INTEGER PRIMARY KEY CHECK (id = 1),"
                       " indexed_upto INTEGER NOT NULL DEFAULT 0 CHECK (indexed_upto >= 0))"),
        QStringLiteral("INSERT INTO search_progress(id, indexed_upto) VALUES (1, 0)"),
    };
}

// v12: webhook deliveries committed raw before their sender is answered, and deleted in the same
// transaction as the rows made from them (InboxRowWriter). A row still here at start-up is a
// delivery that was answered but not yet on the timeline when Firebreak stopped: it is replayed.
QStringList versionTwelve()
{
    return {
        QStringLiteral("CREATE TABLE inbox ("
                       " id INTEGER PRIMARY KEY,"
                       " received_ms INTEGER NOT NULL,"
                       " source TEXT NOT NULL DEFAULT '',"
                       " body BLOB NOT NULL)"),
    };
}

} // namespace

bool Schema::applyStep(QSqlDatabase& db, int toVersion, QString* error)
{
    QStringList statements;
    switch (toVersion) {
    case 1:
        statements = versionOne();
        break;
    case 2:
        statements = versionTwo();
        break;
    case 3:
        statements = versionThree();
        break;
    case 4:
        statements = versionFour();
        break;
    case 5:
        statements = versionFive();
        break;
    case 6:
        statements = versionSix();
        break;
    case 7:
        statements = versionSeven();
        break;
    case 8:
        statements = versionEight();
        break;
    case 9:
        statements = versionNine();
        break;
    case 10:
        statements = versionTen();
        break;
    case 11:
        statements = versionEleven();
        break;
    case 12:
        statements = versionTwelve();
        break;
    default:
        if (error)
            *error = QStringLiteral("no migration to schema version %1 exists").arg(toVersion);
        return false;
    }
    QSqlQuery query(db);
    for (const QString& statement : std::as_const(statements)) {
        if (!query.exec(statement)) {
            if (error)
                *error = QStringLiteral("migration to schema version %1 failed: %2 (in: %3)")
                             .arg(toVersion)
                             .arg(query.lastError().text(), statement.left(80));
            return false;
        }
    }
    // PRAGMA does not take bound parameters; the value is our own integer.
    if (!query.exec(QStringLiteral("PRAGMA user_version = %1").arg(toVersion))) {
        if (error)
            *error
                = QStringLiteral("could not record schema version %1: %2").arg(toVersion).arg(query.lastError().text());
        return false;
    }
    return true;
}

int Schema::userVersion(QSqlDatabase& db, QString* error)
{
    QSqlQuery query(db);
    if (!query.exec(QStringLiteral("PRAGMA user_version")) || !query.next()) {
        if (error)
            *error = QStringLiteral("could not read the schema version: %1").arg(query.lastError().text());
        return -1;
    }
    return query.value(0).toInt();
}

} // namespace firebreak
