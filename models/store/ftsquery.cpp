#include "ftsquery.h"

#include <QStringList>

namespace firebreak {

QVector<FtsQuery::Word> FtsQuery::words(const QString& userText)
{
    QVector<Word> words;
    for (QString word : userText.simplified().split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        const bool prefix = word.endsWith(QLatin1Char('*'));
        while (word.endsWith(QLatin1Char('*')))
            word.chop(1);
        if (!word.isEmpty())
            words.append(Word { word, prefix });
    }
    return words;
}

QString FtsQuery::matchExpression(const QString& userText)
{
    QStringList phrases;
    for (const Word& word : words(userText)) {
        QString quoted = word.text;
        quoted.replace(QLatin1Char('"'), QLatin1String("\"\""));
        phrases.append(
            QLatin1Char('"') + quoted + QLatin1Char('"') + (word.prefix ? QLatin1String("*") : QLatin1String()));
    }
    return phrases.join(QLatin1Char(' '));
}

} // namespace firebreak
