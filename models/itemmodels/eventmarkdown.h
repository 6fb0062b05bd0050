#pragma once

#include "domain/event.h"

#include <QString>
#include <QVector>

namespace firebreak {

// Timeline rows as a Markdown table, for pasting into the incident channel or the post-incident
// review: oldest first (the order a story is told in), times in UTC (readers are anywhere), and
// cells escaped so that a pipe or a line break in a title cannot break the table.
class EventMarkdown final {
public:
    // "| Time (UTC) | Kind | Severity | Source | Title | Actor |", the separator row, then one row
    // per event; every line ends with a line feed.
    static QString table(QVector<Event> events);
    static QString cell(const QString& text);
};

} // namespace firebreak
