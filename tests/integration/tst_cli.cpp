// The command-line contract as a user meets it: exit codes, messages, and what --headless and
// `timeline` print, run against the real binary on the sandbox.
#include "reviewfixture.h"
#include "roster/passphrasehash.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

namespace {

struct Run {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Run runFirebreak(const QStringList& arguments, int timeoutMs = 60000)
{
    QProcess process;
    process.start(QStringLiteral(FIREBREAK_BINARY), arguments);
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
    }
    return { process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1, process.readAllStandardOutput(),
        process.readAllStandardError() };
}

QJsonObject parseLine(const QByteArray& line)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(line, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return {};
    return document.object();
}

} // namespace

class TestCli : public QObject {
    Q_OBJECT
    QTemporaryDir m_keep;
    QString m_demoDb; // the store the headless test left, for `runs`
    QList<QByteArray> m_demoLines;
private Q_SLOTS:
    void badArguments_data();
    void badArguments();
    void helpAndVersion();
    void headlessPrintsEventsAsJsonAndTimelineAgrees();
    void demoShowsIncidentsQuickly();
    void secondRunKeepsWhatTheFirstStored();
    void timelineOnMissingStore();
    void badConfigFileSaysWhereAndStartsNothing_data();
    void badConfigFileSaysWhereAndStartsNothing();
    void headlessRunsOnAConfigurationWithoutTheSandbox();
    void answeredDeliveriesLeftInTheInboxAreReplayed();
    void runsListsEveryProposedRun();
    void rosterHashPrintsALineTheRosterAccepts();
    void aBadPlaybookStopsTheStart();
    void reviewExportWritesEveryFormat();
};

