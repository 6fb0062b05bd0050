// Backtesting on the sandbox's recorded history: the disk-full scenario runs through the real ingest
// pipeline into a real store, reviews judge its incidents, and the disk-cleanup seed playbook's gate is
// replayed through BacktestService over SandboxMetricSource. Every expected time follows from the
// scenario's breach times, read off the recorded series (see timesFollowFromTheBreaches).

#include "domain/metatypes.h"
#include "learning/backtestservice.h"
#include "playbook/playbookloader.h"
#include "playbook/templaterenderer.h"
#include "sandboxstore.h"
#include "store/storereader.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace firebreak;
using namespace SandboxStore;

namespace {

using V = IncidentVerdict::Verdict;
const QString PlaybookPath = QStringLiteral(FIREBREAK_TEST_DATA "/../../resources/playbooks/disk-cleanup.yaml");

struct Answer {
    BacktestResult result;
    BacktestInput input;
    ThresholdSuggestion suggestion;
};

} // namespace

class TestBacktestSandbox : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        registerMetaTypes();
        QVERIFY(m_dir.isValid());
        m_platform = std::make_unique<SandboxPlatform>(diskFull());
        // 56 minutes: three disk-full cycles (faults at 0:30, 19:00 and 37:30, the last over by 51:30).
        m_recorded = record(*m_platform, m_dir.filePath(QStringLiteral("store.db")), 56 * Minute);
        QCOMPARE(m_recorded.alerts.size(), 3);
        QCOMPARE(m_recorded.incidents.size(), 3);
        for (const Alert& alert : std::as_const(m_recorded.alerts)) {
            QCOMPARE(alert.name(), QStringLiteral("DiskSpaceHigh"));
            QCOMPARE(alert.labels.value("instance"), QStringLiteral("db-eu-1"));
            QCOMPARE(alert.status, AlertStatus::Resolved);
        }
        // The reviews: the first alert was useful, the second came too late, the third was noise.
        QVERIFY(write(m_dir.filePath(QStringLiteral("store.db")),
            WriteBatch { .reviewVerdicts = { alertVerdict(m_recorded.alerts.at(0), ReviewVerdict::Verdict::Useful),
                             alertVerdict(m_recorded.alerts.at(1), ReviewVerdict::Verdict::MissedOrLate),
                             alertVerdict(m_recorded.alerts.at(2), ReviewVerdict::Verdict::Noise) } }));

        const auto loaded = PlaybookLoader::load(PlaybookPath);
        QVERIFY(std::holds_alternative<Playbook>(loaded));
        m_playbook = std::get<Playbook>(loaded);
        QFile file(PlaybookPath);
        QVERIFY(file.open(QIODevice::ReadOnly));
        m_text = file.readAll();
    }

    void theStoreGivesTheIncidentsWithTheirVerdicts()
    {
        const QVector<IncidentVerdict> incidents = fetchIncidents();
        QCOMPARE(incidents.size(), 3);
        const V expected[] = { V::Useful, V::MissedOrLate, V::Noise };
        for (int i = 0; i < 3; ++i) {
            const Alert& alert = m_recorded.alerts.at(i);
            QCOMPARE(incidents.at(i).incidentId, alert.incidentId);
            QCOMPARE(incidents.at(i).verdict, expected[i]);
            QVERIFY(incidents.at(i).reviewed);
            // The span is the alert's: from when it fired to when it resolved.
            QCOMPARE(incidents.at(i).startMs, alert.startsAtMs);
            QCOMPARE(incidents.at(i).endMs, alert.endsAtMs);
            QCOMPARE(incidents.at(i).labels.value("instance"), QStringLiteral("db-eu-1"));
        }
    }

    void timesFollowFromTheBreaches()
    {
        const Answer answer = backtest(m_playbook.gates.first(), fetchIncidents());
        const BacktestResult& result = answer.result;
        QVERIFY2(result.ok(), qPrintable(result.error));
        QCOMPARE(answer.input.history.stepMs, 15 * Second); // GateEvaluator::stepFor(5m)
        QCOMPARE(answer.input.history.series.size(), 1);
        const QVector<Sample>& disk = answer.input.history.series.first().samples;

        // From 74 % the logs fill at 4.2 to 4.8 %/min with ±3 % jitter (4.07 to 4.94), so the 16 points to 90 %
        // take 3m14s to 3m56s of growth; the sample taken as the fault begins already holds 15 s of it, so
        // the first sample above 90 % (the breach b) comes 3m to 3m45s after the fault. From there:
        //   DiskSpaceHigh (> 90 for 2m) fires at b + 2m: the incident starts there;
        //   the gate (above 90 for 5m, every sample of [t - 5m, t]) first passes at t = b + 5m,
        //   so it detects the incident 3m after it began;
        //   the logs are rotated 14m after the fault, the disk drops to 74 % at that tick: the alert
        //   resolves and the gate clears then.
        QCOMPARE(result.firings.size(), 3);
        for (int cycle = 0; cycle < 3; ++cycle) {
            const auto breach = std::find_if(disk.cbegin(), disk.cend(),
                [&](const Sample& s) { return s.timeMs > faultStart(cycle) && s.value > 90; });
            QVERIFY(breach != disk.cend());
            const qint64 climb = breach->timeMs - faultStart(cycle);
            QVERIFY2(climb >= 3 * Minute && climb <= 3 * Minute + 45 * Second, qPrintable(QString::number(climb)));
            QCOMPARE(m_recorded.alerts.at(cycle).startsAtMs, breach->timeMs + 2 * Minute);
            QCOMPARE(result.firings.at(cycle).firedMs, breach->timeMs + 5 * Minute);
            QCOMPARE(result.firings.at(cycle).clearedMs, faultStart(cycle) + 14 * Minute);
            QCOMPARE(m_recorded.alerts.at(cycle).endsAtMs, faultStart(cycle) + 14 * Minute);
        }
        // Useful and late incidents are hits, 3m after they began; the third was noise: a false alarm.
        QCOMPARE(result.hits, 2);
        QCOMPARE(result.falseAlarms, 1);
        QCOMPARE(result.misses, 0);
        QCOMPARE(result.findings.at(0).kind, BacktestFinding::Kind::Hit);
        QCOMPARE(result.findings.at(1).kind, BacktestFinding::Kind::Hit);
        QCOMPARE(result.findings.at(2).kind, BacktestFinding::Kind::FalseAlarm);
        for (int i = 0; i < 2; ++i) {
            QVERIFY(result.findings.at(i).delayMs >= 2 * Minute + 45 * Second);
            QVERIFY(result.findings.at(i).delayMs <= 3 * Minute + 15 * Second);
        }
        QCOMPARE(result.medianDelayMs(), std::optional<qint64>(3 * Minute));

        // The review called the second one late: the suggestion shortens `for` by one step, which
        // detects it 15 s earlier and adds no false alarm (the noise one fires either way).
        const ThresholdSuggestion& s = answer.suggestion;
        QVERIFY2(s.ok(), qPrintable(s.error));
        QCOMPARE(s.change, ThresholdSuggestion::Change::ForDuration);
        QCOMPARE(s.oldValue, QStringLiteral("5m"));
        QCOMPARE(s.newValue, QStringLiteral("4m45s"));
        QCOMPARE(s.after.hitOf(1)->delayMs, 2 * Minute + 45 * Second);
        QCOMPARE(s.after.falseAlarms, 1);
    }

    void aForLongerThanTheBreachMissesThem()
    {
        // A breach lasts from b to the rotation: at most 14m - 3m = 11m, so a 12m window never fills. The two real
        // incidents are misses; the noise one is rightly quiet.
        PlaybookGate gate = m_playbook.gates.first();
        gate.forMs = 12 * Minute;
        const Answer answer = backtest(gate, fetchIncidents());
        QVERIFY2(answer.result.ok(), qPrintable(answer.result.error));
        QCOMPARE(answer.result.firings.size(), 0);
        QCOMPARE(answer.result.hits, 0);
        QCOMPARE(answer.result.misses, 2);
        QCOMPARE(answer.result.falseAlarms, 0);
        QVERIFY2(answer.result.findings.first().reason.contains(QStringLiteral("the metric reached 99.")),
            qPrintable(answer.result.findings.first().reason));
    }

    void cancelledBacktestsAnswerNothing()
    {
        BacktestService service(m_platform->metricSource());
        QSignalSpy finished(&service, &BacktestService::finished);
        QSignalSpy suggested(&service, &BacktestService::suggested);
        service.start(11, request(m_playbook.gates.first(), {}));
        service.cancel(11);
        service.start(12, request(m_playbook.gates.first(), {}));
        QTRY_COMPARE(suggested.size(), 1);
        QCOMPARE(finished.size(), 1);
        QCOMPARE(finished.first().first().value<quint64>(), quint64(12));
    }

