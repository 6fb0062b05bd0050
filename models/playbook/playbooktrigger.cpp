#include "playbooktrigger.h"

#include <QRegularExpression>

namespace firebreak {

namespace {
QRegularExpression anchored(const QString& pattern)
{
    return QRegularExpression(QRegularExpression::anchoredPattern(pattern));
}
} // namespace

QStringList PlaybookTrigger::guaranteedLabels() const
{
    QStringList labels { QStringLiteral("alertname") };
    labels += match.keys();
    for (auto it = matchRegex.cbegin(); it != matchRegex.cend(); ++it) {
        if (!anchored(it.value()).match(QString()).hasMatch())
            labels.append(it.key());
    }
    labels += requiredLabels;
    labels.sort();
    labels.removeDuplicates();
    return labels;
}

bool PlaybookTrigger::matches(const LabelSet& labels) const
{
    if (labels.value(QStringLiteral("alertname")) != alertname)
        return false;
    for (auto it = match.cbegin(); it != match.cend(); ++it) {
        if (labels.value(it.key()) != it.value())
            return false;
    }
    for (auto it = matchRegex.cbegin(); it != matchRegex.cend(); ++it) {
        const QRegularExpression regex = anchored(it.value());
        if (!regex.isValid() || !regex.match(labels.value(it.key())).hasMatch())
            return false;
    }
    for (const QString& label : requiredLabels) {
        if (labels.value(label).isEmpty())
            return false;
    }
    return true;
}

} // namespace firebreak
