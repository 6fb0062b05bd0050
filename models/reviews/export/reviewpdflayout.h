#pragma once

#include "pdfflow.h"
#include "reviewdocument.h"

#include <QFont>
#include <memory>

class QPaintDevice;
class QTextDocument;

namespace firebreak {

// The pages of a review's PDF, laid out on a PdfFlow for one device (the QPdfWriter that will draw
// them): which text, tables and charts go where, in points of that device. ReviewPdfExporter then
// paints the flow and the footers.
class ReviewPdfLayout {
public:
    ReviewPdfLayout(QPaintDevice* device, const QRectF& content);

    void build(const ReviewDocument& doc);
    const PdfFlow& flow() const { return m_flow; }
    qreal pt() const { return m_pt; } // device pixels per point
    static QFont font(qreal points, bool bold = false, bool mono = false);

private:
    void titlePage(const ReviewDocument& doc);
    void sections(const ReviewDocument& doc);
    void tables(const ReviewDocument& doc);
    void charts(const ReviewDocument& doc);
    void heading(const QString& text);
    void note(const QString& text);
    void html(const QString& html);
    std::shared_ptr<QTextDocument> document(const QString& html) const;

    QPaintDevice* m_device;
    PdfFlow m_flow;
    qreal m_pt;
    QFont m_body;
    QFont m_table;
    QFont m_tableBold;
};

} // namespace firebreak
