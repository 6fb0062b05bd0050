// Operator curation through the engine's one command path, against a real store: status steps stamp
// their milestones with the clock's time and are written with their timeline event and audit entry
// in one batch; backward steps, unknown incidents and anonymous actors are refused without writing;
// a commander set by hand survives the next alert; notes and pins land as stored rows; the audit
// chain the commands extend still verifies.
#include "audit/auditchain.h"
#include "domain/metatypes.h"
#include "engine/ingestpipeline.h"
#include "interfaces/clock.h"
#include "store/database.h"
#include "store/storequeries.h"
#include "store/storewriter.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <atomic>
#include <memory>

using namespace firebreak;

namespace {

class ManualClock final : public Clock {
public:
    explicit ManualClock(qint64 nowMs)
        : m_nowMs(nowMs)
    {
    }
    qint64 nowMs() const override { return m_nowMs.load(); }
    void set(qint64 nowMs) { m_nowMs.store(nowMs); }

private:
    std::atomic<qint64> m_nowMs;
};

constexpr qint64 Now = 1772359500000; // 2026-03-01T10:05:00Z

QByteArray firing(const QString& fingerprint, const QString& instance)
{
    return QStringLiteral(R"({"version":"4","groupKey":"{}:{}","status":"firing","receiver":"firebreak",
        "alerts":[{"status":"firing","labels":{"alertname":"CacheDown","service":"cache","region":"us",
                   "instance":"%2"},
                   "startsAt":"2026-03-01T10:00:00Z","endsAt":"0001-01-01T00:00:00Z","fingerprint":"%1"}]})")
        .arg(fingerprint, instance)
        .toUtf8();
}

QByteArray resolved(const QString& fingerprint, const QString& instance)
{
    return QString::fromUtf8(firing(fingerprint, instance))
        .replace(QStringLiteral("\"status\":\"firing\""), QStringLiteral("\"status\":\"resolved\""))
        .replace(QStringLiteral("0001-01-01T00:00:00Z"), QStringLiteral("2026-03-01T10:06:00Z"))
        .toUtf8();
}

IncidentCommand command(IncidentCommand::Kind kind, const QString& actor = QStringLiteral("alice"))
{
    IncidentCommand c;
    c.kind = kind;
    c.incidentId = 1;
    c.actor = actor;
    return c;
}

IncidentCommand statusCommand(IncidentStatus status, const QString& actor = QStringLiteral("alice"))
{
    IncidentCommand c = command(IncidentCommand::Kind::Status, actor);
    c.status = status;
    return c;
}

// The pipeline writing through a real StoreWriter into a temporary file, all on the test thread.
struct Harness {
    Harness()
        : pipeline(clock, CorrelationConfig {})
        , writer(dir.filePath(QStringLiteral("fb.db")))
        , batches(&pipeline, &IngestPipeline::batchReady)
        , refusals(&pipeline, &IngestPipeline::commandRefused)
    {
        QObject::connect(&pipeline, &IngestPipeline::batchReady, &writer, &StoreWriter::enqueue);
        QObject::connect(&writer, &StoreWriter::committed, &writer,
            [this](const CommittedBatch& batch) { committed.append(batch); });
        QObject::connect(&writer, &StoreWriter::failed, &writer,
            [this](const QString& error, const QVector<quint64>&) { failures.append(error); });
        writer.open();
        pipeline.restore({}, {}, 0);
    }
    ~Harness()
    {
        writer.close();
        if (readerOpen)
            Database::close(QStringLiteral("curation-probe"));
    }

