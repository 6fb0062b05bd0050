#include "shellexecutor.h"

#include "boundedoutput.h"

#include <QDir>
#include <QElapsedTimer>
#include <QProcess>
#include <QThread>
#include <QTimer>
#include <climits>
#include <csignal>
#include <cstring>
#include <unistd.h>

namespace firebreak {

struct ShellExecutor::Run {
    explicit Run(qsizetype maxOutputBytes)
        : output(maxOutputBytes)
    {
    }

    QProcess* process = nullptr; // child of the executor; deleted once finished
    QTimer timer;
    QElapsedTimer clock;
    BoundedOutput output;
    Callback done;
    QString program;
    qint64 timeoutMs = 0;
    pid_t pid = 0; // also the id of the run's process group and session
    bool timedOut = false;
    QString abortReason; // set by abortAll(): the group was killed on purpose
};

namespace {
const QString Argv = QStringLiteral("argv");
const QString Env = QStringLiteral("env");

ExecutionResult refusal(const QString& message)
{
    ExecutionResult result;
    result.error = QStringLiteral("shell: ") + message;
    result.summary = result.error;
    return result;
}

QString seconds(qint64 ms)
{
    return QString::number(static_cast<double>(ms) / 1000.0, 'g', 6);
}

// kill(-1) would signal every process we may signal and kill(0) our own group: only a real group id
// (a child's pid, which setsid() made its session and group id) is ever passed on.
void killGroup(pid_t pgid)
{
    if (pgid > 1)
        ::kill(-pgid, SIGKILL);
}

QString signalName(int signal)
{
    const char* abbreviation = ::sigabbrev_np(signal);
    return abbreviation ? QStringLiteral(" (SIG%1)").arg(QString::fromLatin1(abbreviation)) : QString();
}

// Reads params["argv"]; a QStringList, or the QVariantList of strings a YAML or JSON reader produces.
QString readArgv(const QVariant& value, QStringList& argv)
{
    if (value.typeId() == QMetaType::QStringList) {
        argv = value.toStringList();
        return {};
    }
    if (value.typeId() != QMetaType::QVariantList)
        return QStringLiteral("params.argv must be a list of strings, got %1")
            .arg(QString::fromLatin1(value.isValid() ? value.typeName() : "nothing"));
    const QVariantList items = value.toList();
    for (qsizetype i = 0; i < items.size(); ++i) {
        if (items[i].typeId() != QMetaType::QString)
            return QStringLiteral("params.argv[%1] must be a string, got %2")
                .arg(i)
                .arg(QString::fromLatin1(items[i].typeName()));
        argv.append(items[i].toString());
    }
    return {};
}
} // namespace

ShellExecutor::ShellExecutor(ShellExecutorOptions options, QObject* parent)
    : QObject(parent)
    , m_options(std::move(options))
{
    const QProcessEnvironment system = QProcessEnvironment::systemEnvironment();
    for (const QString& name : std::as_const(m_options.environmentAllowlist)) {
        if (system.contains(name))
            m_inherited.insert(name, system.value(name));
    }
}

ShellExecutor::~ShellExecutor()
{
    for (auto& [id, run] : m_runs) {
        run->process->disconnect(this);
        killGroup(run->pid);
        // ~QProcess would wait for the leader anyway; after SIGKILL this is a reap, not a real wait.
        run->process->waitForFinished(5000);
    }
}

QString ShellExecutor::name() const
{
    return QStringLiteral("shell");
}

QStringList ShellExecutor::actions() const
{
    return {};
}

QString ShellExecutor::prepare(
    const ExecutionRequest& request, QStringList& argv, QProcessEnvironment& environment, qint64& timeoutMs) const
{
    for (auto it = request.params.cbegin(); it != request.params.cend(); ++it) {
        if (it.key() != Argv && it.key() != Env)
            return QStringLiteral("unknown parameter '%1' (accepted: argv, env)").arg(it.key());
    }
    if (const QString error = readArgv(request.params.value(Argv), argv); !error.isEmpty())
        return error;
    if (argv.isEmpty())
        return QStringLiteral("params.argv is empty; expected the program (an absolute path) first");
    for (qsizetype i = 0; i < argv.size(); ++i) {
        // execve() takes C strings: a NUL would silently cut the argument short.
        if (argv[i].contains(QChar(0)))
            return QStringLiteral("params.argv[%1] contains a NUL character").arg(i);
    }
    // A bare or relative name would be resolved through PATH or the working directory at run time, so
    // what runs could differ from what the commander approved; an absolute path names one file.
    if (!QDir::isAbsolutePath(argv.first()))
        return QStringLiteral("params.argv[0] '%1' is not an absolute path (such as /usr/bin/%1)").arg(argv.first());
    if (!request.action.isEmpty() && request.action != argv.first())
        return QStringLiteral("action '%1' differs from the program '%2' in params.argv[0]")
            .arg(request.action, argv.first());

    environment = m_inherited;
    const QVariant env = request.params.value(Env);
    if (env.isValid()) {
        if (env.typeId() != QMetaType::QVariantMap)
            return QStringLiteral("params.env must be a map of names to strings, got %1")
                .arg(QString::fromLatin1(env.typeName()));
        const QVariantMap variables = env.toMap();
        for (auto it = variables.cbegin(); it != variables.cend(); ++it) {
            if (!m_options.environmentAllowlist.contains(it.key()))
                return QStringLiteral("params.env.%1 is not in the environment allowlist (%2)")
                    .arg(it.key(),
                        m_options.environmentAllowlist.isEmpty()
                            ? QStringLiteral("empty")
                            : m_options.environmentAllowlist.join(QStringLiteral(", ")));
            if (it.value().typeId() != QMetaType::QString)
                return QStringLiteral("params.env.%1 must be a string, got %2")
                    .arg(it.key(), QString::fromLatin1(it.value().typeName()));
            if (it.value().toString().contains(QChar(0)))
                return QStringLiteral("params.env.%1 contains a NUL character").arg(it.key());
            environment.insert(it.key(), it.value().toString());
        }
    }

    if (request.timeoutMs < 0)
        return QStringLiteral("timeout %1 ms is negative").arg(request.timeoutMs);
    timeoutMs = request.timeoutMs > 0 ? request.timeoutMs : m_options.defaultTimeoutMs;
    if (timeoutMs <= 0 || timeoutMs > INT_MAX)
        return QStringLiteral("timeout %1 ms is outside 1 ms to %2 ms").arg(timeoutMs).arg(INT_MAX);
    return {};
}

void ShellExecutor::execute(const ExecutionRequest& request, Callback done)
{
    Q_ASSERT(QThread::currentThread() == thread());
    QStringList argv;
    QProcessEnvironment environment;
    qint64 timeoutMs = 0;
    if (const QString error = prepare(request, argv, environment, timeoutMs); !error.isEmpty()) {
        deliver(std::move(done), refusal(error));
        return;
    }

    const quint64 id = m_nextId++;
    auto run = std::make_unique<Run>(m_options.maxOutputBytes);
    run->done = std::move(done);
    run->program = argv.takeFirst();
    run->timeoutMs = timeoutMs;
    run->process = new QProcess(this);
    run->process->setProgram(run->program);
    run->process->setArguments(argv);
    run->process->setProcessEnvironment(environment);
    run->process->setProcessChannelMode(QProcess::MergedChannels);
    run->process->setStandardInputFile(QProcess::nullDevice());
    if (!m_options.workingDirectory.isEmpty())
        run->process->setWorkingDirectory(m_options.workingDirectory);
    // Runs in the child between fork and exec. A child that cannot lead its own session would share
    // Firebreak's process group, out of reach of the timeout's group kill, so it does not run at all.
    run->process->setChildProcessModifier([] {
        if (::setsid() < 0)
            ::_exit(127);
    });
    run->timer.setSingleShot(true);
    run->timer.setInterval(static_cast<int>(timeoutMs));
    m_runs.emplace(id, std::move(run));
    start(id);
}

void ShellExecutor::start(quint64 id)
{
    Run& run = *m_runs.at(id);
    QProcess* process = run.process;
    connect(process, &QProcess::readyReadStandardOutput, this, [this, id] {
        const auto it = m_runs.find(id);
        if (it != m_runs.end())
            it->second->output.append(it->second->process->readAllStandardOutput());
    });
    connect(process, &QProcess::finished, this, [this, id] { finish(id, {}); });
    connect(process, &QProcess::errorOccurred, this, [this, id](QProcess::ProcessError error) {
        // Only a failed start ends a run without `finished`; other errors are followed by it.
        const auto it = m_runs.find(id);
        if (error == QProcess::FailedToStart && it != m_runs.end())
            finish(id, it->second->process->errorString());
    });
    connect(&run.timer, &QTimer::timeout, this, [this, id] { onTimeout(id); });

    run.clock.start();
    process->start(QIODevice::ReadOnly);
    const auto it = m_runs.find(id);
    if (it == m_runs.end())
        return; // failed to start, already finished
    it->second->pid = static_cast<pid_t>(process->processId());
    it->second->timer.start();
}

void ShellExecutor::onTimeout(quint64 id)
{
    const auto it = m_runs.find(id);
    if (it == m_runs.end())
        return;
    it->second->timedOut = true;
    // The leader's death then arrives as `finished`, which completes the run. Killing the leader by pid
    // too keeps the timeout effective even if the group kill found no group.
    killGroup(it->second->pid);
    it->second->process->kill();
}

void ShellExecutor::abortAll(const QString& reason)
{
    for (auto& [id, run] : m_runs) {
        Q_UNUSED(id);
        if (!run->process || run->pid == 0)
            continue;
        run->abortReason = reason.isEmpty() ? QStringLiteral("aborted") : reason;
        killGroup(run->pid);
        run->process->kill();
    }
}

void ShellExecutor::finish(quint64 id, const QString& startError)
{
    const auto it = m_runs.find(id);
    if (it == m_runs.end())
        return;
    std::unique_ptr<Run> run = std::move(it->second);
    m_runs.erase(it);
    run->timer.stop();
    QProcess* process = run->process;
    process->disconnect(this);
    const qint64 elapsedMs = run->clock.elapsed();
    if (startError.isEmpty())
        run->output.append(process->readAllStandardOutput());
    // Background processes the program left in its group would outlive the step unseen.
    killGroup(run->pid);

    ExecutionResult result;
    result.output = QString::fromUtf8(run->output.text());
    const QString took = QStringLiteral(" in %1 s").arg(static_cast<double>(elapsedMs) / 1000.0, 0, 'f', 2);
    if (!startError.isEmpty()) {
        result.error = QStringLiteral("%1 failed to start: %2").arg(run->program, startError);
        result.summary = result.error;
    } else if (!run->abortReason.isEmpty()) {
        result.error
            = QStringLiteral("%1 aborted (%2); its process group was killed").arg(run->program, run->abortReason);
        result.summary = QStringLiteral("%1 aborted").arg(run->program) + took;
    } else if (run->timedOut) {
        result.error = QStringLiteral("%1 timed out after %2 s; its process group was killed")
                           .arg(run->program, seconds(run->timeoutMs));
        result.summary = QStringLiteral("%1 timed out after %2 s").arg(run->program, seconds(run->timeoutMs));
    } else if (process->exitStatus() == QProcess::CrashExit) {
        const int signal = process->exitCode();
        result.summary
            = QStringLiteral("%1 killed by signal %2%3").arg(run->program).arg(signal).arg(signalName(signal)) + took;
        result.error
            = QStringLiteral("%1 was killed by signal %2%3").arg(run->program).arg(signal).arg(signalName(signal));
    } else {
        const int code = process->exitCode();
        result.ok = code == 0;
        result.summary = QStringLiteral("%1 exited %2").arg(run->program).arg(code) + took;
        if (!result.ok)
            result.error = QStringLiteral("%1 exited with code %2").arg(run->program).arg(code);
    }
    process->deleteLater();
    deliver(std::move(run->done), result);
}

void ShellExecutor::deliver(Callback done, const ExecutionResult& result)
{
    QMetaObject::invokeMethod(
        this, [done = std::move(done), result] { done(result); }, Qt::QueuedConnection);
}

} // namespace firebreak
