#include "correlationsignal.h"

#include <QStringList>

namespace firebreak {

bool CorrelationSignal::matches(const LabelSet& labels) const
{
    for (auto it = matchers.constBegin(); it != matchers.constEnd(); ++it) {
        const auto found = labels.constFind(it.key());
        if (found == labels.constEnd() || *found != it.value())
            return false;
    }
    return !matchers.isEmpty();
}

QString CorrelationSignal::describe() const
{
    const QString alertname = QStringLiteral("alertname");
    QStringList others;
    for (auto it = matchers.constBegin(); it != matchers.constEnd(); ++it) {
        if (it.key() != alertname)
            others.append(it.key() + QLatin1Char('=') + it.value());
    }
    const QString name = matchers.value(alertname);
    return others.isEmpty() ? name : name + QLatin1Char('{') + others.join(QLatin1Char(',')) + QLatin1Char('}');
}

} // namespace firebreak
