#include "rfc3339.h"

namespace firebreak {

namespace {

// Days since 1970-01-01 of a proleptic Gregorian date (era-based, exact for any year).
qint64 daysFromCivil(int year, int month, int day)
{
    year -= month <= 2 ? 1 : 0;
    const int era = (year >= 0 ? year : year - 399) / 400;
    const int yearOfEra = year - era * 400;
    const int shiftedMonth = month > 2 ? month - 3 : month + 9;
    const int dayOfYear = (153 * shiftedMonth + 2) / 5 + day - 1;
    const int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return qint64(era) * 146097 + dayOfEra - 719468;
}

int daysInMonth(int year, int month)
{
    static constexpr int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : days[month - 1];
}

class Cursor {
public:
    explicit Cursor(QStringView text)
        : m_text(text)
    {
    }

    bool atEnd() const { return m_pos >= m_text.size(); }
    QChar peek() const { return atEnd() ? QChar() : m_text.at(m_pos); }
    qsizetype position() const { return m_pos; }
    void advance() { ++m_pos; }

    // Exactly `count` ASCII digits.
    bool digits(int count, int& out)
    {
        out = 0;
        for (int i = 0; i < count; ++i) {
            const QChar c = peek();
            if (c < u'0' || c > u'9')
                return false;
            out = out * 10 + (c.unicode() - u'0');
            ++m_pos;
        }
        return true;
    }

    bool literal(char16_t expected)
    {
        if (peek() != QChar(expected))
            return false;
        ++m_pos;
        return true;
    }

    bool literalEither(char16_t upper, char16_t lower) { return literal(upper) || literal(lower); }

private:
    QStringView m_text;
    qsizetype m_pos = 0;
};

std::optional<qint64> failWith(QString* reason, const QString& why)
{
    if (reason)
        *reason = why;
    return std::nullopt;
}

} // namespace

std::optional<qint64> Rfc3339::parse(QStringView text, QString* reason)
{
    Cursor in(text);
    int year = 0;
    int month = 0;
    int day = 0;
    int hour = 0;
    int minute = 0;
    int second = 0;
    if (!in.digits(4, year) || !in.literal(u'-') || !in.digits(2, month) || !in.literal(u'-') || !in.digits(2, day))
        return failWith(reason, QStringLiteral("date must be YYYY-MM-DD"));
    if (!in.literalEither(u'T', u't'))
        return failWith(reason, QStringLiteral("expected 'T' between date and time"));
    if (!in.digits(2, hour) || !in.literal(u':') || !in.digits(2, minute) || !in.literal(u':') || !in.digits(2, second))
        return failWith(reason, QStringLiteral("time must be hh:mm:ss"));

    int millis = 0;
    if (in.literal(u'.')) {
        int fractionDigits = 0;
        while (!in.atEnd() && in.peek() >= u'0' && in.peek() <= u'9') {
            if (fractionDigits < 3)
                millis = millis * 10 + (in.peek().unicode() - u'0');
            ++fractionDigits;
            in.advance();
        }
        if (fractionDigits == 0)
            return failWith(reason, QStringLiteral("expected digits after '.'"));
        for (int i = fractionDigits; i < 3; ++i)
            millis *= 10;
    }

    int offsetMinutes = 0;
    if (!in.literalEither(u'Z', u'z')) {
        int sign = 0;
        if (in.literal(u'+'))
            sign = 1;
        else if (in.literal(u'-'))
            sign = -1;
        else
            return failWith(reason, QStringLiteral("missing time zone (Z or +hh:mm)"));
        int offsetHours = 0;
        int offsetMins = 0;
        if (!in.digits(2, offsetHours) || !in.literal(u':') || !in.digits(2, offsetMins))
            return failWith(reason, QStringLiteral("time zone offset must be +hh:mm or -hh:mm"));
        if (offsetHours > 23 || offsetMins > 59)
            return failWith(reason, QStringLiteral("time zone offset out of range"));
        offsetMinutes = sign * (offsetHours * 60 + offsetMins);
    }
    if (!in.atEnd())
        return failWith(reason, QStringLiteral("unexpected text at character %1").arg(in.position() + 1));

    if (month < 1 || month > 12)
        return failWith(reason, QStringLiteral("month %1 out of range").arg(month));
    if (day < 1 || day > daysInMonth(year, month))
        return failWith(reason, QStringLiteral("day %1 out of range for month %2").arg(day).arg(month));
    if (hour > 23)
        return failWith(reason, QStringLiteral("hour %1 out of range").arg(hour));
    if (minute > 59)
        return failWith(reason, QStringLiteral("minute %1 out of range").arg(minute));
    // RFC 3339 allows a leap second (60); Go, and so Alertmanager, never writes one.
    if (second > 59)
        return failWith(reason, QStringLiteral("second %1 out of range").arg(second));

    const qint64 secondOfDay = qint64(hour) * 3600 + qint64(minute) * 60 + second;
    const qint64 seconds = daysFromCivil(year, month, day) * 86400 + secondOfDay - qint64(offsetMinutes) * 60;
    return seconds * 1000 + millis;
}

} // namespace firebreak
