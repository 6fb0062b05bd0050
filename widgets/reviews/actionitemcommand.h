#pragma once

#include "reviews/actionitem.h"
#include "rowhandle.h"

#include <QUndoCommand>
#include <functional>
#include <optional>

namespace firebreak {

// One edit of one action item (add, change, remove) as an undoable step. Redo stores `after`, undo
// stores `before`; std::nullopt means the item does not exist on that side, so undoing an add
// removes it and undoing a removal stores it again. The writing is the editor's (`write`).
class ActionItemCommand final : public QUndoCommand {
public:
    struct Change {
        RowHandlePtr handle;
        std::optional<ActionItem> before;
        std::optional<ActionItem> after;
    };
    // Stores one side of a change: `forward` true for `after`, false for `before`.
    using Writer = std::function<void(const Change& change, bool forward)>;

    ActionItemCommand(const QString& text, Change change, Writer write);

    void redo() override;
    void undo() override;

private:
    Change m_change;
    Writer m_write;
};

} // namespace firebreak
