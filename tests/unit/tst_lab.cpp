#include "config/configloader.h"
#include "sandbox/sandboxrules.h"

#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <yaml-cpp/yaml.h>

using namespace firebreak;

namespace {
const QString LabDir = QStringLiteral(FIREBREAK_TEST_DATA "/../../resources/lab");

// Runs a checker shipped with Prometheus/Alertmanager; empty when it passed, its output otherwise.
QString runChecker(const QString& program, const QStringList& arguments)
{
    QProcess process;
    process.setWorkingDirectory(LabDir);
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(program, arguments);
    if (!process.waitForFinished(20'000))
        return QStringLiteral("%1 did not finish").arg(program);
    if (process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0)
        return {};
    return QString::fromUtf8(process.readAll());
}

qint64 durationMs(const std::string& text)
{
    if (text.empty())
        return 0;
    const qint64 number = std::stoll(text.substr(0, text.size() - 1));
    switch (text.back()) {
    case 's':
        return number * 1000;
    case 'm':
        return number * 60'000;
    default:
        return -1;
    }
}
} // namespace

// The lab's files, as shipped: accepted by Prometheus', Alertmanager's and Firebreak's own checkers,
// and the lab rules are the sandbox's rules, so both paths produce the same alerts.
class TestLab : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void prometheusAndAlertmanagerAcceptTheFiles()
    {
        const QString promtool = QStandardPaths::findExecutable(QStringLiteral("promtool"));
        const QString amtool = QStandardPaths::findExecutable(QStringLiteral("amtool"));
        if (promtool.isEmpty() || amtool.isEmpty())
            QSKIP("promtool or amtool is not installed (Debian packages prometheus, prometheus-alertmanager)");
        QString problem = runChecker(
            promtool, { QStringLiteral("check"), QStringLiteral("config"), QStringLiteral("prometheus.yml") });
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        problem = runChecker(
            promtool, { QStringLiteral("check"), QStringLiteral("rules"), QStringLiteral("rules/shop.rules.yml") });
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        problem = runChecker(amtool, { QStringLiteral("check-config"), QStringLiteral("alertmanager.yml") });
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }

    void firebreakAcceptsItsConfig()
    {
        // As lab.sh lays it out: the config next to a token file only its owner can read.
        QTemporaryDir dir;
        QVERIFY(
            QFile::copy(LabDir + QStringLiteral("/firebreak.yaml"), dir.filePath(QStringLiteral("firebreak.yaml"))));
        QFile token(dir.filePath(QStringLiteral("token")));
        QVERIFY(token.open(QIODevice::WriteOnly));
        token.write("lab-token\n");
        token.close();
        QVERIFY(token.setPermissions(QFile::ReadOwner | QFile::WriteOwner));
        const auto loaded = ConfigLoader::load(dir.filePath(QStringLiteral("firebreak.yaml")));
        if (const auto* error = std::get_if<ConfigError>(&loaded))
            QFAIL(qPrintable(error->toString()));
        const auto& config = std::get<FirebreakConfig>(loaded);
        QVERIFY(config.store);
        QCOMPARE(config.store->path, dir.filePath(QStringLiteral("firebreak.db")));
        QVERIFY(config.receiver);
        QCOMPARE(config.receiver->listenPort, 9095);
        QCOMPARE(config.receiver->credential.token, QByteArray("lab-token"));
        QVERIFY(config.alertmanager);
        QCOMPARE(config.alertmanager->peers, QList<QUrl> { QUrl(QStringLiteral("http://127.0.0.1:9093")) });
        QVERIFY(config.prometheus);
        QCOMPARE(config.prometheus->url, QUrl(QStringLiteral("http://127.0.0.1:9090")));
    }

    void labRulesAreTheSandboxRules()
    {
        const YAML::Node root = YAML::LoadFile(QString(LabDir + QStringLiteral("/rules/shop.rules.yml")).toStdString());
        QMap<QString, YAML::Node> lab;
        for (const YAML::Node& group : root["groups"]) {
            for (const YAML::Node& rule : group["rules"])
                lab.insert(QString::fromStdString(rule["alert"].as<std::string>()), rule);
        }
        const QVector<AlertRule> sandbox = SandboxRules::defaults();
        QCOMPARE(lab.size(), sandbox.size());
        for (const AlertRule& rule : sandbox) {
            QVERIFY2(lab.contains(rule.name), qPrintable(rule.name));
            const YAML::Node node = lab.value(rule.name);
            QCOMPARE(QString::fromStdString(node["expr"].as<std::string>()), rule.expression);
            QCOMPARE(QString::fromStdString(node["labels"]["severity"].as<std::string>()),
                rule.labels.value(QStringLiteral("severity")));
            for (const QString& key : { QStringLiteral("summary"), QStringLiteral("description") }) {
                QCOMPARE(QString::fromStdString(node["annotations"][key.toStdString()].as<std::string>()),
                    rule.annotations.value(key));
            }
            // Wall-clock `for` at the lab's --speed 10.
            const qint64 forMs = node["for"] ? durationMs(node["for"].as<std::string>()) : 0;
            QCOMPARE(forMs, rule.forMs / 10);
        }
    }
};

QTEST_GUILESS_MAIN(TestLab)
#include "tst_lab.moc"
