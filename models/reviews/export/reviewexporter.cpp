#include "reviewexporter.h"

#include "reviewhtmlexporter.h"
#include "reviewmarkdownexporter.h"
#include "reviewpdfexporter.h"

namespace firebreak {

std::optional<ReviewExportFormat> ReviewExporter::formatFromName(const QString& name)
{
    const QString lower = name.trimmed().toLower();
    if (lower == QLatin1String("md") || lower == QLatin1String("markdown"))
        return ReviewExportFormat::Markdown;
    if (lower == QLatin1String("html"))
        return ReviewExportFormat::Html;
    if (lower == QLatin1String("pdf"))
        return ReviewExportFormat::Pdf;
    return std::nullopt;
}

QString ReviewExporter::formatName(ReviewExportFormat format)
{
    switch (format) {
    case ReviewExportFormat::Markdown:
        return QStringLiteral("md");
    case ReviewExportFormat::Html:
        return QStringLiteral("html");
    case ReviewExportFormat::Pdf:
        return QStringLiteral("pdf");
    }
    return QStringLiteral("md");
}

QString ReviewExporter::suffix(ReviewExportFormat format)
{
    return QLatin1Char('.') + formatName(format);
}

bool ReviewExporter::write(
    ReviewExportFormat format, const ReviewDocument& doc, const QString& path, QString* error, int* pageCount)
{
    if (pageCount)
        *pageCount = 0;
    switch (format) {
    case ReviewExportFormat::Markdown:
        return ReviewMarkdownExporter::write(doc, path, error);
    case ReviewExportFormat::Html:
        return ReviewHtmlExporter::write(doc, path, error);
    case ReviewExportFormat::Pdf:
        return ReviewPdfExporter::write(doc, path, error, pageCount);
    }
    return false;
}

} // namespace firebreak
