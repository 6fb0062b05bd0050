#include "config/configdiff.h"
#include "config/configloader.h"
#include "config/configsaver.h"
#include "config/configwriter.h"
#include "config/tokenfile.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <sys/stat.h>
#include <unistd.h>

using namespace firebreak;

// ConfigWriter, TokenFile::write and ConfigSaver: what the settings dialog relies on to rewrite a
// configuration without losing any of it and without a token ever being readable by others.
namespace {

constexpr auto OwnerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;

void writeFile(const QString& path, const QByteArray& content, QFileDevice::Permissions permissions = OwnerOnly)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    QVERIFY2(file.open(QIODevice::WriteOnly | QIODevice::Truncate), qPrintable(path));
    file.write(content);
    file.close();
    QVERIFY(file.setPermissions(permissions));
}

QByteArray readAll(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return QByteArray();
    return file.readAll();
}

QByteArray testData(const QString& relative)
{
    QFile file(QStringLiteral(FIREBREAK_TEST_DATA "/") + relative);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(file.fileName()));
    return file.readAll();
}

// The example under "Running on real sources" in README.md, as a user would copy it.
QByteArray readmeExample()
{
    const QString readme = QString::fromUtf8(testData(QStringLiteral("../../README.md")));
    const qsizetype section = readme.indexOf(QStringLiteral("## Running on real sources"));
    const qsizetype start = readme.indexOf(QStringLiteral("```yaml\n"), section);
    const qsizetype end = readme.indexOf(QStringLiteral("```"), start + 8);
    if (section < 0 || start < 0 || end < 0)
        qFatal("README.md has no YAML example under \"Running on real sources\"");
    return readme.mid(start + 8, end - start - 8).toUtf8();
}

FirebreakConfig loadValid(const QString& path)
{
    const auto result = ConfigLoader::load(path);
    if (const auto* error = std::get_if<ConfigError>(&result))
        qFatal("refused: %s", qPrintable(error->toString()));
    return std::get<FirebreakConfig>(result);
}

mode_t modeOf(const QString& path)
{
    struct stat info { };
    if (::stat(QFile::encodeName(path).constData(), &info) != 0)
        return 0;
    return info.st_mode & 07777;
}

} // namespace

