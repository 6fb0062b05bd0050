#pragma once

#include <QByteArray>

namespace firebreak {

// Keeps the first and the last bytes of a stream of output within a fixed budget, so that a program
// printing without end cannot exhaust Firebreak's memory while the start (what it set out to do) and the
// end (how it failed) both survive for the timeline.
class BoundedOutput {
public:
    explicit BoundedOutput(qsizetype maxBytes);

    void append(const QByteArray& bytes);
    qsizetype totalBytes() const { return m_total; }
    qsizetype droppedBytes() const { return m_dropped; }
    // The head, then (when anything was dropped) a marker line saying how many bytes, then the tail.
    QByteArray text() const;
    static QByteArray marker(qsizetype droppedBytes);

private:
    qsizetype m_headMax;
    qsizetype m_tailMax;
    QByteArray m_head;
    QByteArray m_tail;
    qsizetype m_total = 0;
    qsizetype m_dropped = 0;
};

} // namespace firebreak