    // Feeds the command and commits whatever it produced as one transaction.
    void apply(const IncidentCommand& c)
    {
        pipeline.applyCommand(c);
        writer.flush();
    }
    void alert(const QString& fingerprint, const QString& instance)
    {
        pipeline.ingestWebhook(firing(fingerprint, instance), QStringLiteral("alertmanager"), 0);
        writer.flush();
    }
    QSqlDatabase db()
    {
        if (!readerOpen) {
            const StoreOpenResult result = Database::open(
                QStringLiteral("curation-probe"), dir.filePath(QStringLiteral("fb.db")), Database::Mode::ReadOnly);
            readerOpen = result.ok;
        }
        return Database::connection(QStringLiteral("curation-probe"));
    }
    Incident storedIncident(qint64 id)
    {
        QSqlDatabase connection = db();
        QString error;
        for (const Incident& incident : StoreQueries::incidents(connection, &error)) {
            if (incident.id == id)
                return incident;
        }
        return {};
    }
    QVector<Event> storedEvents(const QString& kind)
    {
        QSqlDatabase connection = db();
        EventQuery query;
        query.kinds = { kind };
        query.limit = 100;
        QString error;
        return StoreQueries::events(connection, query, nullptr, &error);
    }
    QVector<AuditEntry> storedAudit()
    {
        QSqlDatabase connection = db();
        QString error;
        return StoreQueries::auditEntries(connection, &error);
    }

    QTemporaryDir dir;
    ManualClock clock { Now };
    IngestPipeline pipeline;
    StoreWriter writer;
    QSignalSpy batches;
    QSignalSpy refusals;
    QVector<CommittedBatch> committed;
    QStringList failures;
    bool readerOpen = false;
};

} // namespace