class TstConfigWriter : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    QString at(const QString& relative) const { return m_dir.filePath(relative); }

    // Loads `yaml` from `file`, writes it back to `target`, loads that: both must say the same.
    void checkRoundTrip(const QString& file, const QByteArray& yaml, const QString& target)
    {
        writeFile(file, yaml);
        const FirebreakConfig original = loadValid(file);
        const QByteArray written = ConfigWriter::toYaml(original, target);
        writeFile(target, written);
        const auto reloaded = ConfigLoader::load(target);
        const auto* error = std::get_if<ConfigError>(&reloaded);
        QVERIFY2(!error, qPrintable((error ? error->toString() : QString()) + QStringLiteral("\n") + written));
        const QString difference = ConfigDiff::firstDifference(original, std::get<FirebreakConfig>(reloaded));
        QVERIFY2(difference.isEmpty(), qPrintable(difference + QStringLiteral("\n") + written));
        // Writing is stable: the second write is the first.
        QCOMPARE(ConfigWriter::toYaml(std::get<FirebreakConfig>(reloaded), target), written);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        for (const char* name : { "receiver-token", "am-token", "prom-token", "feed-token", "k8s-token",
                 "rundeck-token", "st2-key", "etc-token" }) {
            writeFile(at(QLatin1String(name)), QByteArray(name) + "-secret-value\n");
        }
        writeFile(at(QStringLiteral("certs/corp-ca.pem")), testData(QStringLiteral("config/test-ca.pem")));
        writeFile(at(QStringLiteral("roster.yaml")), "users: []\n");
        QVERIFY(QDir(m_dir.path()).mkpath(QStringLiteral("playbooks")));
        QVERIFY(QDir(m_dir.path()).mkpath(QStringLiteral("work")));
        QVERIFY(QDir(m_dir.path()).mkpath(QStringLiteral("elsewhere")));
    }

    void roundTrip_data()
    {
        QTest::addColumn<QByteArray>("yaml");
        const QByteArray full = testData(QStringLiteral("config/full.yaml"));
        const QByteArray executors = testData(QStringLiteral("config/executors.yaml"));
        QTest::newRow("full.yaml") << full;
        QTest::newRow("executors.yaml") << executors;
        QTest::newRow("full.yaml + executors.yaml") << full + "\n" + executors;
        QByteArray readme = readmeExample();
        QVERIFY(readme.contains("/etc/firebreak/token"));
        readme.replace("/etc/firebreak/token", QFile::encodeName(at(QStringLiteral("etc-token"))));
        QTest::newRow("README example") << readme;
        QTest::newRow("defaults spelled out")
            << QByteArray("correlation: {group_by: [service, region], window: 10m, resolve_after: 5m}\n"
                          "automation: {}\nexecutors: {shell: {}, http: {}}\n");
        QTest::newRow("awkward values") << QByteArray(
            "receiver: {listen: \"[::1]:1\", token_file: receiver-token, max_body_bytes: 67108864}\n"
            "correlation:\n"
            "  group_by: []\n"
            "  window: 90061001ms\n"
            "  rules:\n"
            "    - {name: a.b-c_d, hypothesis: \" colon: and # hash, ünïcode \", within: 1y2w3d4h5m6s7ms,\n"
            "       signals: [\"true\", \"~\", {alertname: \"null\", severity: \"- dash\", team: \"[x]\"}]}\n"
            "automation:\n"
            "  rate_limit: {max_runs: 100000, per: 1ms}\n"
            "  maintenance:\n"
            "    - {start: \"1969-12-31T23:59:59.250Z\", end: \"2026-02-28T23:30:00.5-05:00\", comment: \"~\"}\n"
            "    - {start: \"2026-01-01T00:00:00Z\", end: \"2026-01-01T00:00:01Z\", comment: \"line\\nbreak\"}\n"
            "executors:\n"
            "  shell: {working_directory: ., env_allowlist: []}\n"
            "  kubernetes: {server: \"https://[fd00::1]:6443/a%20b?x=1\"}\n");
    }

    void roundTrip()
    {
        QFETCH(QByteArray, yaml);
        checkRoundTrip(at(QStringLiteral("fb.yaml")), yaml, at(QStringLiteral("fb.yaml")));
    }

    void roundTripIntoAnotherDirectory()
    {
        QFETCH(QByteArray, yaml);
        checkRoundTrip(at(QStringLiteral("fb.yaml")), yaml, at(QStringLiteral("elsewhere/moved.yaml")));
    }

    void roundTripIntoAnotherDirectory_data() { roundTrip_data(); }

    void pathsInsideTheDirectoryAreRelative()
    {
        writeFile(at(QStringLiteral("fb.yaml")),
            testData(QStringLiteral("config/full.yaml")) + "\n" + testData(QStringLiteral("config/executors.yaml")));
        const FirebreakConfig config = loadValid(at(QStringLiteral("fb.yaml")));
        const QString here = QString::fromUtf8(ConfigWriter::toYaml(config, at(QStringLiteral("fb.yaml"))));
        for (const char* line : { "token_file: receiver-token", "token_file: am-token", "token_file: feed-token",
                 "playbooks: playbooks", "roster: roster.yaml", "ca_file: certs/corp-ca.pem", "api_key_file: st2-key",
                 "working_directory: work", "path: /var/tmp/fb.db" }) {
            QVERIFY2(here.contains(QLatin1String(line)), line);
        }
        QVERIFY(!here.contains(m_dir.path()));

        // From a sibling directory, "../x" would break when the directory moves: absolute instead.
        const QString there = QString::fromUtf8(ConfigWriter::toYaml(config, at(QStringLiteral("elsewhere/fb.yaml"))));
        QVERIFY(there.contains(QStringLiteral("token_file: %1").arg(at(QStringLiteral("receiver-token")))));
        QVERIFY(there.contains(QStringLiteral("ca_file: %1").arg(at(QStringLiteral("certs/corp-ca.pem")))));
        QVERIFY(!there.contains(QStringLiteral("../")));
    }

    void noTokenTextInTheYaml()
    {
        writeFile(at(QStringLiteral("fb.yaml")),
            testData(QStringLiteral("config/full.yaml")) + "\n" + testData(QStringLiteral("config/executors.yaml")));
        const FirebreakConfig config = loadValid(at(QStringLiteral("fb.yaml")));
        QCOMPARE(config.receiver->credential.token, QByteArray("receiver-token-secret-value"));
        const QByteArray yaml = ConfigWriter::toYaml(config, at(QStringLiteral("fb.yaml")));
        QVERIFY(!yaml.contains("secret"));
    }

    void durationsAreCanonical_data()
    {
        QTest::addColumn<qint64>("ms");
        QTest::addColumn<QString>("text");
        QTest::newRow("ms") << qint64(250) << QStringLiteral("250ms");
        QTest::newRow("s+ms") << qint64(1500) << QStringLiteral("1s500ms");
        QTest::newRow("10m") << qint64(600000) << QStringLiteral("10m");
        QTest::newRow("90m") << qint64(5400000) << QStringLiteral("1h30m");
        QTest::newRow("1d") << qint64(86400000) << QStringLiteral("1d");
        QTest::newRow("8d") << qint64(8 * 86400000LL) << QStringLiteral("1w1d");
        QTest::newRow("1y") << qint64(365 * 86400000LL) << QStringLiteral("1y");
    }

    void durationsAreCanonical()
    {
        QFETCH(qint64, ms);
        QFETCH(QString, text);
        QCOMPARE(ConfigWriter::formatDuration(ms), text);
    }

    void diffNamesTheFirstDifference()
    {
        writeFile(at(QStringLiteral("fb.yaml")), testData(QStringLiteral("config/full.yaml")));
        const FirebreakConfig a = loadValid(at(QStringLiteral("fb.yaml")));
        FirebreakConfig b = a;
        QCOMPARE(ConfigDiff::firstDifference(a, b), QString());
        b.correlation.rules[0].signals[1].matchers[QStringLiteral("severity")] = QStringLiteral("warning");
        QVERIFY(ConfigDiff::firstDifference(a, b).startsWith(QStringLiteral("correlation.rules[0].signals[1]")));
        b = a;
        b.prometheus->credential.token = "other";
        const QString tokens = ConfigDiff::firstDifference(a, b);
        QCOMPARE(tokens, QStringLiteral("prometheus.token_file: the tokens differ"));
        b = a;
        b.executors = ExecutorSettings {};
        QCOMPARE(ConfigDiff::firstDifference(a, b), QStringLiteral("executors: absent in one, present in the other"));
    }

    void tokenFileIsCreatedOwnerOnly()
    {
        const QString path = at(QStringLiteral("tokens/new.token"));
        QVERIFY(QDir().mkpath(QFileInfo(path).absolutePath()));
        QFile::setPermissions(QFileInfo(path).absolutePath(), OwnerOnly | QFileDevice::ExeOwner);
        // Even with a umask that would give everyone everything.
        const mode_t previous = ::umask(0);
        const std::optional<QString> error = TokenFile::write(path, "  typed-token \n");
        ::umask(previous);
        QVERIFY2(!error, qPrintable(error.value_or(QString())));
        QCOMPARE(modeOf(path), mode_t(0600));
        QCOMPARE(readAll(path), QByteArray("typed-token\n"));
        QCOMPARE(std::get<QByteArray>(TokenFile::read(path)), QByteArray("typed-token"));
        QCOMPARE(QDir(QFileInfo(path).absolutePath()).entryList(QDir::Files | QDir::Hidden),
            QStringList { QStringLiteral("new.token") });
    }

    void tokenFileIsReplacedAtomically()
    {
        const QString path = at(QStringLiteral("replace.token"));
        writeFile(path, "old-token\n");
        // A hard link still sees the old file: the new one was renamed in, not written over the old.
        const QString link = at(QStringLiteral("replace.token.link"));
        QVERIFY(::link(QFile::encodeName(path).constData(), QFile::encodeName(link).constData()) == 0);
        QVERIFY(!TokenFile::write(path, "new-token"));
        QCOMPARE(readAll(path), QByteArray("new-token\n"));
        QCOMPARE(readAll(link), QByteArray("old-token\n"));
        QCOMPARE(modeOf(path), mode_t(0600));
        QVERIFY(
            QDir(m_dir.path()).entryList({ QStringLiteral(".replace.token*") }, QDir::Files | QDir::Hidden).isEmpty());
    }

    void tokenFileRefusesWhatCannotBeSafe_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QByteArray>("token");
        QTest::addColumn<QString>("expected");
        QTest::newRow("missing directory") << QStringLiteral("nowhere/x.token") << QByteArray("t")
                                           << QStringLiteral("nowhere: No such file or directory");
        QTest::newRow("group-writable directory") << QStringLiteral(
            "shared/x.token") << QByteArray("t") << QStringLiteral("shared is writable by group or others (mode 0770)");
        QTest::newRow("a directory") << QStringLiteral("playbooks") << QByteArray("t")
                                     << QStringLiteral("playbooks: it is a directory");
        QTest::newRow("empty") << QStringLiteral("e.token") << QByteArray(" \n") << QStringLiteral("is empty");
        QTest::newRow("two lines") << QStringLiteral("e.token") << QByteArray("a\nb")
                                   << QStringLiteral("holds a line break");
    }

    void tokenFileRefusesWhatCannotBeSafe()
    {
        QFETCH(QString, path);
        QFETCH(QByteArray, token);
        QFETCH(QString, expected);
        QVERIFY(QDir(m_dir.path()).mkpath(QStringLiteral("shared")));
        QVERIFY(::chmod(QFile::encodeName(at(QStringLiteral("shared"))).constData(), 0770) == 0);
        const std::optional<QString> error = TokenFile::write(at(path), token);
        QVERIFY(error);
        QVERIFY2(error->contains(at(path)), qPrintable(*error));
        QVERIFY2(error->contains(expected), qPrintable(*error));
        QVERIFY(!QFileInfo::exists(at(QStringLiteral("shared/x.token"))));
        QVERIFY(!QFileInfo::exists(at(QStringLiteral("e.token"))));
    }

    void tokenFileRefusesAnUnwritableDirectory()
    {
        if (::geteuid() == 0)
            QSKIP("root writes into any directory; the group-writable and missing cases still run");
        const QString dir = at(QStringLiteral("readonly"));
        QVERIFY(QDir().mkpath(dir));
        QVERIFY(::chmod(QFile::encodeName(dir).constData(), 0500) == 0);
        const std::optional<QString> error = TokenFile::write(dir + QStringLiteral("/x.token"), "t");
        ::chmod(QFile::encodeName(dir).constData(), 0700);
        QVERIFY(error);
        QVERIFY2(error->contains(QStringLiteral("cannot create a file in %1: Permission denied").arg(dir)),
            qPrintable(*error));
    }

    void saverWritesTokensAndYaml()
    {
        const QString dir = at(QStringLiteral("saved"));
        QVERIFY(QDir().mkpath(dir));
        const QString path = dir + QStringLiteral("/firebreak.yaml");
        FirebreakConfig config;
        PrometheusSettings prometheus;
        prometheus.url = QUrl(QStringLiteral("https://prom.example:9090/prefix"));
        prometheus.credential = Credential { dir + QStringLiteral("/prometheus.token"), "prom-typed" };
        config.prometheus = prometheus;
        const auto result = ConfigSaver::save(config, path, { { prometheus.credential.file, "prom-typed\n" } });
        const auto* error = std::get_if<QString>(&result);
        QVERIFY2(!error, error ? qPrintable(*error) : "");
        QCOMPARE(std::get<FirebreakConfig>(result).sourceFile, path);
        QCOMPARE(modeOf(prometheus.credential.file), mode_t(0600));
        const QByteArray yaml = readAll(path);
        QVERIFY(yaml.contains("token_file: prometheus.token"));
        QVERIFY(!yaml.contains("prom-typed"));
        QCOMPARE(ConfigDiff::firstDifference(loadValid(path), config), QString());
        // No trial copies or backups left behind.
        QCOMPARE(QDir(dir).entryList(QDir::Files | QDir::Hidden),
            (QStringList { QStringLiteral("firebreak.yaml"), QStringLiteral("prometheus.token") }));
    }

    void saverLeavesEverythingAsItWasWhenTheLoaderRefuses()
    {
        const QString dir = at(QStringLiteral("refused"));
        QVERIFY(QDir().mkpath(dir));
        const QString path = dir + QStringLiteral("/firebreak.yaml");
        const QString oldToken = dir + QStringLiteral("/prometheus.token");
        writeFile(oldToken, "old-prom\n");
        const QByteArray oldYaml = "prometheus: {url: \"http://old:9090\", token_file: prometheus.token}\n";
        writeFile(path, oldYaml);

        FirebreakConfig config = loadValid(path);
        config.prometheus->credential.token = "new-prom";
        FeedSettings feed;
        feed.websocket = QUrl(QStringLiteral("ws://feed:1/x"));
        feed.credential = Credential { dir + QStringLiteral("/feed-1.token"), "new-feed" };
        config.feeds.append(feed);
        AutomationSettings automation;
        automation.rosterFile = dir + QStringLiteral("/no-such-roster.yaml");
        config.automation = automation;

        const auto result
            = ConfigSaver::save(config, path, { { oldToken, "new-prom" }, { feed.credential.file, "new-feed" } });
        const auto* error = std::get_if<QString>(&result);
        QVERIFY(error);
        QVERIFY2(error->contains(QStringLiteral("%1:").arg(path)), qPrintable(*error));
        QVERIFY2(error->contains(QStringLiteral("no-such-roster.yaml does not exist")), qPrintable(*error));
        QCOMPARE(readAll(path), oldYaml);
        QCOMPARE(readAll(oldToken), QByteArray("old-prom\n"));
        QCOMPARE(modeOf(oldToken), mode_t(0600));
        QVERIFY(!QFileInfo::exists(feed.credential.file));
        QCOMPARE(QDir(dir).entryList(QDir::Files | QDir::Hidden),
            (QStringList { QStringLiteral("firebreak.yaml"), QStringLiteral("prometheus.token") }));
    }
};

QTEST_GUILESS_MAIN(TstConfigWriter)
#include "tst_configwriter.moc"
