#pragma once

#include "auditentry.h"
#include "auditverification.h"

#include <QByteArray>
#include <QString>
#include <QVector>

namespace firebreak {

// The hash chain that makes the audit log tamper-evident. Each entry's hash covers its own content
// and the previous entry's hash, so changing, removing or reordering any entry breaks every link
// after it. Pure functions: the store seals entries with it, `firebreak audit verify` checks them.
//
// The hashed form (version 1), bytes exactly as below, no separators beyond those shown:
//
//   "firebreak-audit-v1" and a line feed (0x0a), then, for each field in this order:
//       id, time_ms, actor, action, subject, details, prev_hash
//   the field's length in bytes as ASCII decimal, ':', the field's bytes, ';'
//
// id and time_ms are ASCII decimal (time_ms may be negative, '-' first); actor, action and subject
// are UTF-8 without any normalisation; details are the stored bytes exactly (canonical JSON, see
// CanonicalJson) and are never re-serialised when verifying, so a new Qt cannot change the hash;
// prev_hash is 64 lower-case hex digits. The hash is SHA-256 of that form, as 64 lower-case hex
// digits. For example, the first entry (prev_hash elided here):
//
//   firebreak-audit-v1\n1:1;13:1763700000000;5:alice;16:approval.granted;6:run:12;2:{};64:000...000;
//
// The length prefixes make the form unambiguous: no choice of field contents can make two
// different entries serialise alike.
//
// The chain alone cannot notice entries cut off the end (what remains still links up). The head
// hash, shown in the console and printed by `audit verify`, is what a reader compares to see that.
class AuditChain {
public:
    static inline const QString GenesisHash = QString(64, QLatin1Char('0'));

    static QByteArray canonicalForm(const AuditEntry& entry); // uses entry.prevHash, ignores entry.hash
    static QString computeHash(const AuditEntry& entry);
    // Gives `entry` its place after (previousId, previousHash): id, prevHash and hash.
    static void seal(AuditEntry* entry, qint64 previousId, const QString& previousHash);
    // Checks a sequence as stored (oldest first). Ids must run 1, 2, 3, ... without gaps; times
    // may go backwards. Stops at the first broken entry.
    static AuditVerification verify(const QVector<AuditEntry>& entries);
};

} // namespace firebreak
