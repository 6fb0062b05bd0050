// `firebreak playbook check` as CI and editors use it: the real binary on the seed playbooks and on
// broken files. The report goes to stdout (one line per file, FILE:LINE: message per problem), a
// summary to stderr, and the exit code says whether everything is valid.
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

namespace {

const QString SeedDir = QDir::cleanPath(QStringLiteral(FIREBREAK_TEST_DATA "/../../resources/playbooks"));

struct Run {
    int exitCode = -1;
    QString out;
    QString err;
};

Run check(const QStringList& paths)
{
    QProcess process;
    process.start(QStringLiteral(FIREBREAK_BINARY), QStringList { "playbook", "check" } + paths);
    if (!process.waitForFinished(30000)) {
        process.kill();
        process.waitForFinished();
    }
    return { process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
        QString::fromUtf8(process.readAllStandardOutput()), QString::fromUtf8(process.readAllStandardError()) };
}

void writeFile(const QString& path, const QByteArray& content)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        qFatal("cannot write %s", qPrintable(path));
    file.write(content);
}

QByteArray seed(const QString& name)
{
    QFile file(SeedDir + '/' + name);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(file.fileName()));
    return file.readAll();
}

} // namespace

class TestPlaybookCheck : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void seedDirectoryIsValid();
    void badFileSaysWhere();
    void duplicateIdsAcrossFiles();
    void usageErrors();
};

void TestPlaybookCheck::seedDirectoryIsValid()
{
    const Run run = check({ SeedDir });
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(run.err, QString());
    const QStringList lines = run.out.split('\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 6);
    for (const char* name : { "cache-restart.yaml", "db-promote-replica.yaml", "db-slow-queries.yaml",
             "disk-cleanup.yaml", "memory-leak-restart.yaml", "region-failover.yaml" }) {
        QVERIFY2(lines.contains(SeedDir + "/" + name + ": ok"), qPrintable(run.out));
    }
}

void TestPlaybookCheck::badFileSaysWhere()
{
    QTemporaryDir dir;
    const QString bad = dir.filePath("bad.yaml");
    // A seed playbook with a typo in its executor and a template mixed into a parameter.
    QByteArray text = seed("disk-cleanup.yaml");
    text.replace("{executor: sandbox, action: cleanup-logs, params: {instance: '{{ labels.instance }}'}",
        "{executor: sandbx, action: cleanup-logs, params: {instance: '{{ labels.instance }}'}");
    text.replace("matchers: {alertname: DiskSpaceHigh, instance: '{{ labels.instance }}'}",
        "matchers: {alertname: DiskSpaceHigh, instance: 'host={{ labels.instance }}'}");
    writeFile(bad, text);
    const QString good = SeedDir + "/cache-restart.yaml";
    // The lines the two mistakes are on, found in the text so that comments in the seed can change.
    auto lineOf = [&text](const QByteArray& needle) {
        return QString::number(text.left(text.indexOf(needle)).count('\n') + 1);
    };
    const QString executorLine = lineOf("executor: sandbx");
    const QString matcherLine = lineOf("'host={{");

    const Run run = check({ good, bad });
    QCOMPARE(run.exitCode, 2);
    QCOMPARE(run.out.split('\n', Qt::SkipEmptyParts),
        QStringList({
            good + ": ok",
            bad + ":" + executorLine
                + ": steps[0].run.executor: unknown executor \"sandbx\"; known executors: shell, http, kubernetes, "
                  "rundeck, stackstorm, sandbox",
            bad + ":" + matcherLine
                + ": suppress.matchers.instance: \"host={{ labels.instance }}\" mixes text and a template; a "
                  "template must be the whole value (make it a separate argument)",
        }));
    QCOMPARE(run.err, QStringLiteral("firebreak: 1 of 2 playbook files has errors\n"));

    const Run missing = check({ dir.filePath("absent.yaml") });
    QCOMPARE(missing.exitCode, 2);
    QCOMPARE(missing.out, dir.filePath("absent.yaml") + ": cannot read the playbook: No such file or directory\n");

    QDir(dir.path()).mkdir("nothing");
    const Run nothing = check({ dir.filePath("nothing") });
    QCOMPARE(nothing.exitCode, 2);
    QCOMPARE(nothing.out, dir.filePath("nothing") + ": no playbooks (*.yaml, *.yml) in this directory\n");
}

void TestPlaybookCheck::duplicateIdsAcrossFiles()
{
    QTemporaryDir dir;
    const QString copy = dir.filePath("my-disk-cleanup.yaml");
    writeFile(copy, seed("disk-cleanup.yaml"));
    const Run run = check({ SeedDir, copy });
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.out.contains(copy + ":3: id: duplicate playbook id \"disk-cleanup\"; " + SeedDir
                 + "/disk-cleanup.yaml:3 already has it\n"),
        qPrintable(run.out));
    QVERIFY(run.out.contains(SeedDir + "/disk-cleanup.yaml: ok\n"));
}

void TestPlaybookCheck::usageErrors()
{
    QProcess process;
    process.start(QStringLiteral(FIREBREAK_BINARY), { "playbook", "check" });
    QVERIFY(process.waitForFinished(30000));
    QCOMPARE(process.exitCode(), 2);
    QVERIFY(process.readAllStandardError().startsWith(
        "firebreak: playbook check needs at least one playbook file or directory\n"));
    process.start(QStringLiteral(FIREBREAK_BINARY), { "playbook", "lint", "x.yaml" });
    QVERIFY(process.waitForFinished(30000));
    QCOMPARE(process.exitCode(), 2);
    QVERIFY(process.readAllStandardError().startsWith("firebreak: playbook needs a subcommand: playbook check "
                                                      "FILE|DIR...\n"));
    process.start(QStringLiteral(FIREBREAK_BINARY), { "playbook", "check", "--json", SeedDir });
    QVERIFY(process.waitForFinished(30000));
    QCOMPARE(process.exitCode(), 2);
    QVERIFY(process.readAllStandardError().startsWith(
        "firebreak: playbook check takes no options, only files and directories\n"));
}

QTEST_GUILESS_MAIN(TestPlaybookCheck)
#include "tst_playbookcheck.moc"
