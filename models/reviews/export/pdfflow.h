#pragma once

#include <QRectF>
#include <QVector>
#include <functional>
#include <memory>

class QPagedPaintDevice;
class QPainter;
class QTextDocument;

namespace firebreak {

// Lays blocks out down the pages of a document before anything is drawn, so that the total page
// count is known when the footers ("page X of Y") are painted. Each block is placed whole on a page
// (a table row, a chart) or cut only between lines (rich text); nothing is ever cut in half.
class PdfFlow {
public:
    // Draws one block; the painter's origin is the block's top-left corner.
    using Draw = std::function<void(QPainter&)>;
    // Paints what belongs to every page (a footer), given the page number from 1 and the count.
    using Decorate = std::function<void(QPainter&, int page, int pages)>;

    explicit PdfFlow(const QRectF& content);

    qreal width() const { return m_content.width(); }
    qreal pageHeight() const { return m_content.height(); }
    qreal remaining() const { return m_content.height() - m_y; }
    bool pageIsEmpty() const { return m_pages.last().isEmpty(); }
    int pageCount() const { return int(m_pages.size()); }
    int currentPage() const { return int(m_pages.size()); } // from 1

    void newPage();
    // Starts a new page unless `height` fits on this one (or this one is still empty).
    void ensure(qreal height);
    // `draw` at the current position, `height` tall; a new page first if it does not fit.
    void place(qreal height, Draw draw);
    void skip(qreal height); // vertical space, dropped at the top of a page
    // A laid-out document (its text width set), cut between lines where a page ends.
    void placeText(const std::shared_ptr<QTextDocument>& document);
    // Every page in order: its blocks, then `decorate`.
    bool render(QPainter& painter, QPagedPaintDevice& device, const Decorate& decorate) const;

private:
    struct Item {
        qreal y = 0;
        Draw draw;
    };

    QRectF m_content;
    QVector<QVector<Item>> m_pages;
    qreal m_y = 0;
};

} // namespace firebreak
