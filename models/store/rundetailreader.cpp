#include "rundetailreader.h"

#include "runqueries.h"
#include "storequeries.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QMap>
#include <utility>

namespace firebreak {

namespace {

int rateLimitGateIndex(const QJsonArray& gates, const QJsonObject& evidence)
{
    int first = -1;
    for (int i = 0; i < gates.size(); ++i) {
        const QJsonObject gate = gates.at(i).toObject();
        if (gate.value(QStringLiteral("kind")).toString() != QLatin1String("rate_limit"))
            continue;
        if (first < 0)
            first = i;
        if (gate.value(QStringLiteral("max_runs")) == evidence.value(QStringLiteral("max_runs"))
            && gate.value(QStringLiteral("per_ms")) == evidence.value(QStringLiteral("per_ms")))
            return i;
    }
    return first;
}

} // namespace

QVector<GateOutcome> RunDetailReader::gateOutcomes(const QJsonObject& plan, const QVector<Event>& events)
{
    const QJsonArray gates = plan.value(QStringLiteral("gates")).toArray();
    // Keyed by index; decisions tied to no gate of the plan are kept apart, latest per kind.
    QMap<int, GateOutcome> byIndex;
    QMap<QString, GateOutcome> unplaced;
    for (const Event& event : events) {
        const bool passed = event.kind == QLatin1String(EventKind::GatePassed);
        if (!passed && event.kind != QLatin1String(EventKind::GateBlocked))
            continue;
        const QJsonObject body = QJsonDocument::fromJson(event.body).object();
        const QString kind = body.value(QStringLiteral("gate")).toString();
        if (kind.isEmpty())
            continue; // "run blocked" summaries (frozen, missing executor) tell no gate's decision
        GateOutcome outcome;
        outcome.kind = kind;
        outcome.passed = passed;
        outcome.reason = body.value(QStringLiteral("reason")).toString();
        outcome.evidence = body.value(QStringLiteral("evidence")).toObject();
        outcome.timeMs = event.timeMs;
        outcome.eventId = event.id;
        if (outcome.reason.isEmpty())
            outcome.reason = event.title;
        const QJsonValue index = body.value(QStringLiteral("index"));
        if (index.isDouble())
            outcome.index = index.toInt();
        else if (kind == QLatin1String("rate_limit"))
            outcome.index = rateLimitGateIndex(gates, outcome.evidence);
        if (outcome.index >= 0)
            byIndex.insert(outcome.index, outcome);
        else
            unplaced.insert(kind, outcome);
    }
    QVector<GateOutcome> outcomes(byIndex.cbegin(), byIndex.cend());
    for (const GateOutcome& outcome : std::as_const(unplaced))
        outcomes.append(outcome);
    return outcomes;
}

std::optional<RunDetail> RunDetailReader::read(QSqlDatabase& db, qint64 runId, QString* error)
{
    QString problem;
    const std::optional<Run> run = StoreQueries::run(db, runId, &problem);
    auto fail = [error](const QString& message) {
        if (error)
            *error = message;
        return std::nullopt;
    };
    if (!problem.isEmpty())
        return fail(problem);
    if (!run)
        return fail(QStringLiteral("run %1 is not in the store").arg(runId));

    RunDetail detail;
    detail.run = *run;
    if (!run->plan.isEmpty()) {
        QJsonParseError parseError;
        const QJsonDocument plan = QJsonDocument::fromJson(run->plan, &parseError);
        if (parseError.error != QJsonParseError::NoError || !plan.isObject())
            return fail(QStringLiteral("run %1: the stored plan is not a JSON object (at byte %2: %3)")
                            .arg(runId)
                            .arg(parseError.offset)
                            .arg(parseError.error != QJsonParseError::NoError ? parseError.errorString()
                                                                              : QStringLiteral("not an object")));
        detail.plan = plan.object();
    }
    detail.steps = StoreQueries::runSteps(db, runId, &problem);
    if (problem.isEmpty())
        detail.samples = StoreQueries::verifySamples(db, runId, &problem);
    if (problem.isEmpty())
        detail.approvals = StoreQueries::approvals(db, runId, &problem);
    if (problem.isEmpty())
        detail.events = RunQueries::runEvents(db, run->incidentId, runId, RunQueries::MaxRunEvents, &problem);
    if (!problem.isEmpty())
        return fail(problem);
    detail.gates = gateOutcomes(detail.plan, detail.events);
    return detail;
}

} // namespace firebreak
