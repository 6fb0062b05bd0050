#include "reviewpdfexporter.h"

#include "exportfile.h"
#include "reviewexporttext.h"
#include "reviewpdflayout.h"

#include <QFontMetricsF>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QSaveFile>

namespace firebreak {

namespace {

constexpr int Resolution = 300;
constexpr qreal SideMarginMm = 20;
constexpr qreal TopMarginMm = 18;
constexpr qreal BottomMarginMm = 24; // the footer sits in it

qreal mm(qreal millimetres)
{
    return millimetres / 25.4 * Resolution;
}

} // namespace

bool ReviewPdfExporter::write(const ReviewDocument& doc, const QString& path, QString* error, int* pageCount)
{
    QSaveFile file(path);
    if (!ExportFile::open(file, error))
        return false;
    QPdfWriter writer(&file);
    writer.setResolution(Resolution);
    writer.setPageSize(QPageSize(QPageSize::A4));
    writer.setPageMargins(QMarginsF(0, 0, 0, 0));
    writer.setTitle(ReviewExportText::title(doc));
    writer.setCreator(QStringLiteral("Firebreak %1").arg(QStringLiteral(FIREBREAK_VERSION)));

    const QRectF page(0, 0, writer.width(), writer.height());
    const QRectF content = page.adjusted(mm(SideMarginMm), mm(TopMarginMm), -mm(SideMarginMm), -mm(BottomMarginMm));
    ReviewPdfLayout layout(&writer, content);
    layout.build(doc);

    const QFont footerFont = ReviewPdfLayout::font(8);
    const QFontMetricsF metrics(footerFont, &writer);
    const qreal pt = layout.pt();
    const QString incident = QStringLiteral("Incident %1").arg(doc.incident.id);
    const QString title = doc.incident.title.simplified();
    const auto footer = [&](QPainter& painter, int number, int pages) {
        const QString pageText = QStringLiteral("page %1 of %2").arg(number).arg(pages);
        const qreal room = content.width() - metrics.horizontalAdvance(incident + pageText + QStringLiteral(" ·  · "));
        QString text = incident;
        if (!title.isEmpty())
            text += QStringLiteral(" · ") + metrics.elidedText(title, Qt::ElideRight, std::max<qreal>(0, room));
        text += QStringLiteral(" · ") + pageText;
        const qreal top = content.bottom() + 8 * pt;
        painter.setPen(QPen(QColor(0xc9, 0xcf, 0xd8), 0.5 * pt));
        painter.drawLine(QPointF(content.left(), top), QPointF(content.right(), top));
        painter.setFont(footerFont);
        painter.setPen(QColor(0x4a, 0x55, 0x68));
        painter.drawText(
            QRectF(content.left(), top + 3 * pt, content.width(), metrics.height()), Qt::AlignCenter, text);
    };

    QPainter painter;
    if (!painter.begin(&writer)) {
        if (error)
            *error = QStringLiteral("cannot write %1: the PDF could not be started").arg(path);
        file.cancelWriting();
        return false;
    }
    painter.setRenderHint(QPainter::Antialiasing);
    const bool drawn = layout.flow().render(painter, writer, footer);
    painter.end();
    if (!drawn) {
        if (error)
            *error = QStringLiteral("cannot write %1: a page could not be added").arg(path);
        file.cancelWriting();
        return false;
    }
    if (!ExportFile::commit(file, error))
        return false;
    if (pageCount)
        *pageCount = layout.flow().pageCount();
    return true;
}

} // namespace firebreak
