#include "insertionplan.h"

namespace firebreak {

QVector<InsertionPlan::Run> InsertionPlan::plan(
    qsizetype rowCount, qsizetype itemCount, const std::function<bool(qsizetype, qsizetype)>& rowBeforeItem)
{
    QVector<Run> runs;
    qsizetype item = 0;
    while (item < itemCount) {
        // Binary search: the first row that does not sort before this item.
        qsizetype low = 0;
        qsizetype high = rowCount;
        while (low < high) {
            const qsizetype middle = low + (high - low) / 2;
            if (rowBeforeItem(middle, item))
                low = middle + 1;
            else
                high = middle;
        }
        qsizetype end = item + 1;
        while (end < itemCount && (low == rowCount || !rowBeforeItem(low, end)))
            ++end;
        runs.append({ low, item, end });
        item = end;
    }
    return runs;
}

} // namespace firebreak