class TestIncidentCommands : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { registerMetaTypes(); }

    void statusStepsStampMilestonesWithTheirEventAndAuditInOneBatch()
    {
        Harness h;
        h.alert(QStringLiteral("f1"), QStringLiteral("cache-1"));
        QCOMPARE(h.storedIncident(1).status, IncidentStatus::Open);

        const struct {
            IncidentStatus status;
            qint64 atMs;
            const char* title;
        } steps[] = {
            { IncidentStatus::Acknowledged, Now + 60'000, "Acknowledged by alice" },
            { IncidentStatus::Mitigated, Now + 300'000, "Mitigated by alice" },
            { IncidentStatus::Resolved, Now + 900'000, "Resolved by alice" },
        };
        IncidentStatus previous = IncidentStatus::Open;
        for (const auto& step : steps) {
            h.clock.set(step.atMs);
            const int committedBefore = int(h.committed.size());
            h.apply(statusCommand(step.status));
            QCOMPARE(h.refusals.count(), 0);
            QCOMPARE(h.committed.size(), committedBefore + 1);
            // The incident row, its timeline event and the audit entry went in together.
            const CommittedBatch& batch = h.committed.last();
            QCOMPARE(batch.incidents.size(), 1);
            QCOMPARE(batch.incidents.first().status, step.status);
            QCOMPARE(batch.events.size(), 1);
            const Event& event = batch.events.first();
            QCOMPARE(event.kind, QStringLiteral("incident.status"));
            QCOMPARE(event.title, QString::fromLatin1(step.title));
            QCOMPARE(event.actor, QStringLiteral("alice"));
            QCOMPARE(event.source, QStringLiteral("operator"));
            QCOMPARE(event.timeMs, step.atMs);
            QCOMPARE(event.incidentId, qint64(1));
            QCOMPARE(batch.audit.size(), 1);
            const AuditEntry& entry = batch.audit.first();
            QCOMPARE(entry.actor, QStringLiteral("alice"));
            QCOMPARE(entry.action, QStringLiteral("incident.status"));
            QCOMPARE(entry.subject, QStringLiteral("incident:1"));
            QCOMPARE(entry.timeMs, step.atMs);
            const QJsonObject details = QJsonDocument::fromJson(entry.details).object();
            QCOMPARE(details.value(QStringLiteral("from")).toString(), incidentStatusName(previous));
            QCOMPARE(details.value(QStringLiteral("to")).toString(), incidentStatusName(step.status));
            previous = step.status;
        }
        const Incident stored = h.storedIncident(1);
        QCOMPARE(stored.status, IncidentStatus::Resolved);
        QCOMPARE(stored.acknowledgedMs, Now + 60'000);
        QCOMPARE(stored.mitigatedMs, Now + 300'000);
        QCOMPARE(stored.resolvedMs, Now + 900'000);
        QCOMPARE(stored.alertCount, 1); // correlation's counts carried over, not reset by the GUI's copy
        QCOMPARE(h.storedEvents(QStringLiteral("incident.status")).size(), 3);
        QVERIFY(h.failures.isEmpty());
    }

    void backwardSameAndAnonymousStepsAreRefusedWithoutWriting()
    {
        Harness h;
        h.alert(QStringLiteral("f1"), QStringLiteral("cache-1"));
        h.apply(statusCommand(IncidentStatus::Mitigated));
        const int batchesBefore = int(h.batches.count());
        const QVector<AuditEntry> auditBefore = h.storedAudit();
        QCOMPARE(auditBefore.size(), 1);

        h.apply(statusCommand(IncidentStatus::Acknowledged));
        h.apply(statusCommand(IncidentStatus::Mitigated));
        h.apply(statusCommand(IncidentStatus::Resolved, QStringLiteral("  ")));
        IncidentCommand unknown = statusCommand(IncidentStatus::Resolved);
        unknown.incidentId = 99;
        h.apply(unknown);

        QCOMPARE(h.batches.count(), batchesBefore);
        QCOMPARE(h.refusals.count(), 4);
        const auto refusal = [&](int i) { return h.refusals.at(i).at(1).toString(); };
        QCOMPARE(refusal(0), QStringLiteral("Incident #1 is mitigated; it cannot go back to acknowledged."));
        QCOMPARE(refusal(1), QStringLiteral("Incident #1 is already mitigated."));
        QCOMPARE(refusal(2), QStringLiteral("A status needs the name of who takes it; nobody is signed in."));
        QCOMPARE(refusal(3), QStringLiteral("Incident #99 is not known to the engine; the status was not applied."));
        QCOMPARE(h.refusals.at(0).at(0).value<IncidentCommand>(), statusCommand(IncidentStatus::Acknowledged));
        QCOMPARE(h.storedAudit(), auditBefore);
        QCOMPARE(h.storedIncident(1).status, IncidentStatus::Mitigated);
        QCOMPARE(h.storedIncident(1).acknowledgedMs, qint64(0)); // skipping a step stamps only the one taken
    }

    void aCommanderSetByHandSurvivesTheNextAlert()
    {
        Harness h;
        h.alert(QStringLiteral("f1"), QStringLiteral("cache-1"));
        h.clock.set(Now + 30'000);
        h.apply(statusCommand(IncidentStatus::Acknowledged));
        IncidentCommand assign = command(IncidentCommand::Kind::Commander);
        assign.text = QStringLiteral("bob");
        h.apply(assign);
        QCOMPARE(h.refusals.count(), 0);
        QCOMPARE(h.committed.last().events.first().kind, QStringLiteral("incident.commander"));
        QCOMPARE(h.committed.last().events.first().title, QStringLiteral("alice made bob commander"));
        QCOMPARE(h.committed.last().audit.first().action, QStringLiteral("incident.commander"));

        // A second alert of the same group joins incident 1; correlation's upsert keeps bob and the status.
        h.clock.set(Now + 60'000);
        h.alert(QStringLiteral("f2"), QStringLiteral("cache-2"));
        const CommittedBatch& joined = h.committed.last();
        QCOMPARE(joined.incidents.size(), 1);
        QCOMPARE(joined.incidents.first().id, qint64(1));
        QCOMPARE(joined.incidents.first().alertCount, 2);
        QCOMPARE(joined.incidents.first().commander, QStringLiteral("bob"));
        QCOMPARE(joined.incidents.first().status, IncidentStatus::Acknowledged);
        QCOMPARE(joined.incidents.first().acknowledgedMs, Now + 30'000);
        const Incident stored = h.storedIncident(1);
        QCOMPARE(stored.commander, QStringLiteral("bob"));
        QCOMPARE(stored.alertCount, 2);

        // Taking command oneself reads as such; assigning the same person again is refused.
        IncidentCommand take = command(IncidentCommand::Kind::Commander, QStringLiteral("bob"));
        take.text = QStringLiteral("bob");
        h.apply(take);
        QCOMPARE(h.refusals.count(), 1);
        QCOMPARE(h.refusals.last().at(1).toString(), QStringLiteral("bob already commands incident #1."));
        IncidentCommand carol = command(IncidentCommand::Kind::Commander, QStringLiteral("carol"));
        carol.text = QStringLiteral("carol");
        h.apply(carol);
        QCOMPARE(h.committed.last().events.first().title, QStringLiteral("carol took command"));
    }

    void aResolvedIncidentIsCuratedFromTheConsolesCopy()
    {
        Harness h;
        h.alert(QStringLiteral("f1"), QStringLiteral("cache-1"));
        h.apply(statusCommand(IncidentStatus::Resolved));
        // Correlation forgot it (closed by hand); the command's own copy stands in.
        IncidentCommand assign = command(IncidentCommand::Kind::Commander);
        assign.text = QStringLiteral("alice");
        assign.incident = h.storedIncident(1);
        h.apply(assign);
        QCOMPARE(h.refusals.count(), 0);
        const Incident stored = h.storedIncident(1);
        QCOMPARE(stored.commander, QStringLiteral("alice"));
        QCOMPARE(stored.status, IncidentStatus::Resolved);
    }

    void aConsoleCopyOlderThanTheEnginesResolutionCannotTakeTheIncidentBack()
    {
        Harness h;
        h.alert(QStringLiteral("f1"), QStringLiteral("cache-1"));
        h.apply(statusCommand(IncidentStatus::Acknowledged));
        const Incident consoleCopy = h.storedIncident(1); // acknowledged, as the console last saw it
        QCOMPARE(consoleCopy.status, IncidentStatus::Acknowledged);
        // Its only alert resolves and correlation resolves the incident (and stops tracking it).
        h.clock.set(Now + 120'000);
        h.pipeline.ingestWebhook(
            resolved(QStringLiteral("f1"), QStringLiteral("cache-1")), QStringLiteral("alertmanager"), 0);
        h.writer.flush();
        QCOMPARE(h.storedIncident(1).status, IncidentStatus::Resolved);

        // The commander, still looking at the acknowledged copy, marks it mitigated: refused, nothing written.
        IncidentCommand mitigate = statusCommand(IncidentStatus::Mitigated);
        mitigate.incident = consoleCopy;
        const int batches = h.batches.count();
        h.apply(mitigate);
        QCOMPARE(h.refusals.count(), 1);
        QVERIFY2(h.refusals.last().at(1).toString().contains(QStringLiteral("resolved")),
            qPrintable(h.refusals.last().at(1).toString()));
        QCOMPARE(h.batches.count(), batches);
        QCOMPARE(h.storedIncident(1).status, IncidentStatus::Resolved);
        QCOMPARE(h.storedIncident(1).mitigatedMs, 0);
    }

    void aNoteIsStoredWithItsActorAndFullText()
    {
        Harness h;
        h.alert(QStringLiteral("f1"), QStringLiteral("cache-1"));
        h.clock.set(Now + 5000);
        IncidentCommand note = command(IncidentCommand::Kind::Note);
        note.text = QStringLiteral("\n  Failing over to the replica  \nbecause the primary's disk is full.\n| pipes |");
        h.apply(note);
        const QVector<Event> notes = h.storedEvents(QStringLiteral("note"));
        QCOMPARE(notes.size(), 1);
        QCOMPARE(notes.first().title, QStringLiteral("Failing over to the replica"));
        QCOMPARE(notes.first().actor, QStringLiteral("alice"));
        QCOMPARE(notes.first().source, QStringLiteral("operator"));
        QCOMPARE(notes.first().incidentId, qint64(1));
        QCOMPARE(notes.first().timeMs, Now + 5000);
        QCOMPARE(
            QJsonDocument::fromJson(notes.first().body).object().value(QStringLiteral("text")).toString(), note.text);
        const QVector<AuditEntry> audit = h.storedAudit();
        QCOMPARE(audit.size(), 1);
        QCOMPARE(audit.first().action, QStringLiteral("incident.note"));

        IncidentCommand empty = command(IncidentCommand::Kind::Note);
        empty.text = QStringLiteral(" \n ");
        h.apply(empty);
        QCOMPARE(h.refusals.count(), 1);
        QCOMPARE(h.storedEvents(QStringLiteral("note")).size(), 1);
    }

    void pinsAreRowsAddedAndRemoved()
    {
        Harness h;
        h.alert(QStringLiteral("f1"), QStringLiteral("cache-1"));
        const qint64 firingId = h.storedEvents(QStringLiteral("alert.firing")).first().id;
        const qint64 openedId = h.storedEvents(QStringLiteral("incident.opened")).first().id;
        IncidentCommand pin = command(IncidentCommand::Kind::Pin);
        pin.eventId = firingId;
        h.apply(pin);
        pin.eventId = openedId;
        h.apply(pin);
        QCOMPARE(h.committed.last().pins,
            (QVector<EventPin> { EventPin { openedId, 1, true, QStringLiteral("alice"), Now } }));
        QSqlDatabase db = h.db();
        QString error;
        QCOMPARE(StoreQueries::pinnedEvents(db, 1, &error),
            (QVector<qint64> { qMin(firingId, openedId), qMax(firingId, openedId) }));

        IncidentCommand unpin = command(IncidentCommand::Kind::Unpin, QStringLiteral("bob"));
        unpin.eventId = firingId;
        h.apply(unpin);
        QCOMPARE(StoreQueries::pinnedEvents(db, 1, &error), QVector<qint64> { openedId });
        QCOMPARE(StoreQueries::pinnedEvents(db, 2, &error), QVector<qint64> {});

        QStringList actions;
        for (const AuditEntry& entry : h.storedAudit())
            actions << entry.action + QLatin1Char(' ') + entry.actor + QLatin1Char(' ') + entry.subject;
        QCOMPARE(actions,
            (QStringList { QStringLiteral("event.pinned alice incident:1"),
                QStringLiteral("event.pinned alice incident:1"), QStringLiteral("event.unpinned bob incident:1") }));

        IncidentCommand noEvent = command(IncidentCommand::Kind::Pin);
        h.apply(noEvent);
        QCOMPARE(h.refusals.count(), 1);
    }

    void theAuditChainTheCommandsExtendVerifies()
    {
        Harness h;
        h.alert(QStringLiteral("f1"), QStringLiteral("cache-1"));
        IncidentCommand note = command(IncidentCommand::Kind::Note);
        note.text = QStringLiteral("looking");
        IncidentCommand assign = command(IncidentCommand::Kind::Commander);
        assign.text = QStringLiteral("alice");
        IncidentCommand pin = command(IncidentCommand::Kind::Pin);
        pin.eventId = 1;
        // Several commands in one transaction chain one after another.
        h.pipeline.applyCommand(statusCommand(IncidentStatus::Acknowledged));
        h.pipeline.applyCommand(note);
        h.pipeline.applyCommand(assign);
        h.pipeline.applyCommand(pin);
        h.writer.flush();
        h.apply(statusCommand(IncidentStatus::Resolved));

        const QVector<AuditEntry> entries = h.storedAudit();
        QCOMPARE(entries.size(), 5);
        const AuditVerification verification = AuditChain::verify(entries);
        QVERIFY2(verification.ok, qPrintable(verification.message));
        QCOMPARE(verification.count, qint64(5));
        QCOMPARE(verification.headHash, entries.last().hash);
    }
};

QTEST_GUILESS_MAIN(TestIncidentCommands)
#include "tst_incidentcommands.moc"
