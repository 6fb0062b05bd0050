#pragma once

#include "domain/labelset.h"
#include "domain/rundetail.h"

#include <QString>
#include <optional>

// A RunDetail as the store reader would hand it to the run and approval views, built from a real
// playbook file rendered with PlanRenderer for one alert's labels: run.plan is the canonical JSON,
// run.planHash its SHA-256, and detail.plan that JSON decoded. Empty (with a warning naming the
// problem) when the playbook does not load or render. The views' tests use it so that what they show
// is checked against plans the engine would really run, not against hand-written JSON.
std::optional<firebreak::RunDetail> renderedRunDetail(const QString& playbookPath, const firebreak::LabelSet& labels,
    qint64 runId, firebreak::RunState state, qint64 createdMs);
