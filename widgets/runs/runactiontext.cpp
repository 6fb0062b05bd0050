#include "runactiontext.h"

#include "domain/rundetail.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonArray>
#include <QStringList>

namespace firebreak {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("firebreak::RunActionText", text);
}

QString plural(qsizetype n, const char* one, const char* many)
{
    return n == 1 ? tr(one) : tr(many).arg(n);
}

QString span(qint64 ms)
{
    if (ms % 60'000 == 0 && ms >= 60'000)
        return ms == 60'000 ? tr("1 min") : tr("%1 min").arg(ms / 60'000);
    return tr("%1 s").arg(ms / 1000);
}

// "'name' (sandbox rollback-deploy on region=eu)"
QString stepLine(const QJsonObject& step)
{
    const QJsonObject run = step.value(QStringLiteral("run")).toObject();
    const QString executor = run.value(QStringLiteral("executor")).toString();
    QString what = run.value(QStringLiteral("action")).toString();
    if (what.isEmpty())
        what = run.value(QStringLiteral("argv")).toArray().first().toString();
    if (what.isEmpty())
        what = run.value(QStringLiteral("url")).toString();
    const QString target = step.value(QStringLiteral("target")).toString();
    const QString how = QString(executor + QLatin1Char(' ') + what).trimmed();
    QString detail;
    if (target.isEmpty() || target.startsWith(how))
        detail = target.isEmpty() ? how : target;
    else
        detail = tr("%1 on %2").arg(how, target);
    return QStringLiteral("  • '%1' (%2)").arg(step.value(QStringLiteral("name")).toString(), detail);
}

QString checkLine(const QJsonObject& check)
{
    return QStringLiteral("  • '%1': success %2, %3 every %4")
        .arg(check.value(QStringLiteral("name")).toString(), check.value(QStringLiteral("success")).toString(),
            plural(check.value(QStringLiteral("count")).toInt(), "1 sample", "%1 samples"),
            span(qint64(check.value(QStringLiteral("interval_ms")).toDouble())));
}

QStringList lines(const QJsonArray& items, QString (*line)(const QJsonObject&))
{
    QStringList out;
    for (const QJsonValue& item : items)
        out.append(line(item.toObject()));
    return out;
}

QString runName(const RunDetail& detail)
{
    return tr("run %1 (%2)").arg(detail.run.id).arg(detail.run.playbookTitle);
}

QString silenceEnds(const RunDetail& detail, const char* when)
{
    if (detail.run.silenceId.isEmpty())
        return QString();
    return tr("The silence %1 (until %2) ends %3.")
        .arg(detail.run.silenceId,
            QDateTime::fromMSecsSinceEpoch(detail.run.silenceEndsMs).toString(QStringLiteral("HH:mm")), tr(when));
}

} // namespace

QString RunActionText::rollback(const RunDetail& detail)
{
    const QJsonArray steps = detail.plan.value(QStringLiteral("rollback")).toArray();
    const QJsonArray checks = detail.plan.value(QStringLiteral("rollback_verify")).toArray();
    QStringList out;
    out.append(tr("Roll back %1.").arg(runName(detail)));
    out.append(plural(steps.size(), "1 rollback step will run:", "%1 rollback steps will run, in order:"));
    out.append(lines(steps, stepLine));
    if (checks.isEmpty()) {
        out.append(tr("No check verifies the rollback: it counts as done when its steps succeed."));
    } else {
        out.append(plural(checks.size(), "Then 1 check verifies it:", "Then %1 checks verify it:"));
        out.append(lines(checks, checkLine));
    }
    out.append(tr("If a rollback step or check fails, the run ends as rollback failed."));
    const QString silence = silenceEnds(detail, "when the rollback finishes");
    if (!silence.isEmpty())
        out.append(silence);
    return out.join(QLatin1Char('\n'));
}

QString RunActionText::abort(const RunDetail& detail)
{
    QStringList out;
    out.append(tr("Abort %1.").arg(runName(detail)));
    const QJsonArray steps = detail.plan.value(QStringLiteral("steps")).toArray();
    int finished = 0;
    QString inFlight;
    for (const RunStepRecord& record : detail.steps) {
        if (record.phase != RunStepRecord::Phase::Steps)
            continue;
        if (record.status == RunStepRecord::Status::Intent)
            inFlight = record.name;
        else
            ++finished;
    }
    switch (detail.run.state) {
    case RunState::AwaitingApproval:
    case RunState::Approved:
        out.append(tr("Nothing has run yet, and nothing will: none of its %1 will run.")
                       .arg(plural(steps.size(), "1 step", "%1 steps")));
        break;
    case RunState::Executing: {
        const qsizetype remaining = steps.size() - finished - (inFlight.isEmpty() ? 0 : 1);
        if (!inFlight.isEmpty())
            out.append(tr("The step in flight, '%1', is stopped if its executor can stop it, else it finishes "
                          "first.")
                           .arg(inFlight));
        out.append(tr("%1 not run.").arg(plural(remaining, "1 remaining step will", "%1 remaining steps will")));
        out.append(tr("Nothing is rolled back: the system stays as the steps that ran left it, and an aborted "
                      "run cannot be rolled back later."));
        break;
    }
    case RunState::Verifying:
        out.append(tr("Verification stops where it is. Nothing is rolled back: the steps stay applied, and an "
                      "aborted run cannot be rolled back later."));
        break;
    case RunState::Paused:
        out.append(tr("The run ends as it is: steps applied, verification failed. Nothing is rolled back; to undo "
                      "the steps, use Roll back instead."));
        break;
    default:
        out.append(tr("A run that is %1 cannot be aborted.").arg(runStateName(detail.run.state)));
        break;
    }
    const QString silence = silenceEnds(detail, "now");
    if (!silence.isEmpty())
        out.append(silence);
    return out.join(QLatin1Char('\n'));
}

QString RunActionText::resume(const RunDetail& detail)
{
    const QJsonArray checks = detail.plan.value(QStringLiteral("verify")).toArray();
    QStringList out;
    out.append(tr("Resume %1: nothing runs again on the targets; its checks sample again from the start.")
                   .arg(runName(detail)));
    out.append(plural(checks.size(), "1 check:", "%1 checks:"));
    out.append(lines(checks, checkLine));
    const bool rollsBack
        = detail.plan.value(QStringLiteral("on_verify_failure")).toString() == QLatin1String("rollback");
    out.append(rollsBack ? tr("If verification fails again, the run rolls back by itself.")
                         : tr("If verification fails again, the run pauses again for you."));
    return out.join(QLatin1Char('\n'));
}

QString RunActionText::repropose(const RunDetail& detail)
{
    QStringList out;
    out.append(tr("Propose %1 again as a new run.").arg(runName(detail)));
    out.append(tr("Its plan is rendered again from the same playbook and alert labels, its gates are evaluated "
                  "again, and it waits for approval whatever its risk. Run %1 stays interrupted.")
                   .arg(detail.run.id));
    for (const RunStepRecord& record : detail.steps) {
        if (record.status != RunStepRecord::Status::Intent)
            continue;
        out.append(tr("%1 %2, '%3', had started when the run was interrupted and may or may not have run: check "
                      "its target before approving the new run.")
                       .arg(record.phase == RunStepRecord::Phase::Steps ? tr("Step") : tr("Rollback step"))
                       .arg(record.index + 1)
                       .arg(record.name));
    }
    return out.join(QLatin1Char('\n'));
}

} // namespace firebreak
