#include "alertexpression.h"

#include <QUrl>
#include <QUrlQuery>
#include <array>

namespace firebreak {

std::optional<AlertExpression> AlertExpression::parse(const QString& expression)
{
    const QString text = expression.trimmed();
    if (text.isEmpty())
        return std::nullopt;
    // Find a comparison operator outside braces and quotes; the left side must be a plain selector.
    int depth = 0;
    bool quoted = false;
    for (int i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c == QLatin1Char('"') && (i == 0 || text.at(i - 1) != QLatin1Char('\\')))
            quoted = !quoted;
        if (quoted)
            continue;
        if (c == QLatin1Char('{') || c == QLatin1Char('('))
            ++depth;
        else if (c == QLatin1Char('}') || c == QLatin1Char(')'))
            --depth;
        if (depth != 0)
            continue;
        static constexpr std::array<const char*, 6> ops { ">=", "<=", "==", "!=", ">", "<" };
        for (const char* op : ops) {
            const QLatin1String opText(op);
            if (!QStringView(text).mid(i).startsWith(opText))
                continue;
            AlertExpression result;
            result.selector = text.left(i).trimmed();
            bool ok = false;
            result.threshold = text.mid(i + opText.size()).trimmed().toDouble(&ok);
            if (!ok || result.selector.isEmpty())
                return std::nullopt;
            result.op = opText;
            return result;
        }
    }
    if (quoted || depth != 0)
        return std::nullopt;
    AlertExpression result;
    result.selector = text;
    return result;
}

QString AlertExpression::fromGeneratorUrl(const QString& generatorUrl)
{
    const QUrl url(generatorUrl);
    if (!url.isValid())
        return {};
    // Prometheus builds the URL with Go's url.Values.Encode, which writes a space as '+' (a real
    // '+' arrives as %2B); QUrlQuery keeps '+' literally, so turn it back into a space first.
    QString query = url.query(QUrl::FullyEncoded);
    query.replace(QLatin1Char('+'), QLatin1String("%20"));
    return QUrlQuery(query).queryItemValue(QStringLiteral("g0.expr"), QUrl::FullyDecoded);
}

QString AlertExpression::toGeneratorUrl(const QString& baseUrl, const QString& expression)
{
    QUrl url(baseUrl + QStringLiteral("/graph"));
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("g0.expr"), QString::fromLatin1(QUrl::toPercentEncoding(expression)));
    query.addQueryItem(QStringLiteral("g0.tab"), QStringLiteral("1"));
    url.setQuery(query);
    return url.toString(QUrl::FullyEncoded);
}

} // namespace firebreak
