// Review figures on an incident the sandbox really produced: the memory-leak scenario through the real
// EngineHost (sandbox, ingest, correlation, run engine, store), with a commander who acknowledges,
// approves, marks mitigated and resolves. Every figure is then computed from the store by
// ReviewFigures and compared with what the test saw happen, worked out by hand from the committed
// stream (not from the SQL the figures use): the milestones' event times, the approval request and
// grant, the verification samples and the rollback the scenario is known to force.
#include "audit/auditentry.h"
#include "automationsetup.h"
#include "domain/metatypes.h"
#include "engine/incidentcommand.h"
#include "engine/ingestpipeline.h"
#include "enginehost.h"
#include "interfaces/clock.h"
#include "reviews/reviewfigures.h"
#include "runrecorder.h"
#include "runs/runengine.h"
#include "store/database.h"
#include "store/storewriter.h"

#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

using namespace firebreak;

namespace {

constexpr double Speed = 300;
constexpr int TimeoutMs = 120000;

// What the store committed, on the test thread: the recorder's runs, events and samples, plus the
// incidents and alerts the figures are about.
class Stream : public QObject, public RunRecorder {
public:
    void takeAll(const CommittedBatch& batch)
    {
        take(batch);
        for (const Incident& incident : batch.incidents)
            incidents.insert(incident.id, incident);
        for (const Alert& alert : batch.alerts)
            alerts.append(alert);
    }
    QMap<qint64, Incident> incidents;
    QVector<Alert> alerts;
};

qint64 eventTime(const QVector<Event>& events, qint64 incidentId, const char* kind, const QString& status = {})
{
    for (const Event& event : events) {
        if (event.incidentId != incidentId || event.kind != QLatin1String(kind))
            continue;
        if (!status.isEmpty() && !QString::fromUtf8(event.body).contains(status))
            continue;
        return event.timeMs;
    }
    return 0;
}

} // namespace

class TestReviewFiguresSandbox : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { registerMetaTypes(); }
    void memoryLeakIncidentFiguresMatchWhatHappened();
};

