#include "domain/metatypes.h"
#include "store/database.h"
#include "store/storewriter.h"

#include <QCoreApplication>
#include <QProcess>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QTimer>
#include <cstdio>

using namespace firebreak;

namespace {

const char* const ChildWriterFlag = "--child-writer";
constexpr int RowsPerBatch = 250;

// The child: streams batches through a StoreWriter as fast as it can and, after every commit,
// prints the range of event ids that commit made durable. It runs until the parent kills it.
int runChildWriter(const QString& path)
{
    registerMetaTypes();
    StoreWriter writer(path);
    QObject::connect(&writer, &StoreWriter::opened, [](const StoreOpenResult& result) {
        if (!result.ok || result.readOnly) {
            std::fprintf(stderr, "child: cannot open the store: %s\n", qPrintable(result.problem));
            std::exit(3);
        }
    });
    QObject::connect(&writer, &StoreWriter::committed, [](const CommittedBatch& batch) {
        if (batch.events.isEmpty())
            return;
        std::printf("committed %lld %lld\n", static_cast<long long>(batch.events.first().id),
            static_cast<long long>(batch.events.last().id));
        std::fflush(stdout);
    });
    QObject::connect(&writer, &StoreWriter::failed, [](const QString& error, const QVector<quint64>&) {
        std::fprintf(stderr, "child: write failed: %s\n", qPrintable(error));
        std::exit(4);
    });
    writer.open();

    qint64 sequence = 0;
    QTimer feed;
    QObject::connect(&feed, &QTimer::timeout, [&] {
        WriteBatch batch;
        Incident incident;
        incident.id = 1 + sequence / 5000;
        incident.title = QStringLiteral("crash test incident");
        incident.updatedMs = sequence;
        batch.incidents.append(incident);
        for (int i = 0; i < RowsPerBatch; ++i, ++sequence) {
            Event event;
            event.timeMs = 1'700'000'000'000 + sequence;
            event.kind = QStringLiteral("note");
            event.source = QStringLiteral("crash-child");
            event.incidentId = incident.id;
            event.title = QStringLiteral("streamed event %1").arg(sequence);
            event.body = QByteArrayLiteral("{\"payload\":\"") + QByteArray(200, 'x') + QByteArrayLiteral("\"}");
            batch.events.append(event);
        }
        // A run that moves with every batch, and one sample per batch: the check below finds them
        // in step with the events, whatever the kill interrupted.
        Run run;
        run.id = 1;
        run.risk = QStringLiteral("low");
        run.state = RunState::Verifying;
        run.updatedMs = batch.events.last().timeMs;
        batch.runs.append(run);
        VerifySample sample;
        sample.runId = 1;
        sample.sampleIndex = static_cast<int>(sequence / RowsPerBatch);
        sample.hasValue = true;
        sample.value = static_cast<double>(sequence);
        batch.verifySamples.append(sample);
        writer.enqueue(batch);
    });
    feed.start(0);
    // A child that is never killed must not outlive the test.
    QTimer::singleShot(60'000, QCoreApplication::instance(), [] { std::exit(5); });
    return QCoreApplication::exec();
}

struct Range {
    qint64 first = 0;
    qint64 last = 0;
};

} // namespace

// A writer killed with SIGKILL in the middle of a stream of batches must leave every row it
// reported as committed on disk, every batch whole, and a file that passes integrity_check.
class TstStoreCrash : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { registerMetaTypes(); }

