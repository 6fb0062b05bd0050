#pragma once

#include <QString>

namespace firebreak {

// The end of the stored audit chain: where the next entry continues from. Showing `hash` in the
// console is what makes a truncated tail detectable, which the chain alone cannot do.
struct AuditHead {
    qint64 lastId = 0; // 0 for an empty log
    QString hash; // AuditChain::GenesisHash for an empty log
};

} // namespace firebreak
