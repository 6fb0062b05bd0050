#include "prometheusresponseparser.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <cmath>
#include <limits>

namespace firebreak {

namespace {
constexpr int MaxQuotedBody = 200;

QString quoted(const QByteArray& body)
{
    QString text = QString::fromUtf8(body.left(MaxQuotedBody)).simplified();
    if (body.size() > MaxQuotedBody)
        text += QStringLiteral("…");
    return text;
}

// Status codes and error types after which asking again later may succeed: the server is there
// but overloaded, restarting, or a proxy in front of it cannot reach it.
bool unavailableStatus(int httpStatus)
{
    return httpStatus == 429 || httpStatus >= 500;
}

bool unavailableErrorType(const QString& errorType)
{
    return errorType == QLatin1String("timeout") || errorType == QLatin1String("canceled")
        || errorType == QLatin1String("unavailable") || errorType == QLatin1String("internal");
}

QueryResult failure(const QString& error, bool unavailable)
{
    QueryResult result;
    result.error = error;
    result.unavailable = unavailable;
    return result;
}

QueryResult malformed(const QString& what)
{
    return failure(QStringLiteral("malformed response: ") + what, false);
}
} // namespace

bool PrometheusResponseParser::parseValue(const QString& text, double* value)
{
    if (text == QLatin1String("NaN")) {
        *value = std::numeric_limits<double>::quiet_NaN();
        return true;
    }
    if (text == QLatin1String("+Inf") || text == QLatin1String("Inf")) {
        *value = std::numeric_limits<double>::infinity();
        return true;
    }
    if (text == QLatin1String("-Inf")) {
        *value = -std::numeric_limits<double>::infinity();
        return true;
    }
    bool ok = false;
    const double parsed = text.toDouble(&ok);
    if (!ok || !std::isfinite(parsed))
        return false;
    *value = parsed;
    return true;
}

QString PrometheusResponseParser::parsePair(const QJsonValue& pair, const QString& path, Sample* sample)
{
    const QJsonArray array = pair.toArray();
    if (!pair.isArray() || array.size() != 2 || !array.at(0).isDouble() || !array.at(1).isString())
        return QStringLiteral("%1 is not a [time, value] pair").arg(path);
    const double seconds = array.at(0).toDouble();
    if (!std::isfinite(seconds))
        return QStringLiteral("%1 has a time that is not a number").arg(path);
    sample->timeMs = std::llround(seconds * 1000.0);
    if (!parseValue(array.at(1).toString(), &sample->value))
        return QStringLiteral("%1 has the value \"%2\", which is not a number").arg(path, array.at(1).toString());
    return {};
}

QString PrometheusResponseParser::parseSeries(const QJsonValue& item, const QString& path, bool matrix, Series* series)
{
    if (!item.isObject())
        return QStringLiteral("%1 is not an object").arg(path);
    const QJsonObject object = item.toObject();
    const QJsonValue metric = object.value(QLatin1String("metric"));
    if (!metric.isObject())
        return QStringLiteral("%1.metric is missing or not an object").arg(path);
    const QJsonObject labels = metric.toObject();
    for (auto it = labels.begin(); it != labels.end(); ++it) {
        if (!it.value().isString())
            return QStringLiteral("%1.metric.%2 is not a string").arg(path, it.key());
        series->labels.insert(it.key(), it.value().toString());
    }
    const QLatin1String key = matrix ? QLatin1String("values") : QLatin1String("value");
    const QJsonValue samples = object.value(key);
    if (samples.isUndefined()) {
        if (object.contains(QLatin1String("histogram")) || object.contains(QLatin1String("histograms")))
            return QStringLiteral("%1 holds native histogram samples, which charts cannot show").arg(path);
        return QStringLiteral("%1 has no \"%2\"").arg(path, key);
    }
    if (!matrix) {
        Sample sample;
        const QString problem = parsePair(samples, path + QStringLiteral(".value"), &sample);
        if (!problem.isEmpty())
            return problem;
        series->samples.append(sample);
        return {};
    }
    if (!samples.isArray())
        return QStringLiteral("%1.values is not an array").arg(path);
    const QJsonArray pairs = samples.toArray();
    series->samples.reserve(pairs.size());
    for (qsizetype i = 0; i < pairs.size(); ++i) {
        Sample sample;
        const QString problem = parsePair(pairs.at(i), QStringLiteral("%1.values[%2]").arg(path).arg(i), &sample);
        if (!problem.isEmpty())
            return problem;
        series->samples.append(sample);
    }
    return {};
}

QueryResult PrometheusResponseParser::parse(int httpStatus, const QByteArray& body)
{
    QJsonParseError jsonError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &jsonError);
    const bool success = httpStatus >= 200 && httpStatus < 300;
    if (jsonError.error != QJsonParseError::NoError || !document.isObject()) {
        if (!success) {
            return failure(
                QStringLiteral("HTTP %1: %2").arg(httpStatus).arg(quoted(body)), unavailableStatus(httpStatus));
        }
        if (jsonError.error != QJsonParseError::NoError)
            return malformed(
                QStringLiteral("not JSON (%1 at byte %2)").arg(jsonError.errorString()).arg(jsonError.offset));
        return malformed(QStringLiteral("the top level is not an object"));
    }
    const QJsonObject root = document.object();
    const QString status = root.value(QLatin1String("status")).toString();
    if (status == QLatin1String("error") || !success) {
        const QString errorType = root.value(QLatin1String("errorType")).toString();
        const QString error = root.value(QLatin1String("error")).toString();
        if (errorType.isEmpty() && error.isEmpty())
            return failure(
                QStringLiteral("HTTP %1: %2").arg(httpStatus).arg(quoted(body)), unavailableStatus(httpStatus));
        return failure(errorType.isEmpty() ? error : errorType + QStringLiteral(": ") + error,
            unavailableErrorType(errorType) || unavailableStatus(httpStatus));
    }
    if (status != QLatin1String("success"))
        return malformed(QStringLiteral("status is \"%1\", expected \"success\" or \"error\"").arg(status));