private:
    QVector<IncidentVerdict> fetchIncidents()
    {
        StoreReader reader(m_dir.filePath(QStringLiteral("store.db")));
        QSignalSpy fetched(&reader, &StoreReader::backtestIncidentsFetched);
        reader.open();
        reader.fetchBacktestIncidents(1, m_playbook.id, m_playbook.trigger, Start, Start + 56 * Minute);
        if (fetched.size() != 1)
            return {};
        return fetched.first().at(1).value<QVector<IncidentVerdict>>();
    }

    BacktestRequest request(const PlaybookGate& gate, const QVector<IncidentVerdict>& incidents) const
    {
        BacktestRequest request;
        request.run.sustained = gate;
        request.run.sustainedQuery
            = std::get<QString>(TemplateRenderer(m_playbook.parameterPatterns).renderQuery(gate.query, DbEu));
        request.run.startMs = Start;
        request.run.endMs = Start + 56 * Minute;
        request.run.incidents = incidents;
        request.playbookText = m_text;
        request.fileName = QStringLiteral("disk-cleanup.yaml");
        return request;
    }

    Answer backtest(const PlaybookGate& gate, const QVector<IncidentVerdict>& incidents)
    {
        BacktestService service(m_platform->metricSource());
        QSignalSpy finished(&service, &BacktestService::finished);
        QSignalSpy suggested(&service, &BacktestService::suggested);
        QSignalSpy progress(&service, &BacktestService::progress);
        service.start(7, request(gate, incidents));
        if (!suggested.wait(30000) && suggested.isEmpty())
            return {};
        Answer answer;
        answer.result = finished.first().at(1).value<BacktestResult>();
        answer.input = finished.first().at(2).value<BacktestInput>();
        answer.suggestion = suggested.first().at(1).value<ThresholdSuggestion>();
        if (progress.isEmpty() || progress.last().at(1).toInt() != progress.last().at(2).toInt())
            qWarning("no progress reported, or not to the end");
        return answer;
    }

    QTemporaryDir m_dir;
    std::unique_ptr<SandboxPlatform> m_platform;
    Recorded m_recorded;
    Playbook m_playbook;
    QByteArray m_text;
};

QTEST_GUILESS_MAIN(TestBacktestSandbox)
#include "tst_backtestsandbox.moc"
