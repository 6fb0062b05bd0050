#include "eventmarkdown.h"

#include <QDateTime>
#include <algorithm>

namespace firebreak {

QString EventMarkdown::cell(const QString& text)
{
    QString escaped;
    escaped.reserve(text.size());
    for (const QChar c : text) {
        if (c == QLatin1Char('\\') || c == QLatin1Char('|'))
            escaped += QLatin1Char('\\');
        if (c == QLatin1Char('\n') || c == QLatin1Char('\r'))
            escaped += QLatin1Char(' ');
        else
            escaped += c;
    }
    return escaped.simplified();
}

QString EventMarkdown::table(QVector<Event> events)
{
    std::sort(events.begin(), events.end(),
        [](const Event& a, const Event& b) { return a.timeMs != b.timeMs ? a.timeMs < b.timeMs : a.id < b.id; });
    QString out = QStringLiteral("| Time (UTC) | Kind | Severity | Source | Title | Actor |\n"
                                 "|---|---|---|---|---|---|\n");
    for (const Event& event : std::as_const(events)) {
        const QString time
            = QDateTime::fromMSecsSinceEpoch(event.timeMs, Qt::UTC).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
        out += QStringLiteral("| %1 | %2 | %3 | %4 | %5 | %6 |\n")
                   .arg(time, cell(event.kind), severityName(event.severity), cell(event.source), cell(event.title),
                       cell(event.actor));
    }
    return out;
}

} // namespace firebreak
