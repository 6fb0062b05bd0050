#pragma once

#include "domain/labelset.h"
#include "playbook/playbook.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <QVector>
#include <optional>

namespace firebreak {

// A gate with its query filled in from the triggering alert's labels.
struct RenderedGate {
    PlaybookGate gate;
    QString query; // sustained and confirm; empty for the other kinds
    bool operator==(const RenderedGate&) const = default;
};

struct RenderedStep {
    QString name;
    PlaybookRequest request; // every template replaced by its checked value
    QString target; // what the step acts on (see RenderedPlan::targets)
    bool operator==(const RenderedStep&) const = default;
};

struct RenderedCheck {
    VerifyCheck check;
    QString query;
    bool operator==(const RenderedCheck&) const = default;
};

struct RenderedSuppression {
    qint64 forMs = 0;
    LabelSet matchers;
    bool operator==(const RenderedSuppression&) const = default;
};

// Exactly what a run will do, rendered from a playbook and one alert's labels: the thing an approver
// reads and the thing an approval is bound to. Its canonical JSON (toJson) names every executor,
// argument, request, target, check and suppression; its SHA-256 (hash) changes when any of them does.
struct RenderedPlan {
    QString playbookId;
    QString playbookTitle;
    PlaybookRisk risk = PlaybookRisk::Low;
    QString sourceFile;
    QVector<RenderedGate> gates;
    QVector<RenderedStep> steps;
    QVector<RenderedStep> rollback;
    QVector<RenderedCheck> verify;
    QVector<RenderedCheck> rollbackVerify;
    VerifyFailureAction onVerifyFailure = VerifyFailureAction::Pause;
    std::optional<RenderedSuppression> suppress;

    // The distinct targets of the steps (not of the rollback), in order of first appearance. A step's
    // target is what its templated values select ("instance=db-eu-1"), or, for a step without
    // templates, its executor and operation ("kubernetes rollout-restart shop/web").
    QStringList targets() const;
    QJsonObject toJson() const;
    QByteArray canonicalJson() const;
    QString hash() const; // lower-case hex SHA-256 of canonicalJson()
    bool operator==(const RenderedPlan&) const = default;
};

} // namespace firebreak