void TestCli::badArguments_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("expected");
    QTest::newRow("unknown option") << QStringList { QStringLiteral("--frobnicate") }
                                    << QStringLiteral("Unknown option 'frobnicate'");
    QTest::newRow("speed not a number") << QStringList { QStringLiteral("--speed"),
        QStringLiteral("fast") } << QStringLiteral("--speed must be a number above 0 and at most 100000, not 'fast'");
    QTest::newRow("speed zero") << QStringList { QStringLiteral("--speed"), QStringLiteral("0") }
                                << QStringLiteral("--speed must be a number above 0");
    QTest::newRow("seed negative") << QStringList { QStringLiteral("--seed"), QStringLiteral("-3") }
                                   << QStringLiteral("--seed must be a non-negative integer, not '-3'");
    QTest::newRow("unknown scenario") << QStringList { QStringLiteral("--scenario"), QStringLiteral("volcano") }
                                      << QStringLiteral("unknown scenario 'volcano' (known: ");
    QTest::newRow("for without headless") << QStringList { QStringLiteral("--for"), QStringLiteral("3") }
                                          << QStringLiteral("--for only applies to --headless");
    QTest::newRow("for negative") << QStringList { QStringLiteral("--headless"), QStringLiteral("--for"),
        QStringLiteral("-1") } << QStringLiteral("--for must be a number of seconds >= 0, not '-1'");
    QTest::newRow("missing value") << QStringList { QStringLiteral("--db") }
                                   << QStringLiteral("Missing value after '--db'");
    QTest::newRow("unknown command") << QStringList { QStringLiteral("explode") }
                                     << QStringLiteral("unknown command 'explode' (known: timeline");
    QTest::newRow("timeline without db") << QStringList { QStringLiteral("timeline") }
                                         << QStringLiteral("timeline needs --db PATH");
    QTest::newRow("bad incident id") << QStringList { QStringLiteral("timeline"), QStringLiteral("--db"),
        QStringLiteral("x.db"), QStringLiteral("--incident"), QStringLiteral("zero") }
                                     << QStringLiteral("--incident must be a positive incident id, not 'zero'");
    QTest::newRow("config with scenario") << QStringList { QStringLiteral("--config"), QStringLiteral("f.yaml"),
        QStringLiteral("--scenario"), QStringLiteral("disk-full") }
                                          << QStringLiteral("--scenario is for the built-in sandbox and cannot be "
                                                            "combined with --config");
    QTest::newRow("config with demo") << QStringList { QStringLiteral("--config"), QStringLiteral("f.yaml"),
        QStringLiteral("--demo") } << QStringLiteral("--demo is for the built-in sandbox");
    QTest::newRow("missing config file") << QStringList { QStringLiteral("--headless"), QStringLiteral("--config"),
        QStringLiteral("/nonexistent/firebreak.yaml") }
                                         << QStringLiteral("/nonexistent/firebreak.yaml");
    QTest::newRow("headless and screenshot")
        << QStringList { QStringLiteral("--headless"), QStringLiteral("--screenshot"), QStringLiteral("a.png") }
        << QStringLiteral("--headless and --screenshot cannot be combined");
    QTest::newRow("view without screenshot") << QStringList { QStringLiteral("--view"), QStringLiteral("run") }
                                             << QStringLiteral("--view only applies to --screenshot");
    QTest::newRow("unknown view") << QStringList { QStringLiteral("--screenshot"), QStringLiteral("a.png"),
        QStringLiteral("--view"), QStringLiteral("kitchen") }
                                  << QStringLiteral("unknown view 'kitchen' (known: main, approval, run, wall)");
    QTest::newRow("wall and headless") << QStringList { QStringLiteral("--wall"), QStringLiteral("--headless") }
                                       << QStringLiteral("--wall is a display");
    QTest::newRow("wall with timeline") << QStringList { QStringLiteral("timeline"), QStringLiteral("--db"),
        QStringLiteral("x.db"), QStringLiteral("--wall") }
                                        << QStringLiteral("--wall and --view only apply to the console");
    const QStringList exportTo { QStringLiteral("--format"), QStringLiteral("pdf"), QStringLiteral("-o"),
        QStringLiteral("r.pdf") };
    QTest::newRow("review without subcommand") << QStringList { QStringLiteral("review") }
                                               << QStringLiteral("review needs a subcommand: review export INCIDENT");
    QTest::newRow("review export without incident")
        << (QStringList { QStringLiteral("review"), QStringLiteral("export") } + exportTo)
        << QStringLiteral("review export needs an incident id");
    QTest::newRow("review export incident not a number")
        << (QStringList { QStringLiteral("review"), QStringLiteral("export"), QStringLiteral("seven") } + exportTo)
        << QStringLiteral("INCIDENT must be a positive incident id, not 'seven'");
    QTest::newRow("review export incident zero")
        << (QStringList { QStringLiteral("review"), QStringLiteral("export"), QStringLiteral("0") } + exportTo)
        << QStringLiteral("INCIDENT must be a positive incident id, not '0'");
    QTest::newRow("review export two incidents")
        << (QStringList { QStringLiteral("review"), QStringLiteral("export"), QStringLiteral("7"), QStringLiteral("8") }
               + exportTo)
        << QStringLiteral("review export takes one incident id, not '7 8'");
    QTest::newRow("review export bad format") << QStringList { QStringLiteral("review"), QStringLiteral("export"),
        QStringLiteral("7"), QStringLiteral("--format"), QStringLiteral("docx"), QStringLiteral("-o"),
        QStringLiteral("r.docx") } << QStringLiteral("unknown export format 'docx' (known: md, html, pdf)");
    QTest::newRow("review export without format") << QStringList { QStringLiteral("review"), QStringLiteral("export"),
        QStringLiteral("7"), QStringLiteral("-o"), QStringLiteral("r.pdf") }
                                                  << QStringLiteral("review export needs --format md|html|pdf");
    QTest::newRow("review export without -o") << QStringList { QStringLiteral("review"), QStringLiteral("export"),
        QStringLiteral("7"), QStringLiteral("--format"), QStringLiteral("md") }
                                              << QStringLiteral("review export needs -o FILE");
    QTest::newRow("review export with a foreign option")
        << (QStringList {
                QStringLiteral("review"), QStringLiteral("export"), QStringLiteral("7"), QStringLiteral("--json") }
               + exportTo)
        << QStringLiteral("review export takes only --format, -o and --db, not --json");
    QTest::newRow("format without review export") << QStringList { QStringLiteral("--format"), QStringLiteral("md") }
                                                  << QStringLiteral("--format and -o only apply to review export");
}

