#include "config/configdiff.h"
#include "config/configloader.h"
#include "settings/feedlisteditor.h"
#include "settings/settingsdialog.h"
#include "settings/tokenfield.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <sys/stat.h>

using namespace firebreak;

// The settings dialog driven as an operator would: typing into its fields and pressing Save, then
// checking the file with the loader Firebreak itself starts with.
namespace {

constexpr auto OwnerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;

void writeFile(const QString& path, const QByteArray& content)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    QVERIFY2(file.open(QIODevice::WriteOnly | QIODevice::Truncate), qPrintable(path));
    file.write(content);
    file.close();
    QVERIFY(file.setPermissions(OwnerOnly));
}

QByteArray readAll(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QByteArray testData(const char* name)
{
    QFile file(QStringLiteral(FIREBREAK_TEST_DATA "/config/") + QLatin1String(name));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(file.fileName()));
    return file.readAll();
}

mode_t modeOf(const QString& path)
{
    struct stat info { };
    return ::stat(QFile::encodeName(path).constData(), &info) == 0 ? info.st_mode & 07777 : 0;
}

FirebreakConfig loadValid(const QString& path)
{
    const auto result = ConfigLoader::load(path);
    if (const auto* error = std::get_if<ConfigError>(&result))
        qFatal("refused: %s", qPrintable(error->toString()));
    return std::get<FirebreakConfig>(result);
}

void type(QWidget* widget, const QString& text)
{
    if (auto* edit = qobject_cast<QLineEdit*>(widget))
        edit->clear();
    QTest::keyClicks(widget, text);
}

void typeLines(QPlainTextEdit* edit, const QStringList& lines)
{
    edit->clear();
    for (const QString& line : lines) {
        if (line != lines.first())
            QTest::keyClick(edit, Qt::Key_Return);
        QTest::keyClicks(edit, line);
    }
}

} // namespace

