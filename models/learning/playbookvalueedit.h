#pragma once

#include <QByteArray>
#include <QString>

namespace firebreak {

// Changes one value of a gate in a playbook file's text and leaves every other byte as it was, so
// that a suggestion reads as a one-line diff and the operator's comments, order and quoting survive.
// YAML is parsed only to find where the value is written; the text is never re-emitted.
class PlaybookValueEdit final {
public:
    struct Location {
        qsizetype begin = -1; // byte offsets of the value as written, quotes included
        qsizetype end = -1;
        int line = 0; // 1-based
        QString error; // non-empty: not found, and why
        bool ok() const { return error.isEmpty(); }
    };

    // Where `key` ("above", "below", "for") of the gate whose kind key is written at `gateLine` is.
    static Location locateGateValue(const QByteArray& text, int gateLine, const QString& key);
    static QByteArray replaced(const QByteArray& text, const Location& location, const QByteArray& value);
    // A unified diff (three lines of context, one hunk) from `before` to `after`, as `diff -u` and
    // `patch -p1` understand it; empty when they are equal.
    static QString unifiedDiff(const QString& fileName, const QByteArray& before, const QByteArray& after);
};

} // namespace firebreak
