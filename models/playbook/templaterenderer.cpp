#include "templaterenderer.h"

#include "playbooktemplate.h"

#include <QRegularExpression>

namespace firebreak {

namespace {

// The value as it can be shown safely in a message: printable ASCII kept, everything else as \uXXXX,
// cut after 40 characters.
QString shown(const QString& value)
{
    constexpr qsizetype Shown = 40;
    QString text;
    for (qsizetype i = 0; i < value.size() && i < Shown; ++i) {
        const char16_t c = value.at(i).unicode();
        if (c >= 0x20 && c < 0x7f && c != u'\\' && c != u'"')
            text += QChar(c);
        else
            text += QStringLiteral("\\u%1").arg(uint(c), 4, 16, QLatin1Char('0'));
    }
    if (value.size() > Shown)
        text += QStringLiteral("... (%1 characters)").arg(value.size());
    return QLatin1Char('"') + text + QLatin1Char('"');
}

bool invisible(QChar c)
{
    switch (c.category()) {
    case QChar::Other_Control:
    case QChar::Other_Format:
    case QChar::Other_Surrogate:
    case QChar::Other_PrivateUse:
    case QChar::Other_NotAssigned:
    case QChar::Separator_Line:
    case QChar::Separator_Paragraph:
        return true;
    default:
        return false;
    }
}

QString escapedForPromQl(const QString& value, bool regex)
{
    const QString text = regex ? QRegularExpression::escape(value) : value;
    QString escaped;
    for (const QChar c : text) {
        if (c == QLatin1Char('\\') || c == QLatin1Char('"'))
            escaped += QLatin1Char('\\');
        escaped += c;
    }
    return escaped;
}

TemplateRefusal refuse(const QString& label, const QString& reason)
{
    return TemplateRefusal { label, reason };
}

} // namespace

QString TemplateRenderer::defaultPattern()
{
    return QStringLiteral("^[A-Za-z0-9_.:/@-]{1,253}$");
}

TemplateRenderer::TemplateRenderer(const QMap<QString, QString>& patterns)
    : m_patterns(patterns)
{
}

std::variant<QString, TemplateRefusal> TemplateRenderer::labelValue(const QString& label, const LabelSet& labels) const
{
    const auto it = labels.constFind(label);
    if (it == labels.constEnd())
        return refuse(label, QStringLiteral("the alert has no label \"%1\"").arg(label));
    const QString& value = it.value();
    if (value.isEmpty())
        return refuse(label, QStringLiteral("label \"%1\" is empty").arg(label));
    if (value.size() > MaxValueLength) {
        return refuse(label,
            QStringLiteral("label \"%1\" is %2 characters long; at most %3 are accepted")
                .arg(label)
                .arg(value.size())
                .arg(MaxValueLength));
    }
    for (const QChar c : value) {
        if (invisible(c)) {
            return refuse(label,
                QStringLiteral("label \"%1\" holds a control or invisible character (U+%2): %3")
                    .arg(label)
                    .arg(uint(c.unicode()), 4, 16, QLatin1Char('0'))
                    .arg(shown(value)));
        }
    }
    if (value.startsWith(QLatin1Char('-'))) {
        return refuse(label,
            QStringLiteral("label \"%1\" starts with '-', which a program would take for an option: %2")
                .arg(label, shown(value)));
    }
    const QString pattern = m_patterns.value(label, defaultPattern());
    const QRegularExpression regex(QRegularExpression::anchoredPattern(pattern));
    if (!regex.isValid())
        return refuse(
            label, QStringLiteral("the pattern for label \"%1\" is not a valid regular expression").arg(label));
    if (!regex.match(value).hasMatch()) {
        return refuse(label,
            QStringLiteral("label \"%1\" value %2 does not match the pattern %3").arg(label, shown(value), pattern));
    }
    return value;
}

std::variant<QString, TemplateRefusal> TemplateRenderer::renderValue(const QString& value, const LabelSet& labels) const
{
    const PlaybookTemplate::Value parsed = PlaybookTemplate::parseValue(value);
    if (!parsed.error.isEmpty())
        return refuse(QString(), parsed.error);
    if (!parsed.isTemplate())
        return value;
    return labelValue(parsed.label, labels);
}

std::variant<QStringList, TemplateRefusal> TemplateRenderer::renderArgv(
    const QStringList& argv, const LabelSet& labels) const
{
    QStringList rendered;
    rendered.reserve(argv.size());
    for (const QString& argument : argv) {
        auto value = renderValue(argument, labels);
        if (auto* refusal = std::get_if<TemplateRefusal>(&value))
            return std::move(*refusal);
        rendered.append(std::get<QString>(std::move(value)));
    }
    return rendered;
}

std::variant<QMap<QString, QString>, TemplateRefusal> TemplateRenderer::renderMap(
    const QMap<QString, QString>& values, const LabelSet& labels) const
{
    QMap<QString, QString> rendered;
    for (auto it = values.cbegin(); it != values.cend(); ++it) {
        auto value = renderValue(it.value(), labels);
        if (auto* refusal = std::get_if<TemplateRefusal>(&value))
            return std::move(*refusal);
        rendered.insert(it.key(), std::get<QString>(std::move(value)));
    }
    return rendered;
}

std::variant<PlaybookRequest, TemplateRefusal> TemplateRenderer::renderRequest(
    const PlaybookRequest& request, const LabelSet& labels) const
{
    PlaybookRequest rendered = request;
    auto argv = renderArgv(request.argv, labels);
    if (auto* refusal = std::get_if<TemplateRefusal>(&argv))
        return std::move(*refusal);
    rendered.argv = std::get<QStringList>(std::move(argv));
    for (auto* map : { &rendered.params, &rendered.env, &rendered.query, &rendered.headers }) {
        auto values = renderMap(*map, labels);
        if (auto* refusal = std::get_if<TemplateRefusal>(&values))
            return std::move(*refusal);
        *map = std::get<QMap<QString, QString>>(std::move(values));
    }
    return rendered;
}

std::variant<QString, TemplateRefusal> TemplateRenderer::renderQuery(const QString& query, const LabelSet& labels) const
{
    const PlaybookTemplate::Query parsed = PlaybookTemplate::parseQuery(query);
    if (!parsed.error.isEmpty())
        return refuse(QString(), parsed.error);
    static const QRegularExpression Template(QStringLiteral(R"(\{\{ *labels\.([A-Za-z_][A-Za-z0-9_]*) *\}\})"));
    QString rendered;
    qsizetype from = 0;
    QRegularExpressionMatchIterator it = Template.globalMatch(query);
    while (it.hasNext()) {
        const QRegularExpressionMatch match = it.next();
        auto value = labelValue(match.captured(1), labels);
        if (auto* refusal = std::get_if<TemplateRefusal>(&value))
            return std::move(*refusal);
        const QString before = query.mid(from, match.capturedStart(0) - from);
        // The template is the whole of a quoted string: the two characters before the quote say whether
        // the matcher is a regex.
        const QString head = query.left(match.capturedStart(0) - 1).trimmed();
        const bool regex = head.endsWith(QLatin1String("=~")) || head.endsWith(QLatin1String("!~"));
        rendered += before + escapedForPromQl(std::get<QString>(value), regex);
        from = match.capturedEnd(0);
    }
    rendered += query.mid(from);
    return rendered;
}

} // namespace firebreak
