#include "pdfflow.h"

#include <QAbstractTextDocumentLayout>
#include <QPagedPaintDevice>
#include <QPainter>
#include <QTextBlock>
#include <QTextDocument>
#include <QTextLayout>
#include <algorithm>

namespace firebreak {

namespace {

struct Span {
    qreal top = 0;
    qreal bottom = 0;
};

// Where a document may be cut: below a line, and through no other line (in a table, the lines of
// the cells beside it).
QVector<qreal> cutPoints(QTextDocument& document)
{
    QVector<Span> lines;
    QAbstractTextDocumentLayout* layout = document.documentLayout();
    for (QTextBlock block = document.begin(); block.isValid(); block = block.next()) {
        const QRectF box = layout->blockBoundingRect(block);
        const QTextLayout* text = block.layout();
        for (int i = 0; text && i < text->lineCount(); ++i) {
            const QTextLine line = text->lineAt(i);
            lines.append(Span { box.top() + line.y(), box.top() + line.y() + line.height() });
        }
    }
    QVector<qreal> cuts;
    for (const Span& candidate : std::as_const(lines)) {
        const qreal y = candidate.bottom;
        const bool crosses = std::any_of(
            lines.cbegin(), lines.cend(), [y](const Span& s) { return s.top < y - 0.5 && s.bottom > y + 0.5; });
        if (!crosses)
            cuts.append(y);
    }
    std::sort(cuts.begin(), cuts.end());
    cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
    return cuts;
}

} // namespace

PdfFlow::PdfFlow(const QRectF& content)
    : m_content(content)
    , m_pages(1)
{
}

void PdfFlow::newPage()
{
    m_pages.append(QVector<Item>());
    m_y = 0;
}

void PdfFlow::ensure(qreal height)
{
    if (height > remaining() && !pageIsEmpty())
        newPage();
}

void PdfFlow::place(qreal height, Draw draw)
{
    ensure(height);
    m_pages.last().append(Item { m_y, std::move(draw) });
    m_y += height;
}

void PdfFlow::skip(qreal height)
{
    if (!pageIsEmpty())
        m_y = std::min(m_y + height, m_content.height());
}

void PdfFlow::placeText(const std::shared_ptr<QTextDocument>& document)
{
    const QVector<qreal> cuts = cutPoints(*document);
    const qreal total = document->size().height();
    const qreal width = document->textWidth();
    qreal offset = 0;
    while (offset < total - 0.5) {
        // The furthest cut that fits in what is left of this page.
        const qreal limit = offset + remaining();
        qreal end = total <= limit ? total : offset;
        if (end < total) {
            for (const qreal cut : cuts) {
                if (cut > offset + 0.5 && cut <= limit)
                    end = cut;
            }
        }
        if (end <= offset) {
            if (!pageIsEmpty()) {
                newPage();
                continue;
            }
            end = std::min(total, limit); // a line taller than a page: nothing better exists
        }
        const qreal height = end - offset;
        place(height, [document, offset, height, width](QPainter& painter) {
            painter.save();
            painter.translate(0, -offset);
            QAbstractTextDocumentLayout::PaintContext context;
            context.clip = QRectF(0, offset, width, height);
            context.palette.setColor(QPalette::Text, QColor(0x1a, 0x20, 0x2c));
            painter.setClipRect(context.clip);
            document->documentLayout()->draw(&painter, context);
            painter.restore();
        });
        offset = end;
    }
}

bool PdfFlow::render(QPainter& painter, QPagedPaintDevice& device, const Decorate& decorate) const
{
    for (int page = 0; page < m_pages.size(); ++page) {
        if (page > 0 && !device.newPage())
            return false;
        for (const Item& item : m_pages.at(page)) {
            painter.save();
            painter.translate(m_content.left(), m_content.top() + item.y);
            item.draw(painter);
            painter.restore();
        }
        if (decorate)
            decorate(painter, page + 1, pageCount());
    }
    return true;
}

} // namespace firebreak
