#include "executors/boundedoutput.h"
#include "executors/shellexecutor.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <cerrno>
#include <csignal>
#include <memory>

using namespace firebreak;

namespace {
struct Outcome {
    int calls = 0;
    bool calledInsideExecute = false;
    bool calledOnOtherThread = false;
    ExecutionResult result;
};

ExecutionRequest shellRequest(const QStringList& argv, qint64 timeoutMs = 0)
{
    ExecutionRequest request;
    request.params.insert(QStringLiteral("argv"), argv);
    request.timeoutMs = timeoutMs;
    return request;
}

// Runs one request to completion, then lingers so that a second call of `done` would be seen.
std::shared_ptr<Outcome> run(ShellExecutor& executor, const ExecutionRequest& request, int waitMs = 15000)
{
    auto outcome = std::make_shared<Outcome>();
    bool inside = true;
    QThread* const thread = QThread::currentThread();
    executor.execute(request, [outcome, &inside, thread](const ExecutionResult& result) {
        ++outcome->calls;
        outcome->calledInsideExecute = outcome->calledInsideExecute || inside;
        outcome->calledOnOtherThread = outcome->calledOnOtherThread || QThread::currentThread() != thread;
        outcome->result = result;
    });
    inside = false;
    QElapsedTimer clock;
    clock.start();
    while (outcome->calls == 0 && clock.elapsed() < waitMs)
        QTest::qWait(5);
    QTest::qWait(50);
    return outcome;
}

// Orphans killed here may be left as zombies when PID 1 does not reap (as in some containers);
// kill(pid, 0) still succeeds on a zombie, so its state in /proc decides.
bool processAlive(pid_t pid)
{
    if (::kill(pid, 0) != 0)
        return errno != ESRCH;
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return false;
    const QByteArray line = stat.readAll();
    const qsizetype paren = line.lastIndexOf(')');
    return paren < 0 || line.mid(paren + 2, 1) != "Z";
}

pid_t readPid(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return 0;
    return static_cast<pid_t>(file.readAll().trimmed().toInt());
}
} // namespace

