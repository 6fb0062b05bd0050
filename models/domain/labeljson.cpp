#include "labeljson.h"

#include "audit/canonicaljson.h"

namespace firebreak {

void LabelJson::appendObject(QByteArray& out, const LabelSet& labels)
{
    out += '{';
    for (auto it = labels.constBegin(); it != labels.constEnd(); ++it) {
        if (it != labels.constBegin())
            out += ',';
        CanonicalJson::appendString(out, it.key());
        out += ':';
        CanonicalJson::appendString(out, it.value());
    }
    out += '}';
}

QByteArray LabelJson::object(const LabelSet& labels)
{
    QByteArray out;
    out.reserve(32 + labels.size() * 32);
    appendObject(out, labels);
    return out;
}

} // namespace firebreak
