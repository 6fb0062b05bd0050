#pragma once

#include <QByteArray>
#include <QMetaType>
#include <QString>

namespace firebreak {

// One row of the append-only audit log: who did what to which thing, when. The store numbers and
// chains entries (id, prevHash, hash) when it appends them; a caller fills in the rest.
struct AuditEntry {
    qint64 id = 0; // 1, 2, 3, ... in the store; 0 until appended
    qint64 timeMs = 0; // UTC ms; may go backwards (clocks do), which the chain does not mind
    QString actor; // the user, or "firebreak" for what the engine did by itself
    QString action; // "approval.granted", "run.executed", "automation.frozen", ...
    QString subject; // what it was done to: "run:12", "playbook:disk-cleanup", "roster"
    QByteArray details = "{}"; // a JSON object in canonical form (CanonicalJson), hashed byte for byte
    QString prevHash; // hash of the entry before it (AuditChain::GenesisHash for the first)
    QString hash; // lower-case hex SHA-256 over AuditChain::canonicalForm()

    bool operator==(const AuditEntry&) const = default;
};

} // namespace firebreak

Q_DECLARE_METATYPE(firebreak::AuditEntry)
