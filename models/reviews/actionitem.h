#pragma once

#include <QMetaType>
#include <QString>
#include <optional>

namespace firebreak {

enum class ActionItemStatus { Open = 0, Done = 1, Dropped = 2 };

QString actionItemStatusName(ActionItemStatus status); // open | done | dropped
std::optional<ActionItemStatus> actionItemStatusFromName(const QString& name);

// A follow-up a review commits someone to. Kept beside the review (by incident) rather than in
// its Markdown so that owners, due dates and overdue items can be listed and filtered. Upserts by
// id; id 0 asks the store to number a new item; `removed` deletes it. Every write is audited
// (review.action_item) under `author`.
struct ActionItem {
    qint64 id = 0;
    qint64 incidentId = 0; // the review it belongs to (one review per incident)
    QString title {};
    QString owner {};
    qint64 dueMs = 0; // 0 = no due date; the editor sets the last millisecond of the due day (UTC)
    ActionItemStatus status = ActionItemStatus::Open;
    QString link {}; // ticket or document URL, may be empty
    qint64 updatedMs = 0; // when this change was made (the audit entry's time)
    // Who makes this change: the audit entry's actor, required by the store. Not a column of the
    // row, so items read back have it empty (the audit log says who changed what).
    QString author {};
    bool removed = false; // deletes the item (id required)

    bool isOverdue(qint64 nowMs) const { return status == ActionItemStatus::Open && dueMs > 0 && dueMs < nowMs; }
    bool operator==(const ActionItem&) const = default;
};

} // namespace firebreak

Q_DECLARE_METATYPE(firebreak::ActionItem)