class TstSettingsDialog : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    QString at(const QString& relative) const { return m_dir.filePath(relative); }

    // full.yaml and executors.yaml in one file, with every token, CA, roster and directory they name.
    FirebreakConfig writeExisting(const QString& dir)
    {
        for (const char* name :
            { "receiver-token", "am-token", "prom-token", "feed-token", "k8s-token", "rundeck-token", "st2-key" }) {
            writeFile(dir + QLatin1Char('/') + QLatin1String(name), QByteArray(name) + "-value\n");
        }
        writeFile(dir + QStringLiteral("/certs/corp-ca.pem"), testData("test-ca.pem"));
        writeFile(dir + QStringLiteral("/roster.yaml"), "users: []\n");
        QDir(dir).mkpath(QStringLiteral("playbooks"));
        QDir(dir).mkpath(QStringLiteral("work"));
        writeFile(dir + QStringLiteral("/fb.yaml"), testData("full.yaml") + "\n" + testData("executors.yaml"));
        return loadValid(dir + QStringLiteral("/fb.yaml"));
    }

    // What an operator fills in from scratch.
    void fillSources(SettingsDialog& dialog)
    {
        typeLines(dialog.peersEdit(), { QStringLiteral("http://am-0:9093"), QStringLiteral("https://am-1:9093/") });
        type(dialog.alertmanagerToken()->edit(), QStringLiteral("am-typed"));
        type(dialog.prometheusUrlEdit(), QStringLiteral("http://prometheus:9090"));
        type(dialog.prometheusToken()->edit(), QStringLiteral("prom-typed"));
        QTest::mouseClick(dialog.feedsEditor()->addButton(), Qt::LeftButton);
        QCOMPARE(dialog.feedsEditor()->count(), 1);
        type(dialog.feedsEditor()->urlEdit(0), QStringLiteral("wss://ci.example.org/events"));
        type(dialog.feedsEditor()->tokenField(0)->edit(), QStringLiteral("feed-typed"));
        type(dialog.listenEdit(), QStringLiteral("127.0.0.1:9095"));
        type(dialog.receiverToken()->edit(), QStringLiteral("recv-typed"));
        type(dialog.maxBodyEdit(), QStringLiteral("1048576"));
        type(dialog.rosterEdit(), QStringLiteral("roster.yaml"));
        type(dialog.playbooksEdit(), QStringLiteral("playbooks"));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        writeFile(at(QStringLiteral("new/roster.yaml")), "users: []\n");
        QVERIFY(QDir(m_dir.path()).mkpath(QStringLiteral("new/playbooks")));
    }

    void savesWhatWasEntered()
    {
        const QString file = at(QStringLiteral("new/firebreak.yaml"));
        SettingsDialog dialog(FirebreakConfig {}, file);
        QVERIFY(dialog.isValid()); // nothing configured is a valid (empty) configuration
        fillSources(dialog);
        QVERIFY2(dialog.isValid(), qPrintable(dialog.errorFor(dialog.listenEdit())));
        QVERIFY(dialog.saveButton()->isEnabled());
        QVERIFY(dialog.saveButton()->isDefault());

        QSignalSpy saved(&dialog, &SettingsDialog::saved);
        QTest::mouseClick(dialog.saveButton(), Qt::LeftButton);
        QCOMPARE(saved.size(), 1);
        QCOMPARE(
            dialog.statusText(), QStringLiteral("Saved to %1. Start Firebreak with --config %1 to use it.").arg(file));

        const FirebreakConfig loaded = loadValid(file);
        const QString dir = at(QStringLiteral("new"));
        QVERIFY(loaded.alertmanager);
        QCOMPARE(loaded.alertmanager->peers,
            (QList<QUrl> { QUrl(QStringLiteral("http://am-0:9093")), QUrl(QStringLiteral("https://am-1:9093/")) }));
        QCOMPARE(loaded.alertmanager->credential.file, dir + QStringLiteral("/alertmanager.token"));
        QCOMPARE(loaded.alertmanager->credential.token, QByteArray("am-typed"));
        QVERIFY(loaded.prometheus);
        QCOMPARE(loaded.prometheus->url, QUrl(QStringLiteral("http://prometheus:9090")));
        QCOMPARE(loaded.prometheus->credential.file, dir + QStringLiteral("/prometheus.token"));
        QCOMPARE(loaded.prometheus->credential.token, QByteArray("prom-typed"));
        QCOMPARE(loaded.feeds.size(), 1);
        QCOMPARE(loaded.feeds[0].websocket, QUrl(QStringLiteral("wss://ci.example.org/events")));
        QCOMPARE(loaded.feeds[0].credential.file, dir + QStringLiteral("/feed-1.token"));
        QCOMPARE(loaded.feeds[0].credential.token, QByteArray("feed-typed"));
        QVERIFY(loaded.receiver);
        QCOMPARE(loaded.receiver->listenHost, QStringLiteral("127.0.0.1"));
        QCOMPARE(loaded.receiver->listenPort, quint16(9095));
        QCOMPARE(loaded.receiver->maxBodyBytes, qint64(1048576));
        QCOMPARE(loaded.receiver->credential.token, QByteArray("recv-typed"));
        QVERIFY(loaded.automation);
        QCOMPARE(loaded.automation->rosterFile, dir + QStringLiteral("/roster.yaml"));
        QCOMPARE(loaded.automation->playbooksDir, dir + QStringLiteral("/playbooks"));
        QVERIFY(!loaded.store);
        QCOMPARE(ConfigDiff::firstDifference(*dialog.savedConfig(), loaded), QString());

        for (const auto& [name, content] :
            { std::pair { "alertmanager.token", "am-typed\n" }, std::pair { "prometheus.token", "prom-typed\n" },
                std::pair { "feed-1.token", "feed-typed\n" }, std::pair { "receiver.token", "recv-typed\n" } }) {
            const QString token = dir + QLatin1Char('/') + QLatin1String(name);
            QCOMPARE(modeOf(token), mode_t(0600));
            QCOMPARE(readAll(token), QByteArray(content));
        }
        const QByteArray yaml = readAll(file);
        QVERIFY(!yaml.contains("typed"));
        QVERIFY(yaml.contains("token_file: alertmanager.token"));

        // The token fields now say where the tokens are, and show none of them.
        QVERIFY(dialog.prometheusToken()->edit()->text().isEmpty());
        QCOMPARE(
            dialog.prometheusToken()->edit()->placeholderText(), QStringLiteral("•••• stored in prometheus.token"));
        QCOMPARE(dialog.cancelButton()->text(), QStringLiteral("Close"));
    }

    void invalidFieldsSayWhyAndNothingIsWritten()
    {
        const QString file = at(QStringLiteral("new/invalid.yaml"));
        SettingsDialog dialog(FirebreakConfig {}, file);
        fillSources(dialog);
        QVERIFY(dialog.isValid());

        type(dialog.prometheusUrlEdit(), QStringLiteral("ftp://prometheus:9090"));
        QCOMPARE(dialog.errorFor(dialog.prometheusUrlEdit()), QStringLiteral("must start with http://, https://"));
        QVERIFY(!dialog.isValid());
        QVERIFY(!dialog.saveButton()->isEnabled());
        QVERIFY(!dialog.saveButton()->isDefault());
        QVERIFY(dialog.cancelButton()->isDefault());
        QVERIFY(!dialog.save());
        QVERIFY(!QFileInfo::exists(file));
        type(dialog.prometheusUrlEdit(), QStringLiteral("https://prometheus:9090"));
        QVERIFY(dialog.isValid());

        type(dialog.listenEdit(), QStringLiteral("127.0.0.1:70000"));
        QCOMPARE(dialog.errorFor(dialog.listenEdit()), QStringLiteral("port must be between 1 and 65535"));
        QVERIFY(!dialog.saveButton()->isEnabled());
        type(dialog.listenEdit(), QStringLiteral("prometheus.local:9095"));
        QCOMPARE(dialog.errorFor(dialog.listenEdit()),
            QStringLiteral("host \"prometheus.local\" is not an IP address or localhost"));
        type(dialog.listenEdit(), QStringLiteral("[::1]:9095"));
        QCOMPARE(dialog.errorFor(dialog.listenEdit()), QString());

        type(dialog.maxBodyEdit(), QStringLiteral("0"));
        QVERIFY(dialog.errorFor(dialog.maxBodyEdit()).startsWith(QStringLiteral("a whole number of bytes from 1")));
        type(dialog.maxBodyEdit(), QStringLiteral("4096"));

        type(dialog.feedsEditor()->urlEdit(0), QStringLiteral("http://ci.example.org/events"));
        QCOMPARE(dialog.feedsEditor()->errorLabel(0)->text(), QStringLiteral("must start with ws://, wss://"));
        QVERIFY(!dialog.feedsEditor()->errorLabel(0)->isHidden());
        QVERIFY(!dialog.saveButton()->isEnabled());
        QTest::mouseClick(dialog.feedsEditor()->removeButton(0), Qt::LeftButton);
        QCOMPARE(dialog.feedsEditor()->count(), 0);

        typeLines(dialog.peersEdit(), { QStringLiteral("http://am-0:9093"), QStringLiteral("http://am-0:9093/") });
        QCOMPARE(dialog.errorFor(dialog.peersEdit()), QStringLiteral("http://am-0:9093/ is listed twice"));
        typeLines(dialog.peersEdit(), { QStringLiteral("http://am-0:9093") });

        type(dialog.rosterEdit(), QStringLiteral("missing-roster.yaml"));
        QCOMPARE(dialog.errorFor(dialog.rosterEdit()),
            QStringLiteral("%1 does not exist").arg(at(QStringLiteral("new/missing-roster.yaml"))));
        type(dialog.rosterEdit(), QString());

        // A receiver refuses every request without a token.
        dialog.receiverToken()->edit()->clear();
        QCOMPARE(dialog.errorFor(dialog.receiverToken()),
            QStringLiteral("required: the receiver refuses requests without a token"));
        QVERIFY(!dialog.save());
        QVERIFY(!QFileInfo::exists(file));
        type(dialog.receiverToken()->edit(), QStringLiteral("r"));
        QVERIFY(dialog.isValid());
        QVERIFY(dialog.saveButton()->isDefault());
    }

    void anExistingConfigurationKeepsWhatTheDialogDoesNotShow()
    {
        const QString dir = at(QStringLiteral("existing"));
        const QString file = dir + QStringLiteral("/fb.yaml");
        const FirebreakConfig original = writeExisting(dir);
        QVERIFY(!original.correlation.rules.isEmpty());

        SettingsDialog dialog(original, file);
        QVERIFY(dialog.isValid());
        QCOMPARE(dialog.alertmanagerToken()->edit()->placeholderText(), QStringLiteral("•••• stored in am-token"));
        QVERIFY(dialog.alertmanagerToken()->edit()->text().isEmpty());
        QCOMPARE(dialog.feedsEditor()->count(), 2);

        type(dialog.prometheusUrlEdit(), QStringLiteral("https://prom.example:9090"));
        type(dialog.prometheusToken()->edit(), QStringLiteral("prom-new"));
        QVERIFY(dialog.save());

        const FirebreakConfig saved = loadValid(file);
        FirebreakConfig expected = original;
        expected.prometheus->url = QUrl(QStringLiteral("https://prom.example:9090"));
        expected.prometheus->credential = Credential { dir + QStringLiteral("/prometheus.token"), "prom-new" };
        QCOMPARE(ConfigDiff::firstDifference(expected, saved), QString());
        QCOMPARE(saved.correlation.rules, original.correlation.rules);
        QVERIFY(saved.executors && saved.executors->rundeck && saved.executors->stackstorm);
        // Tokens nobody retyped are where they were, untouched.
        QCOMPARE(readAll(dir + QStringLiteral("/am-token")), QByteArray("am-token-value\n"));
        QCOMPARE(readAll(dir + QStringLiteral("/prom-token")), QByteArray("prom-token-value\n"));
        QCOMPARE(modeOf(dir + QStringLiteral("/prometheus.token")), mode_t(0600));
    }

    void aRefusedSaveLeavesThePreviousFile()
    {
        const QString dir = at(QStringLiteral("refused"));
        writeFile(dir + QStringLiteral("/certs/ca.pem"), testData("test-ca.pem"));
        const QString file = dir + QStringLiteral("/fb.yaml");
        const QByteArray previous = "executors:\n  http: {ca_file: certs/ca.pem}\n";
        writeFile(file, previous);
        const FirebreakConfig original = loadValid(file);
        SettingsDialog dialog(original, file);
        type(dialog.prometheusUrlEdit(), QStringLiteral("http://prometheus:9090"));
        type(dialog.prometheusToken()->edit(), QStringLiteral("prom-new"));
        // The CA file the executors section names went away after Firebreak read it.
        QVERIFY(QFile::remove(dir + QStringLiteral("/certs/ca.pem")));
        QVERIFY(dialog.isValid());
        QVERIFY(!dialog.save());
        QVERIFY2(dialog.statusText().contains(QStringLiteral("%1:").arg(file)), qPrintable(dialog.statusText()));
        QVERIFY2(
            dialog.statusText().contains(QStringLiteral("ca.pem does not exist")), qPrintable(dialog.statusText()));
        QCOMPARE(readAll(file), previous);
        QVERIFY(!QFileInfo::exists(dir + QStringLiteral("/prometheus.token")));
        QVERIFY(!dialog.savedConfig());
    }

    void screenshot()
    {
        // An existing configuration being edited: stored tokens, a new feed with a mistake in it.
        const QString dir = at(QStringLiteral("shot"));
        SettingsDialog dialog(writeExisting(dir), dir + QStringLiteral("/fb.yaml"));
        type(dialog.prometheusToken()->edit(), QStringLiteral("prom-new"));
        QTest::mouseClick(dialog.feedsEditor()->addButton(), Qt::LeftButton);
        type(dialog.feedsEditor()->urlEdit(2), QStringLiteral("http://deploys:8080/events"));
        QVERIFY(!dialog.saveButton()->isEnabled());
        dialog.resize(dialog.sizeHint());
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QVERIFY(dialog.grab().save(QStringLiteral("/tmp/settings-helper.png")));
    }
};

QTEST_MAIN(TstSettingsDialog)
#include "tst_settingsdialog.moc"
