#pragma once

#include <QColor>
#include <QString>

namespace firebreak {

// A vertical line on a metric chart at the time of a timeline event (a deploy, an alert firing, a
// chaos injection, an action), so cause and effect can be read off the same picture.
struct ChartMarker {
    qint64 eventId = 0;
    qint64 timeMs = 0;
    QColor color;
    QString label;
};

} // namespace firebreak