void TestReviewFiguresSandbox::memoryLeakIncidentFiguresMatchWhatHappened()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("leak.db"));
    EngineOptions options;
    options.dbPath = path;
    options.scenario = QStringLiteral("memory-leak");
    options.speed = Speed;
    options.seed = 1;
    auto setup = AutomationSetup::forDemo(true);
    QVERIFY(std::holds_alternative<AutomationSetup>(setup));
    options.automation = std::get<AutomationSetup>(setup);
    auto host = std::make_unique<EngineHost>(options);
    Stream stream;
    connect(
        host->writer(), &StoreWriter::committed, &stream, [&stream](const CommittedBatch& b) { stream.takeAll(b); });
    QSignalSpy ready(host.get(), &EngineHost::engineReady);
    host->start();
    QVERIFY(ready.wait(30000));
    QStringList refusals;
    connect(host->pipeline(), &IngestPipeline::commandRefused, &stream,
        [&refusals](const IncidentCommand& c, const QString& why) {
            refusals.append(incidentStatusName(c.status) + QStringLiteral(": ") + why);
        });

    const auto command = [&](IncidentCommand::Kind kind, qint64 incidentId, IncidentStatus status) {
        IncidentCommand c;
        c.kind = kind;
        c.incidentId = incidentId;
        c.status = status;
        c.actor = QStringLiteral("alice");
        c.incident = stream.incidents.value(incidentId);
        IngestPipeline* pipeline = host->pipeline();
        QMetaObject::invokeMethod(
            pipeline, [pipeline, c] { pipeline->applyCommand(c); }, Qt::QueuedConnection);
    };

    // The leak fires, the restart is proposed and waits for a commander.
    QTRY_VERIFY_WITH_TIMEOUT(
        stream.runIn(QStringLiteral("memory-leak-restart"), RunState::AwaitingApproval) != 0, TimeoutMs);
    const qint64 runId = stream.runIn(QStringLiteral("memory-leak-restart"), RunState::AwaitingApproval);
    const Run waiting = stream.runs.value(runId);
    const qint64 incidentId = waiting.incidentId;
    QVERIFY(incidentId > 0);

    // The commander acknowledges, then (a little later on the sandbox's clock) approves.
    command(IncidentCommand::Kind::Status, incidentId, IncidentStatus::Acknowledged);
    QTRY_VERIFY_WITH_TIMEOUT(stream.incidents.value(incidentId).acknowledgedMs != 0, TimeoutMs);
    QTest::qWait(200); // about a simulated minute of waiting for the decision
    RunEngine* engine = host->runEngine();
    const QString planHash = waiting.planHash;
    QMetaObject::invokeMethod(
        engine,
        [engine, runId, planHash] {
            engine->approve(runId, QStringLiteral("alice"), planHash, QString(), QStringLiteral("plan read"));
        },
        Qt::QueuedConnection);
    // With the restart approved, the commander marks the incident mitigated (both reach the engine
    // thread in this order, before the restart can clear the alert).
    command(IncidentCommand::Kind::Status, incidentId, IncidentStatus::Mitigated);
    QTRY_VERIFY2_WITH_TIMEOUT(
        stream.incidents.value(incidentId).mitigatedMs != 0 || !refusals.isEmpty(), "", TimeoutMs);
    QVERIFY2(refusals.isEmpty(), qPrintable(refusals.join('\n')));
    // The scenario's leak returns in the fresh pods: verification fails and the run rolls back. Once
    // the alerts have been resolved for resolve_after the incident resolves by itself; if it has not
    // yet, the commander resolves it.
    QTRY_VERIFY_WITH_TIMEOUT(stream.stateOf(runId) == RunState::RolledBack, TimeoutMs);
    if (stream.incidents.value(incidentId).resolvedMs == 0)
        command(IncidentCommand::Kind::Status, incidentId, IncidentStatus::Resolved);
    QTRY_VERIFY_WITH_TIMEOUT(stream.incidents.value(incidentId).resolvedMs != 0, TimeoutMs);
    host->stop();

    // By hand, from the committed stream.
    const Incident incident = stream.incidents.value(incidentId);
    qint64 firstStart = 0;
    QSet<QString> fingerprints;
    QSet<QPair<QString, qint64>> instances;
    for (const Alert& alert : std::as_const(stream.alerts)) {
        if (alert.incidentId != incidentId)
            continue;
        firstStart = firstStart == 0 ? alert.startsAtMs : qMin(firstStart, alert.startsAtMs);
        fingerprints.insert(alert.fingerprint);
        instances.insert({ alert.fingerprint, alert.startsAtMs });
    }
    QVERIFY(firstStart > 0);
    const qint64 acknowledgedAt
        = eventTime(stream.events, incidentId, EventKind::IncidentStatus, "\"to\":\"acknowledged\"");
    const qint64 mitigatedAt = eventTime(stream.events, incidentId, EventKind::IncidentStatus, "\"to\":\"mitigated\"");
    // Resolved by the commander (an incident.status event) or by correlation (the incident's row).
    qint64 resolvedAt = eventTime(stream.events, incidentId, EventKind::IncidentStatus, "\"to\":\"resolved\"");
    if (resolvedAt == 0)
        resolvedAt = incident.resolvedMs;
    QStringList statusEvents;
    for (const Event& event : std::as_const(stream.events)) {
        if (event.incidentId == incidentId && event.kind == QLatin1String(EventKind::IncidentStatus))
            statusEvents.append(QString::number(event.timeMs) + QLatin1Char(' ') + QString::fromUtf8(event.body));
    }
    // Correlation stamps a resolution with when the last alert ended plus resolve_after, which may
    // come before a mitigation the commander marked while the tick had not yet run: no order here.
    QVERIFY2(acknowledgedAt > 0 && mitigatedAt > 0 && resolvedAt > 0,
        qPrintable(statusEvents.join('\n') + QStringLiteral("\nresolved row %1").arg(incident.resolvedMs)));
    const qint64 requested = stream.first(runId, QString::fromLatin1(EventKind::ApprovalRequested))->timeMs;
    const qint64 granted = stream.first(runId, QString::fromLatin1(EventKind::ApprovalGranted))->timeMs;
    QVERIFY(granted > requested);
    QMap<QString, int> runsByState;
    for (const Run& run : std::as_const(stream.runs)) {
        if (run.incidentId == incidentId)
            ++runsByState[runStateName(run.state)];
    }
    int passed = 0, failed = 0, inconclusive = 0;
    for (const VerifySample& sample : std::as_const(stream.samples)) {
        if (stream.runs.value(sample.runId).incidentId != incidentId)
            continue;
        passed += sample.outcome == VerifySample::Outcome::Success ? 1 : 0;
        failed += sample.outcome == VerifySample::Outcome::Failure ? 1 : 0;
        inconclusive += sample.outcome == VerifySample::Outcome::Inconclusive ? 1 : 0;
    }
    // What the scenario is known to do: at least one failing sample (the leak in the fresh pods),
    // then the rollback's two checks of five samples each, all passing.
    QVERIFY(failed >= 1);
    QVERIFY(passed >= 10);

    // Computed from the store.
    const QString connection = QStringLiteral("figures-sandbox");
    std::optional<ReviewFigures> figures;
    QString error;
    {
        const StoreOpenResult opened = Database::open(connection, path, Database::Mode::ReadOnly);
        QVERIFY2(opened.ok, qPrintable(opened.problem));
        QSqlDatabase db = Database::connection(connection);
        figures = ReviewFigures::compute(db, incidentId, resolvedAt + 1000, &error);
    }
    Database::close(connection);
    QVERIFY2(figures, qPrintable(error));

    QCOMPARE(figures->timeToDetect.value, incident.detectedMs - firstStart);
    QVERIFY(figures->timeToDetect.known);
    QCOMPARE(figures->timeToAcknowledge.value, acknowledgedAt - incident.detectedMs);
    QCOMPARE(figures->timeToMitigate.value, mitigatedAt - incident.detectedMs);
    QCOMPARE(figures->timeToResolve.value, resolvedAt - incident.detectedMs);
    QVERIFY(figures->timeToAcknowledge.value > 0);
    QCOMPARE(figures->alerts.value, qint64(instances.size()));
    QCOMPARE(figures->distinctAlerts.value, qint64(fingerprints.size()));
    QCOMPARE(figures->refiredAlerts.value, qint64(instances.size() - fingerprints.size()));
    QCOMPARE(figures->runs.value, qint64(std::accumulate(runsByState.cbegin(), runsByState.cend(), 0)));
    QCOMPARE(figures->runsByState, runsByState);
    QCOMPARE(figures->runsByState.value(QStringLiteral("rolled_back")), 1);
    QCOMPARE(figures->approvalWait.value, granted - requested);
    QCOMPARE(figures->verifySuccess.value, qint64(passed));
    QCOMPARE(figures->verifyFailure.value, qint64(failed));
    QCOMPARE(figures->verifyInconclusive.value, qint64(inconclusive));
    QCOMPARE(figures->rollbacks.value, 1);
    QVERIFY(!stream.audit.isEmpty());
    QCOMPARE(figures->auditHeadId, stream.audit.last().id);
    QCOMPARE(figures->auditHeadHash, stream.audit.last().hash);
}

QTEST_GUILESS_MAIN(TestReviewFiguresSandbox)
#include "tst_reviewfiguressandbox.moc"
