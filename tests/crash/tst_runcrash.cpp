// A headless Firebreak running playbooks on real alerts, killed with SIGKILL at random moments, again
// and again on the same store: the promise under test is that a remediation step never runs twice,
// whatever instant the process dies at, and that runs caught mid-flight come back as "interrupted"
// instead of being resumed or silently forgotten.
//
// Each step of the test playbook runs tests/support/fb_marker, which appends "INSTANCE stepN" to a
// marker file with fsync before it sleeps, so the marker file is the ground truth of what ran.

#include "domain/run.h"
#include "runs/runstatemachine.h"
#include "serverprocess.h"
#include "store/database.h"
#include "store/storequeries.h"

#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QProcess>
#include <QRandomGenerator>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <memory>
#include <random>

using namespace firebreak;
using namespace firebreak::testing;

namespace {

constexpr int DefaultIterations = 100;
constexpr int MaxKillDelayMs = 400;
constexpr int StepSleepMs = 40;
constexpr int StepCount = 3;
constexpr int ReadyTimeoutMs = 90'000; // a loaded 2-core machine building other targets at the same time
constexpr int SettleTimeoutMs = 90'000;

bool writeFile(const QString& path, const QByteArray& content, QFile::Permissions permissions = {})
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(content) != content.size())
        return false;
    file.close();
    return permissions == QFile::Permissions() || file.setPermissions(permissions);
}

QString instanceName(int iteration)
{
    return QStringLiteral("i-%1").arg(iteration, 4, 10, QLatin1Char('0'));
}

