#pragma once

#include <QLabel>

namespace firebreak {

// The audit log's head in the status bar: how many entries and the first digits of the last hash,
// the full hash in the tooltip. Anyone can compare it with `firebreak audit verify`, which is the
// only way to notice entries cut off the end of the chain.
class AuditHeadLabel final : public QLabel {
    Q_OBJECT
public:
    explicit AuditHeadLabel(QWidget* parent = nullptr);

    void setHead(qint64 lastId, const QString& hash);
    qint64 lastId() const { return m_lastId; }
    QString hash() const { return m_hash; }

private:
    qint64 m_lastId = -1;
    QString m_hash;
};

} // namespace firebreak
