#include "rulematcher.h"

#include <algorithm>

namespace firebreak {

namespace {

const QString RulePrefix = QStringLiteral("rule:");

} // namespace

RuleMatcher::RuleMatcher(QVector<CorrelationRule> rules)
    : m_rules(std::move(rules))
{
}

// "rule:NAME;label=value,...": ':' and ';' cannot appear in a label name or a rule name, so the key
// never equals a plain group key ("region=eu,service=db") and the name is everything before ';'.
QString RuleMatcher::keyOf(int rule, const LabelSet& labels, LabelSet* shared) const
{
    LabelSet selected;
    for (const QString& name : m_rules.at(rule).equal)
        selected.insert(name, labels.value(name));
    QString key = RulePrefix + m_rules.at(rule).name + QLatin1Char(';');
    for (auto it = selected.constBegin(); it != selected.constEnd(); ++it) {
        if (it != selected.constBegin())
            key += QLatin1Char(',');
        QString value = it.value();
        value.replace(QLatin1Char('\\'), QLatin1String("\\\\")).replace(QLatin1Char(','), QLatin1String("\\,"));
        key += it.key() + QLatin1Char('=') + value;
    }
    if (shared)
        *shared = selected;
    return key;
}

QString RuleMatcher::ruleNameOf(const QString& groupKey)
{
    if (!groupKey.startsWith(RulePrefix))
        return {};
    const qsizetype end = groupKey.indexOf(QLatin1Char(';'));
    return end < 0 ? QString() : groupKey.mid(RulePrefix.size(), end - RulePrefix.size());
}

QStringList RuleMatcher::keysFor(const LabelSet& labels) const
{
    QStringList keys;
    for (int rule = 0; rule < m_rules.size(); ++rule) {
        const auto& signals = m_rules.at(rule).signals;
        if (std::any_of(
                signals.cbegin(), signals.cend(), [&](const CorrelationSignal& s) { return s.matches(labels); }))
            keys.append(keyOf(rule, labels, nullptr));
    }
    return keys;
}

QVector<RuleMatcher::Match> RuleMatcher::record(const QString& alertKey, const Alert& alert)
{
    const qint64 endsAtMs = alert.status == AlertStatus::Resolved ? qMax(alert.endsAtMs, alert.startsAtMs) : 0;
    QVector<Match> matches;
    for (int rule = 0; rule < m_rules.size(); ++rule) {
        const auto& signals = m_rules.at(rule).signals;
        LabelSet shared;
        QString key;
        State* state = nullptr;
        for (int signal = 0; signal < signals.size(); ++signal) {
            if (!signals.at(signal).matches(alert.labels))
                continue;
            if (!state) {
                key = keyOf(rule, alert.labels, &shared);
                state = &m_states[key];
                if (state->rule < 0) {
                    state->rule = rule;
                    state->shared = shared;
                    state->bySignal.resize(signals.size());
                }
            }
            QVector<Hit>& hits = state->bySignal[signal];
            const auto known
                = std::find_if(hits.begin(), hits.end(), [&](const Hit& hit) { return hit.alertKey == alertKey; });
            if (known != hits.end())
                known->endsAtMs = endsAtMs;
            else
                hits.append(Hit { alertKey, alert.startsAtMs, endsAtMs });
        }
        if (!state)
            continue;
        Match match;
        if (!complete(*state, &match.chosen, &match.atMs))
            continue;
        match.rule = rule;
        match.key = key;
        match.shared = state->shared;
        for (const QVector<Hit>& hits : std::as_const(state->bySignal)) {
            for (const Hit& hit : hits) {
                const bool listed = std::any_of(match.firing.cbegin(), match.firing.cend(),
                    [&](const Hit& other) { return other.alertKey == hit.alertKey; });
                if (hit.endsAtMs == 0 && !listed)
                    match.firing.append(hit);
            }
        }
        matches.append(match);
    }
    return matches;
}

// Tries each hit's start as the moment the last signal breached: every signal then needs a hit that
// started no earlier than `within` before it and was still firing at it.
bool RuleMatcher::complete(const State& state, QVector<Hit>* chosen, qint64* atMs) const
{
    const qint64 withinMs = m_rules.at(state.rule).withinMs;
    QVector<qint64> moments;
    for (const QVector<Hit>& hits : state.bySignal) {
        if (hits.isEmpty())
            return false;
        for (const Hit& hit : hits)
            moments.append(hit.startsAtMs);
    }
    std::sort(moments.begin(), moments.end(), std::greater<>());
    for (const qint64 moment : std::as_const(moments)) {
        QVector<Hit> picked;
        bool anyFiring = false;
        for (const QVector<Hit>& hits : state.bySignal) {
            const Hit* best = nullptr;
            for (const Hit& hit : hits) {
                const bool inTime = hit.startsAtMs <= moment && hit.startsAtMs >= moment - withinMs;
                const bool stillFiring = hit.endsAtMs == 0 || hit.endsAtMs >= moment;
                if (inTime && stillFiring && (!best || hit.startsAtMs > best->startsAtMs))
                    best = &hit;
            }
            if (!best)
                break;
            anyFiring = anyFiring || best->endsAtMs == 0;
            picked.append(*best);
        }
        if (picked.size() == state.bySignal.size() && anyFiring) {
            *chosen = picked;
            *atMs = moment;
            return true;
        }
    }
    return false;
}

void RuleMatcher::forget(const QString& alertKey, const LabelSet& labels)
{
    for (const QString& key : keysFor(labels)) {
        const auto state = m_states.find(key);
        if (state == m_states.end())
            continue;
        bool empty = true;
        for (QVector<Hit>& hits : state->bySignal) {
            hits.removeIf([&](const Hit& hit) { return hit.alertKey == alertKey; });
            empty = empty && hits.isEmpty();
        }
        if (empty)
            m_states.erase(state);
    }
}

} // namespace firebreak
