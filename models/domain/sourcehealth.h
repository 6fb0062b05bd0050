#pragma once

#include <QMetaType>
#include <QString>

namespace firebreak {

// What the status bar shows per source (sandbox, each Alertmanager peer, Prometheus, feeds,
// the store): whether it answers, since when, and what is wrong if not.
struct SourceHealth {
    enum class State { Unknown, Up, Degraded, Down };
    QString name;
    State state = State::Unknown;
    QString detail;
    qint64 sinceMs = 0;
};

} // namespace firebreak

Q_DECLARE_METATYPE(firebreak::SourceHealth)
