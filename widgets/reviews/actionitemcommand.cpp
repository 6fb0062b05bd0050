#include "actionitemcommand.h"

namespace firebreak {

ActionItemCommand::ActionItemCommand(const QString& text, Change change, Writer write)
    : QUndoCommand(text)
    , m_change(std::move(change))
    , m_write(std::move(write))
{
}

void ActionItemCommand::redo()
{
    m_write(m_change, true);
}

void ActionItemCommand::undo()
{
    m_write(m_change, false);
}

} // namespace firebreak
