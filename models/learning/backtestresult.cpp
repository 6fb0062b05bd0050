#include "backtestresult.h"

namespace firebreak {

const BacktestFinding* BacktestResult::hitOf(int index) const
{
    for (const BacktestFinding& finding : findings) {
        if (finding.kind == BacktestFinding::Kind::Hit && finding.incident == index)
            return &finding;
    }
    return nullptr;
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

} // namespace firebreak