void TestCli::badArguments()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, expected);
    const Run run = runFirebreak(arguments);
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(QString::fromUtf8(run.err).contains(expected), run.err.constData());
    QVERIFY(run.out.isEmpty());
}

void TestCli::helpAndVersion()
{
    const Run help = runFirebreak({ QStringLiteral("--help") });
    QCOMPARE(help.exitCode, 0);
    for (const char* option : { "--demo", "--config", "--scenario", "--speed", "--seed", "--db", "--headless", "--for",
             "--json", "--screenshot", "--after", "--wall", "--view", "timeline", "review export", "--format" })
        QVERIFY2(help.out.contains(option), option);
    const Run version = runFirebreak({ QStringLiteral("--version") });
    QCOMPARE(version.exitCode, 0);
    QVERIFY(version.out.startsWith("firebreak "));
}

void TestCli::headlessPrintsEventsAsJsonAndTimelineAgrees()
{
    const QString db = m_keep.filePath(QStringLiteral("fb.db"));
    const Run headless = runFirebreak(
        { QStringLiteral("--headless"), QStringLiteral("--demo"), QStringLiteral("--for"), QStringLiteral("8"),
            QStringLiteral("--json"), QStringLiteral("--speed"), QStringLiteral("240"), QStringLiteral("--db"), db });
    QCOMPARE(headless.exitCode, 0);
    const QList<QByteArray> lines = headless.out.trimmed().split('\n');
    QVERIFY2(lines.size() > 5, headless.out.constData());
    QSet<qint64> ids;
    bool sawIncident = false;
    for (const QByteArray& line : lines) {
        const QJsonObject event = parseLine(line);
        QVERIFY2(!event.isEmpty(), line.constData());
        for (const char* key : { "time", "incident", "kind", "severity", "source", "title" })
            QVERIFY2(event.contains(QLatin1String(key)), line.constData());
        ids.insert(event.value(QStringLiteral("id")).toInteger());
        sawIncident = sawIncident || event.value(QStringLiteral("incident")).toInteger() > 0;
    }
    QVERIFY(sawIncident);
    QCOMPARE(ids.size(), lines.size()); // every printed event is a distinct stored row

    const Run timeline
        = runFirebreak({ QStringLiteral("timeline"), QStringLiteral("--db"), db, QStringLiteral("--json") });
    QCOMPARE(timeline.exitCode, 0);
    QSet<qint64> storedIds;
    qint64 previousTime = 0;
    for (const QByteArray& line : timeline.out.trimmed().split('\n')) {
        const QJsonObject event = parseLine(line);
        storedIds.insert(event.value(QStringLiteral("id")).toInteger());
        const qint64 time = event.value(QStringLiteral("time_ms")).toInteger();
        QVERIFY(time >= previousTime); // oldest first
        previousTime = time;
    }
    QCOMPARE(storedIds, ids);
    m_demoDb = db;
    m_demoLines = lines;

    // The same store read for one incident only.
    const Run one = runFirebreak({ QStringLiteral("timeline"), QStringLiteral("--db"), db, QStringLiteral("--incident"),
        QStringLiteral("1"), QStringLiteral("--json") });
    QCOMPARE(one.exitCode, 0);
    for (const QByteArray& line : one.out.trimmed().split('\n'))
        QCOMPARE(parseLine(line).value(QStringLiteral("incident")).toInteger(), 1);
}