    void killedWriterLosesNothingCommitted()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("crash.db"));
        QVector<Range> reported;

        // The same file each round, so each child also starts on what its killed predecessor left.
        // Kill points: after a few commits, then a little later so that SIGKILL lands at different
        // places of the next transaction (building it, writing the WAL, fsync).
        const std::pair<int, int> killPoints[] = { { 2, 0 }, { 9, 7 }, { 23, 31 } };
        for (const auto& [commitsBeforeKill, delayMs] : killPoints) {
            QProcess child;
            child.setProcessChannelMode(QProcess::SeparateChannels);
            child.start(QCoreApplication::applicationFilePath(), { QString::fromLatin1(ChildWriterFlag), path });
            QVERIFY2(child.waitForStarted(10'000), qPrintable(child.errorString()));

            int commits = 0;
            QByteArray pending;
            const auto collect = [&] {
                pending += child.readAllStandardOutput();
                qsizetype newline = 0;
                while ((newline = pending.indexOf('\n')) >= 0) {
                    const QList<QByteArray> fields = pending.left(newline).split(' ');
                    pending.remove(0, newline + 1);
                    if (fields.size() == 3 && fields.at(0) == "committed") {
                        reported.append({ fields.at(1).toLongLong(), fields.at(2).toLongLong() });
                        ++commits;
                    }
                }
            };
            while (commits < commitsBeforeKill) {
                QVERIFY2(child.state() == QProcess::Running,
                    qPrintable(QString::fromLocal8Bit(child.readAllStandardError())));
                child.waitForReadyRead(1000);
                collect();
            }
            QThread::msleep(static_cast<unsigned long>(delayMs));
            child.kill(); // SIGKILL: no flush, no close, no destructor
            QVERIFY(child.waitForFinished(10'000));
            QCOMPARE(child.exitStatus(), QProcess::CrashExit);
            collect(); // whatever it printed before dying was committed before it was printed
            qInfo("killed after %d commits; highest committed id %lld", commits, reported.last().last);

            verifyStore(path, reported);
            if (QTest::currentTestFailed())
                return;
        }
    }

private:
    static void verifyStore(const QString& path, const QVector<Range>& reported)
    {
        const QString name = QStringLiteral("verify");
        {
            // Opened the way the console opens it after a crash (which runs integrity_check too).
            const StoreOpenResult result = Database::open(name, path, Database::Mode::ReadWrite);
            QVERIFY2(result.ok && !result.readOnly && result.problem.isEmpty(), qPrintable(result.problem));
            QSqlDatabase db = Database::connection(name);
            QSqlQuery query(db);
            QVERIFY(query.exec(QStringLiteral("PRAGMA integrity_check")) && query.next());
            QCOMPARE(query.value(0).toString(), QStringLiteral("ok"));
            query.finish();

            QVERIFY(query.prepare(QStringLiteral(
                "SELECT count(*), min(title LIKE 'streamed event %') FROM events WHERE id BETWEEN ? AND ?")));
            qint64 highest = 0;
            for (const Range& range : reported) {
                query.bindValue(0, range.first);
                query.bindValue(1, range.last);
                QVERIFY(query.exec() && query.next());
                QCOMPARE(query.value(0).toLongLong(), range.last - range.first + 1);
                QCOMPARE(query.value(1).toInt(), 1);
                highest = qMax(highest, range.last);
            }
            query.finish();

            // Every reported id is there, and the search index is sound and holds exactly the events
            // up to how far it says it got.
            QVERIFY(query.prepare(QStringLiteral("SELECT count(*) FROM events WHERE id <= ?")));
            query.bindValue(0, highest);
            QVERIFY(query.exec() && query.next());
            QCOMPARE(query.value(0).toLongLong(), highest);
            query.finish();
            QVERIFY2(query.exec(QStringLiteral("INSERT INTO events_search(events_search) VALUES ('integrity-check')")),
                qPrintable(query.lastError().text()));
            QVERIFY(query.exec(QStringLiteral("SELECT (SELECT indexed_upto FROM search_progress),"
                                              " (SELECT count(*) FROM events_search_docsize),"
                                              " (SELECT COALESCE(max(id), 0) FROM events_search_docsize),"
                                              " (SELECT COALESCE(max(id), 0) FROM events)"))
                && query.next());
            QCOMPARE(query.value(1).toLongLong(), query.value(0).toLongLong());
            QCOMPARE(query.value(2).toLongLong(), query.value(0).toLongLong());
            QVERIFY(query.value(0).toLongLong() <= query.value(3).toLongLong());
            query.finish();

            // A batch's run update and sample went in with its events or not at all: the run was last
            // updated by the batch that holds the newest event, and there is one sample per batch.
            QVERIFY(query.exec(QStringLiteral("SELECT (SELECT updated_ms FROM runs WHERE id = 1),"
                                              " (SELECT time_ms FROM events ORDER BY id DESC LIMIT 1),"
                                              " (SELECT count(*) FROM verify_samples) * %1,"
                                              " (SELECT count(*) FROM events)")
                                   .arg(RowsPerBatch))
                && query.next());
            QCOMPARE(query.value(0).toLongLong(), query.value(1).toLongLong());
            QCOMPARE(query.value(2).toLongLong(), query.value(3).toLongLong());
        }
        Database::close(name);
    }
};

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    if (argc == 3 && qstrcmp(argv[1], ChildWriterFlag) == 0)
        return runChildWriter(QString::fromLocal8Bit(argv[2]));
    TstStoreCrash test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_store_crash.moc"
