#pragma once

#include <QString>

namespace firebreak {

// One label matcher of an Alertmanager silence: `name` = / != / =~ / !~ `value`, depending on
// isRegex and isEqual (API v2 `matcher`; isEqual defaults to true, as in Alertmanager).
struct SilenceMatcher {
    QString name;
    QString value;
    bool isRegex = false;
    bool isEqual = true;

    // The matcher as Alertmanager prints it, for example `instance=~"db-eu-.*"`.
    QString toString() const;
    bool operator==(const SilenceMatcher&) const = default;
};

} // namespace firebreak