class TestShellExecutor : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void hostileArgumentsComeBackVerbatim_data()
    {
        QTest::addColumn<QString>("argument");
        QTest::newRow("command substitution") << QStringLiteral("$(touch canary)");
        QTest::newRow("absolute command substitution") << QStringLiteral("$(touch CANARY_PATH)");
        QTest::newRow("semicolon") << QStringLiteral("; touch canary");
        QTest::newRow("and") << QStringLiteral("x && touch canary");
        QTest::newRow("pipe") << QStringLiteral("| touch canary");
        QTest::newRow("backticks") << QStringLiteral("`touch canary`");
        QTest::newRow("redirection") << QStringLiteral("> canary");
        QTest::newRow("newline") << QStringLiteral("web-1\ntouch canary\n");
        QTest::newRow("carriage return and tab") << QStringLiteral("a\r\tb");
        QTest::newRow("double dash") << QStringLiteral("--");
        QTest::newRow("leading double dash") << QStringLiteral("--help");
        QTest::newRow("leading dash") << QStringLiteral("-rf");
        QTest::newRow("quotes") << QStringLiteral("'\"'\"");
        QTest::newRow("glob and tilde") << QStringLiteral("* ~ ?");
        QTest::newRow("variable") << QStringLiteral("${HOME}$PATH");
        QTest::newRow("printf format") << QStringLiteral("%s%n%x\\n");
        QTest::newRow("empty") << QString();
        QTest::newRow("fullwidth semicolon") << QStringLiteral("\uFF1B touch canary");
        QTest::newRow("fullwidth dollar and parens") << QStringLiteral("\uFF04\uFF08touch canary\uFF09");
        QTest::newRow("cyrillic look-alike") << QStringLiteral("w\u0435b-1");
        QTest::newRow("right-to-left override") << QStringLiteral("\u202Eyranac hcuot ;");
        QTest::newRow("10 kB") << QString(10 * 1024, QLatin1Char('a')) + QStringLiteral("$(touch canary)");
    }

    void hostileArgumentsComeBackVerbatim()
    {
        QFETCH(QString, argument);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString canary = dir.filePath(QStringLiteral("canary"));
        argument.replace(QStringLiteral("CANARY_PATH"), canary);
        ShellExecutorOptions options;
        options.workingDirectory = dir.path(); // a relative `touch canary` would land here
        ShellExecutor executor(options);

        const auto outcome = run(executor,
            shellRequest(
                { QStringLiteral("/usr/bin/printf"), QStringLiteral("%s\\n"), argument, QStringLiteral("after") }));
        QCOMPARE(outcome->calls, 1);
        QVERIFY2(outcome->result.ok, qPrintable(outcome->result.error));
        QCOMPARE(outcome->result.output.toUtf8(), argument.toUtf8() + "\nafter\n");
        QVERIFY(!QFile::exists(canary));
        QCOMPARE(QDir(dir.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden), QStringList());
    }

    void refusedRequestsRunNothing_data()
    {
        QTest::addColumn<QVariant>("argv");
        QTest::addColumn<QString>("action");
        QTest::addColumn<QString>("expectedError");
        const QString touch = QStringLiteral("/usr/bin/touch");
        QTest::newRow("bare program") << QVariant(QStringList { QStringLiteral("touch"), QStringLiteral("CANARY") })
                                      << QString() << QStringLiteral("params.argv[0] 'touch' is not an absolute path");
        QTest::newRow("relative program")
            << QVariant(QStringList { QStringLiteral("./touch"), QStringLiteral("CANARY") }) << QString()
            << QStringLiteral("is not an absolute path");
        QTest::newRow("empty argv") << QVariant(QStringList {}) << QString() << QStringLiteral("params.argv is empty");
        QTest::newRow("no argv") << QVariant() << QString() << QStringLiteral("params.argv must be a list of strings");
        QTest::newRow("argv not a list") << QVariant(touch) << QString()
                                         << QStringLiteral("params.argv must be a list of strings");
        QTest::newRow("argv item not a string")
            << QVariant(QVariantList { touch, 3 }) << QString() << QStringLiteral("params.argv[1] must be a string");
        QTest::newRow("NUL in an argument")
            << QVariant(QStringList { touch, QStringLiteral("CANARY") + QChar(0) + QStringLiteral("x") }) << QString()
            << QStringLiteral("params.argv[1] contains a NUL character");
        QTest::newRow("NUL in the program") << QVariant(QStringList { touch + QChar(0), QStringLiteral("CANARY") })
                                            << QString() << QStringLiteral("params.argv[0] contains a NUL character");
        QTest::newRow("action differs from program")
            << QVariant(QStringList { touch, QStringLiteral("CANARY") }) << QStringLiteral("/usr/bin/true")
            << QStringLiteral("action '/usr/bin/true' differs from the program '/usr/bin/touch'");
    }

    void refusedRequestsRunNothing()
    {
        QFETCH(QVariant, argv);
        QFETCH(QString, action);
        QFETCH(QString, expectedError);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString canary = dir.filePath(QStringLiteral("canary"));
        if (argv.typeId() == QMetaType::QStringList)
            argv = argv.toStringList().replaceInStrings(QStringLiteral("CANARY"), canary);
        ShellExecutorOptions options;
        options.workingDirectory = dir.path();
        ShellExecutor executor(options);
        ExecutionRequest request;
        request.action = action;
        if (argv.isValid())
            request.params.insert(QStringLiteral("argv"), argv);

        const auto outcome = run(executor, request);
        QCOMPARE(outcome->calls, 1);
        QVERIFY(!outcome->calledInsideExecute);
        QVERIFY(!outcome->result.ok);
        QVERIFY2(outcome->result.error.contains(expectedError), qPrintable(outcome->result.error));
        QVERIFY(outcome->result.error.startsWith(QStringLiteral("shell: ")));
        QVERIFY(!QFile::exists(canary));
    }

    void unknownParameterIsRefused()
    {
        ShellExecutor executor;
        ExecutionRequest request = shellRequest({ QStringLiteral("/usr/bin/true") });
        request.params.insert(QStringLiteral("shell"), true);
        const auto outcome = run(executor, request);
        QCOMPARE(outcome->calls, 1);
        QVERIFY(!outcome->result.ok);
        QVERIFY2(outcome->result.error.contains(QStringLiteral("unknown parameter 'shell'")),
            qPrintable(outcome->result.error));
    }

    void onlyAllowlistedEnvironmentIsVisible()
    {
        qputenv("FIREBREAK_TST_ALLOWED", "inherited");
        qputenv("FIREBREAK_TST_SECRET", "hunter2");
        ShellExecutorOptions options;
        options.environmentAllowlist = QStringList { QStringLiteral("FIREBREAK_TST_ALLOWED"),
            QStringLiteral("FIREBREAK_TST_EXTRA"), QStringLiteral("FIREBREAK_TST_UNSET") };
        ShellExecutor executor(options);

        auto outcome = run(executor, shellRequest({ QStringLiteral("/usr/bin/env") }));
        QVERIFY2(outcome->result.ok, qPrintable(outcome->result.error));
        QCOMPARE(outcome->result.output, QStringLiteral("FIREBREAK_TST_ALLOWED=inherited\n"));

        ExecutionRequest request = shellRequest({ QStringLiteral("/usr/bin/env") });
        request.params.insert(QStringLiteral("env"),
            QVariantMap { { QStringLiteral("FIREBREAK_TST_EXTRA"), QStringLiteral("a b; $(touch x)") },
                { QStringLiteral("FIREBREAK_TST_ALLOWED"), QStringLiteral("overridden") } });
        outcome = run(executor, request);
        QVERIFY2(outcome->result.ok, qPrintable(outcome->result.error));
        QStringList lines = outcome->result.output.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        lines.sort();
        QCOMPARE(lines,
            QStringList({ QStringLiteral("FIREBREAK_TST_ALLOWED=overridden"),
                QStringLiteral("FIREBREAK_TST_EXTRA=a b; $(touch x)") }));

        request.params.insert(
            QStringLiteral("env"), QVariantMap { { QStringLiteral("FIREBREAK_TST_SECRET"), QStringLiteral("leak") } });
        outcome = run(executor, request);
        QCOMPARE(outcome->calls, 1);
        QVERIFY(!outcome->result.ok);
        QVERIFY2(outcome->result.error.contains(QStringLiteral("params.env.FIREBREAK_TST_SECRET is not in the "
                                                               "environment allowlist")),
            qPrintable(outcome->result.error));
        QVERIFY(outcome->result.output.isEmpty());
    }

    void emptyAllowlistMeansAnEmptyEnvironment()
    {
        qputenv("FIREBREAK_TST_SECRET", "hunter2");
        ShellExecutor executor;
        const auto outcome = run(executor, shellRequest({ QStringLiteral("/usr/bin/env") }));
        QVERIFY2(outcome->result.ok, qPrintable(outcome->result.error));
        QCOMPARE(outcome->result.output, QString());
    }

    void timeoutKillsTheWholeProcessGroup()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString pidFile = dir.filePath(QStringLiteral("grandchild.pid"));
        ShellExecutor executor;
        QElapsedTimer clock;
        clock.start();
        // The shell is this test's own choice of program: it starts a grandchild in the same group.
        const auto outcome = run(executor,
            shellRequest({ QStringLiteral("/bin/sh"), QStringLiteral("-c"),
                             QStringLiteral("/bin/sleep 60 & echo $! > \"$0\"; /bin/sleep 60"), pidFile },
                1000));
        const qint64 elapsed = clock.elapsed();
        QCOMPARE(outcome->calls, 1);
        QVERIFY(!outcome->result.ok);
        QVERIFY2(
            outcome->result.error.contains(QStringLiteral("timed out after 1 s")), qPrintable(outcome->result.error));
        QVERIFY2(elapsed < 4000, qPrintable(QString::number(elapsed)));
        const pid_t grandchild = readPid(pidFile);
        QVERIFY(grandchild > 1);
        QTRY_VERIFY_WITH_TIMEOUT(!processAlive(grandchild), 2000);
    }

    void abortKillsTheWholeProcessGroupAndSaysSo()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString pidFile = dir.filePath(QStringLiteral("grandchild.pid"));
        ShellExecutor executor;
        auto outcome = std::make_shared<Outcome>();
        executor.execute(shellRequest({ QStringLiteral("/bin/sh"), QStringLiteral("-c"),
                                          QStringLiteral("/bin/sleep 60 & echo $! > \"$0\"; /bin/sleep 60"), pidFile },
                             60000),
            [outcome](const ExecutionResult& result) {
                ++outcome->calls;
                outcome->result = result;
            });
        QTRY_VERIFY(QFileInfo(pidFile).size() > 0);
        const pid_t grandchild = readPid(pidFile);
        QVERIFY(grandchild > 1);
        QElapsedTimer clock;
        clock.start();
        executor.abortAll(QStringLiteral("commander aborted run 7"));
        QTRY_COMPARE_WITH_TIMEOUT(outcome->calls, 1, 4000);
        QVERIFY(clock.elapsed() < 4000);
        QVERIFY(!outcome->result.ok);
        QVERIFY2(outcome->result.error.contains(QStringLiteral("aborted (commander aborted run 7)")),
            qPrintable(outcome->result.error));
        QTRY_VERIFY_WITH_TIMEOUT(!processAlive(grandchild), 2000);
        QTest::qWait(50);
        QCOMPARE(outcome->calls, 1);
    }

    void defaultTimeoutComesFromTheOptions()
    {
        ShellExecutorOptions options;
        options.defaultTimeoutMs = 300;
        ShellExecutor executor(options);
        QElapsedTimer clock;
        clock.start();
        auto outcome = run(executor, shellRequest({ QStringLiteral("/bin/sleep"), QStringLiteral("60") }));
        QCOMPARE(outcome->calls, 1);
        QVERIFY(clock.elapsed() < 3000);
        QVERIFY2(outcome->result.error.startsWith(QStringLiteral("/bin/sleep timed out after 0.3 s")),
            qPrintable(outcome->result.error));
        QCOMPARE(outcome->result.summary, QStringLiteral("/bin/sleep timed out after 0.3 s"));

        outcome = run(executor, shellRequest({ QStringLiteral("/usr/bin/true") }, -5));
        QVERIFY(!outcome->result.ok);
        QVERIFY2(outcome->result.error.contains(QStringLiteral("timeout -5 ms is negative")),
            qPrintable(outcome->result.error));
    }

    void leftoverBackgroundProcessesAreKilledOnExit()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString pidFile = dir.filePath(QStringLiteral("background.pid"));
        ShellExecutor executor;
        const auto outcome = run(executor,
            shellRequest({ QStringLiteral("/bin/sh"), QStringLiteral("-c"),
                QStringLiteral("/bin/sleep 60 > /dev/null 2>&1 & echo $! > \"$0\""), pidFile }));
        QVERIFY2(outcome->result.ok, qPrintable(outcome->result.error));
        const pid_t background = readPid(pidFile);
        QVERIFY(background > 1);
        QTRY_VERIFY_WITH_TIMEOUT(!processAlive(background), 2000);
    }

    void destroyingTheExecutorKillsRunsWithoutCallingBack()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString pidFile = dir.filePath(QStringLiteral("child.pid"));
        int calls = 0;
        {
            ShellExecutor executor;
            executor.execute(shellRequest({ QStringLiteral("/bin/sh"), QStringLiteral("-c"),
                                 QStringLiteral("/bin/sleep 60 & echo $! > \"$0\"; wait"), pidFile }),
                [&calls](const ExecutionResult&) { ++calls; });
            QTRY_VERIFY(readPid(pidFile) > 1);
        }
        const pid_t child = readPid(pidFile);
        QTRY_VERIFY_WITH_TIMEOUT(!processAlive(child), 2000);
        QTest::qWait(50);
        QCOMPARE(calls, 0);
    }

    void outputIsCappedKeepingHeadAndTail_data()
    {
        QTest::addColumn<qint64>("cap");
        QTest::newRow("default 64 KiB") << qint64(0);
        QTest::newRow("1000 bytes") << qint64(1000);
    }

    void outputIsCappedKeepingHeadAndTail()
    {
        QFETCH(qint64, cap);
        ShellExecutorOptions options;
        if (cap > 0)
            options.maxOutputBytes = cap;
        cap = options.maxOutputBytes;
        QByteArray expected;
        for (int i = 1; i <= 200000; ++i)
            expected += QByteArray::number(i) + '\n';
        QVERIFY(expected.size() > 1000 * 1000);
        ShellExecutor executor(options);
        const auto outcome = run(
            executor, shellRequest({ QStringLiteral("/usr/bin/seq"), QStringLiteral("1"), QStringLiteral("200000") }));
        QVERIFY2(outcome->result.ok, qPrintable(outcome->result.error));
        const QByteArray output = outcome->result.output.toUtf8();
        const QByteArray marker = BoundedOutput::marker(expected.size() - cap);
        QVERIFY(marker.contains("bytes of output dropped"));
        QCOMPARE(output.size(), cap + marker.size());
        QCOMPARE(output, expected.left(cap / 2) + marker + expected.right(cap - cap / 2));
    }

    void boundedOutputDoesNotDependOnChunking()
    {
        QByteArray stream;
        for (int i = 0; i < 5000; ++i)
            stream += QByteArray::number(i * 7919);
        for (const qsizetype cap : { qsizetype(0), qsizetype(1), qsizetype(100), stream.size(), stream.size() + 5 }) {
            BoundedOutput whole(cap);
            whole.append(stream);
            for (const qsizetype chunk : { qsizetype(1), qsizetype(7), qsizetype(64), qsizetype(4096) }) {
                BoundedOutput pieces(cap);
                for (qsizetype at = 0; at < stream.size(); at += chunk)
                    pieces.append(stream.mid(at, chunk));
                QCOMPARE(pieces.text(), whole.text());
                QCOMPARE(pieces.droppedBytes(), std::max<qsizetype>(stream.size() - cap, 0));
            }
        }
    }

    void exitStatusIsReported_data()
    {
        QTest::addColumn<QStringList>("argv");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<QString>("summary");
        QTest::addColumn<QString>("error");
        const QString sh = QStringLiteral("/bin/sh");
        const QString c = QStringLiteral("-c");
        QTest::newRow("success") << QStringList { QStringLiteral("/usr/bin/true") } << true
                                 << QStringLiteral("^/usr/bin/true exited 0 in \\d+\\.\\d\\d s$") << QString();
        QTest::newRow("exit 1") << QStringList { QStringLiteral("/usr/bin/false") } << false
                                << QStringLiteral("^/usr/bin/false exited 1 in \\d+\\.\\d\\d s$")
                                << QStringLiteral("/usr/bin/false exited with code 1");
        QTest::newRow("exit 3") << QStringList { sh, c, QStringLiteral("exit 3") } << false
                                << QStringLiteral("^/bin/sh exited 3 in ")
                                << QStringLiteral("/bin/sh exited with code 3");
        QTest::newRow("SIGTERM") << QStringList { sh, c, QStringLiteral("kill -TERM $$") } << false
                                 << QStringLiteral("^/bin/sh killed by signal 15 \\(SIGTERM\\) in ")
                                 << QStringLiteral("/bin/sh was killed by signal 15 (SIGTERM)");
        QTest::newRow("SIGKILL") << QStringList { sh, c, QStringLiteral("kill -KILL $$") } << false
                                 << QStringLiteral("^/bin/sh killed by signal 9 \\(SIGKILL\\)")
                                 << QStringLiteral("/bin/sh was killed by signal 9 (SIGKILL)");
        QTest::newRow("missing program") << QStringList { QStringLiteral("/nonexistent/firebreak-program") } << false
                                         << QStringLiteral("^/nonexistent/firebreak-program failed to start")
                                         << QStringLiteral("/nonexistent/firebreak-program failed to start");
        QTest::newRow("not executable") << QStringList { QStringLiteral("/etc/hostname") } << false
                                        << QStringLiteral("^/etc/hostname failed to start")
                                        << QStringLiteral("/etc/hostname failed to start");
    }

    void exitStatusIsReported()
    {
        QFETCH(QStringList, argv);
        QFETCH(bool, ok);
        QFETCH(QString, summary);
        QFETCH(QString, error);
        ShellExecutor executor;
        const auto outcome = run(executor, shellRequest(argv));
        QCOMPARE(outcome->calls, 1);
        QVERIFY(!outcome->calledInsideExecute);
        QVERIFY(!outcome->calledOnOtherThread);
        QCOMPARE(outcome->result.ok, ok);
        QVERIFY2(
            QRegularExpression(summary).match(outcome->result.summary).hasMatch(), qPrintable(outcome->result.summary));
        QVERIFY(!outcome->result.summary.contains(QLatin1Char('\n')));
        if (error.isEmpty())
            QVERIFY(outcome->result.error.isEmpty());
        else
            QVERIFY2(outcome->result.error.startsWith(error), qPrintable(outcome->result.error));
    }

    void stdinIsEmptyAndStderrIsCaptured()
    {
        ShellExecutor executor;
        auto outcome = run(executor, shellRequest({ QStringLiteral("/bin/cat") }, 5000));
        QVERIFY2(outcome->result.ok, qPrintable(outcome->result.error));
        QCOMPARE(outcome->result.output, QString());

        outcome = run(executor,
            shellRequest(
                { QStringLiteral("/bin/sh"), QStringLiteral("-c"), QStringLiteral("echo out; echo err >&2") }));
        QVERIFY2(outcome->result.ok, qPrintable(outcome->result.error));
        QCOMPARE(outcome->result.output, QStringLiteral("out\nerr\n"));
    }

    void concurrentRunsEachCallBackOnce()
    {
        ShellExecutor executor;
        QList<int> calls(8, 0);
        QList<QString> outputs(8);
        for (int i = 0; i < 8; ++i) {
            executor.execute(
                shellRequest({ QStringLiteral("/usr/bin/printf"), QStringLiteral("%s"), QString::number(i) }),
                [&calls, &outputs, i](const ExecutionResult& result) {
                    ++calls[i];
                    outputs[i] = result.output;
                });
        }
        QTRY_VERIFY(!calls.contains(0));
        QTest::qWait(100);
        for (int i = 0; i < 8; ++i) {
            QCOMPARE(calls[i], 1);
            QCOMPARE(outputs[i], QString::number(i));
        }
    }

    void describesItself()
    {
        ShellExecutor executor;
        QCOMPARE(executor.name(), QStringLiteral("shell"));
        QVERIFY(executor.actions().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestShellExecutor)
#include "tst_shellexecutor.moc"
