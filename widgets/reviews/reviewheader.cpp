#include "reviewheader.h"

#include "style/panestyle.h"
#include "style/theme.h"

#include <QHBoxLayout>
#include <QLabel>

namespace firebreak {

namespace {

void paintBadge(QLabel& badge, const QColor& background, const QColor& text)
{
    badge.setStyleSheet(QStringLiteral("QLabel { background: %1; color: %2; border-radius: 3px; padding: 1px 7px; "
                                       "font-weight: 600; }")
                            .arg(background.name(), text.name()));
}

} // namespace

ReviewHeader::ReviewHeader(
    const Theme& theme, qint64 incidentId, const QString& incidentTitle, int severity, QWidget* parent)
    : QWidget(parent)
    , m_theme(theme)
    , m_status(new QLabel(this))
{
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(12, 8, 12, 8);
    auto* title = new QLabel(tr("#%1  %2").arg(incidentId).arg(incidentTitle), this);
    QFont big = title->font();
    big.setBold(true);
    big.setPointSizeF(big.pointSizeF() * 1.25);
    title->setFont(big);
    title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* severityBadge = new QLabel(QStringLiteral("SEV%1").arg(severity), this);
    const QColor severityColour = theme.severity.incidentColor(severity);
    paintBadge(*severityBadge, severityColour, SeverityPalette::textOn(severityColour));
    auto* caption = new QLabel(tr("Post-incident review"), this);
    PaneStyle::muted(*caption, theme);
    layout->addWidget(title);
    layout->addSpacing(8);
    layout->addWidget(severityBadge);
    layout->addWidget(m_status);
    layout->addStretch(1);
    layout->addWidget(caption);
    setFinal(false);
}

void ReviewHeader::setFinal(bool final)
{
    m_status->setText(final ? tr("FINAL") : tr("DRAFT"));
    paintBadge(*m_status, m_theme.toneColor(final ? Theme::Tone::Good : Theme::Tone::Neutral), m_theme.surface);
}

} // namespace firebreak
