#pragma once

#include "domain/labelset.h"

#include <QString>

namespace firebreak {

// Alertmanager identifies an alert by a hash of its label set. The sandbox computes its own:
// 64-bit FNV-1a over the labels in name order, each name and value followed by a 0xff separator
// byte (which cannot occur in UTF-8), printed as 16 lower-case hex digits.
class AlertFingerprint {
public:
    static quint64 hash(const LabelSet& labels);
    static QString of(const LabelSet& labels);
};

} // namespace firebreak
