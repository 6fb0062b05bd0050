#pragma once

#include "labelset.h"

#include <QByteArray>
#include <QString>

namespace firebreak {

// Compact JSON for label sets and strings, written directly. QJsonObject re-sorts a CBOR container
// on every insert, which cost most of correlation's and then the writer's time at ingest rates.
// The output is compact JSON that QJsonDocument reads back to the same object, keys in LabelSet's order,
// strings escaped as CanonicalJson::appendString does.
class LabelJson {
public:
    static void appendObject(QByteArray& out, const LabelSet& labels);
    static QByteArray object(const LabelSet& labels);
};

} // namespace firebreak
