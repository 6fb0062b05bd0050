// What the backtest window is built on, without the window: saving a suggestion into a playbook file,
// the one-sentence summary of a suggestion, the findings table, and label values from past incidents.
#include "learning/backtestfindingsmodel.h"
#include "learning/gatebacktester.h"
#include "learning/incidentlabelchoices.h"
#include "learning/playbookfilesaver.h"
#include "learning/suggestionsentence.h"
#include "learning/thresholdsuggester.h"
#include "recordeddisk.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace firebreak;
using namespace RecordedDisk;

namespace {

using V = IncidentVerdict::Verdict;

QByteArray seedPlaybook()
{
    QFile file(QStringLiteral(FIREBREAK_TEST_DATA "/../../resources/playbooks/disk-cleanup.yaml"));
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool write(const QString& path, const QByteArray& text)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(text) == text.size();
}

QByteArray read(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

IncidentVerdict incident(
    qint64 from, qint64 to, V verdict, const char* label, const LabelSet& labels = {}, bool reviewed = true)
{
    IncidentVerdict i { from, to, verdict, QString::fromLatin1(label) };
    i.labels = labels;
    i.reviewed = reviewed;
    return i;
}

} // namespace

class TestBacktestSupport : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_path = m_dir->filePath(QStringLiteral("disk-cleanup.yaml"));
        m_text = seedPlaybook();
        QVERIFY(!m_text.isEmpty());
        QVERIFY(write(m_path, m_text));
    }

    void savesAtomicallyKeepingPermissions()
    {
        QVERIFY(QFile::setPermissions(m_path, QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup));
        QByteArray changed = m_text;
        changed.replace("above: 90, for: 5m", "above: 95, for: 5m");
        const auto outcome = PlaybookFileSaver::save(m_path, PlaybookFileSaver::sha256(m_text), changed);
        QVERIFY2(outcome.saved, qPrintable(outcome.error));
        QCOMPARE(read(m_path), changed);
        QCOMPARE(outcome.oldSha256, PlaybookFileSaver::sha256(m_text));
        QCOMPARE(outcome.newSha256, PlaybookFileSaver::sha256(changed));
        QCOMPARE(outcome.oldSha256.size(), 64);
        QVERIFY(outcome.playbook);
        QCOMPARE(outcome.playbook->gates.first().threshold, 95.0);
        QCOMPARE(QFile::permissions(m_path) & 0x0fff, QFile::ReadUser | QFile::WriteUser | QFile::ReadGroup); // 0640
        // No temporary file is left behind.
        QCOMPARE(QDir(m_dir->path()).entryList(QDir::Files), QStringList { QStringLiteral("disk-cleanup.yaml") });
    }

    void refusesAFileChangedSinceTheBacktest()
    {
        const QString readByBacktest = PlaybookFileSaver::sha256(m_text);
        const QByteArray edited = m_text + "# someone else's edit\n";
        QVERIFY(write(m_path, edited));
        QByteArray changed = m_text;
        changed.replace("above: 90, for: 5m", "above: 95, for: 5m");
        const auto outcome = PlaybookFileSaver::save(m_path, readByBacktest, changed);
        QVERIFY(!outcome.saved);
        QVERIFY2(
            outcome.error.contains(QStringLiteral("changed on disk since the backtest")), qPrintable(outcome.error));
        QCOMPARE(read(m_path), edited);
    }

    void putsTheOriginalBackWhenTheResultDoesNotLoad()
    {
        QByteArray broken = m_text;
        broken.replace("above: 90, for: 5m", "above: 90, for: 5 minutes");
        const auto outcome = PlaybookFileSaver::save(m_path, PlaybookFileSaver::sha256(m_text), broken);
        QVERIFY(!outcome.saved);
        QVERIFY2(outcome.error.contains(QStringLiteral("does not load")), qPrintable(outcome.error));
        QVERIFY2(outcome.error.contains(QStringLiteral("disk-cleanup.yaml:")), qPrintable(outcome.error));
        QVERIFY(outcome.error.contains(QStringLiteral("original is back")));
        QCOMPARE(read(m_path), m_text);
        const auto compiledIn
            = PlaybookFileSaver::save(QStringLiteral(":/playbooks/disk-cleanup.yaml"), QString(), m_text);
        QVERIFY(!compiledIn.saved);
        QVERIFY(compiledIn.error.contains(QStringLiteral("compiled into Firebreak")));
    }

    void sentencesSayWhatTheReplayShowed()
    {
        // The recorded disk with its extra spikes: three false alarms against two hits (see tst_thresholdsuggester).
        const QVector<IncidentVerdict> incidents { incident(at(10), at(25), V::Useful, "A"),
            incident(at(29), at(35), V::Noise, "backup spike"), incident(at(79), at(95), V::Useful, "B") };
        const BacktestInput input { history(true), {}, incidents };
        PlaybookGate gate = diskGate();
        gate.line = 16; // where the seed playbook writes it
        const GateBacktester backtester(gate);
        const BacktestResult before = backtester.run(input);
        QByteArray text = m_text;
        text.replace("above: 90, for: 5m", "above: 90, for: 2m");
        const ThresholdSuggestion raise = ThresholdSuggester().suggest(backtester, input, before, text, "p.yaml");
        QCOMPARE(SuggestionSentence::of(before, raise),
            QStringLiteral("Raising the threshold from 90 to 93 removes 3 false alarms and keeps both hits."));

        const QVector<IncidentVerdict> late { incident(at(10), at(25), V::Useful, "A"),
            incident(at(29), at(35), V::Noise, "backup spike"), incident(at(50), at(65), V::MissedOrLate, "slow build"),
            incident(at(79), at(95), V::Useful, "B") };
        const BacktestInput lateInput { history(), {}, late };
        const BacktestResult lateBefore = backtester.run(lateInput);
        const ThresholdSuggestion shorter
            = ThresholdSuggester().suggest(backtester, lateInput, lateBefore, text, "p.yaml");
        QCOMPARE(SuggestionSentence::of(lateBefore, shorter),
            QStringLiteral("Shortening `for` from 2m to 1m30s catches 1 missed incident, adds no false alarm and "
                           "keeps both hits."));
    }

    void findingsTableHasARowPerThingThatHappened()
    {
        const QVector<IncidentVerdict> incidents { incident(at(10), at(25), V::Useful, "A"),
            incident(at(29), at(35), V::Noise, "backup spike"), incident(at(50), at(65), V::MissedOrLate, "slow build"),
            incident(at(79), at(95), V::Useful, "B", {}, false), incident(at(114), at(116), V::Noise, "quiet noise") };
        const BacktestResult result = GateBacktester(diskGate()).run({ history(), {}, incidents });
        BacktestFindingsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setResult(result);
        using O = BacktestFindingsModel::Outcome;
        QCOMPARE(model.count(O::Hit), result.hits);
        QCOMPARE(model.count(O::FalseAlarm), result.falseAlarms);
        QCOMPARE(model.count(O::Miss), result.misses);
        QCOMPARE(model.count(O::Quiet), 1); // the last noise incident, which the gate rightly ignored
        QCOMPARE(model.rowCount(), int(result.findings.size()) + 1);
        qint64 previous = 0;
        for (int row = 0; row < model.rowCount(); ++row) {
            const qint64 time = model.index(row, 0).data(BacktestFindingsModel::TimeRole).toLongLong();
            QVERIFY(time >= previous);
            previous = time;
        }
        const auto rowOf = [&](const QString& label) {
            for (int row = 0; row < model.rowCount(); ++row) {
                if (model.index(row, BacktestFindingsModel::IncidentColumn).data().toString() == label)
                    return row;
            }
            return -1;
        };
        const int b = rowOf(QStringLiteral("B"));
        QVERIFY(b >= 0);
        QCOMPARE(model.index(b, BacktestFindingsModel::VerdictColumn).data().toString(), QStringLiteral("unreviewed"));
        QCOMPARE(model.index(b, BacktestFindingsModel::OutcomeColumn).data().toString(), QStringLiteral("Hit"));
        QCOMPARE(model.index(b, BacktestFindingsModel::DelayColumn).data().toString(),
            QStringLiteral("+3m")); // fired at 82m
        const int slow = rowOf(QStringLiteral("slow build"));
        QCOMPARE(model.index(slow, BacktestFindingsModel::OutcomeColumn).data().toString(), QStringLiteral("Miss"));
        QCOMPARE(model.index(slow, BacktestFindingsModel::VerdictColumn).data().toString(),
            QStringLiteral("missed or late"));
        model.clear();
        QCOMPARE(model.rowCount(), 0);
    }

    void labelValuesFromPastIncidents()
    {
        const LabelSet eu { { "instance", "db-eu-1" }, { "alertname", "DiskSpaceHigh" } };
        const LabelSet us { { "instance", "db-us-1" }, { "alertname", "DiskSpaceHigh" } };
        const QVector<IncidentVerdict> incidents { incident(at(10), at(20), V::Useful, "#1 eu", eu),
            incident(at(30), at(40), V::Useful, "#2 us", us), incident(at(50), at(60), V::Noise, "#3 eu", eu) };
        const IncidentLabelChoices choices = IncidentLabelChoices::from(incidents, { QStringLiteral("instance") });
        QCOMPARE(choices.values.size(), 2);
        QCOMPARE(choices.values.first(), (LabelSet { { "instance", "db-eu-1" } })); // the most recent first
        QVERIFY2(choices.texts.first().startsWith(QStringLiteral("instance=db-eu-1 \u00b7 latest #3 eu at ")),
            qPrintable(choices.texts.first()));
        QVERIFY2(choices.texts.first().endsWith(QStringLiteral("(2 incidents)")), qPrintable(choices.texts.first()));
        const QVector<IncidentVerdict> onEu = IncidentLabelChoices::matching(incidents, choices.values.first());
        QCOMPARE(onEu.size(), 2);
        QCOMPARE(onEu.at(1).label, QStringLiteral("#3 eu"));
    }

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
    QByteArray m_text;
};

QTEST_GUILESS_MAIN(TestBacktestSupport)
#include "tst_backtestsupport.moc"
