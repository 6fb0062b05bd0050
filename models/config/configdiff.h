#pragma once

#include "firebreakconfig.h"

#include <QString>

namespace firebreak {

// Compares two configurations key by key and names the first difference ("automation.roster:
// /a/roster.yaml != /b/roster.yaml"), because FirebreakConfig has no equality of its own and a bare
// "not equal" would not say which section a rewrite lost. Token values are compared but never shown.
// sourceFile is not compared: the same settings may live in two files.
class ConfigDiff {
public:
    // Empty when the two say the same thing.
    static QString firstDifference(const FirebreakConfig& a, const FirebreakConfig& b);
};

} // namespace firebreak