// An Alertmanager webhook (payload version 4) notifying one firing CrashProbe alert.
QByteArray notification(const QString& instance, int iteration, const QString& startsAt)
{
    const QString fingerprint
        = QStringLiteral("%1").arg(0xfb00'0000'0000'0000ULL | quint64(iteration), 16, 16, QLatin1Char('0'));
    const QJsonObject labels { { QStringLiteral("alertname"), QStringLiteral("CrashProbe") },
        { QStringLiteral("instance"), instance }, { QStringLiteral("severity"), QStringLiteral("warning") } };
    const QJsonObject alert { { QStringLiteral("status"), QStringLiteral("firing") },
        { QStringLiteral("labels"), labels },
        { QStringLiteral("annotations"),
            QJsonObject { { QStringLiteral("summary"), QStringLiteral("crash probe on %1").arg(instance) } } },
        { QStringLiteral("startsAt"), startsAt }, { QStringLiteral("endsAt"), QStringLiteral("0001-01-01T00:00:00Z") },
        { QStringLiteral("generatorURL"), QStringLiteral("http://prometheus.invalid/graph") },
        { QStringLiteral("fingerprint"), fingerprint } };
    const QJsonObject body { { QStringLiteral("version"), QStringLiteral("4") },
        { QStringLiteral("groupKey"), QStringLiteral("{}:{instance=\"%1\"}").arg(instance) },
        { QStringLiteral("truncatedAlerts"), 0 }, { QStringLiteral("status"), QStringLiteral("firing") },
        { QStringLiteral("receiver"), QStringLiteral("firebreak") },
        { QStringLiteral("groupLabels"), QJsonObject { { QStringLiteral("instance"), instance } } },
        { QStringLiteral("commonLabels"), labels }, { QStringLiteral("commonAnnotations"), QJsonObject {} },
        { QStringLiteral("externalURL"), QStringLiteral("http://alertmanager.invalid") },
        { QStringLiteral("alerts"), QJsonArray { alert } } };
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

// What the store says after the storm, read through the same queries Firebreak uses.
struct StoreView {
    QString error;
    QVector<Run> runs;
    QMap<qint64, QVector<RunStepRecord>> steps; // run id -> its step records
    QVector<Event> stateEvents; // every run.state event
};

StoreView readStore(const QString& path, bool withEvents)
{
    static int connections = 0;
    const QString name = QStringLiteral("runcrash-%1").arg(++connections);
    StoreView view;
    {
        const StoreOpenResult opened = Database::open(name, path, Database::Mode::ReadOnly);
        if (!opened.ok) {
            view.error = opened.problem;
        } else {
            QSqlDatabase db = Database::connection(name);
            view.runs = StoreQueries::runs(db, 1'000'000, &view.error);
            for (const Run& run : std::as_const(view.runs)) {
                if (view.error.isEmpty())
                    view.steps.insert(run.id, StoreQueries::runSteps(db, run.id, &view.error));
            }
            EventQuery query;
            query.kinds = QStringList { QString::fromLatin1(EventKind::RunState) };
            query.limit = 5000;
            bool more = withEvents;
            while (more && view.error.isEmpty()) {
                const QVector<Event> page = StoreQueries::events(db, query, &more, &view.error);
                view.stateEvents += page;
                if (page.isEmpty())
                    break;
                query.beforeTimeMs = page.last().timeMs;
                query.beforeId = page.last().id;
            }
        }
    }
    Database::close(name);
    return view;
}

bool settledState(RunState state)
{
    return !RunStateMachine::isInFlight(state) && state != RunState::Proposed && state != RunState::Gating;
}

int envInt(const char* name, int fallback)
{
    bool ok = false;
    const int value = qEnvironmentVariableIntValue(name, &ok);
    return ok ? value : fallback;
}

} // namespace

class TestRunCrash : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    quint16 m_port = 0;
    QByteArray m_bearer;

    QString path(const QString& name) const { return m_dir.filePath(name); }
    QString store() const { return path(QStringLiteral("firebreak.db")); }
    QString markerFile() const { return path(QStringLiteral("marker.txt")); }
    QUrl url(const QString& route) const
    {
        return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_port).arg(route));
    }

    bool writeConfig()
    {
        return writeFile(path(QStringLiteral("firebreak.yaml")),
            QStringLiteral("store:\n"
                           "  path: firebreak.db\n"
                           "receiver:\n"
                           "  listen: \"127.0.0.1:%1\"\n"
                           "  token_file: token\n"
                           "automation:\n"
                           "  playbooks: playbooks\n"
                           "  auto_approve_low: true\n")
                .arg(m_port)
                .toUtf8());
    }

    bool writePlaybook()
    {
        QString steps;
        for (int step = 1; step <= StepCount; ++step) {
            steps += QStringLiteral("  - name: mark step %1\n"
                                    "    run:\n"
                                    "      executor: shell\n"
                                    "      argv: ['%2', --sleep-ms, '%3', '%4', '{{ labels.instance }}', step%1]\n"
                                    "      timeout: 30s\n")
                         .arg(step)
                         .arg(QStringLiteral(FIREBREAK_MARKER))
                         .arg(StepSleepMs)
                         .arg(markerFile());
        }
        return writeFile(path(QStringLiteral("playbooks/crash-probe.yaml")),
            QStringLiteral("id: crash-probe\n"
                           "title: Crash probe\n"
                           "risk: low\n"
                           "trigger:\n"
                           "  alert: CrashProbe\n"
                           "  requires_labels: [instance]\n"
                           "gates:\n"
                           "  - blast_radius: {max_targets: 1}\n"
                           "steps:\n")
                    .toUtf8()
                + steps.toUtf8());
    }

    // A fresh Firebreak on the same store. The receiver's port is taken again at every start; if
    // another program took it meanwhile, Firebreak moves to a new one.
    std::unique_ptr<ServerProcess> startFirebreak(QString* error, qint64* readyMs)
    {
        QElapsedTimer timer;
        timer.start();
        for (int attempt = 0; attempt < 3; ++attempt) {
            auto firebreak = std::make_unique<ServerProcess>(QStringLiteral(FIREBREAK_BINARY),
                QStringList {
                    QStringLiteral("--headless"), QStringLiteral("--config"), path(QStringLiteral("firebreak.yaml")) });
            if (firebreak->start(url(QStringLiteral("/healthz")), ReadyTimeoutMs)) {
                *readyMs = timer.elapsed();
                return firebreak;
            }
            *error = firebreak->lastError();
            if (!error->contains(QLatin1String("ddress")))
                return nullptr; // not a port taken by someone else
            m_port = freeLoopbackPort();
            if (!writeConfig())
                return nullptr;
        }
        return nullptr;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        if (qEnvironmentVariableIsSet("FIREBREAK_CRASH_KEEP")) {
            m_dir.setAutoRemove(false);
            qInfo("tst_runcrash: keeping %s", qPrintable(m_dir.path()));
        }
        QVERIFY2(QFileInfo(QStringLiteral(FIREBREAK_MARKER)).isExecutable(), FIREBREAK_MARKER);
        m_port = freeLoopbackPort();
        const QByteArray token
            = QByteArrayLiteral("crash-token-") + QByteArray::number(QRandomGenerator::global()->generate64());
        m_bearer = "Bearer " + token;
        QVERIFY(writeFile(path(QStringLiteral("token")), token, QFile::ReadOwner | QFile::WriteOwner));
        QVERIFY(writeConfig());
        QVERIFY(writePlaybook());
        QProcess check;
        check.setProcessChannelMode(QProcess::MergedChannels);
        check.start(QStringLiteral(FIREBREAK_BINARY),
            QStringList { QStringLiteral("playbook"), QStringLiteral("check"),
                path(QStringLiteral("playbooks/crash-probe.yaml")) });
        QVERIFY(check.waitForFinished(60'000));
        QVERIFY2(check.exitCode() == 0, check.readAll().constData());
    }

    // SIGKILL at random points of running playbooks, then a last clean start and stop; what the
    // marker file and the store say afterwards must agree with "no step ever ran twice".
    void killedAtRandomPointsNoStepRunsTwice()
    {
        const quint64 seed = quint64(envInt("FIREBREAK_CRASH_SEED", 0)) != 0
            ? quint64(envInt("FIREBREAK_CRASH_SEED", 0))
            : QRandomGenerator::system()->bounded(1u, 2'000'000'000u);
        const int iterations = envInt("FIREBREAK_CRASH_ITERATIONS", DefaultIterations);
        qInfo("tst_runcrash: seed %llu (set FIREBREAK_CRASH_SEED=%llu to repeat the kill delays), %d iterations",
            static_cast<unsigned long long>(seed), static_cast<unsigned long long>(seed), iterations);
        std::mt19937_64 random(seed);
        std::uniform_int_distribution<int> percent(0, 99);
        std::uniform_int_distribution<int> deliveryMs(1, 40);
        std::uniform_int_distribution<int> justAfterUs(0, 8000);
        std::uniform_int_distribution<int> runningMs(0, MaxKillDelayMs);
        int killedInDelivery = 0;
        int killedJustAfter = 0;
        int killedWhileRunning = 0;

        QElapsedTimer total;
        total.start();
        qint64 readySum = 0;
        qint64 readyMax = 0;
        const QByteArray json = QByteArrayLiteral("application/json");
        QByteArray previous; // the last iteration's notification, delivered again as Alertmanager retries
        for (int i = 1; i <= iterations; ++i) {
            QString error;
            qint64 readyMs = 0;
            auto firebreak = startFirebreak(&error, &readyMs);
            QVERIFY2(firebreak, qPrintable(QStringLiteral("iteration %1: %2").arg(i).arg(error)));
            readySum += readyMs;
            readyMax = std::max(readyMax, readyMs);

            const QUrl hook = url(QStringLiteral("/hooks/alertmanager"));
            if (!previous.isEmpty()) {
                const HttpAnswer retried = httpPost(hook, previous, json, m_bearer, 30'000);
                QVERIFY2(retried.status == 200,
                    qPrintable(QStringLiteral("iteration %1: the retried notification got %2 %3 %4")
                                   .arg(i)
                                   .arg(retried.status)
                                   .arg(retried.error, QString::fromUtf8(retried.body))));
            }
            const QByteArray body = notification(
                instanceName(i), i, QDateTime::currentDateTimeUtc().addSecs(-1).toString(Qt::ISODateWithMs));
            previous = body;
            // Where the kill lands: while the notification is being received and stored (the sender
            // gives up, as Alertmanager would, and retries on the next start); within microseconds
            // of the alert being stored (the proposal, the gates and the first intent are being
            // committed); or anywhere while the steps run.
            const int mode = percent(random);
            if (mode < 15) {
                ++killedInDelivery;
                httpPost(hook, body, json, m_bearer, deliveryMs(random));
            } else {
                const HttpAnswer answer = httpPost(hook, body, json, m_bearer, 30'000);
                QVERIFY2(answer.status == 200,
                    qPrintable(QStringLiteral("iteration %1: the notification got %2 %3 %4\n%5")
                                   .arg(i)
                                   .arg(answer.status)
                                   .arg(answer.error, QString::fromUtf8(answer.body),
                                       QString::fromUtf8(firebreak->output().right(3000)))));
                if (mode < 45) {
                    ++killedJustAfter;
                    QThread::usleep(static_cast<unsigned long>(justAfterUs(random)));
                } else {
                    ++killedWhileRunning;
                    QTest::qWait(runningMs(random));
                }
            }
            QVERIFY2(firebreak->isRunning(),
                qPrintable(QStringLiteral("iteration %1: Firebreak died by itself:\n%2")
                               .arg(i)
                               .arg(QString::fromUtf8(firebreak->output().right(3000)))));
            firebreak->kill();
        }
        const qint64 stormMs = total.elapsed();

        // A last start: runs found in flight become interrupted; the last notification is delivered
        // once more; then a clean stop once nothing moves any more.
        QString error;
        qint64 readyMs = 0;
        auto firebreak = startFirebreak(&error, &readyMs);
        QVERIFY2(firebreak, qPrintable(error));
        QCOMPARE(httpPost(url(QStringLiteral("/hooks/alertmanager")), previous, QByteArrayLiteral("application/json"),
                     m_bearer, 30'000)
                     .status,
            200);
        QElapsedTimer settle;
        settle.start();
        QString lastSeen;
        int quietPolls = 0;
        while (quietPolls < 3 && settle.elapsed() < SettleTimeoutMs) {
            QTest::qWait(500);
            const StoreView view = readStore(store(), false);
            bool settled = view.error.isEmpty();
            QString seen = QString::number(QFileInfo(markerFile()).size());
            for (const Run& run : view.runs) {
                settled = settled && settledState(run.state);
                seen += QLatin1Char(' ') + QString::number(run.id) + runStateName(run.state);
            }
            quietPolls = settled && seen == lastSeen ? quietPolls + 1 : 0;
            lastSeen = seen;
        }
        QVERIFY2(quietPolls >= 3,
            qPrintable(QStringLiteral("runs still moving after %1 s: %2\n%3")
                           .arg(SettleTimeoutMs / 1000)
                           .arg(lastSeen, QString::fromUtf8(firebreak->output().right(3000)))));
        firebreak->terminate(30'000);
        QVERIFY2(!firebreak->isRunning(), "Firebreak did not stop on SIGTERM");

        // (1) The marker file: every step of every instance ran at most once.
        QFile marker(markerFile());
        QVERIFY2(marker.open(QIODevice::ReadOnly), qPrintable(marker.errorString()));
        QMap<QString, int> marks; // "i-0042 step2" -> times it ran
        for (const QByteArray& line : marker.readAll().split('\n')) {
            if (!line.isEmpty())
                ++marks[QString::fromUtf8(line)];
        }
        QStringList twice;
        for (auto it = marks.cbegin(); it != marks.cend(); ++it) {
            if (it.value() > 1)
                twice << QStringLiteral("%1 (%2 times)").arg(it.key()).arg(it.value());
        }
        QVERIFY2(
            twice.isEmpty(), qPrintable(QStringLiteral("steps that ran twice: ") + twice.join(QStringLiteral(", "))));

        const StoreView view = readStore(store(), true);
        QVERIFY2(view.error.isEmpty(), qPrintable(view.error));

        // (2) Every run ended or was interrupted; none is left executing (or about to) after a restart.
        QMap<QString, QVector<Run>> runsOf; // instance -> its runs
        QMap<QString, int> byState;
        QStringList wrongState;
        for (const Run& run : view.runs) {
            runsOf[run.labels.value(QStringLiteral("instance"))].append(run);
            ++byState[runStateName(run.state)];
            if (run.state != RunState::Succeeded && run.state != RunState::Blocked
                && run.state != RunState::Interrupted)
                wrongState
                    << QStringLiteral("run %1 is %2 (%3)").arg(run.id).arg(runStateName(run.state), run.stateReason);
        }
        QVERIFY2(wrongState.isEmpty(), qPrintable(wrongState.join(QLatin1Char('\n'))));

        // A notification delivered twice (across a crash) never starts the same remediation twice, and
        // an alert stored just before a kill still gets its run on the next start.
        QStringList notOneRun;
        for (int i = 1; i <= iterations; ++i) {
            if (const auto runs = runsOf.value(instanceName(i)).size(); runs != 1)
                notOneRun << QStringLiteral("%1 (%2 runs)").arg(instanceName(i)).arg(runs);
        }
        QVERIFY2(notOneRun.isEmpty(),
            qPrintable(QStringLiteral("alerts without exactly one run: ") + notOneRun.join(QStringLiteral(", "))));

        // (3) The kills really caught runs mid-flight, and runs that were left alone finished.
        QVERIFY2(byState.value(QStringLiteral("interrupted")) > 0, "no run was interrupted: the kills missed");
        QVERIFY2(byState.value(QStringLiteral("succeeded")) > 0, "no run succeeded: the test proves nothing");

        // (4) Nothing ran without a durable intent: each marker line has its step record; and each step
        // recorded as succeeded really left its line (the marker is a faithful witness).
        QStringList withoutIntent;
        for (auto it = marks.cbegin(); it != marks.cend(); ++it) {
            const QStringList parts = it.key().split(QLatin1Char(' '));
            bool recorded = false;
            if (parts.size() == 2 && parts[1].startsWith(QLatin1String("step"))) {
                const int index = parts[1].mid(4).toInt() - 1;
                for (const Run& run : runsOf.value(parts[0])) {
                    for (const RunStepRecord& step : view.steps.value(run.id))
                        recorded = recorded || (step.phase == RunStepRecord::Phase::Steps && step.index == index);
                }
            }
            if (!recorded)
                withoutIntent << it.key();
        }
        QVERIFY2(withoutIntent.isEmpty(),
            qPrintable(
                QStringLiteral("steps that ran without a stored intent: ") + withoutIntent.join(QStringLiteral(", "))));
        QStringList unwitnessed;
        int intentOnlyRan = 0; // killed during the step or before its result was stored
        int intentOnlyNotRan = 0; // killed between the intent and the executor's start
        for (const Run& run : view.runs) {
            const QString instance = run.labels.value(QStringLiteral("instance"));
            int succeededSteps = 0;
            for (const RunStepRecord& step : view.steps.value(run.id)) {
                const bool ran = marks.contains(QStringLiteral("%1 step%2").arg(instance).arg(step.index + 1));
                if (step.status == RunStepRecord::Status::Succeeded) {
                    ++succeededSteps;
                    if (!ran)
                        unwitnessed << QStringLiteral("run %1 step %2").arg(run.id).arg(step.index + 1);
                } else if (step.status == RunStepRecord::Status::Intent) {
                    ++(ran ? intentOnlyRan : intentOnlyNotRan);
                }
            }
            if (run.state == RunState::Succeeded && succeededSteps != StepCount)
                unwitnessed << QStringLiteral("run %1 succeeded with %2 of %3 steps")
                                   .arg(run.id)
                                   .arg(succeededSteps)
                                   .arg(StepCount);
        }
        QVERIFY2(unwitnessed.isEmpty(), qPrintable(unwitnessed.join(QStringLiteral(", "))));

        // (5) The audit chain survived every kill.
        QProcess audit;
        audit.setProcessChannelMode(QProcess::MergedChannels);
        audit.start(QStringLiteral(FIREBREAK_BINARY),
            QStringList { QStringLiteral("audit"), QStringLiteral("verify"), QStringLiteral("--db"), store() });
        QVERIFY(audit.waitForFinished(120'000));
        const QByteArray auditOutput = audit.readAll();
        QVERIFY2(audit.exitStatus() == QProcess::NormalExit && audit.exitCode() == 0, auditOutput.constData());

        // (6) Each interrupted run says so on the timeline.
        QSet<qint64> shown;
        for (const Event& event : view.stateEvents) {
            const QJsonObject body = QJsonDocument::fromJson(event.body).object();
            if (body.value(QStringLiteral("state")).toString() == QLatin1String("interrupted")
                && event.title.contains(QLatin1String("interrupted")))
                shown.insert(qint64(body.value(QStringLiteral("run")).toDouble()));
        }
        QStringList hidden;
        for (const Run& run : view.runs) {
            if (run.state == RunState::Interrupted && !shown.contains(run.id))
                hidden << QString::number(run.id);
        }
        QVERIFY2(hidden.isEmpty(),
            qPrintable(
                QStringLiteral("interrupted runs missing from the timeline: ") + hidden.join(QStringLiteral(", "))));

        QStringList states;
        for (auto it = byState.cbegin(); it != byState.cend(); ++it)
            states << QStringLiteral("%1 %2").arg(it.value()).arg(it.key());
        qInfo("tst_runcrash: seed %llu; %d kills in %.1f s (%d while the notification was being received, %d "
              "within 8 ms of its answer, %d while the steps ran); Firebreak ready after %.0f ms on average, %lld "
              "ms at most",
            static_cast<unsigned long long>(seed), iterations, double(stormMs) / 1000, killedInDelivery,
            killedJustAfter, killedWhileRunning, double(readySum) / iterations, static_cast<long long>(readyMax));
        qInfo("tst_runcrash: %lld runs for %d alerts: %s; %d marker lines; steps left at intent: %d had run, %d had "
              "not; %s",
            static_cast<long long>(view.runs.size()), iterations, qPrintable(states.join(QStringLiteral(", "))),
            int(marks.size()), intentOnlyRan, intentOnlyNotRan, auditOutput.trimmed().constData());
    }
};

QTEST_GUILESS_MAIN(TestRunCrash)
#include "tst_runcrash.moc"
