#include "playbooktemplate.h"

#include <QRegularExpression>

namespace firebreak {

namespace {
const QString Open = QStringLiteral("{{");
const QString Close = QStringLiteral("}}");

const QRegularExpression& wholeTemplate()
{
    static const QRegularExpression Pattern(QStringLiteral(R"(^\{\{ *labels\.([A-Za-z_][A-Za-z0-9_]*) *\}\}$)"));
    return Pattern;
}

const QRegularExpression& anyTemplate()
{
    static const QRegularExpression Pattern(QStringLiteral(R"(\{\{ *labels\.([A-Za-z_][A-Za-z0-9_]*) *\}\})"));
    return Pattern;
}

QString malformed(const QString& text)
{
    return QStringLiteral("malformed template in \"%1\"; the only form is {{ labels.NAME }}").arg(text);
}
} // namespace

PlaybookTemplate::Value PlaybookTemplate::parseValue(const QString& text)
{
    if (!text.contains(Open) && !text.contains(Close))
        return {};
    const QRegularExpressionMatch whole = wholeTemplate().match(text);
    if (whole.hasMatch())
        return Value { whole.captured(1), {} };
    if (anyTemplate().match(text).hasMatch()) {
        return Value { {},
            QStringLiteral("\"%1\" mixes text and a template; a template must be the whole value (make it a "
                           "separate argument)")
                .arg(text) };
    }
    return Value { {}, malformed(text) };
}

PlaybookTemplate::Query PlaybookTemplate::parseQuery(const QString& text)
{
    Query query;
    qsizetype from = 0;
    while (true) {
        const qsizetype open = text.indexOf(Open, from);
        const qsizetype close = text.indexOf(Close, from);
        if (open < 0 && close < 0)
            return query;
        if (open < 0 || (close >= 0 && close < open)) {
            query.error = malformed(text);
            return query;
        }
        const QRegularExpressionMatch match = anyTemplate().match(
            text, open, QRegularExpression::NormalMatch, QRegularExpression::AnchorAtOffsetMatchOption);
        if (!match.hasMatch()) {
            query.error = malformed(text);
            return query;
        }
        const qsizetype end = match.capturedEnd(0);
        const bool quoted
            = open > 0 && text.at(open - 1) == QLatin1Char('"') && (open < 2 || text.at(open - 2) != QLatin1Char('\\'));
        if (!quoted || end >= text.size() || text.at(end) != QLatin1Char('"')) {
            query.error = QStringLiteral("in a query a template must be a whole quoted label value, such as "
                                         "instance=\"{{ labels.instance }}\"");
            return query;
        }
        query.labels.append(match.captured(1));
        from = end;
    }
}

} // namespace firebreak
