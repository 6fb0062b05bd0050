#include "seriesselector.h"

#include <QStringList>
#include <algorithm>
#include <optional>

namespace firebreak {

namespace {

const QString NameLabel = QStringLiteral("__name__");

bool isNameStart(QChar c, bool metric)
{
    return (c >= QLatin1Char('a') && c <= QLatin1Char('z')) || (c >= QLatin1Char('A') && c <= QLatin1Char('Z'))
        || c == QLatin1Char('_') || (metric && c == QLatin1Char(':'));
}

bool isNameChar(QChar c, bool metric)
{
    return isNameStart(c, metric) || (c >= QLatin1Char('0') && c <= QLatin1Char('9'));
}

// Recursive-descent parser over one selector text; the first error stops it.
class Parser {
public:
    explicit Parser(const QString& text)
        : m_text(text)
    {
    }

    std::variant<SeriesSelector, SelectorError> run(QVector<LabelMatcher>& matchers)
    {
        skipSpace();
        if (atEnd())
            return fail(QStringLiteral("empty selector; expected a metric name or '{'"));
        QString metricName;
        const int nameStart = m_pos;
        if (isNameStart(peek(), true)) {
            metricName = readName(true);
        } else if (peek() != QLatin1Char('{')) {
            return fail(QStringLiteral("unexpected %1; expected a metric name or '{'").arg(found()));
        }
        skipSpace();
        if (!metricName.isEmpty() && peek() == QLatin1Char('('))
            return fail(QStringLiteral("unexpected '(' after '%1': function calls are not supported").arg(metricName));
        if (!atEnd() && peek() == QLatin1Char('{')) {
            if (auto error = parseBraces(matchers))
                return *error;
            skipSpace();
        }
        if (!atEnd()) {
            if (peek() == QLatin1Char('['))
                return fail(QStringLiteral("unexpected '[': range selectors are not supported"));
            QString rest = m_text.mid(m_pos).trimmed();
            if (rest.size() > 24)
                rest = rest.left(24) + QStringLiteral("...");
            return fail(QStringLiteral("unexpected '%1' after the selector; only a plain series selector is supported")
                            .arg(rest));
        }
        for (const LabelMatcher& matcher : std::as_const(matchers)) {
            if (matcher.name == NameLabel && !metricName.isEmpty())
                return SelectorError { nameStart,
                    QStringLiteral("metric name must not be set twice: '%1' and a __name__ matcher").arg(metricName) };
        }
        if (!metricName.isEmpty())
            matchers.prepend(LabelMatcher::make(NameLabel, LabelMatcher::Op::Equal, metricName));
        const bool anyNonEmpty = std::any_of(
            matchers.cbegin(), matchers.cend(), [](const LabelMatcher& m) { return !m.matches(QString()); });
        if (!anyNonEmpty)
            return SelectorError { 0,
                QStringLiteral("a selector needs a metric name or at least one matcher that does "
                               "not match the empty string") };
        return SeriesSelector();
    }

private:
    bool atEnd() const { return m_pos >= m_text.size(); }
    QChar peek() const { return atEnd() ? QChar() : m_text.at(m_pos); }
    QString found() const
    {
        return atEnd() ? QStringLiteral("end of input") : QStringLiteral("'%1'").arg(m_text.at(m_pos));
    }
    SelectorError fail(const QString& message) const { return SelectorError { m_pos, message }; }

    void skipSpace()
    {
        while (!atEnd() && peek().isSpace())
            ++m_pos;
    }

    QString readName(bool metric)
    {
        const int start = m_pos;
        while (!atEnd() && isNameChar(peek(), metric))
            ++m_pos;
        return m_text.mid(start, m_pos - start);
    }

