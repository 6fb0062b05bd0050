#include "backtestresult.h"

#include "correlation/correlationevents.h"

#include <algorithm>
#include <cstdlib>

namespace firebreak {

const BacktestFinding* BacktestResult::hitOf(int index) const
{
    for (const BacktestFinding& finding : findings) {
        if (finding.kind == BacktestFinding::Kind::Hit && finding.incident == index)
            return &finding;
    }
    return nullptr;
}

namespace {

QVector<qint64> hitDelays(const QVector<BacktestFinding>& findings)
{
    QVector<qint64> delays;
    for (const BacktestFinding& finding : findings) {
        if (finding.kind == BacktestFinding::Kind::Hit)
            delays.append(finding.delayMs);
    }
    std::sort(delays.begin(), delays.end());
    return delays;
}

} // namespace

std::optional<qint64> BacktestResult::medianDelayMs() const
{
    const QVector<qint64> delays = hitDelays(findings);
    if (delays.isEmpty())
        return std::nullopt;
    const qsizetype middle = delays.size() / 2;
    return delays.size() % 2 == 1 ? delays.at(middle) : (delays.at(middle - 1) + delays.at(middle)) / 2;
}

std::optional<qint64> BacktestResult::worstDelayMs() const
{
    const QVector<qint64> delays = hitDelays(findings);
    if (delays.isEmpty())
        return std::nullopt;
    return delays.last();
}

QString backtestFindingKindName(BacktestFinding::Kind kind)
{
    switch (kind) {
    case BacktestFinding::Kind::Hit:
        return QStringLiteral("hit");
    case BacktestFinding::Kind::Repeat:
        return QStringLiteral("repeat");
    case BacktestFinding::Kind::FalseAlarm:
        return QStringLiteral("false_alarm");
    case BacktestFinding::Kind::Miss:
        return QStringLiteral("miss");
    case BacktestFinding::Kind::NotJudged:
        return QStringLiteral("not_judged");
    }
    return {};
}

QString backtestDelayText(qint64 delayMs)
{
    const qint64 seconds = (std::abs(delayMs) + 500) / 1000;
    if (seconds == 0)
        return QStringLiteral("0s");
    return (delayMs < 0 ? QStringLiteral("\u2212") : QStringLiteral("+"))
        + CorrelationEvents::durationText(seconds * 1000);
}

} // namespace firebreak
