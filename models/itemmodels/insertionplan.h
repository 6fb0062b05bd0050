#pragma once

#include <QVector>
#include <functional>

namespace firebreak {

// Live rows are inserted where they belong, not appended and re-sorted: this groups new items that
// land at the same position into one run, so an in-order batch is one beginInsertRows at the top
// and a late arrival is one small insert further down. Shared by the live item models.
class InsertionPlan {
public:
    struct Run {
        qsizetype position; // row in the model before any of the runs is inserted
        qsizetype from; // first incoming item
        qsizetype to; // one past the last incoming item
    };

    // `rowCount` existing rows and `itemCount` incoming items, both sorted in the model's order.
    // `rowBeforeItem(row, item)` tells whether existing `row` sorts before incoming `item`.
    // Runs are returned top to bottom; apply them bottom first so positions stay valid.
    static QVector<Run> plan(qsizetype rowCount, qsizetype itemCount,
        const std::function<bool(qsizetype row, qsizetype item)>& rowBeforeItem);
};

} // namespace firebreak
