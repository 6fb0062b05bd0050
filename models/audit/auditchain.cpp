#include "auditchain.h"

#include <QCryptographicHash>

namespace firebreak {

namespace {

void appendField(QByteArray& out, const QByteArray& field)
{
    out += QByteArray::number(field.size());
    out += ':';
    out += field;
    out += ';';
}

AuditVerification broken(
    AuditVerification result, const AuditEntry& entry, AuditVerification::Problem problem, const QString& what)
{
    result.ok = false;
    result.brokenId = entry.id;
    result.problem = problem;
    result.message = QStringLiteral("entry %1 (%2 on %3): %4").arg(entry.id).arg(entry.action, entry.subject, what);
    return result;
}

} // namespace

QByteArray AuditChain::canonicalForm(const AuditEntry& entry)
{
    QByteArray out = QByteArrayLiteral("firebreak-audit-v1\n");
    appendField(out, QByteArray::number(entry.id));
    appendField(out, QByteArray::number(entry.timeMs));
    appendField(out, entry.actor.toUtf8());
    appendField(out, entry.action.toUtf8());
    appendField(out, entry.subject.toUtf8());
    appendField(out, entry.details);
    appendField(out, entry.prevHash.toUtf8());
    return out;
}

QString AuditChain::computeHash(const AuditEntry& entry)
{
    return QString::fromLatin1(QCryptographicHash::hash(canonicalForm(entry), QCryptographicHash::Sha256).toHex());
}

void AuditChain::seal(AuditEntry* entry, qint64 previousId, const QString& previousHash)
{
    entry->id = previousId + 1;
    entry->prevHash = previousHash;
    entry->hash = computeHash(*entry);
}

AuditVerification AuditChain::verify(const QVector<AuditEntry>& entries)
{
    AuditVerification result;
    result.headHash = GenesisHash;
    qint64 expectedId = 1;
    for (const AuditEntry& entry : entries) {
        if (entry.id != expectedId)
            return broken(result, entry, AuditVerification::Problem::IdGap,
                expectedId == 1
                    ? QStringLiteral("the log starts at id %1, not 1: earlier entries are missing").arg(entry.id)
                    : QStringLiteral("id %1 follows id %2: entries are missing or out of order")
                          .arg(entry.id)
                          .arg(expectedId - 1));
        if (entry.prevHash != result.headHash)
            return broken(result, entry, AuditVerification::Problem::PrevLinkMismatch,
                QStringLiteral("its prev_hash %1 is not the hash %2 of %3")
                    .arg(entry.prevHash, result.headHash,
                        expectedId == 1 ? QStringLiteral("the genesis")
                                        : QStringLiteral("entry %1").arg(expectedId - 1)));
        const QString computed = computeHash(entry);
        if (entry.hash != computed)
            return broken(result, entry, AuditVerification::Problem::ContentHashMismatch,
                QStringLiteral("its content does not match its hash (stored %1, computed %2): it was changed after "
                               "it was written")
                    .arg(entry.hash, computed));
        result.headHash = entry.hash;
        ++result.count;
        ++expectedId;
    }
    return result;
}

} // namespace firebreak
