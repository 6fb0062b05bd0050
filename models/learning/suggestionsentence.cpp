#include "suggestionsentence.h"

#include "config/duration.h"
#include "thresholdsuggestion.h"

#include <QStringList>

namespace firebreak {

namespace {

QString counted(int count, const char* one, const char* many)
{
    return QStringLiteral("%1 %2").arg(count).arg(QLatin1String(count == 1 ? one : many));
}

QString joined(const QStringList& parts)
{
    if (parts.size() <= 1)
        return parts.join(QString());
    return parts.mid(0, parts.size() - 1).join(QStringLiteral(", ")) + QStringLiteral(" and ") + parts.last();
}

QString change(const ThresholdSuggestion& suggestion)
{
    if (suggestion.change == ThresholdSuggestion::Change::ForDuration) {
        const qint64 before = parseDurationMs(suggestion.oldValue).value_or(0);
        const qint64 after = parseDurationMs(suggestion.newValue).value_or(0);
        return QStringLiteral("%1 `for` from %2 to %3")
            .arg(after > before ? QStringLiteral("Lengthening") : QStringLiteral("Shortening"), suggestion.oldValue,
                suggestion.newValue);
    }
    const bool raise = suggestion.newValue.toDouble() > suggestion.oldValue.toDouble();
    return QStringLiteral("%1 the threshold from %2 to %3")
        .arg(raise ? QStringLiteral("Raising") : QStringLiteral("Lowering"), suggestion.oldValue, suggestion.newValue);
}

int hitsKept(const BacktestResult& before, const BacktestResult& after)
{
    int kept = 0;
    for (int i = 0; i < before.incidents.size(); ++i) {
        if (before.hitOf(i) && after.hitOf(i))
            ++kept;
    }
    return kept;
}

} // namespace

QString SuggestionSentence::of(const BacktestResult& before, const ThresholdSuggestion& suggestion)
{
    if (!suggestion.ok())
        return suggestion.error;
    if (suggestion.change == ThresholdSuggestion::Change::None)
        return suggestion.reasoning;
    const BacktestResult& after = suggestion.after;
    QStringList effects;
    if (after.falseAlarms < before.falseAlarms)
        effects << QStringLiteral("removes %1")
                       .arg(counted(before.falseAlarms - after.falseAlarms, "false alarm", "false alarms"));
    if (after.misses < before.misses)
        effects << QStringLiteral("catches %1")
                       .arg(counted(before.misses - after.misses, "missed incident", "missed incidents"));
    const std::optional<qint64> delayBefore = before.medianDelayMs();
    const std::optional<qint64> delayAfter = after.medianDelayMs();
    if (delayBefore && delayAfter && *delayAfter != *delayBefore)
        effects << QStringLiteral("changes the median detection delay from %1 to %2")
                       .arg(backtestDelayText(*delayBefore), backtestDelayText(*delayAfter));
    if (after.falseAlarms > before.falseAlarms)
        effects << QStringLiteral("adds %1").arg(
            counted(after.falseAlarms - before.falseAlarms, "false alarm", "false alarms"));
    else if (after.falseAlarms == before.falseAlarms)
        effects << QStringLiteral("adds no false alarm");
    const int kept = hitsKept(before, after);
    if (before.hits > 0 && kept == before.hits)
        effects << (before.hits == 1 ? QStringLiteral("keeps the one hit")
                : before.hits == 2   ? QStringLiteral("keeps both hits")
                                     : QStringLiteral("keeps all %1 hits").arg(before.hits));
    else if (kept < before.hits)
        effects << QStringLiteral("loses %1").arg(counted(before.hits - kept, "hit", "hits"));
    return QStringLiteral("%1 %2.").arg(change(suggestion), joined(effects));
}

} // namespace firebreak
