#pragma once

#include <QString>

namespace firebreak {

// What checking an audit chain found: either every entry links up (count and head hash to compare
// with what the console showed), or the first entry that does not, and why.
struct AuditVerification {
    enum class Problem { None, ContentHashMismatch, PrevLinkMismatch, IdGap };

    bool ok = true;
    qint64 count = 0; // entries checked and found intact (all of them when ok)
    QString headHash; // hash of the last intact entry; the genesis hash for an empty chain
    qint64 brokenId = 0; // id of the first broken entry when !ok
    Problem problem = Problem::None;
    QString message; // names the entry and what is wrong with it
};

} // namespace firebreak
