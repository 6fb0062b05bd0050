#include "ftsquery.h"

#include <QStringList>

namespace firebreak {

QString FtsQuery::matchExpression(const QString& userText)
{
    QStringList phrases;
    for (QString word : userText.simplified().split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        const bool prefix = word.endsWith(QLatin1Char('*'));
        while (word.endsWith(QLatin1Char('*')))
            word.chop(1);
        if (word.isEmpty())
            continue;
        word.replace(QLatin1Char('"'), QLatin1String("\"\""));
        phrases.append(QLatin1Char('"') + word + QLatin1Char('"') + (prefix ? QLatin1String("*") : QLatin1String()));
    }
    return phrases.join(QLatin1Char(' '));
}

} // namespace firebreak
