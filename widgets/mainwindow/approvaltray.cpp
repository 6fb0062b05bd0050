#include "approvaltray.h"

#include "style/iconprovider.h"
#include "style/theme.h"

#include <QFont>
#include <QPainter>
#include <QPixmap>
#include <QSystemTrayIcon>

namespace firebreak {

ApprovalTray::ApprovalTray(const Theme& theme, QObject* parent)
    : QObject(parent)
    , m_theme(theme)
{
    if (QSystemTrayIcon::isSystemTrayAvailable()) {
        m_tray = new QSystemTrayIcon(this);
        connect(m_tray, &QSystemTrayIcon::activated, this, [this](QSystemTrayIcon::ActivationReason reason) {
            if (reason == QSystemTrayIcon::Trigger || reason == QSystemTrayIcon::DoubleClick)
                Q_EMIT activated();
        });
        connect(m_tray, &QSystemTrayIcon::messageClicked, this, &ApprovalTray::activated);
    }
    updateIcon();
    if (m_tray)
        m_tray->show();
}

ApprovalTray::~ApprovalTray() = default;

bool ApprovalTray::isVisible() const
{
    return m_tray && m_tray->isVisible();
}

void ApprovalTray::setCount(int count)
{
    if (count == m_count)
        return;
    m_count = count;
    updateIcon();
}

void ApprovalTray::announce(const Run& run)
{
    const QString title = tr("Approval needed: run %1 (%2 risk)").arg(run.id).arg(run.risk);
    QString text = tr("%1 for incident #%2").arg(run.playbookTitle).arg(run.incidentId);
    if (run.approvalsRequired > 0)
        text += tr(" — %n approval(s) by a %1", nullptr, run.approvalsRequired).arg(run.approvalRole);
    m_lastMessage = title + QLatin1Char('\n') + text;
    if (m_tray) {
        const bool urgent = run.risk == QLatin1String("high") || run.risk == QLatin1String("critical");
        m_tray->showMessage(title, text, urgent ? QSystemTrayIcon::Critical : QSystemTrayIcon::Warning, 15'000);
    }
}

void ApprovalTray::updateIcon()
{
    m_toolTip = m_count == 0 ? tr("Firebreak — no runs awaiting approval")
                             : tr("Firebreak — %n run(s) awaiting approval", nullptr, m_count);
    if (!m_tray)
        return;
    QPixmap pixmap = IconProvider::appIcon().pixmap(64, 64);
    if (m_count > 0) {
        // The count on an amber disc in the corner, like an unread badge: visible at tray size.
        QPainter painter(&pixmap);
        painter.setRenderHint(QPainter::Antialiasing);
        const QRectF disc(26, 26, 38, 38);
        painter.setPen(Qt::NoPen);
        const QColor amber = m_theme.toneColor(Theme::Tone::Attention);
        painter.setBrush(amber);
        painter.drawEllipse(disc);
        QFont font = painter.font();
        font.setBold(true);
        font.setPixelSize(m_count > 9 ? 20 : 26);
        painter.setFont(font);
        painter.setPen(SeverityPalette::textOn(amber));
        painter.drawText(disc, Qt::AlignCenter, m_count > 99 ? QStringLiteral("99+") : QString::number(m_count));
    }
    m_tray->setIcon(QIcon(pixmap));
    m_tray->setToolTip(m_toolTip);
}

} // namespace firebreak
