#pragma once

#include "domain/rundetail.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <QVector>

class QWidget;

namespace firebreak {

class GateEvidenceChart;
class TokenStrip;
struct Theme;

// Builds the parts of the approval view that show a rendered plan (RenderedPlan::toJson's shape) and
// what its gates saw, each as widgets and, from the same values, as the plain text planText() returns,
// so that what the text says is what the screen shows. Separate from ApprovalView, which decides when a
// part is rebuilt and keeps the scroll position still while it is.
class PlanSections {
public:
    struct Built {
        QWidget* widget = nullptr;
        QString text;
        QVector<GateEvidenceChart*> charts;
        QVector<TokenStrip*> strips;
    };

    // Steps (or rollback steps): executor, action, argv, HTTP request, params, env, timeout, target.
    static Built steps(const QJsonArray& steps, const QString& numberPrefix, const Theme& theme);
    // Each gate of the plan with its latest outcome, the reason sentence and the evidence.
    static Built gates(const QJsonArray& planGates, const QVector<GateOutcome>& outcomes, const Theme& theme);
    static Built checks(const QJsonArray& checks, const Theme& theme);
    static Built suppression(const QJsonObject& plan, const Theme& theme);
    // The targets and what the blast_radius gate allows ("1 target: region=eu, at most 1 allowed").
    static QString blastRadiusText(const QJsonObject& plan);

    // Shared formatting: "03:04:05 UTC", "5m", a section caption label, a muted label, a monospace one.
    static QString clockText(qint64 ms);
    static QString duration(double ms);
    static QString gateDefinition(const QJsonObject& gate);
};

} // namespace firebreak
