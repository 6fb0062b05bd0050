#include "sandboxmetricsource.h"

#include "metrics/seriesselector.h"
#include "sandboxworld.h"

namespace firebreak {

namespace {
std::variant<SeriesSelector, QString> parseQuery(const QString& query)
{
    auto parsed = SeriesSelector::parse(query);
    if (const auto* error = std::get_if<SelectorError>(&parsed)) {
        return QStringLiteral("sandbox supports only series selectors like name{label=\"v\"}; unsupported: %1 (%2)")
            .arg(query.trimmed(), error->toString());
    }
    return std::get<SeriesSelector>(parsed);
}
} // namespace

SandboxMetricSource::SandboxMetricSource(const SandboxWorld& world)
    : m_world(world)
{
}

QString SandboxMetricSource::name() const
{
    return QStringLiteral("sandbox");
}

void SandboxMetricSource::instantQuery(const QString& query, qint64 atMs, Callback done)
{
    QueryResult result;
    const auto parsed = parseQuery(query);
    if (const auto* error = std::get_if<QString>(&parsed))
        result.error = *error;
    else
        result.series = m_world.history().instant(std::get<SeriesSelector>(parsed), atMs);
    done(result);
}

void SandboxMetricSource::rangeQuery(const QString& query, qint64 startMs, qint64 endMs, qint64 stepMs, Callback done)
{
    QueryResult result;
    const auto parsed = parseQuery(query);
    if (const auto* error = std::get_if<QString>(&parsed)) {
        result.error = *error;
    } else if (stepMs <= 0) {
        result.error = QStringLiteral("range query step must be positive, got %1 ms").arg(stepMs);
    } else if (endMs < startMs) {
        result.error = QStringLiteral("range query end (%1) is before its start (%2)").arg(endMs).arg(startMs);
    } else if ((endMs - startMs) / stepMs + 1 > MaxPointsPerSeries) {
        result.error = QStringLiteral("range query would return %1 points per series, more than the limit of %2; "
                                      "use a larger step")
                           .arg((endMs - startMs) / stepMs + 1)
                           .arg(MaxPointsPerSeries);
    } else {
        result.series = m_world.history().range(std::get<SeriesSelector>(parsed), startMs, endMs, stepMs);
    }
    done(result);
}

} // namespace firebreak