// A newcomer runs --demo at the default speed: an incident within 10 s of wall time, incidents
// from two different scenarios within 20 s.
void TestCli::demoShowsIncidentsQuickly()
{
    QTemporaryDir dir;
    QProcess process;
    QElapsedTimer wall;
    wall.start();
    process.start(QStringLiteral(FIREBREAK_BINARY),
        { QStringLiteral("--headless"), QStringLiteral("--demo"), QStringLiteral("--for"), QStringLiteral("21"),
            QStringLiteral("--json"), QStringLiteral("--db"), dir.filePath(QStringLiteral("demo.db")) });
    qint64 firstIncidentMs = -1;
    QMap<QString, qint64> serviceFirstSeenMs; // a scenario is told apart by the service its alerts are about
    QByteArray pending;
    while (process.state() != QProcess::NotRunning || process.bytesAvailable() > 0) {
        process.waitForReadyRead(100);
        pending += process.readAllStandardOutput();
        qsizetype newline;
        while ((newline = pending.indexOf('\n')) >= 0) {
            const QJsonObject event = parseLine(pending.left(newline));
            pending.remove(0, newline + 1);
            if (event.value(QStringLiteral("kind")).toString() != QLatin1String("alert.firing")
                || event.value(QStringLiteral("incident")).toInteger() <= 0)
                continue;
            if (firstIncidentMs < 0)
                firstIncidentMs = wall.elapsed();
            const QString service = event.value(QStringLiteral("body"))
                                        .toObject()
                                        .value(QStringLiteral("labels"))
                                        .toObject()
                                        .value(QStringLiteral("service"))
                                        .toString();
            if (!serviceFirstSeenMs.contains(service))
                serviceFirstSeenMs.insert(service, wall.elapsed());
        }
        if (wall.elapsed() > 40000)
            break;
    }
    process.waitForFinished(10000);
    QCOMPARE(process.exitCode(), 0);
    QVERIFY2(firstIncidentMs >= 0 && firstIncidentMs <= 10000, qPrintable(QString::number(firstIncidentMs)));
    QList<qint64> firstSeen = serviceFirstSeenMs.values();
    std::sort(firstSeen.begin(), firstSeen.end());
    QVERIFY2(firstSeen.size() >= 2, qPrintable(serviceFirstSeenMs.keys().join(QLatin1Char(','))));
    QVERIFY2(firstSeen.at(1) <= 20000, qPrintable(QString::number(firstSeen.at(1))));
}

// Restarting on the same store continues it: nothing the first run committed is changed, and the
// second run numbers its incidents after the first run's.
void TestCli::secondRunKeepsWhatTheFirstStored()
{
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("restart.db"));
    const QStringList headless { QStringLiteral("--headless"), QStringLiteral("--demo"), QStringLiteral("--for"),
        QStringLiteral("6"), QStringLiteral("--json"), QStringLiteral("--speed"), QStringLiteral("300"),
        QStringLiteral("--db"), db };
    QCOMPARE(runFirebreak(headless).exitCode, 0);
    const Run first
        = runFirebreak({ QStringLiteral("timeline"), QStringLiteral("--db"), db, QStringLiteral("--json") });
    QCOMPARE(first.exitCode, 0);
    QMap<qint64, QByteArray> firstRows;
    qint64 firstMaxIncident = 0;
    for (const QByteArray& line : first.out.trimmed().split('\n')) {
        const QJsonObject event = parseLine(line);
        firstRows.insert(event.value(QStringLiteral("id")).toInteger(), line);
        firstMaxIncident = qMax(firstMaxIncident, event.value(QStringLiteral("incident")).toInteger());
    }
    QVERIFY(firstMaxIncident > 0);

    QCOMPARE(runFirebreak(headless).exitCode, 0);
    const Run second
        = runFirebreak({ QStringLiteral("timeline"), QStringLiteral("--db"), db, QStringLiteral("--json") });
    QCOMPARE(second.exitCode, 0);
    int kept = 0;
    bool newIncident = false;
    for (const QByteArray& line : second.out.trimmed().split('\n')) {
        const QJsonObject event = parseLine(line);
        const qint64 id = event.value(QStringLiteral("id")).toInteger();
        if (firstRows.contains(id)) {
            QCOMPARE(line, firstRows.value(id)); // byte for byte as the first run left it
            ++kept;
        } else if (event.value(QStringLiteral("kind")).toString() == QLatin1String("incident.opened")) {
            QVERIFY2(event.value(QStringLiteral("incident")).toInteger() > firstMaxIncident, line.constData());
            newIncident = true;
        }
    }
    QCOMPARE(kept, firstRows.size());
    QVERIFY(newIncident);
}

