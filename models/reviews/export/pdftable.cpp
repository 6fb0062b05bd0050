#include "pdftable.h"

#include "pdfflow.h"

#include <QFontMetricsF>
#include <QPaintDevice>
#include <QPainter>
#include <QTextLayout>
#include <memory>
#include <numeric>

namespace firebreak {

namespace {

const QColor Text(0x1a, 0x20, 0x2c);
const QColor Border(0xc9, 0xcf, 0xd8);
const QColor HeaderFill(0xee, 0xf1, 0xf5);
const QColor MarkedFill(0xfd, 0xec, 0xea);
constexpr qreal MaxRowShareOfPage = 0.5;

struct Cell {
    std::shared_ptr<QTextLayout> layout;
    qreal height = 0;
};

// Lays `text` out in `width`, at most `maxHeight` tall; cut short with an ellipsis beyond it.
Cell layoutCell(const QString& text, const QFont& font, QPaintDevice* device, qreal width, qreal maxHeight)
{
    QString shown = QString(text).replace(QStringLiteral("\r\n"), QStringLiteral("\n"));
    shown.replace(QLatin1Char('\n'), QChar::LineSeparator);
    for (int attempt = 0; attempt < 2; ++attempt) {
        auto layout = std::make_shared<QTextLayout>(shown, font, device);
        QTextOption option;
        option.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
        layout->setTextOption(option);
        layout->beginLayout();
        qreal y = 0;
        qsizetype fits = shown.size();
        bool cut = false;
        for (QTextLine line = layout->createLine(); line.isValid(); line = layout->createLine()) {
            line.setLineWidth(width);
            if (y + line.height() > maxHeight && y > 0) {
                fits = line.textStart();
                cut = true;
                break;
            }
            line.setPosition(QPointF(0, y));
            y += line.height();
        }
        layout->endLayout();
        if (!cut || attempt == 1)
            return Cell { layout, y };
        shown = shown.left(std::max<qsizetype>(0, fits - 2)).trimmed() + QStringLiteral(" …");
    }
    return {};
}

} // namespace

void PdfTable::place(PdfFlow& flow, QPaintDevice* device) const
{
    const qreal pt = device->logicalDpiY() / 72.0;
    const qreal pad = (grid ? 3.5 : 1.5) * pt;
    QVector<qreal> columnWidths;
    for (const qreal fraction : widths)
        columnWidths.append(fraction * flow.width());
    const qreal maxCell = flow.pageHeight() * MaxRowShareOfPage;

    // The drawing outlives this table (it runs when the flow is rendered): it captures values only.
    const bool withGrid = grid;
    auto rowDraw = [&](const QStringList& cells, bool isHeader, bool isMarked, qreal* height) {
        QVector<Cell> laid;
        qreal tallest = 0;
        for (int c = 0; c < columnWidths.size(); ++c) {
            const QFont& cellFont = isHeader || boldColumns.value(c) ? headerFont : font;
            laid.append(layoutCell(cells.value(c), cellFont, device, columnWidths.at(c) - 2 * pad, maxCell));
            tallest = std::max(tallest, laid.last().height);
        }
        *height = tallest + 2 * pad;
        const qreal rowHeight = *height;
        return [laid, columnWidths, withGrid, isHeader, isMarked, rowHeight, pad, pt](QPainter& painter) {
            qreal x = 0;
            const qreal total = std::accumulate(columnWidths.cbegin(), columnWidths.cend(), 0.0);
            if (withGrid && (isHeader || isMarked))
                painter.fillRect(QRectF(0, 0, total, rowHeight), isHeader ? HeaderFill : MarkedFill);
            painter.setPen(Text);
            for (int c = 0; c < laid.size(); ++c) {
                if (laid.at(c).layout)
                    laid.at(c).layout->draw(&painter, QPointF(x + pad, pad));
                x += columnWidths.at(c);
            }
            if (!withGrid)
                return;
            painter.setPen(QPen(Border, 0.5 * pt));
            painter.drawRect(QRectF(0, 0, total, rowHeight));
            x = 0;
            for (int c = 0; c + 1 < columnWidths.size(); ++c) {
                x += columnWidths.at(c);
                painter.drawLine(QPointF(x, 0), QPointF(x, rowHeight));
            }
        };
    };

    qreal headerHeight = 0;
    const PdfFlow::Draw headerDraw
        = header.isEmpty() ? PdfFlow::Draw() : PdfFlow::Draw(rowDraw(header, true, false, &headerHeight));
    int headerPage = 0;
    for (qsizetype r = 0; r < rows.size(); ++r) {
        qreal height = 0;
        PdfFlow::Draw draw = rowDraw(rows.at(r), false, marked.value(r), &height);
        flow.ensure(height + (headerPage == flow.currentPage() ? 0 : headerHeight));
        if (headerDraw && headerPage != flow.currentPage()) {
            flow.place(headerHeight, headerDraw);
            headerPage = flow.currentPage();
        }
        flow.place(height, std::move(draw));
    }
}

} // namespace firebreak
