#pragma once

#include "correlationrule.h"
#include "domain/alert.h"

#include <QHash>
#include <QString>
#include <QStringList>
#include <QVector>

namespace firebreak {

// Remembers which alerts satisfied which signal of which multi-signal rule, per value of the
// rule's `equal` labels, and says when a rule is complete. Kept apart from Correlator so that the
// question "did these signals breach together?" can be read (and tested) without the incident
// bookkeeping around it. Pure: times are the alerts' own startsAt/endsAt, never a clock.
class RuleMatcher {
public:
    // One alert counted for one signal. `endsAtMs` 0 = still firing.
    struct Hit {
        QString alertKey;
        qint64 startsAtMs = 0;
        qint64 endsAtMs = 0;
    };

    // A rule whose signals all breached together. `chosen` holds one hit per signal (in signal
    // order): the latest set that satisfies the rule. `firing` is every hit of this rule and these
    // label values that still fires, whichever signal it satisfied.
    struct Match {
        int rule = -1;
        QString key; // "rule:NAME;region=eu"; also the rule incident's group key
        LabelSet shared; // the `equal` labels and their values
        QVector<Hit> chosen;
        QVector<Hit> firing;
        qint64 atMs = 0; // when the last of the chosen signals started
    };

    explicit RuleMatcher(QVector<CorrelationRule> rules);

    const QVector<CorrelationRule>& rules() const { return m_rules; }

    // The keys of every rule one of whose signals these labels satisfy, in rule order.
    QStringList keysFor(const LabelSet& labels) const;

    // Counts `alert` (known as `alertKey`) for every signal it satisfies, or updates its end time
    // if it was counted before, and returns every rule that is now complete with it among its
    // hits. A match needs at least one chosen alert still firing: a rule never describes a
    // problem that is already over.
    QVector<Match> record(const QString& alertKey, const Alert& alert);
    void forget(const QString& alertKey, const LabelSet& labels);

    // The rule name inside a key made by keysFor(), or an empty string for any other group key.
    static QString ruleNameOf(const QString& groupKey);

private:
    struct State {
        int rule = -1;
        LabelSet shared;
        QVector<QVector<Hit>> bySignal;
    };

    QString keyOf(int rule, const LabelSet& labels, LabelSet* shared) const;
    bool complete(const State& state, QVector<Hit>* chosen, qint64* atMs) const;

    QVector<CorrelationRule> m_rules;
    QHash<QString, State> m_states;
};

} // namespace firebreak