void TestCli::timelineOnMissingStore()
{
    QTemporaryDir dir;
    const Run run = runFirebreak(
        { QStringLiteral("timeline"), QStringLiteral("--db"), dir.filePath(QStringLiteral("nothing.db")) });
    QCOMPARE(run.exitCode, 1);
    QVERIFY(run.err.contains("no store at"));
}

void TestCli::badConfigFileSaysWhereAndStartsNothing_data()
{
    QTest::addColumn<QByteArray>("yaml");
    QTest::addColumn<int>("line");
    QTest::addColumn<QString>("expected");
    QTest::newRow("unknown key") << QByteArray("store:\n  path: fb.db\nrecievers: {}\n") << 3
                                 << QStringLiteral("recievers");
    QTest::newRow("bad duration") << QByteArray("store: {path: fb.db}\ncorrelation:\n  window: soon\n") << 3
                                  << QStringLiteral("soon");
    QTest::newRow("receiver without token") << QByteArray("store: {path: fb.db}\nreceiver:\n  listen: "
                                                          "\"127.0.0.1:9095\"\n")
                                            << 3 << QStringLiteral("token_file");
    QTest::newRow("readable token file") << QByteArray("store: {path: fb.db}\nreceiver:\n  listen: "
                                                       "\"127.0.0.1:9095\"\n  token_file: open-token\n")
                                         << 4 << QStringLiteral("readable");
}

void TestCli::badConfigFileSaysWhereAndStartsNothing()
{
    QFETCH(QByteArray, yaml);
    QFETCH(int, line);
    QFETCH(QString, expected);
    QTemporaryDir dir;
    QFile token(dir.filePath(QStringLiteral("open-token")));
    QVERIFY(token.open(QIODevice::WriteOnly));
    token.write("secret-token-value\n");
    token.close();
    QVERIFY(token.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup | QFile::ReadOther));
    const QString config = dir.filePath(QStringLiteral("firebreak.yaml"));
    QFile file(config);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(yaml);
    file.close();

    const Run run = runFirebreak({ QStringLiteral("--headless"), QStringLiteral("--config"), config,
                                     QStringLiteral("--for"), QStringLiteral("5") },
        20000);
    QCOMPARE(run.exitCode, 2);
    const QString err = QString::fromUtf8(run.err);
    QVERIFY2(err.contains(QStringLiteral("%1:%2: ").arg(config).arg(line)), run.err.constData());
    QVERIFY2(err.contains(expected), run.err.constData());
    QVERIFY2(!err.contains(QStringLiteral("secret-token-value")), "a token must never be printed");
    QVERIFY(run.out.isEmpty());
    QVERIFY2(!QFile::exists(dir.filePath(QStringLiteral("fb.db"))), "a bad configuration must not create a store");
}

