#include "boundedoutput.h"

#include <algorithm>

namespace firebreak {

BoundedOutput::BoundedOutput(qsizetype maxBytes)
    : m_headMax(std::max<qsizetype>(maxBytes, 0) / 2)
    , m_tailMax(std::max<qsizetype>(maxBytes, 0) - m_headMax)
{
}

void BoundedOutput::append(const QByteArray& bytes)
{
    m_total += bytes.size();
    qsizetype offset = 0;
    if (m_head.size() < m_headMax) {
        offset = std::min(m_headMax - m_head.size(), bytes.size());
        m_head.append(bytes.constData(), offset);
    }
    const qsizetype rest = bytes.size() - offset;
    if (rest == 0)
        return;
    if (rest >= m_tailMax) {
        m_dropped += m_tail.size() + (rest - m_tailMax);
        m_tail = bytes.right(m_tailMax);
        return;
    }
    m_tail.append(bytes.constData() + offset, rest);
    const qsizetype excess = m_tail.size() - m_tailMax;
    if (excess > 0) {
        m_dropped += excess;
        m_tail.remove(0, excess);
    }
}

QByteArray BoundedOutput::text() const
{
    QByteArray text = m_head;
    if (m_dropped > 0)
        text.append(marker(m_dropped));
    text.append(m_tail);
    return text;
}

QByteArray BoundedOutput::marker(qsizetype droppedBytes)
{
    return QByteArray("\n[... ").append(QByteArray::number(droppedBytes)).append(" bytes of output dropped ...]\n");
}

} // namespace firebreak
