#include "duration.h"

#include <array>
#include <limits>

namespace firebreak {

namespace {

struct Unit {
    QLatin1StringView suffix;
    qint64 ms;
};

// "ms" comes before "m" so that the longer suffix wins; order of appearance is checked separately.
constexpr qint64 Day = 24LL * 60 * 60 * 1000;
const std::array<Unit, 7> Units { {
    { QLatin1StringView("y"), 365 * Day },
    { QLatin1StringView("w"), 7 * Day },
    { QLatin1StringView("d"), Day },
    { QLatin1StringView("h"), 60LL * 60 * 1000 },
    { QLatin1StringView("ms"), 1 },
    { QLatin1StringView("m"), 60LL * 1000 },
    { QLatin1StringView("s"), 1000 },
} };

// Position of each unit in the required largest-first order (index into Units -> rank).
constexpr std::array<int, 7> Rank { 0, 1, 2, 3, 6, 4, 5 };

} // namespace

std::optional<qint64> parseDurationMs(const QString& text)
{
    if (text == QLatin1String("0"))
        return 0;
    if (text.isEmpty())
        return std::nullopt;
    qint64 total = 0;
    int lastRank = -1;
    qsizetype i = 0;
    while (i < text.size()) {
        qint64 number = 0;
        const qsizetype digitsStart = i;
        while (i < text.size() && text.at(i) >= QLatin1Char('0') && text.at(i) <= QLatin1Char('9')) {
            if (__builtin_mul_overflow(number, 10, &number)
                || __builtin_add_overflow(number, text.at(i).unicode() - '0', &number))
                return std::nullopt;
            ++i;
        }
        if (i == digitsStart)
            return std::nullopt;
        int found = -1;
        for (std::size_t u = 0; u < Units.size(); ++u) {
            if (QStringView(text).mid(i).startsWith(Units[u].suffix)) {
                found = int(u);
                break;
            }
        }
        if (found < 0 || Rank[std::size_t(found)] <= lastRank)
            return std::nullopt;
        lastRank = Rank[std::size_t(found)];
        i += Units[std::size_t(found)].suffix.size();
        qint64 part = 0;
        if (__builtin_mul_overflow(number, Units[std::size_t(found)].ms, &part)
            || __builtin_add_overflow(total, part, &total))
            return std::nullopt;
    }
    return total;
}

} // namespace firebreak