void TestCli::headlessRunsOnAConfigurationWithoutTheSandbox()
{
    QTemporaryDir dir;
    const QString config = dir.filePath(QStringLiteral("firebreak.yaml"));
    QFile file(config);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("store: {path: real.db}\ncorrelation: {group_by: [service], window: 5m}\n");
    file.close();
    const Run run = runFirebreak({ QStringLiteral("--headless"), QStringLiteral("--config"), config,
        QStringLiteral("--for"), QStringLiteral("2"), QStringLiteral("--json") });
    QCOMPARE(run.exitCode, 0);
    // The store named by the configuration (relative to the file) was created; no sandbox ran, so
    // nothing was printed or stored.
    QVERIFY(QFile::exists(dir.filePath(QStringLiteral("real.db"))));
    QVERIFY2(run.out.isEmpty(), run.out.constData());
    const Run timeline
        = runFirebreak({ QStringLiteral("timeline"), QStringLiteral("--db"), dir.filePath(QStringLiteral("real.db")) });
    QCOMPARE(timeline.exitCode, 0);
    QVERIFY2(timeline.out.isEmpty(), timeline.out.constData());
}

// Firebreak answers a webhook once the delivery is in the store's inbox and writes its rows after.
// Stopped in between (as by SIGKILL), the next start finds the deliveries there and correlates them:
// each alert once, however many copies were answered, and a body it cannot read is quarantined,
// never dropped. The rows are put in the file by hand, as a killed Firebreak would have left them.
void TestCli::answeredDeliveriesLeftInTheInboxAreReplayed()
{
    QTemporaryDir dir;
    const QString config = dir.filePath(QStringLiteral("firebreak.yaml"));
    QFile file(config);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("store: {path: replay.db}\ncorrelation: {group_by: [service], window: 5m}\n");
    file.close();
    const QStringList headless { QStringLiteral("--headless"), QStringLiteral("--config"), config,
        QStringLiteral("--for"), QStringLiteral("2") };
    QCOMPARE(runFirebreak(headless).exitCode, 0); // creates the store

    const QByteArray notification = QByteArrayLiteral(
        R"({"version":"4","groupKey":"{}:{service=\"pay\"}","status":"firing","receiver":"firebreak",)"
        R"("alerts":[{"status":"firing","labels":{"alertname":"PayErrors","service":"pay","instance":"a"},)"
        R"("startsAt":"2026-11-21T10:00:00Z","endsAt":"0001-01-01T00:00:00Z","fingerprint":"aaaa000000000001"},)"
        R"({"status":"firing","labels":{"alertname":"PayErrors","service":"pay","instance":"b"},)"
        R"("startsAt":"2026-11-21T10:00:01Z","endsAt":"0001-01-01T00:00:00Z","fingerprint":"aaaa000000000002"}]})");
    const QByteArray unreadable = QByteArrayLiteral(R"({"version":"99","alerts":[]})");
    const QString path = dir.filePath(QStringLiteral("replay.db"));
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("inbox-writer"));
        db.setDatabaseName(path);
        QVERIFY(db.open());
        QSqlQuery insert(db);
        QVERIFY(insert.prepare(QStringLiteral("INSERT INTO inbox(received_ms, source, body) VALUES (?, ?, ?)")));
        // The notification, an HA peer's copy of it, and a body from a newer format.
        for (const QByteArray& body : { notification, notification, unreadable }) {
            insert.bindValue(0, QDateTime::currentMSecsSinceEpoch() - 5000);
            insert.bindValue(1, QStringLiteral("alertmanager"));
            insert.bindValue(2, body);
            QVERIFY2(insert.exec(), qPrintable(insert.lastError().text()));
        }
    }
    QSqlDatabase::removeDatabase(QStringLiteral("inbox-writer"));

    const Run run = runFirebreak(headless);
    QCOMPARE(run.exitCode, 0);
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("inbox-reader"));
        db.setDatabaseName(path);
        QVERIFY(db.open());
        const auto count = [&db](const QString& sql) {
            QSqlQuery query(db);
            return query.exec(sql) && query.next() ? query.value(0).toInt() : -1;
        };
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM inbox")), 0);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM alerts")), 2);
        QCOMPARE(count(QStringLiteral("SELECT count(DISTINCT fingerprint) FROM alerts")), 2);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM events WHERE kind = 'alert.firing'")), 2);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM incidents")), 1);
        QSqlQuery kept(db);
        QVERIFY(kept.exec(QStringLiteral("SELECT body FROM quarantine")));
        QVERIFY(kept.next());
        QCOMPARE(kept.value(0).toByteArray(), unreadable);
        QVERIFY(!kept.next());
    }
    QSqlDatabase::removeDatabase(QStringLiteral("inbox-reader"));
}

