#include "markdownhtml.h"

#include "markdownblocks.h"

namespace firebreak {

namespace {

bool isPunctuation(QChar c)
{
    return c.unicode() < 128 && (c.isPunct() || c.isSymbol());
}

bool isWordChar(const QString& text, qsizetype i)
{
    return i >= 0 && i < text.size() && text.at(i).isLetterOrNumber();
}

// The index of the next run of exactly `run` `mark`s at or after `from` that can close emphasis
// (not preceded by a space), or -1.
qsizetype closingRun(const QString& text, qsizetype from, QChar mark, int run)
{
    for (qsizetype i = from; i < text.size(); ++i) {
        if (text.at(i) == QLatin1Char('\\')) {
            ++i;
            continue;
        }
        if (text.at(i) != mark)
            continue;
        qsizetype end = i;
        while (end < text.size() && text.at(end) == mark)
            ++end;
        if (end - i == run && !text.at(i - 1).isSpace() && (mark != QLatin1Char('_') || !isWordChar(text, end)))
            return i;
        i = end - 1;
    }
    return -1;
}

} // namespace

QString MarkdownHtml::escape(const QString& text)
{
    QString out;
    out.reserve(text.size() + 16);
    for (const QChar c : text) {
        switch (c.unicode()) {
        case '&':
            out += QStringLiteral("&amp;");
            break;
        case '<':
            out += QStringLiteral("&lt;");
            break;
        case '>':
            out += QStringLiteral("&gt;");
            break;
        case '"':
            out += QStringLiteral("&quot;");
            break;
        case '\'':
            out += QStringLiteral("&#39;");
            break;
        default:
            out += c;
        }
    }
    return out;
}

QString MarkdownHtml::inlineHtml(const QString& text)
{
    QString out;
    qsizetype i = 0;
    const qsizetype n = text.size();
    while (i < n) {
        const QChar c = text.at(i);
        if (c == QLatin1Char('\\') && i + 1 < n && isPunctuation(text.at(i + 1))) {
            out += escape(text.at(i + 1));
            i += 2;
            continue;
        }
        if (c == QLatin1Char('`')) {
            qsizetype run = 0;
            while (i + run < n && text.at(i + run) == c)
                ++run;
            const QString fence(run, c);
            qsizetype close = text.indexOf(fence, i + run);
            while (close >= 0 && close + run < n && text.at(close + run) == c)
                close = text.indexOf(fence, close + run + 1);
            if (close < 0) {
                out += escape(fence);
                i += run;
                continue;
            }
            QString code = text.mid(i + run, close - i - run);
            if (code.size() > 2 && code.startsWith(QLatin1Char(' ')) && code.endsWith(QLatin1Char(' ')))
                code = code.mid(1, code.size() - 2);
            out += QStringLiteral("<code>%1</code>").arg(escape(code));
            i = close + run;
            continue;
        }
        if (c == QLatin1Char('*') || c == QLatin1Char('_') || c == QLatin1Char('~')) {
            qsizetype run = 0;
            while (i + run < n && text.at(i + run) == c)
                ++run;
            const bool opens
                = i + run < n && !text.at(i + run).isSpace() && (c != QLatin1Char('_') || !isWordChar(text, i - 1));
            const int want = c == QLatin1Char('~') ? 2 : int(std::min<qsizetype>(run, 2));
            const qsizetype close = opens && run == want ? closingRun(text, i + run, c, want) : -1;
            if (close > i + run) {
                const QString tag = c == QLatin1Char('~') ? QStringLiteral("del")
                    : want == 2                           ? QStringLiteral("strong")
                                                          : QStringLiteral("em");
                out += QStringLiteral("<%1>%2</%1>").arg(tag, inlineHtml(text.mid(i + run, close - i - run)));
                i = close + run;
                continue;
            }
            out += escape(QString(run, c));
            i += run;
            continue;
        }
        if (c == QLatin1Char('[') || (c == QLatin1Char('!') && i + 1 < n && text.at(i + 1) == QLatin1Char('['))) {
            const bool image = c == QLatin1Char('!');
            const qsizetype open = image ? i + 1 : i;
            const qsizetype close = text.indexOf(QStringLiteral("]("), open);
            const qsizetype end = close < 0 ? -1 : text.indexOf(QLatin1Char(')'), close + 2);
            if (close > open && end > close && !text.mid(open, close - open).contains(QLatin1Char('\n'))) {
                const QString label = inlineHtml(text.mid(open + 1, close - open - 1));
                const QString target = text.mid(close + 2, end - close - 2).trimmed();
                out += image ? QStringLiteral("[image: %1] (%2)").arg(label, escape(target))
                             : QStringLiteral("%1 (%2)").arg(label, escape(target));
                i = end + 1;
                continue;
            }
        }
        if (c == QLatin1Char('\n')) {
            out += QLatin1Char('\n');
            ++i;
            continue;
        }
        out += escape(c);
        ++i;
    }
    return out;
}

QString MarkdownHtml::toHtml(const QString& markdown, int shift)
{
    return MarkdownBlocks(shift).convert(markdown);
}

} // namespace firebreak
