#pragma once

#include <QColor>
#include <QFont>
#include <QStringList>
#include <QVector>

class QPaintDevice;

namespace firebreak {

class PdfFlow;

// A table in a PDF export: cells wrap (at word boundaries, or anywhere for a hash or a URL), a row
// never breaks across pages, and the header row is repeated at the top of every page the table
// continues on. A row that would be taller than half a page is cut short with an ellipsis instead.
struct PdfTable {
    QStringList header; // empty: no header row (a key/value list)
    QVector<qreal> widths; // fractions of the flow's width, one per column
    QVector<QStringList> rows;
    QVector<bool> marked; // rows drawn with a warning tint (overdue action items)
    QFont font;
    QFont headerFont;
    bool grid = true; // cell borders and a shaded header; false for a plain key/value list
    QVector<bool> boldColumns; // columns printed in the header font

    void place(PdfFlow& flow, QPaintDevice* device) const;
};

} // namespace firebreak
