#pragma once

#include <QString>
#include <QStringList>
#include <QVector>

namespace firebreak {

// The block structure of one Markdown text (MarkdownHtml's half that splits lines into headings,
// paragraphs, lists, quotes, code and tables), one instance per conversion.
class MarkdownBlocks {
public:
    explicit MarkdownBlocks(int headingShift);
    QString convert(const QString& markdown);

private:
    struct ListLevel {
        bool ordered = false;
        int indent = 0;
    };

    void flushParagraph();
    void flushItem();
    void closeLists(qsizetype depth);
    void startItem(int indent, bool ordered, const QString& text);
    qsizetype fencedCode(const QStringList& lines, qsizetype at);
    qsizetype indentedCode(const QStringList& lines, qsizetype at);
    qsizetype quote(const QStringList& lines, qsizetype at);
    qsizetype table(const QStringList& lines, qsizetype at);
    void heading(int level, const QString& text);

    int m_shift = 0;
    QString m_out;
    QStringList m_paragraph;
    QVector<ListLevel> m_lists;
    QString m_item; // the open list item's text, not yet written
    bool m_blankInList = false;
};

} // namespace firebreak