// `firebreak runs` shows exactly the runs the headless demo proposed on its timeline, with a state.
void TestCli::runsListsEveryProposedRun()
{
    if (m_demoDb.isEmpty())
        QSKIP("needs the store of headlessPrintsEventsAsJsonAndTimelineAgrees");
    QSet<qint64> proposed;
    for (const QByteArray& line : std::as_const(m_demoLines)) {
        const QJsonObject event = parseLine(line);
        if (event.value(QStringLiteral("kind")).toString() == QLatin1String("run.proposed"))
            proposed.insert(event.value(QStringLiteral("body")).toObject().value(QStringLiteral("run")).toInteger());
    }
    const Run runs
        = runFirebreak({ QStringLiteral("runs"), QStringLiteral("--db"), m_demoDb, QStringLiteral("--json") });
    QCOMPARE(runs.exitCode, 0);
    QSet<qint64> listed;
    for (const QByteArray& line : runs.out.trimmed().split('\n')) {
        if (line.isEmpty())
            continue;
        const QJsonObject run = parseLine(line);
        QVERIFY2(!run.value(QStringLiteral("state")).toString().isEmpty(), line.constData());
        QCOMPARE(run.value(QStringLiteral("plan_sha256")).toString().size(), 64);
        listed.insert(run.value(QStringLiteral("id")).toInteger());
    }
    QCOMPARE(listed, proposed);
    const Run missing
        = runFirebreak({ QStringLiteral("runs"), QStringLiteral("--db"), m_keep.filePath(QStringLiteral("none.db")) });
    QCOMPARE(missing.exitCode, 1);
    QVERIFY(missing.err.contains("no store at"));
}

void TestCli::rosterHashPrintsALineTheRosterAccepts()
{
    QProcess process;
    process.start(QStringLiteral(FIREBREAK_BINARY), { QStringLiteral("roster"), QStringLiteral("hash") });
    process.write("correct horse battery staple\n");
    process.closeWriteChannel();
    QVERIFY(process.waitForFinished(60000));
    QCOMPARE(process.exitCode(), 0);
    const QString line = QString::fromUtf8(process.readAllStandardOutput()).trimmed();
    QVERIFY2(!line.contains(QStringLiteral("horse")), qPrintable(line));
    auto parsed = firebreak::PassphraseHash::parse(line);
    QVERIFY2(std::holds_alternative<firebreak::PassphraseHash>(parsed), qPrintable(line));
    QVERIFY(std::get<firebreak::PassphraseHash>(parsed).verify(QStringLiteral("correct horse battery staple")));
    QVERIFY(!std::get<firebreak::PassphraseHash>(parsed).verify(QStringLiteral("correct horse battery")));

    QProcess empty;
    empty.start(QStringLiteral(FIREBREAK_BINARY), { QStringLiteral("roster"), QStringLiteral("hash") });
    empty.closeWriteChannel();
    QVERIFY(empty.waitForFinished(60000));
    QCOMPARE(empty.exitCode(), 2);
    QVERIFY(empty.readAllStandardError().contains("empty"));
}

// A configuration whose playbook directory holds a broken playbook: FILE:LINE, exit 2, nothing runs.
void TestCli::aBadPlaybookStopsTheStart()
{
    QTemporaryDir dir;
    QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("playbooks")));
    QFile playbook(dir.filePath(QStringLiteral("playbooks/broken.yaml")));
    QVERIFY(playbook.open(QIODevice::WriteOnly));
    playbook.write("id: broken\ntitle: Broken\nrisk: extreme\n");
    playbook.close();
    QFile config(dir.filePath(QStringLiteral("firebreak.yaml")));
    QVERIFY(config.open(QIODevice::WriteOnly));
    config.write("store: {path: fb.db}\nautomation: {playbooks: playbooks}\n");
    config.close();
    const Run run = runFirebreak({ QStringLiteral("--headless"), QStringLiteral("--config"), config.fileName(),
                                     QStringLiteral("--for"), QStringLiteral("5") },
        20000);
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains("broken.yaml:3:"), run.err.constData());
    QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("fb.db"))));
}

