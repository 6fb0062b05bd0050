#include "config/configloader.h"
#include "config/duration.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <sys/stat.h>
#include <unistd.h>

using namespace firebreak;

namespace {

void writeFile(const QString& path, const QByteArray& content, QFileDevice::Permissions permissions)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    QVERIFY2(file.open(QIODevice::WriteOnly | QIODevice::Truncate), qPrintable(path));
    file.write(content);
    file.close();
    QVERIFY(file.setPermissions(permissions));
}

constexpr auto OwnerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
constexpr auto WorldReadable = OwnerOnly | QFileDevice::ReadGroup | QFileDevice::ReadOther;
constexpr auto GroupReadable = OwnerOnly | QFileDevice::ReadGroup;

QByteArray fullExampleYaml()
{
    QFile file(QStringLiteral(FIREBREAK_TEST_DATA "/config/full.yaml"));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(file.fileName()));
    return file.readAll();
}
} // namespace

class TstConfig : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_file;

    QString dirPath() const { return m_dir.path(); }

    std::variant<FirebreakConfig, ConfigError> loadText(const QByteArray& yaml)
    {
        writeFile(m_file, yaml, OwnerOnly);
        return ConfigLoader::load(m_file);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_file = m_dir.filePath(QStringLiteral("fb.yaml"));
        writeFile(m_dir.filePath(QStringLiteral("receiver-token")), "recv-secret\n", OwnerOnly);
        writeFile(m_dir.filePath(QStringLiteral("am-token")), "am-secret", OwnerOnly);
        writeFile(m_dir.filePath(QStringLiteral("prom-token")), "  prom-secret\r\n", OwnerOnly);
        writeFile(m_dir.filePath(QStringLiteral("feed-token")), "feed-secret\n\n", OwnerOnly);
        writeFile(m_dir.filePath(QStringLiteral("token")), "s3cret\n", OwnerOnly);
        writeFile(m_dir.filePath(QStringLiteral("empty-token")), "\n", OwnerOnly);
        writeFile(m_dir.filePath(QStringLiteral("two-line-token")), "first-half\nsecond-half\n", OwnerOnly);
        writeFile(m_dir.filePath(QStringLiteral("open-token")), "open-secret\n", WorldReadable);
        QVERIFY(QDir(m_dir.path()).mkpath(QStringLiteral("playbooks")));
        writeFile(m_dir.filePath(QStringLiteral("roster.yaml")), "users: []\n", OwnerOnly);
        writeFile(m_dir.filePath(QStringLiteral("unreadable-roster.yaml")), "users: []\n", QFileDevice::WriteOwner);
    }

    void fullExample()
    {
        const auto result = loadText(fullExampleYaml());
        const auto* error = std::get_if<ConfigError>(&result);
        QVERIFY2(!error, error ? qPrintable(error->toString()) : "");
        const FirebreakConfig& config = std::get<FirebreakConfig>(result);

        QCOMPARE(config.sourceFile, m_file);
        QVERIFY(config.store);
        QCOMPARE(config.store->path, QStringLiteral("/var/tmp/fb.db"));

        QVERIFY(config.receiver);
        QCOMPARE(config.receiver->listenHost, QStringLiteral("127.0.0.1"));
        QCOMPARE(config.receiver->listenPort, quint16(9095));
        QCOMPARE(config.receiver->maxBodyBytes, qint64(1048576));
        QCOMPARE(config.receiver->credential.file, m_dir.filePath(QStringLiteral("receiver-token")));
        QCOMPARE(config.receiver->credential.token, QByteArray("recv-secret"));

        QVERIFY(config.alertmanager);
        QCOMPARE(config.alertmanager->peers,
            (QList<QUrl> {
                QUrl(QStringLiteral("http://127.0.0.1:9093")), QUrl(QStringLiteral("http://127.0.0.1:9094")) }));
        QCOMPARE(config.alertmanager->credential.file, m_dir.filePath(QStringLiteral("am-token")));
        QCOMPARE(config.alertmanager->credential.token, QByteArray("am-secret"));

        QVERIFY(config.prometheus);
        QCOMPARE(config.prometheus->url, QUrl(QStringLiteral("http://127.0.0.1:9090")));
        QCOMPARE(config.prometheus->credential.token, QByteArray("prom-secret"));

        QCOMPARE(config.feeds.size(), 2);
        QCOMPARE(config.feeds[0].websocket, QUrl(QStringLiteral("ws://127.0.0.1:9100/events")));
        QCOMPARE(config.feeds[0].credential.file, m_dir.filePath(QStringLiteral("feed-token")));
        QCOMPARE(config.feeds[0].credential.token, QByteArray("feed-secret"));
        QCOMPARE(config.feeds[1].websocket, QUrl(QStringLiteral("wss://ci.example.org/events")));
        QVERIFY(!config.feeds[1].credential.isSet());
        QVERIFY(config.feeds[1].credential.token.isEmpty());

        QCOMPARE(
            config.correlation.grouping.groupBy, (QStringList { QStringLiteral("service"), QStringLiteral("region") }));
        QCOMPARE(config.correlation.grouping.windowMs, qint64(10 * 60 * 1000));
        QCOMPARE(config.correlation.resolveAfterMs, qint64(5 * 60 * 1000));
        QCOMPARE(config.correlation.rules.size(), 1);
        const CorrelationRule& rule = config.correlation.rules.first();
        QCOMPARE(rule.name, QStringLiteral("db-primary"));
        QCOMPARE(rule.hypothesis, QStringLiteral("database primary degraded"));
        QCOMPARE(rule.signals.size(), 3);
        QCOMPARE(
            rule.signals[0].matchers, (LabelSet { { QStringLiteral("alertname"), QStringLiteral("HighLatency") } }));
        QCOMPARE(rule.signals[1].matchers,
            (LabelSet { { QStringLiteral("alertname"), QStringLiteral("HighErrorRate") },
                { QStringLiteral("severity"), QStringLiteral("critical") } }));
        QCOMPARE(rule.signals[2].matchers,
            (LabelSet { { QStringLiteral("alertname"), QStringLiteral("DbConnectionsHigh") } }));
        QCOMPARE(rule.equal, QStringList { QStringLiteral("region") });
        QCOMPARE(rule.withinMs, qint64(5 * 60 * 1000));

        QVERIFY(config.automation);
        const AutomationSettings& automation = *config.automation;
        QCOMPARE(automation.playbooksDir, m_dir.filePath(QStringLiteral("playbooks")));
        QCOMPARE(automation.rosterFile, m_dir.filePath(QStringLiteral("roster.yaml")));
        QCOMPARE(automation.frozen, true);
        QCOMPARE(automation.autoApproveLow, true);
        QVERIFY(automation.rateLimit);
        QCOMPARE(automation.rateLimit->maxRuns, 10);
        QCOMPARE(automation.rateLimit->perMs, qint64(60 * 60 * 1000));
        const auto utc = [](int day, int hour, int minute) {
            return QDateTime(QDate(2026, 11, day), QTime(hour, minute), Qt::UTC).toMSecsSinceEpoch();
        };
        QCOMPARE(automation.maintenance,
            (QVector<MaintenanceWindow> { { utc(21, 2, 0), utc(21, 4, 0), QStringLiteral("db upgrade") },
                { utc(22, 0, 30), utc(22, 1, 0), QString() } }));
    }

    void automationKeysAreOptional()
    {
        const auto result = loadText("automation: {frozen: FALSE}\n");
        const auto* error = std::get_if<ConfigError>(&result);
        QVERIFY2(!error, error ? qPrintable(error->toString()) : "");
        const FirebreakConfig& config = std::get<FirebreakConfig>(result);
        QVERIFY(config.automation);
        QVERIFY(config.automation->playbooksDir.isEmpty());
        QVERIFY(config.automation->rosterFile.isEmpty());
        QCOMPARE(config.automation->frozen, false);
        QCOMPARE(config.automation->autoApproveLow, false);
        QVERIFY(!config.automation->rateLimit);
        QVERIFY(config.automation->maintenance.isEmpty());
    }

    void automationPathsResolveAgainstTheConfigDirectory()
    {
        const QString sub = m_dir.filePath(QStringLiteral("etc/firebreak"));
        QVERIFY(QDir(sub).mkpath(QStringLiteral("playbooks.d")));
        writeFile(m_dir.filePath(QStringLiteral("etc/roster.yaml")), "users: []\n", OwnerOnly);
        const QString file = sub + QStringLiteral("/fb.yaml");
        writeFile(file, "automation:\n  playbooks: playbooks.d/\n  roster: ../roster.yaml\n", OwnerOnly);
        const auto result = ConfigLoader::load(file);
        const auto* error = std::get_if<ConfigError>(&result);
        QVERIFY2(!error, error ? qPrintable(error->toString()) : "");
        const FirebreakConfig& config = std::get<FirebreakConfig>(result);
        QCOMPARE(config.automation->playbooksDir, sub + QStringLiteral("/playbooks.d"));
        QCOMPARE(config.automation->rosterFile, m_dir.filePath(QStringLiteral("etc/roster.yaml")));
    }

    void sectionsLeftOutAreAbsentOrDefault()
    {
        const auto result = loadText("store: {path: fb.db}\n");
        QVERIFY(std::holds_alternative<FirebreakConfig>(result));
        const FirebreakConfig& config = std::get<FirebreakConfig>(result);
        QVERIFY(config.store);
        QVERIFY(!config.receiver);
        QVERIFY(!config.alertmanager);
        QVERIFY(!config.prometheus);
        QVERIFY(config.feeds.isEmpty());
        QCOMPARE(config.correlation.grouping.groupBy, CorrelationConfig {}.groupBy);
        QCOMPARE(config.correlation.grouping.windowMs, CorrelationConfig {}.windowMs);
        QCOMPARE(config.correlation.resolveAfterMs, qint64(5 * 60 * 1000));
        QVERIFY(config.correlation.rules.isEmpty());
        QVERIFY(!config.automation);
    }

    void emptyGroupByPutsEverythingInOneGroup()
    {
        const auto result = loadText("correlation:\n  group_by: []\n");
        QVERIFY(std::holds_alternative<FirebreakConfig>(result));
        QVERIFY(std::get<FirebreakConfig>(result).correlation.grouping.groupBy.isEmpty());
    }

    void errorCarriesTheColumn()
    {
        const auto result = loadText("receiver:\n  listen: 127.0.0.1:9095\n  token_file: token\n  lisen: x\n");
        QVERIFY(std::holds_alternative<ConfigError>(result));
        const ConfigError& error = std::get<ConfigError>(result);
        QCOMPARE(error.line, 4);
        QCOMPARE(error.column, 3);
    }

    void ipv6AndLocalhostListen_data()
    {
        QTest::addColumn<QString>("listen");
        QTest::addColumn<QString>("host");
        QTest::addColumn<int>("port");
        QTest::newRow("ipv6") << "[::1]:9095"
                              << "::1" << 9095;
        QTest::newRow("localhost") << "localhost:1"
                                   << "localhost" << 1;
        QTest::newRow("any") << "0.0.0.0:65535"
                             << "0.0.0.0" << 65535;
    }

    void ipv6AndLocalhostListen()
    {
        QFETCH(QString, listen);
        QFETCH(QString, host);
        QFETCH(int, port);
        const auto result
            = loadText(QStringLiteral("receiver:\n  listen: \"%1\"\n  token_file: token\n").arg(listen).toUtf8());
        const auto* error = std::get_if<ConfigError>(&result);
        QVERIFY2(!error, error ? qPrintable(error->toString()) : "");
        const FirebreakConfig& config = std::get<FirebreakConfig>(result);
        QCOMPARE(config.receiver->listenHost, host);
        QCOMPARE(config.receiver->listenPort, quint16(port));
        QCOMPARE(config.receiver->maxBodyBytes, ReceiverSettings::DefaultMaxBodyBytes);
        QCOMPARE(config.receiver->credential.token, QByteArray("s3cret"));
    }

    void relativePathsResolveAgainstTheConfigDirectory()
    {
        const QString sub = m_dir.filePath(QStringLiteral("etc/firebreak"));
        writeFile(m_dir.filePath(QStringLiteral("secrets/token")), "relative-secret\n", OwnerOnly);
        const QString file = sub + QStringLiteral("/fb.yaml");
        writeFile(file,
            "store:\n  path: data/fb.db\n"
            "receiver:\n  listen: 127.0.0.1:9095\n  token_file: ../../secrets/token\n",
            OwnerOnly);
        const auto result = ConfigLoader::load(file);
        const auto* error = std::get_if<ConfigError>(&result);
        QVERIFY2(!error, error ? qPrintable(error->toString()) : "");
        const FirebreakConfig& config = std::get<FirebreakConfig>(result);
        QCOMPARE(config.store->path, sub + QStringLiteral("/data/fb.db"));
        QCOMPARE(config.receiver->credential.file, m_dir.filePath(QStringLiteral("secrets/token")));
        QCOMPARE(config.receiver->credential.token, QByteArray("relative-secret"));
    }

    void relativeConfigPathIsMadeAbsolute()
    {
        const QString previous = QDir::currentPath();
        QVERIFY(QDir::setCurrent(dirPath()));
        const auto result = loadText("store: {path: fb.db}\n");
        const auto relative = ConfigLoader::load(QStringLiteral("fb.yaml"));
        QVERIFY(QDir::setCurrent(previous));
        QVERIFY(std::holds_alternative<FirebreakConfig>(relative));
        QCOMPARE(std::get<FirebreakConfig>(relative).sourceFile, m_file);
        QCOMPARE(std::get<FirebreakConfig>(relative).store->path, m_dir.filePath(QStringLiteral("fb.db")));
    }

    void tokenPermissions_data()
    {
        QTest::addColumn<int>("mode");
        QTest::addColumn<QString>("expected"); // empty: accepted
        QTest::newRow("0600") << 0600 << QString();
        QTest::newRow("0400") << 0400 << QString();
        QTest::newRow("0644") << 0644
                              << "fb.yaml:3: token file {DIR}/perm-token is readable by group or others (mode 0644); "
                                 "chmod 600 it";
        QTest::newRow("0640") << 0640
                              << "fb.yaml:3: token file {DIR}/perm-token is readable by group or others (mode 0640); "
                                 "chmod 600 it";
        QTest::newRow("0604") << 0604
                              << "fb.yaml:3: token file {DIR}/perm-token is readable by group or others (mode 0604); "
                                 "chmod 600 it";
        QTest::newRow("0620 group may write") << 0620
                                              << "fb.yaml:3: token file {DIR}/perm-token is readable by group or "
                                                 "others (mode 0620); chmod 600 it";
    }

    void tokenPermissions()
    {
        QFETCH(int, mode);
        QFETCH(QString, expected);
        const QString token = m_dir.filePath(QStringLiteral("perm-token"));
        writeFile(token, "perm-secret\n", OwnerOnly);
        QCOMPARE(::chmod(QFile::encodeName(token).constData(), mode_t(mode)), 0);
        const auto result = loadText("prometheus:\n  url: http://127.0.0.1:9090\n  token_file: perm-token\n");
        if (expected.isEmpty()) {
            const auto* error = std::get_if<ConfigError>(&result);
            QVERIFY2(!error, error ? qPrintable(error->toString()) : "");
            QCOMPARE(std::get<FirebreakConfig>(result).prometheus->credential.token, QByteArray("perm-secret"));
        } else {
            QVERIFY(std::holds_alternative<ConfigError>(result));
            const QString message = std::get<ConfigError>(result).toString();
            QCOMPARE(message, dirPath() + QLatin1Char('/') + expected.replace(QStringLiteral("{DIR}"), dirPath()));
            QVERIFY(!message.contains(QStringLiteral("perm-secret")));
        }
    }

    void errors_data()
    {
        QTest::addColumn<QByteArray>("yaml");
        QTest::addColumn<QString>("expected"); // relative to the temporary directory; {DIR} is replaced by it

        // The file as a whole
        QTest::newRow("empty file") << QByteArray("# nothing here\n")
                                    << "fb.yaml:1: the file holds no settings; expected some of: store, receiver, "
                                       "alertmanager, prometheus, feeds, correlation, automation, executors";
        QTest::newRow("top level list")
            << QByteArray("- store\n")
            << "fb.yaml:1: expected a mapping of sections at the top level (store, receiver, alertmanager, "
               "prometheus, feeds, correlation, automation, executors)";
        QTest::newRow("syntax: unclosed flow mapping")
            << QByteArray("store:\n  path: x\nreceiver: {listen: \"127.0.0.1:9095\"\n")
            << "fb.yaml:4: YAML syntax error: end of map flow not found";
        QTest::newRow("syntax: bad indentation")
            << QByteArray("store:\n    path: a\n  bogus: b\n") << "fb.yaml:3: YAML syntax error: end of map not found";

        QTest::newRow("two documents") << QByteArray("store: {path: a}\n---\nstore: {path: b}\n")
                                       << "fb.yaml:3: the file holds 2 YAML documents; put all settings in one";

        // Keys
        QTest::newRow("unknown top-level key")
            << QByteArray("store: {path: x}\nstor: {path: y}\n")
            << "fb.yaml:2: unknown key \"stor\" at the top level; known keys: store, receiver, alertmanager, "
               "prometheus, feeds, correlation, automation, executors";
        QTest::newRow("unknown receiver key")
            << QByteArray("receiver:\n  listen: 127.0.0.1:9095\n  lisen: 127.0.0.1:9096\n  token_file: token\n")
            << "fb.yaml:3: unknown key \"lisen\" in receiver; known keys: listen, token_file, max_body_bytes";
        QTest::newRow("unknown feed key")
            << QByteArray("feeds:\n  - websocket: ws://127.0.0.1:9100/events\n    url: x\n")
            << "fb.yaml:3: unknown key \"url\" in feeds[0]; known keys: websocket, token_file";
        QTest::newRow("unknown rule key")
            << QByteArray("correlation:\n  rules:\n    - name: a\n      hypothesis: b\n      signals: [X]\n"
                          "      within: 5m\n      severity: page\n")
            << "fb.yaml:7: unknown key \"severity\" in correlation.rules[0]; known keys: name, hypothesis, "
               "signals, equal, within";
        QTest::newRow("duplicate key") << QByteArray("store:\n  path: a\n  path: b\n")
                                       << "fb.yaml:3: duplicate key \"path\" in store";
        QTest::newRow("missing required key")
            << QByteArray("receiver:\n  token_file: token\n") << "fb.yaml:2: receiver: missing required key \"listen\"";
        QTest::newRow("receiver without token") << QByteArray("receiver: {listen: 127.0.0.1:9095}\n")
                                                << "fb.yaml:1: receiver: missing required key \"token_file\"";
        QTest::newRow("rule without within")
            << QByteArray("correlation:\n  rules:\n    - {name: a, hypothesis: b, signals: [X]}\n")
            << "fb.yaml:3: correlation.rules[0]: missing required key \"within\"";

        // Types
        QTest::newRow("section is a list")
            << QByteArray("receiver:\n  - listen\n") << "fb.yaml:2: receiver: expected a mapping, got a list";
        QTest::newRow("section is empty")
            << QByteArray("store:\n") << "fb.yaml:1: store: expected a mapping, got nothing";
        QTest::newRow("group_by is a string") << QByteArray("correlation:\n  group_by: service\n")
                                              << "fb.yaml:2: correlation.group_by: expected a list of strings, got "
                                                 "a string";
        QTest::newRow("group_by holds a mapping")
            << QByteArray("correlation:\n  group_by:\n    - service\n    - {region: eu}\n")
            << "fb.yaml:4: correlation.group_by[1]: expected a list of strings, got a mapping in it";
        QTest::newRow("group_by bad label") << QByteArray("correlation:\n  group_by: [service, 1region]\n")
                                            << "fb.yaml:2: correlation.group_by: \"1region\" is not a valid label "
                                               "name";
        QTest::newRow("listen is a list") << QByteArray("receiver:\n  listen: [127.0.0.1, 9095]\n")
                                          << "fb.yaml:2: receiver.listen: expected a string, got a list";
        QTest::newRow("feeds is a mapping")
            << QByteArray("feeds:\n  websocket: ws://127.0.0.1:9100/events\n")
            << "fb.yaml:2: feeds: expected a list of feeds such as [{websocket: \"ws://host:port/path\"}]";
        QTest::newRow("signals empty") << QByteArray(
            "correlation:\n  rules:\n    - {name: a, hypothesis: b, signals: [], within: 5m}\n")
                                       << "fb.yaml:3: correlation.rules[0].signals: expected a non-empty list of "
                                          "signals, each an alertname or a mapping of labels such as {alertname: "
                                          "HighErrorRate, severity: critical}";
        QTest::newRow("duplicate rule name")
            << QByteArray("correlation:\n  rules:\n    - {name: a, hypothesis: b, signals: [X], within: 5m}\n"
                          "    - {name: a, hypothesis: c, signals: [Y], within: 1m}\n")
            << "fb.yaml:4: correlation.rules[1].name: a rule named \"a\" already exists";
        QTest::newRow("group_by label twice") << QByteArray("correlation:\n  group_by: [service, region, service]\n")
                                              << "fb.yaml:2: correlation.group_by: \"service\" is listed twice";
        QTest::newRow("signal twice") << QByteArray(
            "correlation:\n  rules:\n    - name: a\n      hypothesis: b\n      signals: [X, Y, X]\n"
            "      within: 5m\n") << "fb.yaml:5: correlation.rules[0].signals[2]: the same signal is listed twice";
        QTest::newRow("signal without alertname")
            << QByteArray("correlation:\n  rules:\n    - name: a\n      hypothesis: b\n      signals:\n"
                          "        - {severity: critical}\n      within: 5m\n")
            << "fb.yaml:6: correlation.rules[0].signals[0]: a signal needs an alertname, such as {alertname: "
               "HighErrorRate}";
        QTest::newRow("signal label bad")
            << QByteArray("correlation:\n  rules:\n    - name: a\n      hypothesis: b\n      signals:\n"
                          "        - {alertname: X, 2bad: y}\n      within: 5m\n")
            << "fb.yaml:6: correlation.rules[0].signals[0]: \"2bad\" is not a valid label name";
        QTest::newRow("signal label value empty")
            << QByteArray("correlation:\n  rules:\n    - name: a\n      hypothesis: b\n      signals:\n"
                          "        - {alertname: X, severity: \"\"}\n      within: 5m\n")
            << "fb.yaml:6: correlation.rules[0].signals[0].severity: must not be empty";
        QTest::newRow("signal is a list")
            << QByteArray("correlation:\n  rules:\n    - name: a\n      hypothesis: b\n      signals:\n"
                          "        - [X, Y]\n      within: 5m\n")
            << "fb.yaml:6: correlation.rules[0].signals[0]: expected an alertname or a mapping of labels";
        QTest::newRow("same signal twice as mapping and name")
            << QByteArray("correlation:\n  rules:\n    - name: a\n      hypothesis: b\n      signals:\n"
                          "        - X\n        - {alertname: X}\n      within: 5m\n")
            << "fb.yaml:7: correlation.rules[0].signals[1]: the same signal is listed twice";
        QTest::newRow("equal label twice") << QByteArray(
            "correlation:\n  rules:\n    - {name: a, hypothesis: b, signals: [X], equal: [region, "
            "region], within: 5m}\n") << "fb.yaml:3: correlation.rules[0].equal: \"region\" is listed twice";
        QTest::newRow("equal is a string") << QByteArray(
            "correlation:\n  rules:\n    - {name: a, hypothesis: b, signals: [X], equal: region, "
            "within: 5m}\n") << "fb.yaml:3: correlation.rules[0].equal: expected a list of strings, got a string";
        QTest::newRow("rule name with a space")
            << QByteArray("correlation:\n  rules:\n    - {name: db primary, hypothesis: b, signals: [X], within: 5m}\n")
            << "fb.yaml:3: correlation.rules[0].name: \"db primary\" may hold only letters, digits, '_', '-' and '.'";
        QTest::newRow("empty store path")
            << QByteArray("store:\n  path: \"\"\n") << "fb.yaml:2: store.path: must not be empty";

        // Durations
        const auto window = [](const char* value) -> QByteArray {
            return QByteArray("correlation:\n  group_by: [service]\n  window: ") + value + '\n';
        };
        const QString invalidDuration = QStringLiteral(
            "fb.yaml:3: correlation.window: invalid duration \"%1\"; expected a number with a unit, such as 250ms, "
            "30s, 5m, 1h30m");
        const QString notPositive
            = QStringLiteral("fb.yaml:3: correlation.window: duration must be greater than zero, got \"%1\"");
        QTest::newRow("duration garbage") << window("soon") << invalidDuration.arg(QStringLiteral("soon"));
        QTest::newRow("duration unknown unit") << window("10x") << invalidDuration.arg(QStringLiteral("10x"));
        QTest::newRow("duration without unit") << window("600") << invalidDuration.arg(QStringLiteral("600"));
        QTest::newRow("duration fraction") << window("1.5h") << invalidDuration.arg(QStringLiteral("1.5h"));
        QTest::newRow("duration zero") << window("0") << notPositive.arg(QStringLiteral("0"));
        QTest::newRow("duration 0s") << window("0s") << notPositive.arg(QStringLiteral("0s"));
        QTest::newRow("duration negative") << window("-5m") << notPositive.arg(QStringLiteral("-5m"));
        QTest::newRow("resolve_after garbage")
            << QByteArray("correlation:\n  resolve_after: 5 minutes\n")
            << "fb.yaml:2: correlation.resolve_after: invalid duration \"5 minutes\"; expected a number with a "
               "unit, such as 250ms, 30s, 5m, 1h30m";
        QTest::newRow("rule within zero")
            << QByteArray("correlation:\n  rules:\n    - name: a\n      hypothesis: b\n      signals: [X]\n"
                          "      within: 0ms\n")
            << "fb.yaml:6: correlation.rules[0].within: duration must be greater than zero, got \"0ms\"";

        // Listen addresses
        const auto listen = [](const char* value) -> QByteArray {
            return QByteArray("receiver:\n  token_file: token\n  listen: \"") + value + "\"\n";
        };
        const QString hostPort = QStringLiteral(
            "fb.yaml:3: receiver.listen: expected HOST:PORT such as 127.0.0.1:9095 or [::1]:9095, got \"%1\"");
        QTest::newRow("listen without port") << listen("127.0.0.1") << hostPort.arg(QStringLiteral("127.0.0.1"));
        QTest::newRow("listen without host") << listen(":9095") << hostPort.arg(QStringLiteral(":9095"));
        QTest::newRow("listen port not a number")
            << listen("127.0.0.1:http") << hostPort.arg(QStringLiteral("127.0.0.1:http"));
        QTest::newRow("listen ipv6 without brackets") << listen("::1:9095") << hostPort.arg(QStringLiteral("::1:9095"));
        QTest::newRow("listen port 0") << listen("127.0.0.1:0")
                                       << "fb.yaml:3: receiver.listen: port must be between 1 and 65535, got \"0\"";
        QTest::newRow("listen port 65536") << listen(
            "127.0.0.1:65536") << "fb.yaml:3: receiver.listen: port must be between 1 and 65535, got \"65536\"";
        QTest::newRow("listen host name") << listen("example.com:9095")
                                          << "fb.yaml:3: receiver.listen: host \"example.com\" is not an IP address "
                                             "or localhost";
        QTest::newRow("listen bad ipv4") << listen("127.0.0.256:9095")
                                         << "fb.yaml:3: receiver.listen: host \"127.0.0.256\" is not an IP address "
                                            "or localhost";

        // Body cap
        const auto maxBody = [](const char* value) -> QByteArray {
            return QByteArray("receiver:\n  listen: 127.0.0.1:9095\n  token_file: token\n  max_body_bytes: ") + value
                + '\n';
        };
        const QString badBytes = QStringLiteral("fb.yaml:4: receiver.max_body_bytes: expected a positive whole "
                                                "number of bytes no larger than 67108864, got \"%1\"");
        QTest::newRow("max_body_bytes zero") << maxBody("0") << badBytes.arg(QStringLiteral("0"));
        QTest::newRow("max_body_bytes negative") << maxBody("-1") << badBytes.arg(QStringLiteral("-1"));
        QTest::newRow("max_body_bytes text") << maxBody("1MiB") << badBytes.arg(QStringLiteral("1MiB"));
        QTest::newRow("max_body_bytes fraction") << maxBody("1.5") << badBytes.arg(QStringLiteral("1.5"));
        QTest::newRow("max_body_bytes over cap") << maxBody("67108865") << badBytes.arg(QStringLiteral("67108865"));

        // URLs and peers
        QTest::newRow("peer ftp")
            << QByteArray("alertmanager:\n  peers:\n    - http://127.0.0.1:9093\n    - ftp://127.0.0.1:9094\n")
            << "fb.yaml:4: alertmanager.peers[1]: expected a URL starting with http://, https:// and naming a host, "
               "got \"ftp://127.0.0.1:9094\"";
        QTest::newRow("peer without scheme")
            << QByteArray("alertmanager:\n  peers: [\"127.0.0.1:9093\"]\n")
            << "fb.yaml:2: alertmanager.peers[0]: expected a URL starting with http://, https:// and naming a host, "
               "got \"127.0.0.1:9093\"";
        QTest::newRow("peers empty") << QByteArray("alertmanager:\n  peers: []\n")
                                     << "fb.yaml:2: alertmanager.peers: the list is empty; name at least one "
                                        "Alertmanager";
        QTest::newRow("peers missing") << QByteArray("alertmanager:\n  token_file: token\n")
                                       << "fb.yaml:2: alertmanager: missing required key \"peers\"";
        QTest::newRow("peers a string") << QByteArray("alertmanager:\n  peers: http://127.0.0.1:9093\n")
                                        << "fb.yaml:2: alertmanager.peers: expected a list of URLs";
        QTest::newRow("duplicate peer")
            << QByteArray("alertmanager:\n  peers:\n    - http://127.0.0.1:9093\n    - http://127.0.0.1:9093/\n")
            << "fb.yaml:4: alertmanager.peers[1]: duplicate peer \"http://127.0.0.1:9093/\"";
        QTest::newRow("prometheus websocket url")
            << QByteArray("prometheus:\n  url: ws://127.0.0.1:9090\n")
            << "fb.yaml:2: prometheus.url: expected a URL starting with http://, https:// and naming a host, got "
               "\"ws://127.0.0.1:9090\"";
        QTest::newRow("prometheus url without host")
            << QByteArray("prometheus:\n  url: \"http://\"\n")
            << "fb.yaml:2: prometheus.url: expected a URL starting with http://, https:// and naming a host, got "
               "\"http://\"";
        QTest::newRow("password in url")
            << QByteArray("prometheus:\n  url: http://admin:hunter2@127.0.0.1:9090\n")
            << "fb.yaml:2: prometheus.url: the URL holds a user name or password; put the credential in token_file "
               "instead";
        QTest::newRow("feed http url")
            << QByteArray("feeds:\n  - websocket: http://127.0.0.1:9100/events\n")
            << "fb.yaml:2: feeds[0].websocket: expected a URL starting with ws://, wss:// and naming a host, got "
               "\"http://127.0.0.1:9100/events\"";

        // Token files
        QTest::newRow("token missing")
            << QByteArray("prometheus:\n  url: http://127.0.0.1:9090\n  token_file: no-such-token\n")
            << "fb.yaml:3: token file {DIR}/no-such-token cannot be read: No such file or directory";
        QTest::newRow("token empty") << QByteArray(
            "prometheus:\n  url: http://127.0.0.1:9090\n  token_file: empty-token\n")
                                     << "fb.yaml:3: token file {DIR}/empty-token is empty";
        QTest::newRow("token two lines")
            << QByteArray("prometheus:\n  url: http://127.0.0.1:9090\n  token_file: two-line-token\n")
            << "fb.yaml:3: token file {DIR}/two-line-token holds more than one line; put the token alone on one line";
        QTest::newRow("token world readable")
            << QByteArray("feeds:\n  - websocket: ws://127.0.0.1:9100/events\n    token_file: open-token\n")
            << "fb.yaml:3: token file {DIR}/open-token is readable by group or others (mode 0644); chmod 600 it";
        QTest::newRow("token is a directory")
            << QByteArray("alertmanager:\n  peers: [http://127.0.0.1:9093]\n  token_file: .\n")
            << "fb.yaml:3: token file {DIR} is not a regular file";

        // Automation
        QTest::newRow("automation empty")
            << QByteArray("automation:\n") << "fb.yaml:1: automation: expected a mapping, got nothing";
        QTest::newRow("automation unknown key")
            << QByteArray("automation:\n  frozen: false\n  freeze: true\n")
            << "fb.yaml:3: unknown key \"freeze\" in automation; known keys: playbooks, roster, frozen, "
               "auto_approve_low, rate_limit, maintenance";
        QTest::newRow("frozen yes") << QByteArray("automation:\n  frozen: yes\n")
                                    << "fb.yaml:2: automation.frozen: expected true or false, got \"yes\"";
        QTest::newRow("auto_approve_low a number")
            << QByteArray("automation:\n  auto_approve_low: 1\n")
            << "fb.yaml:2: automation.auto_approve_low: expected true or false, got \"1\"";
        QTest::newRow("frozen a list") << QByteArray("automation:\n  frozen: [true]\n")
                                       << "fb.yaml:2: automation.frozen: expected a string, got a list";
        QTest::newRow("playbooks missing")
            << QByteArray("automation:\n  playbooks: no-such-dir\n")
            << "fb.yaml:2: automation.playbooks: directory {DIR}/no-such-dir does not exist";
        QTest::newRow("playbooks a file") << QByteArray("automation:\n  playbooks: roster.yaml\n")
                                          << "fb.yaml:2: automation.playbooks: {DIR}/roster.yaml is not a directory";
        QTest::newRow("playbooks empty") << QByteArray("automation:\n  playbooks: \"\"\n")
                                         << "fb.yaml:2: automation.playbooks: must not be empty";
        QTest::newRow("roster missing") << QByteArray("automation:\n  roster: /nonexistent/roster.yaml\n")
                                        << "fb.yaml:2: automation.roster: file /nonexistent/roster.yaml does not exist";
        QTest::newRow("roster a directory") << QByteArray("automation:\n  roster: playbooks\n")
                                            << "fb.yaml:2: automation.roster: {DIR}/playbooks is not a regular file";
        QTest::newRow("roster unreadable")
            << QByteArray("automation:\n  roster: unreadable-roster.yaml\n")
            << "fb.yaml:2: automation.roster: file {DIR}/unreadable-roster.yaml cannot be read";
        QTest::newRow("rate_limit a string") << QByteArray("automation:\n  rate_limit: 10/h\n")
                                             << "fb.yaml:2: automation.rate_limit: expected a mapping, got a string";
        QTest::newRow("rate_limit unknown key")
            << QByteArray("automation:\n  rate_limit: {max_runs: 10, per: 1h, burst: 2}\n")
            << "fb.yaml:2: unknown key \"burst\" in automation.rate_limit; known keys: max_runs, per";
        QTest::newRow("rate_limit without per") << QByteArray("automation:\n  rate_limit:\n    max_runs: 10\n")
                                                << "fb.yaml:3: automation.rate_limit: missing required key \"per\"";
        QTest::newRow("rate_limit per garbage")
            << QByteArray("automation:\n  rate_limit: {max_runs: 10, per: hourly}\n")
            << "fb.yaml:2: automation.rate_limit.per: invalid duration \"hourly\"; expected a number with a unit, "
               "such as 250ms, 30s, 5m, 1h30m";
        QTest::newRow("rate_limit per zero")
            << QByteArray("automation:\n  rate_limit:\n    max_runs: 10\n    per: 0s\n")
            << "fb.yaml:4: automation.rate_limit.per: duration must be greater than zero, got \"0s\"";
        QTest::newRow("rate_limit max_runs zero")
            << QByteArray("automation:\n  rate_limit:\n    max_runs: 0\n    per: 1h\n")
            << "fb.yaml:3: automation.rate_limit.max_runs: expected a positive whole number of runs no larger than "
               "100000, got \"0\"";
        QTest::newRow("rate_limit max_runs text")
            << QByteArray("automation:\n  rate_limit:\n    max_runs: ten\n    per: 1h\n")
            << "fb.yaml:3: automation.rate_limit.max_runs: expected a positive whole number of runs no larger than "
               "100000, got \"ten\"";
        QTest::newRow("maintenance a mapping")
            << QByteArray("automation:\n  maintenance: {start: \"2026-11-21T02:00:00Z\"}\n")
            << "fb.yaml:2: automation.maintenance: expected a list of windows such as [{start: "
               "\"2026-11-21T02:00:00Z\", end: \"2026-11-21T04:00:00Z\", comment: ...}]";
        QTest::newRow("maintenance unknown key")
            << QByteArray("automation:\n  maintenance:\n    - start: \"2026-11-21T02:00:00Z\"\n"
                          "      end: \"2026-11-21T04:00:00Z\"\n      reason: db\n")
            << "fb.yaml:5: unknown key \"reason\" in automation.maintenance[0]; known keys: start, end, comment";
        QTest::newRow("maintenance without end")
            << QByteArray("automation:\n  maintenance:\n    - {start: \"2026-11-21T02:00:00Z\"}\n")
            << "fb.yaml:3: automation.maintenance[0]: missing required key \"end\"";
        QTest::newRow("maintenance bad month")
            << QByteArray("automation:\n  maintenance:\n    - start: \"2026-13-21T02:00:00Z\"\n"
                          "      end: \"2026-11-21T04:00:00Z\"\n")
            << "fb.yaml:3: automation.maintenance[0].start: invalid RFC 3339 time \"2026-13-21T02:00:00Z\" (month 13 "
               "out of range); expected such as 2026-11-21T02:00:00Z";
        QTest::newRow("maintenance without zone")
            << QByteArray("automation:\n  maintenance:\n    - start: \"2026-11-21T02:00:00Z\"\n"
                          "      end: \"2026-11-21T04:00:00\"\n")
            << "fb.yaml:4: automation.maintenance[0].end: invalid RFC 3339 time \"2026-11-21T04:00:00\" (missing "
               "time zone (Z or +hh:mm)); expected such as 2026-11-21T02:00:00Z";
        QTest::newRow("maintenance date only")
            << QByteArray("automation:\n  maintenance:\n    - {start: 2026-11-21, end: \"2026-11-22T00:00:00Z\"}\n")
            << "fb.yaml:3: automation.maintenance[0].start: invalid RFC 3339 time \"2026-11-21\" (expected 'T' "
               "between date and time); expected such as 2026-11-21T02:00:00Z";
        QTest::newRow("maintenance ends before it starts")
            << QByteArray("automation:\n  maintenance:\n    - start: \"2026-11-21T04:00:00Z\"\n"
                          "      end: \"2026-11-21T02:00:00Z\"\n")
            << "fb.yaml:4: automation.maintenance[0].end: the window ends at 2026-11-21T02:00:00Z, not after its "
               "start 2026-11-21T04:00:00Z";
        QTest::newRow("maintenance ends as it starts (other zone)")
            << QByteArray("automation:\n  maintenance:\n    - {start: \"2026-11-21T02:00:00Z\", end: "
                          "\"2026-11-21T03:00:00+01:00\"}\n")
            << "fb.yaml:3: automation.maintenance[0].end: the window ends at 2026-11-21T03:00:00+01:00, not after "
               "its start 2026-11-21T02:00:00Z";
        QTest::newRow("maintenance comment a list")
            << QByteArray("automation:\n  maintenance:\n    - start: \"2026-11-21T02:00:00Z\"\n"
                          "      end: \"2026-11-21T04:00:00Z\"\n      comment: [a, b]\n")
            << "fb.yaml:5: automation.maintenance[0].comment: expected a string, got a list";
    }

    void errors()
    {
        QFETCH(QByteArray, yaml);
        QFETCH(QString, expected);
        if (::geteuid() == 0 && QTest::currentDataTag() == QByteArray("roster unreadable"))
            QSKIP("root reads files whatever their mode");
        const auto result = loadText(yaml);
        QVERIFY2(std::holds_alternative<ConfigError>(result), "the file was accepted");
        const ConfigError& error = std::get<ConfigError>(result);
        QCOMPARE(error.file, m_file);
        QCOMPARE(error.toString(), dirPath() + QLatin1Char('/') + expected.replace(QStringLiteral("{DIR}"), dirPath()));
        for (const char* secret : { "s3cret", "open-secret", "first-half", "second-half", "hunter2" })
            QVERIFY(!error.message.contains(QLatin1String(secret)));
    }

    void missingConfigFile()
    {
        const QString path = m_dir.filePath(QStringLiteral("absent.yaml"));
        const auto result = ConfigLoader::load(path);
        QVERIFY(std::holds_alternative<ConfigError>(result));
        QCOMPARE(std::get<ConfigError>(result).toString(),
            path + QStringLiteral(": cannot read the configuration: No such file or directory"));
    }

    void durations_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("ms"); // -1: refused
        QTest::newRow("30s") << "30s" << qint64(30'000);
        QTest::newRow("5m") << "5m" << qint64(300'000);
        QTest::newRow("1h") << "1h" << qint64(3'600'000);
        QTest::newRow("1h30m") << "1h30m" << qint64(5'400'000);
        QTest::newRow("250ms") << "250ms" << qint64(250);
        QTest::newRow("1s500ms") << "1s500ms" << qint64(1'500);
        QTest::newRow("1m1ms") << "1m1ms" << qint64(60'001);
        QTest::newRow("2d") << "2d" << qint64(2 * 86'400'000LL);
        QTest::newRow("1w") << "1w" << qint64(7 * 86'400'000LL);
        QTest::newRow("1y") << "1y" << qint64(365 * 86'400'000LL);
        QTest::newRow("1y2w3d4h5m6s7ms") << "1y2w3d4h5m6s7ms"
                                         << qint64(
                                                (365 + 14 + 3) * 86'400'000LL + 4 * 3'600'000LL + 5 * 60'000 + 6'007);
        QTest::newRow("zero alone") << "0" << qint64(0);
        QTest::newRow("0s") << "0s" << qint64(0);
        QTest::newRow("empty") << "" << qint64(-1);
        QTest::newRow("no unit") << "10" << qint64(-1);
        QTest::newRow("fraction") << "1.5h" << qint64(-1);
        QTest::newRow("negative") << "-5m" << qint64(-1);
        QTest::newRow("plus") << "+5m" << qint64(-1);
        QTest::newRow("space") << "5 m" << qint64(-1);
        QTest::newRow("unit only") << "m" << qint64(-1);
        QTest::newRow("wrong order") << "30m1h" << qint64(-1);
        QTest::newRow("repeated unit") << "1h1h" << qint64(-1);
        QTest::newRow("ms before s") << "5ms5s" << qint64(-1);
        QTest::newRow("upper case") << "5M" << qint64(-1);
        QTest::newRow("trailing garbage") << "5mx" << qint64(-1);
        QTest::newRow("overflow") << "99999999999999999999s" << qint64(-1);
        QTest::newRow("overflow by unit") << "9223372036854775807y" << qint64(-1);
    }

    void durations()
    {
        QFETCH(QString, text);
        QFETCH(qint64, ms);
        const std::optional<qint64> parsed = parseDurationMs(text);
        if (ms < 0) {
            QVERIFY2(!parsed, qPrintable(QStringLiteral("accepted as %1").arg(parsed.value_or(0))));
        } else {
            QVERIFY(parsed);
            QCOMPARE(*parsed, ms);
        }
    }
};

QTEST_GUILESS_MAIN(TstConfig)
#include "tst_config.moc"