    QueryResult result;
    const QJsonValue warnings = root.value(QLatin1String("warnings"));
    if (!warnings.isUndefined() && !warnings.isNull()) {
        if (!warnings.isArray())
            return malformed(QStringLiteral("warnings is not an array"));
        for (const QJsonValue& warning : warnings.toArray())
            result.warnings.append(warning.toString());
    }
    const QJsonObject data = root.value(QLatin1String("data")).toObject();
    if (!root.value(QLatin1String("data")).isObject())
        return malformed(QStringLiteral("data is missing or not an object"));
    const QString resultType = data.value(QLatin1String("resultType")).toString();
    const QJsonValue items = data.value(QLatin1String("result"));
    if (resultType == QLatin1String("scalar")) {
        Series series;
        Sample sample;
        const QString problem = parsePair(items, QStringLiteral("data.result"), &sample);
        if (!problem.isEmpty())
            return malformed(problem);
        series.samples.append(sample);
        result.series.append(series);
        return result;
    }
    if (resultType == QLatin1String("string"))
        return failure(QStringLiteral("the query returns a string, not numbers a chart can show"), false);
    const bool matrix = resultType == QLatin1String("matrix");
    if (!matrix && resultType != QLatin1String("vector")) {
        return malformed(
            QStringLiteral("data.resultType is \"%1\", expected vector, matrix, scalar or string").arg(resultType));
    }
    if (!items.isArray())
        return malformed(QStringLiteral("data.result is not an array"));
    const QJsonArray array = items.toArray();
    result.series.reserve(array.size());
    for (qsizetype i = 0; i < array.size(); ++i) {
        Series series;
        const QString problem = parseSeries(array.at(i), QStringLiteral("data.result[%1]").arg(i), matrix, &series);
        if (!problem.isEmpty())
            return malformed(problem);
        result.series.append(std::move(series));
    }
    return result;
}

} // namespace firebreak
