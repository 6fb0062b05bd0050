#include "config/configloader.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace firebreak;

// The `executors:` section of the configuration file. Apart from tst_config so that neither file grows
// past what reads at a glance; the shared rules (durations, token files, URLs) are tested there.
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

QByteArray testData(const char* name)
{
    QFile file(QStringLiteral(FIREBREAK_TEST_DATA "/config/") + QLatin1String(name));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(file.fileName()));
    return file.readAll();
}

constexpr auto OwnerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
constexpr auto GroupReadable = OwnerOnly | QFileDevice::ReadGroup;
constexpr auto WorldReadable = GroupReadable | QFileDevice::ReadOther;

} // namespace

class TstExecutorConfig : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_file;

    QString at(const char* relative) const { return m_dir.filePath(QLatin1String(relative)); }

    std::variant<FirebreakConfig, ConfigError> loadText(const QByteArray& yaml)
    {
        writeFile(m_file, yaml, OwnerOnly);
        return ConfigLoader::load(m_file);
    }

    FirebreakConfig loadValid(const QByteArray& yaml)
    {
        const auto result = loadText(yaml);
        if (const auto* error = std::get_if<ConfigError>(&result))
            qFatal("refused: %s", qPrintable(error->toString()));
        return std::get<FirebreakConfig>(result);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_file = at("fb.yaml");
        writeFile(at("k8s-token"), "k8s-secret\n", OwnerOnly);
        writeFile(at("rundeck-token"), "rundeck-secret\n", OwnerOnly);
        writeFile(at("st2-key"), "  st2-secret\r\n", OwnerOnly);
        writeFile(at("open-token"), "open-secret\n", WorldReadable);
        writeFile(at("group-token"), "group-secret\n", GroupReadable);
        writeFile(at("certs/corp-ca.pem"), testData("test-ca.pem"), OwnerOnly | QFileDevice::ReadOther);
        writeFile(
            at("not-a-cert.pem"), "-----BEGIN PRIVATE KEY-----\nMIGHAgEA\n-----END PRIVATE KEY-----\n", OwnerOnly);
        QVERIFY(QDir(m_dir.path()).mkpath(QStringLiteral("work")));
    }

    void everyKeyRoundTrips()
    {
        const FirebreakConfig config = loadValid(testData("executors.yaml"));
        QVERIFY(config.executors);
        const ExecutorSettings& executors = *config.executors;
        const QString ca = at("certs/corp-ca.pem");

        QVERIFY(executors.shell);
        QCOMPARE(executors.shell->environmentAllowlist,
            (QStringList {
                QStringLiteral("PATH"), QStringLiteral("HOME"), QStringLiteral("LANG"), QStringLiteral("_FB_1") }));
        QCOMPARE(executors.shell->timeoutMs, std::optional<qint64>(5 * 60 * 1000));
        QCOMPARE(executors.shell->workingDirectory, at("work"));

        QVERIFY(executors.http);
        QCOMPARE(executors.http->caFile, ca);
        QCOMPARE(executors.http->timeoutMs, std::optional<qint64>(30 * 1000));

        QVERIFY(executors.kubernetes);
        QCOMPARE(executors.kubernetes->server, QUrl(QStringLiteral("https://10.0.0.1:6443/k8s")));
        QCOMPARE(executors.kubernetes->credential.file, at("k8s-token"));
        QCOMPARE(executors.kubernetes->credential.token, QByteArray("k8s-secret"));
        QCOMPARE(executors.kubernetes->caFile, ca);
        QCOMPARE(executors.kubernetes->timeoutMs, std::optional<qint64>(45 * 1000));

        QVERIFY(executors.rundeck);
        QCOMPARE(executors.rundeck->url, QUrl(QStringLiteral("https://rundeck.example:4440/rundeck")));
        QCOMPARE(executors.rundeck->credential.file, at("rundeck-token"));
        QCOMPARE(executors.rundeck->credential.token, QByteArray("rundeck-secret"));
        QCOMPARE(executors.rundeck->apiVersion, std::optional<int>(41));
        QCOMPARE(executors.rundeck->caFile, ca);
        QCOMPARE(executors.rundeck->pollIntervalMs, std::optional<qint64>(2000));
        QCOMPARE(executors.rundeck->timeoutMs, std::optional<qint64>(10 * 60 * 1000));

        QVERIFY(executors.stackstorm);
        QCOMPARE(executors.stackstorm->url, QUrl(QStringLiteral("http://st2.example")));
        QCOMPARE(executors.stackstorm->credential.file, at("st2-key"));
        QCOMPARE(executors.stackstorm->credential.token, QByteArray("st2-secret"));
        QCOMPARE(executors.stackstorm->caFile, ca);
        QCOMPARE(executors.stackstorm->pollIntervalMs, std::optional<qint64>(1500));
        QCOMPARE(executors.stackstorm->timeoutMs, std::optional<qint64>(90 * 60 * 1000));
    }

    void sectionLeftOutIsAbsent() { QVERIFY(!loadValid("store: {path: fb.db}\n").executors); }

    void subSectionsAndKeysAreOptional()
    {
        const FirebreakConfig config
            = loadValid("executors:\n  shell: {}\n"
                        "  rundeck: {url: \"http://127.0.0.1:4440\", token_file: rundeck-token}\n");
        QVERIFY(config.executors);
        QVERIFY(config.executors->shell);
        QVERIFY(config.executors->shell->environmentAllowlist.isEmpty());
        QVERIFY(!config.executors->shell->timeoutMs);
        QVERIFY(config.executors->shell->workingDirectory.isEmpty());
        QVERIFY(!config.executors->http);
        QVERIFY(!config.executors->kubernetes);
        QVERIFY(!config.executors->stackstorm);
        QVERIFY(config.executors->rundeck);
        QCOMPARE(config.executors->rundeck->url, QUrl(QStringLiteral("http://127.0.0.1:4440")));
        QVERIFY(!config.executors->rundeck->apiVersion);
        QVERIFY(config.executors->rundeck->caFile.isEmpty());
        QVERIFY(!config.executors->rundeck->pollIntervalMs);
        QVERIFY(!config.executors->rundeck->timeoutMs);

        const FirebreakConfig kubernetes
            = loadValid("executors:\n  kubernetes: {server: \"https://kubernetes.default.svc\"}\n");
        QVERIFY(kubernetes.executors->kubernetes);
        QVERIFY(!kubernetes.executors->kubernetes->credential.isSet());
        QVERIFY(kubernetes.executors->kubernetes->caFile.isEmpty());
        QVERIFY(!kubernetes.executors->kubernetes->timeoutMs);
        QVERIFY(!kubernetes.executors->shell);
    }

    void lowestRundeckApiVersionIsAccepted()
    {
        const FirebreakConfig config
            = loadValid("executors:\n  rundeck: {url: \"https://rd\", token_file: rundeck-token, api_version: 18}\n");
        QCOMPARE(config.executors->rundeck->apiVersion, std::optional<int>(18));
    }

    void pathsResolveAgainstTheConfigDirectory()
    {
        const QString sub = at("etc/firebreak");
        writeFile(sub + QStringLiteral("/secrets/k8s"), "nested-secret\n", OwnerOnly);
        const QString file = sub + QStringLiteral("/fb.yaml");
        writeFile(file,
            "executors:\n  kubernetes:\n    server: \"https://10.0.0.1:6443\"\n    token_file: secrets/k8s\n"
            "    ca_file: ../../certs/corp-ca.pem\n  shell: {working_directory: ../..}\n",
            OwnerOnly);
        const auto result = ConfigLoader::load(file);
        const auto* error = std::get_if<ConfigError>(&result);
        QVERIFY2(!error, error ? qPrintable(error->toString()) : "");
        const ExecutorSettings& executors = *std::get<FirebreakConfig>(result).executors;
        QCOMPARE(executors.kubernetes->credential.file, sub + QStringLiteral("/secrets/k8s"));
        QCOMPARE(executors.kubernetes->credential.token, QByteArray("nested-secret"));
        QCOMPARE(executors.kubernetes->caFile, at("certs/corp-ca.pem"));
        QCOMPARE(executors.shell->workingDirectory, m_dir.path());
    }

    void errors_data()
    {
        QTest::addColumn<QByteArray>("yaml");
        QTest::addColumn<QString>("expected"); // relative to the temporary directory; {DIR} is replaced by it

        const QByteArray rundeck("executors:\n  rundeck:\n    url: https://rd\n    token_file: rundeck-token\n");
        const QByteArray stackstorm("executors:\n  stackstorm:\n    url: https://st2\n    api_key_file: st2-key\n");
        const QByteArray kubernetes("executors:\n  kubernetes:\n    server: https://10.0.0.1:6443\n");

        // The section
        QTest::newRow("executors a list")
            << QByteArray("executors: [shell]\n") << "fb.yaml:1: executors: expected a mapping, got a list";
        QTest::newRow("executors empty") << QByteArray("executors:\n")
                                         << "fb.yaml:1: executors: expected a mapping, got nothing";
        QTest::newRow("unknown executor")
            << QByteArray("executors:\n  shell: {}\n  ssh: {}\n")
            << "fb.yaml:3: unknown key \"ssh\" in executors; known keys: shell, http, kubernetes, rundeck, stackstorm";
        QTest::newRow("executor twice") << QByteArray("executors:\n  shell: {}\n  shell: {timeout: 1m}\n")
                                        << "fb.yaml:3: duplicate key \"shell\" in executors";
        QTest::newRow("executor a string")
            << QByteArray("executors:\n  http: yes\n") << "fb.yaml:2: executors.http: expected a mapping, got a string";

        // shell
        QTest::newRow("shell unknown key")
            << QByteArray("executors:\n  shell:\n    env: [PATH]\n")
            << "fb.yaml:3: unknown key \"env\" in executors.shell; known keys: env_allowlist, timeout, "
               "working_directory";
        QTest::newRow("env_allowlist a string")
            << QByteArray("executors:\n  shell: {env_allowlist: PATH}\n")
            << "fb.yaml:2: executors.shell.env_allowlist: expected a list of strings, got a string";
        QTest::newRow("env_allowlist holds a mapping")
            << QByteArray("executors:\n  shell:\n    env_allowlist:\n      - PATH\n      - {HOME: /root}\n")
            << "fb.yaml:5: executors.shell.env_allowlist[1]: expected a list of strings, got a mapping in it";
        QTest::newRow("env_allowlist assignment")
            << QByteArray("executors:\n  shell:\n    env_allowlist: [PATH, LANG=C]\n")
            << "fb.yaml:3: executors.shell.env_allowlist: \"LANG=C\" is not an environment variable name";
        QTest::newRow("env_allowlist leading digit")
            << QByteArray("executors:\n  shell:\n    env_allowlist: [1PATH]\n")
            << "fb.yaml:3: executors.shell.env_allowlist: \"1PATH\" is not an environment variable name";
        QTest::newRow("env_allowlist twice") << QByteArray("executors:\n  shell:\n    env_allowlist: [PATH, PATH]\n")
                                             << "fb.yaml:3: executors.shell.env_allowlist: \"PATH\" is listed twice";
        QTest::newRow("shell timeout no unit")
            << QByteArray("executors:\n  shell:\n    timeout: 300\n")
            << "fb.yaml:3: executors.shell.timeout: invalid duration \"300\"; expected a number with a unit, such as "
               "250ms, 30s, 5m, 1h30m";
        QTest::newRow("shell timeout zero") << QByteArray("executors:\n  shell:\n    timeout: 0s\n")
                                            << "fb.yaml:3: executors.shell.timeout: duration must be greater than "
                                               "zero, got \"0s\"";
        QTest::newRow("shell timeout a list") << QByteArray("executors:\n  shell:\n    timeout: [5m]\n")
                                              << "fb.yaml:3: executors.shell.timeout: expected a string, got a list";
        QTest::newRow("working_directory missing")
            << QByteArray("executors:\n  shell:\n    working_directory: no-such-dir\n")
            << "fb.yaml:3: executors.shell.working_directory: directory {DIR}/no-such-dir does not exist";

        // http
        QTest::newRow("http unknown key")
            << QByteArray("executors:\n  http:\n    insecure: true\n")
            << "fb.yaml:3: unknown key \"insecure\" in executors.http; known keys: ca_file, timeout";
        QTest::newRow("http ca_file missing")
            << QByteArray("executors:\n  http:\n    ca_file: /etc/firebreak/no-such-ca.pem\n")
            << "fb.yaml:3: executors.http.ca_file: file /etc/firebreak/no-such-ca.pem does not exist";
        QTest::newRow("http ca_file relative missing")
            << QByteArray("executors:\n  http:\n    ca_file: certs/other.pem\n")
            << "fb.yaml:3: executors.http.ca_file: file {DIR}/certs/other.pem does not exist";
        QTest::newRow("http ca_file a directory") << QByteArray("executors:\n  http:\n    ca_file: certs\n")
                                                  << "fb.yaml:3: executors.http.ca_file: {DIR}/certs is not a regular "
                                                     "file";
        QTest::newRow("http ca_file not a certificate")
            << QByteArray("executors:\n  http:\n    ca_file: not-a-cert.pem\n")
            << "fb.yaml:3: executors.http.ca_file: {DIR}/not-a-cert.pem holds no PEM certificate";
        QTest::newRow("http ca_file empty") << QByteArray("executors:\n  http:\n    ca_file: \"\"\n")
                                            << "fb.yaml:3: executors.http.ca_file: must not be empty";
        QTest::newRow("http timeout negative")
            << QByteArray("executors:\n  http:\n    timeout: -30s\n")
            << "fb.yaml:3: executors.http.timeout: duration must be greater than zero, got \"-30s\"";

        // kubernetes
        QTest::newRow("kubernetes without server")
            << QByteArray("executors:\n  kubernetes:\n    token_file: k8s-token\n")
            << "fb.yaml:3: executors.kubernetes: missing required key \"server\"";
        QTest::newRow("kubernetes plain http")
            << QByteArray("executors:\n  kubernetes:\n    server: http://10.0.0.1:8080\n")
            << "fb.yaml:3: executors.kubernetes.server: the API server must be reached over https, or the bearer "
               "token travels in clear; got \"http://10.0.0.1:8080\"";
        QTest::newRow("kubernetes no scheme")
            << QByteArray("executors:\n  kubernetes:\n    server: \"10.0.0.1:6443\"\n")
            << "fb.yaml:3: executors.kubernetes.server: expected a URL starting with https:// and naming a host, got "
               "\"10.0.0.1:6443\"";
        QTest::newRow("kubernetes unknown key")
            << kubernetes + "    insecure_skip_tls_verify: true\n"
            << "fb.yaml:4: unknown key \"insecure_skip_tls_verify\" in executors.kubernetes; known keys: server, "
               "token_file, ca_file, timeout";
        QTest::newRow("kubernetes token world readable")
            << kubernetes + "    token_file: open-token\n"
            << "fb.yaml:4: token file {DIR}/open-token is readable by group or others (mode 0644); chmod 600 it";
        QTest::newRow("kubernetes token missing")
            << kubernetes + "    token_file: no-such-token\n"
            << "fb.yaml:4: token file {DIR}/no-such-token cannot be read: No such file or directory";
        QTest::newRow("kubernetes ca_file missing")
            << kubernetes + "    ca_file: k8s-ca.pem\n"
            << "fb.yaml:4: executors.kubernetes.ca_file: file {DIR}/k8s-ca.pem does not exist";
        QTest::newRow("kubernetes timeout fraction")
            << kubernetes + "    timeout: 1.5m\n"
            << "fb.yaml:4: executors.kubernetes.timeout: invalid duration \"1.5m\"; expected a number with a unit, "
               "such as 250ms, 30s, 5m, 1h30m";

        // rundeck
        QTest::newRow("rundeck without url") << QByteArray("executors:\n  rundeck:\n    token_file: rundeck-token\n")
                                             << "fb.yaml:3: executors.rundeck: missing required key \"url\"";
        QTest::newRow("rundeck without token_file") << QByteArray("executors:\n  rundeck:\n    url: https://rd\n")
                                                    << "fb.yaml:3: executors.rundeck: missing required key "
                                                       "\"token_file\"";
        QTest::newRow("rundeck url ftp")
            << QByteArray("executors:\n  rundeck: {url: \"ftp://rd\", token_file: rundeck-token}\n")
            << "fb.yaml:2: executors.rundeck.url: expected a URL starting with http://, https:// and naming a host, "
               "got \"ftp://rd\"";
        QTest::newRow("rundeck url with password")
            << QByteArray("executors:\n  rundeck: {url: \"https://admin:hunter2@rd\", token_file: rundeck-token}\n")
            << "fb.yaml:2: executors.rundeck.url: the URL holds a user name or password; put the credential in "
               "token_file instead";
        QTest::newRow("rundeck token group readable")
            << QByteArray("executors:\n  rundeck:\n    url: https://rd\n    token_file: group-token\n")
            << "fb.yaml:4: token file {DIR}/group-token is readable by group or others (mode 0640); chmod 600 it";
        QTest::newRow("rundeck api_version 17")
            << rundeck + "    api_version: 17\n"
            << "fb.yaml:5: executors.rundeck.api_version: API version 17 is below 18, the first to take job options "
               "as JSON";
        QTest::newRow("rundeck api_version 0")
            << rundeck + "    api_version: 0\n"
            << "fb.yaml:5: executors.rundeck.api_version: API version 0 is below 18, the first to take job options "
               "as JSON";
        QTest::newRow("rundeck api_version v41")
            << rundeck + "    api_version: v41\n"
            << "fb.yaml:5: executors.rundeck.api_version: expected an API version number such as 41, got \"v41\"";
        QTest::newRow("rundeck api_version negative")
            << rundeck + "    api_version: -41\n"
            << "fb.yaml:5: executors.rundeck.api_version: expected an API version number such as 41, got \"-41\"";
        QTest::newRow("rundeck api_version overflow")
            << rundeck + "    api_version: 99999999999\n"
            << "fb.yaml:5: executors.rundeck.api_version: expected an API version number such as 41, got "
               "\"99999999999\"";
        QTest::newRow("rundeck ca_file missing")
            << rundeck + "    ca_file: rundeck-ca.pem\n"
            << "fb.yaml:5: executors.rundeck.ca_file: file {DIR}/rundeck-ca.pem does not exist";
        QTest::newRow("rundeck poll_interval no unit")
            << rundeck + "    poll_interval: 2\n"
            << "fb.yaml:5: executors.rundeck.poll_interval: invalid duration \"2\"; expected a number with a unit, "
               "such as 250ms, 30s, 5m, 1h30m";
        QTest::newRow("rundeck timeout wrong unit order")
            << rundeck + "    timeout: 30s10m\n"
            << "fb.yaml:5: executors.rundeck.timeout: invalid duration \"30s10m\"; expected a number with a unit, "
               "such as 250ms, 30s, 5m, 1h30m";
        QTest::newRow("rundeck poll_interval longer than timeout")
            << rundeck + "    poll_interval: 10m\n    timeout: 5m\n"
            << "fb.yaml:5: executors.rundeck.poll_interval: 10m is not shorter than timeout 5m";

        // stackstorm
        QTest::newRow("stackstorm without api_key_file")
            << QByteArray("executors:\n  stackstorm:\n    url: https://st2\n")
            << "fb.yaml:3: executors.stackstorm: missing required key \"api_key_file\"";
        QTest::newRow("stackstorm key inline")
            << stackstorm + "    api_key: abc123\n"
            << "fb.yaml:5: unknown key \"api_key\" in executors.stackstorm; known keys: url, api_key_file, ca_file, "
               "poll_interval, timeout";
        QTest::newRow("stackstorm websocket url")
            << QByteArray("executors:\n  stackstorm:\n    url: wss://st2\n    api_key_file: st2-key\n")
            << "fb.yaml:3: executors.stackstorm.url: expected a URL starting with http://, https:// and naming a "
               "host, got \"wss://st2\"";
        QTest::newRow("stackstorm key world readable")
            << QByteArray("executors:\n  stackstorm:\n    url: https://st2\n    api_key_file: open-token\n")
            << "fb.yaml:4: token file {DIR}/open-token is readable by group or others (mode 0644); chmod 600 it";
        QTest::newRow("stackstorm ca_file not a certificate")
            << stackstorm + "    ca_file: st2-key\n"
            << "fb.yaml:5: executors.stackstorm.ca_file: {DIR}/st2-key holds no PEM certificate";
        QTest::newRow("stackstorm poll_interval equals timeout")
            << stackstorm + "    poll_interval: 60s\n    timeout: 1m\n"
            << "fb.yaml:5: executors.stackstorm.poll_interval: 60s is not shorter than timeout 1m";
        QTest::newRow("stackstorm timeout a mapping")
            << stackstorm + "    timeout: {minutes: 10}\n"
            << "fb.yaml:5: executors.stackstorm.timeout: expected a string, got a mapping";
    }

    void errors()
    {
        QFETCH(QByteArray, yaml);
        QFETCH(QString, expected);
        const auto result = loadText(yaml);
        QVERIFY2(std::holds_alternative<ConfigError>(result), "the file was accepted");
        const ConfigError& error = std::get<ConfigError>(result);
        QCOMPARE(error.file, m_file);
        QCOMPARE(error.toString(),
            m_dir.path() + QLatin1Char('/') + expected.replace(QStringLiteral("{DIR}"), m_dir.path()));
        for (const char* secret : { "k8s-secret", "rundeck-secret", "st2-secret", "open-secret", "group-secret" })
            QVERIFY(!error.message.contains(QLatin1String(secret)));
    }
};

QTEST_GUILESS_MAIN(TstExecutorConfig)
#include "tst_executorconfig.moc"