    std::optional<SelectorError> parseBraces(QVector<LabelMatcher>& matchers)
    {
        ++m_pos; // '{'
        skipSpace();
        while (true) {
            if (peek() == QLatin1Char('}')) {
                ++m_pos;
                return std::nullopt;
            }
            if (!isNameStart(peek(), false))
                return fail(QStringLiteral("expected a label name or '}', found %1").arg(found()));
            const QString label = readName(false);
            skipSpace();
            std::optional<LabelMatcher::Op> op;
            const QStringView rest = QStringView(m_text).mid(m_pos);
            if (rest.startsWith(QLatin1String("=~")))
                op = LabelMatcher::Op::RegexMatch;
            else if (rest.startsWith(QLatin1String("!~")))
                op = LabelMatcher::Op::RegexNoMatch;
            else if (rest.startsWith(QLatin1String("!=")))
                op = LabelMatcher::Op::NotEqual;
            else if (rest.startsWith(QLatin1Char('=')))
                op = LabelMatcher::Op::Equal;
            if (!op)
                return fail(
                    QStringLiteral("expected one of =, !=, =~, !~ after label '%1', found %2").arg(label, found()));
            m_pos += LabelMatcher::opText(*op).size();
            skipSpace();
            const int valueStart = m_pos;
            QString value;
            if (auto error = readString(label + LabelMatcher::opText(*op), value))
                return error;
            QString regexError;
            LabelMatcher matcher = LabelMatcher::make(label, *op, value, &regexError);
            if (!regexError.isEmpty())
                return SelectorError { valueStart,
                    QStringLiteral("invalid regular expression '%1': %2").arg(value, regexError) };
            matchers.append(matcher);
            skipSpace();
            if (peek() == QLatin1Char(',')) {
                ++m_pos;
                skipSpace();
                continue;
            }
            if (peek() != QLatin1Char('}'))
                return fail(QStringLiteral("expected ',' or '}' after a matcher, found %1").arg(found()));
        }
    }

    std::optional<SelectorError> readString(const QString& after, QString& out)
    {
        const QChar quote = peek();
        if (quote != QLatin1Char('"') && quote != QLatin1Char('\'') && quote != QLatin1Char('`'))
            return fail(QStringLiteral("expected a quoted string after '%1', found %2").arg(after, found()));
        const int start = m_pos;
        ++m_pos;
        while (!atEnd()) {
            const QChar c = m_text.at(m_pos);
            if (c == quote) {
                ++m_pos;
                return std::nullopt;
            }
            if (c == QLatin1Char('\\') && quote != QLatin1Char('`')) {
                if (m_pos + 1 >= m_text.size())
                    break;
                const QChar escaped = m_text.at(m_pos + 1);
                switch (escaped.unicode()) {
                case '\\':
                case '"':
                case '\'':
                    out.append(escaped);
                    break;
                case 'n':
                    out.append(QLatin1Char('\n'));
                    break;
                case 't':
                    out.append(QLatin1Char('\t'));
                    break;
                case 'r':
                    out.append(QLatin1Char('\r'));
                    break;
                default:
                    return fail(QStringLiteral("unknown escape sequence '\\%1'").arg(escaped));
                }
                m_pos += 2;
                continue;
            }
            if (c == QLatin1Char('\n') && quote != QLatin1Char('`'))
                break;
            out.append(c);
            ++m_pos;
        }
        return SelectorError { start, QStringLiteral("unterminated string") };
    }

    const QString& m_text;
    int m_pos = 0;
};

} // namespace

std::variant<SeriesSelector, SelectorError> SeriesSelector::parse(const QString& text)
{
    QVector<LabelMatcher> matchers;
    Parser parser(text);
    auto result = parser.run(matchers);
    if (auto* selector = std::get_if<SeriesSelector>(&result))
        selector->m_matchers = std::move(matchers);
    return result;
}

bool SeriesSelector::matches(const LabelSet& labels) const
{
    return std::all_of(m_matchers.cbegin(), m_matchers.cend(),
        [&labels](const LabelMatcher& m) { return m.matches(labels.value(m.name)); });
}

QString SeriesSelector::metricName() const
{
    for (const LabelMatcher& matcher : m_matchers) {
        if (matcher.name == NameLabel && matcher.op == LabelMatcher::Op::Equal)
            return matcher.value;
    }
    return {};
}

QString SeriesSelector::toString() const
{
    QString name;
    QStringList parts;
    for (const LabelMatcher& matcher : m_matchers) {
        if (name.isEmpty() && matcher.name == NameLabel && matcher.op == LabelMatcher::Op::Equal)
            name = matcher.value;
        else
            parts.append(matcher.toString());
    }
    if (parts.isEmpty())
        return name;
    return name + QLatin1Char('{') + parts.join(QLatin1Char(',')) + QLatin1Char('}');
}

} // namespace firebreak
