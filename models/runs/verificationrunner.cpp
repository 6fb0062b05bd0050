#include "verificationrunner.h"

#include "interfaces/clock.h"
#include "interfaces/metricsource.h"
#include "runenginesettings.h"

#include <QTimer>
#include <cmath>

namespace firebreak {

VerificationRunner::VerificationRunner(const Clock& clock, MetricSource& metrics, double timeScale, qint64 runId,
    VerifySample::Phase phase, QVector<RenderedCheck> checks, QObject* parent)
    : QObject(parent)
    , m_clock(clock)
    , m_metrics(metrics)
    , m_timeScale(timeScale > 0 ? timeScale : 1)
    , m_runId(runId)
    , m_phase(phase)
    , m_checks(std::move(checks))
    , m_state(m_checks.size())
    , m_alive(std::make_shared<bool>(true))
{
}

VerificationRunner::~VerificationRunner()
{
    *m_alive = false;
}

void VerificationRunner::start()
{
    if (m_checks.isEmpty()) {
        finish(true, QStringLiteral("no checks"));
        return;
    }
    for (int i = 0; i < m_checks.size(); ++i)
        schedule(i, m_checks.at(i).check.initialDelayMs);
}

int VerificationRunner::wallDelay(qint64 clockMs) const
{
    return RunEngineSettings::wallMs(clockMs, m_timeScale);
}

void VerificationRunner::schedule(int check, qint64 delayMs)
{
    QTimer::singleShot(wallDelay(delayMs), this, [this, check] { sample(check); });
}

void VerificationRunner::sample(int check)
{
    if (m_finished || m_state.at(check).done)
        return;
    const RenderedCheck& rendered = m_checks.at(check);
    const qint64 at = m_clock.nowMs();
    const int index = m_state.at(check).taken;
    auto answered = std::make_shared<bool>(false);
    std::weak_ptr<bool> alive = m_alive;

    auto deliver = [this, check, at, index, answered, alive](const QueryResult& result) {
        const std::shared_ptr<bool> living = alive.lock();
        if (*answered || !living || !*living)
            return;
        *answered = true;
        VerifySample sample;
        sample.runId = m_runId;
        sample.phase = m_phase;
        sample.checkIndex = check;
        sample.sampleIndex = index;
        sample.timeMs = at;
        const VerifyCheck& spec = m_checks.at(check).check;
        if (!result.ok()) {
            sample.detail = QStringLiteral("query failed: %1").arg(result.error);
        } else if (result.series.isEmpty()) {
            sample.detail = QStringLiteral("no data");
        } else {
            // Every series must meet the condition: one healthy instance must not hide a sick one.
            bool allHold = true;
            bool missing = false;
            double worst = 0;
            bool first = true;
            for (const Series& series : result.series) {
                if (series.samples.isEmpty() || !std::isfinite(series.samples.constLast().value)) {
                    missing = true;
                    continue;
                }
                const double value = series.samples.constLast().value;
                if (first || !spec.holds(value)) {
                    worst = value;
                    first = false;
                }
                allHold = allHold && spec.holds(value);
            }
            if (missing) {
                sample.detail = QStringLiteral("a series has no finite value");
            } else {
                sample.hasValue = true;
                sample.value = worst;
                sample.outcome = allHold ? VerifySample::Outcome::Success : VerifySample::Outcome::Failure;
            }
        }
        record(check, sample);
    };

    QTimer::singleShot(QueryTimeoutMs, this, [deliver] {
        QueryResult timedOut;
        timedOut.error = QStringLiteral("no answer within %1 s").arg(QueryTimeoutMs / 1000);
        timedOut.unavailable = true;
        deliver(timedOut);
    });
    m_metrics.instantQuery(rendered.query, at, deliver);
}

void VerificationRunner::record(int check, VerifySample sample)
{
    if (m_finished)
        return;
    CheckState& state = m_state[check];
    const VerifyCheck& spec = m_checks.at(check).check;
    ++state.taken;
    if (sample.outcome == VerifySample::Outcome::Failure)
        ++state.failures;
    else if (sample.outcome == VerifySample::Outcome::Inconclusive)
        ++state.inconclusive;
    Q_EMIT sampled(sample, spec.name);

    if (state.failures > spec.failureLimit) {
        state.done = true;
        finish(false,
            QStringLiteral("%1: %2 failed samples, more than the limit of %3 (last value %4, wanted %5)")
                .arg(spec.name)
                .arg(state.failures)
                .arg(spec.failureLimit)
                .arg(sample.hasValue ? QString::number(sample.value, 'g', 6) : QStringLiteral("none"), spec.success));
        return;
    }
    if (state.inconclusive > spec.inconclusiveLimit) {
        state.done = true;
        finish(false,
            QStringLiteral("%1: %2 inconclusive samples, more than the limit of %3 (%4)")
                .arg(spec.name)
                .arg(state.inconclusive)
                .arg(spec.inconclusiveLimit)
                .arg(sample.detail));
        return;
    }
    if (state.taken >= spec.count) {
        state.done = true;
        if (state.taken - state.failures - state.inconclusive <= 0) {
            // Limits that add up to the count could pass a check that never saw the condition hold.
            finish(
                false, QStringLiteral("%1: no sample of %2 met %3").arg(spec.name).arg(state.taken).arg(spec.success));
            return;
        }
        bool all = true;
        for (const CheckState& other : std::as_const(m_state))
            all = all && other.done;
        if (all) {
            QStringList summary;
            for (int i = 0; i < m_checks.size(); ++i)
                summary << QStringLiteral("%1: %2/%3 samples passed")
                               .arg(m_checks.at(i).check.name)
                               .arg(m_state.at(i).taken - m_state.at(i).failures - m_state.at(i).inconclusive)
                               .arg(m_state.at(i).taken);
            finish(true, summary.join(QStringLiteral("; ")));
        }
        return;
    }
    schedule(check, spec.intervalMs);
}

void VerificationRunner::finish(bool passed, const QString& reason)
{
    if (m_finished)
        return;
    m_finished = true;
    Q_EMIT finished(passed, reason);
}

} // namespace firebreak
