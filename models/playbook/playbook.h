#pragma once

#include "domain/labelset.h"
#include "playbookgate.h"
#include "playbookstep.h"
#include "playbooktrigger.h"
#include "verifycheck.h"

#include <QMap>
#include <QString>
#include <QVector>
#include <optional>

namespace firebreak {

enum class PlaybookRisk { Low, Medium, High, Critical };
enum class VerifyFailureAction { Rollback, Pause };

// What to mute after a run so that the alert does not storm while the fix takes hold: an Alertmanager
// silence (or local suppression on the sandbox) of `forMs` over equality matchers whose values may be
// whole-value templates.
struct PlaybookSuppression {
    qint64 forMs = 0;
    LabelSet matchers;
    int line = 0;

    bool operator==(const PlaybookSuppression&) const = default;
};

// A remediation as an operator wrote it and PlaybookLoader checked it: when it applies, what must hold
// before it acts, what it does, how success is verified and what undoes it. Loading is all-or-nothing,
// so a Playbook value is always complete and consistent (see PlaybookLoader for the rules).
struct Playbook {
    QString id;
    QString title;
    QString description;
    PlaybookRisk risk = PlaybookRisk::Low;
    PlaybookTrigger trigger;
    // Label name -> the pattern its value must match in full before it fills an argument; labels not
    // listed use TemplateRenderer::DefaultPattern.
    QMap<QString, QString> parameterPatterns;
    QVector<PlaybookGate> gates;
    QVector<PlaybookStep> steps;
    QVector<VerifyCheck> verify;
    VerifyFailureAction onVerifyFailure = VerifyFailureAction::Pause;
    QVector<PlaybookStep> rollback;
    QVector<VerifyCheck> rollbackVerify;
    std::optional<PlaybookSuppression> suppress;

    QString sourceFile; // absolute path, or a ":/..." resource path
    int idLine = 0; // where `id` is written, for duplicate-id messages

    // The approval gate, if the playbook has one.
    const PlaybookGate* approvalGate() const;
    bool operator==(const Playbook&) const = default;
};

QString playbookRiskName(PlaybookRisk risk);
std::optional<PlaybookRisk> playbookRiskFromName(const QString& name);
QString verifyFailureActionName(VerifyFailureAction action);

} // namespace firebreak
