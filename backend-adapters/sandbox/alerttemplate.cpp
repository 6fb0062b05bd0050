#include "alerttemplate.h"

#include <QRegularExpression>
#include <array>
#include <cmath>

namespace firebreak {

QString AlertTemplate::humanize(double value)
{
    if (value == 0 || std::isnan(value) || std::isinf(value))
        return QString::number(value, 'g', 4);
    static constexpr std::array<const char*, 5> big { "", "k", "M", "G", "T" };
    static constexpr std::array<const char*, 4> small { "", "m", "u", "n" };
    double scaled = value;
    if (std::abs(value) >= 1) {
        std::size_t prefix = 0;
        while (std::abs(scaled) >= 1000 && prefix + 1 < big.size()) {
            scaled /= 1000;
            ++prefix;
        }
        return QString::number(scaled, 'g', 4) + QLatin1String(big.at(prefix));
    }
    std::size_t prefix = 0;
    while (std::abs(scaled) < 1 && prefix + 1 < small.size()) {
        scaled *= 1000;
        ++prefix;
    }
    return QString::number(scaled, 'g', 4) + QLatin1String(small.at(prefix));
}

QString AlertTemplate::humanizePercentage(double value)
{
    return QString::number(value * 100, 'g', 4) + QLatin1Char('%');
}

QString AlertTemplate::humanizeDuration(double seconds)
{
    if (std::abs(seconds) < 1)
        return QString::number(seconds * 1000, 'g', 4) + QStringLiteral("ms");
    const auto whole = static_cast<qint64>(std::floor(seconds));
    const qint64 days = whole / 86400;
    const qint64 hours = whole / 3600 % 24;
    const qint64 minutes = whole / 60 % 60;
    if (days == 0 && hours == 0 && minutes == 0)
        return QString::number(seconds, 'g', 4) + QLatin1Char('s');
    QString text;
    if (days > 0)
        text += QStringLiteral("%1d ").arg(days);
    if (hours > 0)
        text += QStringLiteral("%1h ").arg(hours);
    if (minutes > 0)
        text += QStringLiteral("%1m ").arg(minutes);
    text += QStringLiteral("%1s").arg(whole % 60);
    return text;
}

QString AlertTemplate::expand(const QString& text, const LabelSet& labels, double value)
{
    static const QRegularExpression placeholder(
        QStringLiteral(R"(\{\{\s*\$(labels\.([A-Za-z_][A-Za-z0-9_]*)|value)\s*(?:\|\s*([A-Za-z]+)\s*)?\}\})"));
    QString result;
    qsizetype last = 0;
    auto it = placeholder.globalMatch(text);
    while (it.hasNext()) {
        const QRegularExpressionMatch match = it.next();
        result += QStringView(text).mid(last, match.capturedStart() - last);
        last = match.capturedEnd();
        const QString filter = match.captured(3);
        if (!match.captured(2).isEmpty() && filter.isEmpty()) {
            result += labels.value(match.captured(2));
        } else if (match.captured(1) == QLatin1String("value")) {
            if (filter.isEmpty())
                result += QString::number(value, 'g', 6);
            else if (filter == QLatin1String("humanize"))
                result += humanize(value);
            else if (filter == QLatin1String("humanizePercentage"))
                result += humanizePercentage(value);
            else if (filter == QLatin1String("humanizeDuration"))
                result += humanizeDuration(value);
            else
                result += match.captured(0);
        } else {
            result += match.captured(0);
        }
    }
    result += QStringView(text).mid(last);
    return result;
}

} // namespace firebreak
