#pragma once

#include "interfaces/metricsource.h"

#include <QByteArray>

class QJsonArray;
class QJsonValue;

namespace firebreak {

// Turns the body of a Prometheus `/api/v1/query` or `/api/v1/query_range` answer into a QueryResult,
// off any network code so that it can be tested on captured answers. Every way the body can be
// wrong gets an error naming the place in the document ("data.result[2].values[0] ...").
// Format: Prometheus docs/querying/api.md (envelope, resultType vector/matrix/scalar/string,
// samples as [unix seconds, "value"], "NaN"/"+Inf"/"-Inf").
class PrometheusResponseParser {
public:
    // `httpStatus` is the answer's status code; error answers carry a JSON body too (400, 422, 503),
    // but a proxy in front of Prometheus may answer with HTML, which is reported by status.
    static QueryResult parse(int httpStatus, const QByteArray& body);

    // "NaN", "+Inf", "-Inf" or a decimal number; false for anything else.
    static bool parseValue(const QString& text, double* value);

private:
    static QString parseSeries(const QJsonValue& item, const QString& path, bool matrix, Series* series);
    static QString parsePair(const QJsonValue& pair, const QString& path, Sample* sample);
};

} // namespace firebreak
