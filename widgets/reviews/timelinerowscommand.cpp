#include "timelinerowscommand.h"

namespace firebreak {

TimelineRowsCommand::TimelineRowsCommand(const QString& text, QVector<Change> changes, Writer write)
    : QUndoCommand(text)
    , m_changes(std::move(changes))
    , m_write(std::move(write))
{
}

void TimelineRowsCommand::redo()
{
    m_write(m_changes, true);
}

void TimelineRowsCommand::undo()
{
    m_write(m_changes, false);
}

} // namespace firebreak