// `review export` on a store with a reviewed incident: each format is written and says what it is,
// an unknown incident is exit 1 with nothing written, and the store is opened read-only (unchanged).
void TestCli::reviewExportWritesEveryFormat()
{
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("reviews.db"));
    const QString problem = ReviewFixture::write(db);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    auto digest = [&db] {
        QFile file(db);
        return file.open(QIODevice::ReadOnly) ? QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256)
                                              : QByteArray();
    };
    const QByteArray before = digest();

    struct Expect {
        const char* format;
        QByteArray starts;
        QByteArray contains;
    };
    for (const Expect& expect : { Expect { "md", "# Post-incident review: Checkout errors", "| Time (UTC) |" },
             Expect { "html", "<!DOCTYPE html>", "data:image/png;base64," }, Expect { "pdf", "%PDF-", "%%EOF" } }) {
        const QString format = QString::fromLatin1(expect.format);
        const QString out = dir.filePath(QStringLiteral("review.") + format);
        const Run run = runFirebreak({ QStringLiteral("review"), QStringLiteral("export"), QStringLiteral("7"),
            QStringLiteral("--format"), format, QStringLiteral("-o"), out, QStringLiteral("--db"), db });
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QVERIFY2(
            run.out.startsWith(QByteArray("Wrote " + out.toUtf8() + " (" + expect.format + ", ")), run.out.constData());
        QFile file(out);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray bytes = file.readAll();
        QVERIFY2(bytes.startsWith(expect.starts), expect.format);
        QVERIFY2(bytes.contains(expect.contains), expect.format);
        if (format == QLatin1String("pdf"))
            QVERIFY2(QRegularExpression(QStringLiteral("^Wrote .* \\(pdf, [4-9] pages\\)\n$"))
                         .match(QString::fromUtf8(run.out))
                         .hasMatch(),
                run.out.constData());
    }

    const QString missing = dir.filePath(QStringLiteral("missing.md"));
    const Run unknown = runFirebreak({ QStringLiteral("review"), QStringLiteral("export"), QStringLiteral("42"),
        QStringLiteral("--format"), QStringLiteral("md"), QStringLiteral("-o"), missing, QStringLiteral("--db"), db });
    QCOMPARE(unknown.exitCode, 1);
    QVERIFY2(unknown.err.contains("incident 42 does not exist"), unknown.err.constData());
    QVERIFY(!QFile::exists(missing));
    const Run noStore = runFirebreak({ QStringLiteral("review"), QStringLiteral("export"), QStringLiteral("7"),
        QStringLiteral("--format"), QStringLiteral("md"), QStringLiteral("-o"), missing, QStringLiteral("--db"),
        dir.filePath(QStringLiteral("none.db")) });
    QCOMPARE(noStore.exitCode, 1);
    QVERIFY(noStore.err.contains("no store at"));
    QCOMPARE(digest(), before);
    // No temporary file left behind (SQLite's -wal and -shm belong to any reader of a WAL store).
    QStringList after = QDir(dir.path()).entryList(QDir::Files | QDir::Hidden);
    after.removeIf([](const QString& name) {
        return name.endsWith(QLatin1String("-wal")) || name.endsWith(QLatin1String("-shm"));
    });
    QCOMPARE(after,
        (QStringList { QStringLiteral("review.html"), QStringLiteral("review.md"), QStringLiteral("review.pdf"),
            QStringLiteral("reviews.db") }));
}

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
