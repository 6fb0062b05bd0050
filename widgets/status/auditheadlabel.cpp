#include "auditheadlabel.h"

namespace firebreak {

AuditHeadLabel::AuditHeadLabel(QWidget* parent)
    : QLabel(parent)
{
    setObjectName(QStringLiteral("auditHead"));
    setText(tr("Audit: —"));
    setTextInteractionFlags(Qt::TextSelectableByMouse);
}

void AuditHeadLabel::setHead(qint64 lastId, const QString& hash)
{
    if (lastId < m_lastId)
        return; // a late update must never make the head look older
    m_lastId = lastId;
    m_hash = hash;
    setText(tr("Audit: %n entries · head %1", nullptr, int(lastId)).arg(hash.left(12)));
    setToolTip(tr("Audit log head hash (entry %1):\n%2\nCompare with `firebreak audit verify`.").arg(lastId).arg(hash));
}

} // namespace firebreak
