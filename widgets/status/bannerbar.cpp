#include "bannerbar.h"

#include "style/theme.h"

#include <QLabel>
#include <QVBoxLayout>

namespace firebreak {

BannerBar::BannerBar(const Theme& theme, QWidget* parent)
    : QWidget(parent)
    , m_theme(theme)
    , m_layout(new QVBoxLayout(this))
{
    setObjectName(QStringLiteral("bannerBar"));
    m_layout->setContentsMargins(0, 0, 0, 0);
    m_layout->setSpacing(0);
    setVisible(false);
}

void BannerBar::showBanner(const QString& key, Level level, const QString& title, const QString& detail)
{
    QLabel* label = m_banners.value(key);
    if (!label) {
        label = new QLabel(this);
        label->setWordWrap(true);
        label->setTextFormat(Qt::RichText);
        label->setTextInteractionFlags(Qt::TextSelectableByMouse);
        label->setContentsMargins(12, 8, 12, 8);
        label->setAutoFillBackground(true);
        m_layout->addWidget(label);
        m_banners.insert(key, label);
    }
    const bool error = level == Level::Error;
    QPalette palette = label->palette();
    palette.setColor(QPalette::Window, error ? m_theme.errorBackground : m_theme.warningBackground);
    palette.setColor(QPalette::WindowText, error ? m_theme.errorText : m_theme.warningText);
    label->setPalette(palette);
    label->setText(QStringLiteral("<b>%1</b>%2")
                       .arg(title.toHtmlEscaped(),
                           detail.isEmpty() ? QString() : QStringLiteral("&nbsp;&nbsp;") + detail.toHtmlEscaped()));
    label->setAccessibleName(title + QLatin1Char(' ') + detail);
    setVisible(true);
}

void BannerBar::clearBanner(const QString& key)
{
    if (QLabel* label = m_banners.take(key))
        delete label;
    setVisible(!m_banners.isEmpty());
}

QString BannerBar::bannerText(const QString& key) const
{
    const QLabel* label = m_banners.value(key);
    return label ? label->accessibleName() : QString();
}

} // namespace firebreak
