#pragma once

#include "reviews/reviewtimelineentry.h"
#include "rowhandle.h"

#include <QUndoCommand>
#include <QVector>
#include <functional>
#include <optional>

namespace firebreak {

// One edit of a review's timeline (add a row, change its text, remove it, or import several rows at
// once) as an undoable step, stored in one batch. Like ActionItemCommand: redo stores every `after`,
// undo every `before`, std::nullopt meaning the row does not exist on that side.
class TimelineRowsCommand final : public QUndoCommand {
public:
    struct Change {
        RowHandlePtr handle;
        std::optional<ReviewTimelineEntry> before;
        std::optional<ReviewTimelineEntry> after;
    };
    using Writer = std::function<void(const QVector<Change>& changes, bool forward)>;

    TimelineRowsCommand(const QString& text, QVector<Change> changes, Writer write);

    void redo() override;
    void undo() override;

private:
    QVector<Change> m_changes;
    Writer m_write;
};

} // namespace firebreak
