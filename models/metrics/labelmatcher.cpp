#include "labelmatcher.h"

namespace firebreak {

bool LabelMatcher::matches(const QString& labelValue) const
{
    switch (op) {
    case Op::Equal:
        return labelValue == value;
    case Op::NotEqual:
        return labelValue != value;
    case Op::RegexMatch:
        return regex.match(labelValue).hasMatch();
    case Op::RegexNoMatch:
        return !regex.match(labelValue).hasMatch();
    }
    return false;
}

QString LabelMatcher::opText(Op op)
{
    switch (op) {
    case Op::Equal:
        return QStringLiteral("=");
    case Op::NotEqual:
        return QStringLiteral("!=");
    case Op::RegexMatch:
        return QStringLiteral("=~");
    case Op::RegexNoMatch:
        return QStringLiteral("!~");
    }
    return {};
}

QString LabelMatcher::toString() const
{
    QString escaped = value;
    escaped.replace(QLatin1Char('\\'), QLatin1String("\\\\")).replace(QLatin1Char('"'), QLatin1String("\\\""));
    escaped.replace(QLatin1Char('\n'), QLatin1String("\\n"));
    return name + opText(op) + QLatin1Char('"') + escaped + QLatin1Char('"');
}

LabelMatcher LabelMatcher::make(const QString& name, Op op, const QString& value, QString* error)
{
    LabelMatcher matcher;
    matcher.name = name;
    matcher.op = op;
    matcher.value = value;
    if (op == Op::RegexMatch || op == Op::RegexNoMatch) {
        // Prometheus compiles `^(?s:re)$`: anchored at both ends, and `.` also matches a newline.
        matcher.regex = QRegularExpression(
            QRegularExpression::anchoredPattern(value), QRegularExpression::DotMatchesEverythingOption);
        if (!matcher.regex.isValid() && error)
            *error = matcher.regex.errorString();
    }
    return matcher;
}

} // namespace firebreak
