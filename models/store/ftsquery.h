#pragma once

#include <QString>
#include <QVector>

namespace firebreak {

// Turns what an operator types into the search box into an FTS5 query that cannot be a syntax
// error: every whitespace-separated word becomes a quoted phrase (so AND, NEAR(, quotes and
// colons are plain text), the words must all match, and a trailing * asks for a prefix match.
class FtsQuery {
public:
    // Empty when the text holds no word at all (only whitespace or stars).
    static QString matchExpression(const QString& userText);

    struct Word {
        QString text; // without the trailing stars
        bool prefix = false;
    };
    // The words matchExpression() quotes, in order.
    static QVector<Word> words(const QString& userText);
};

} // namespace firebreak
