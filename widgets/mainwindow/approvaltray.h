#pragma once

#include "domain/run.h"

#include <QObject>
#include <QString>

class QSystemTrayIcon;

namespace firebreak {

struct Theme;

// A commander is not always looking at the console when a remediation starts waiting for them, and
// an approval has an expiry. The tray icon carries the number of runs awaiting approval (drawn on the
// icon and in its tooltip) and a desktop notification announces each new request. Where the desktop
// has no tray (offscreen, some wall displays) it keeps the same state, so the window title still
// shows the count and tests can read what would have been announced.
class ApprovalTray final : public QObject {
    Q_OBJECT
public:
    explicit ApprovalTray(const Theme& theme, QObject* parent = nullptr);
    ~ApprovalTray() override;

    int count() const { return m_count; }
    QString toolTip() const { return m_toolTip; }
    QString lastMessage() const { return m_lastMessage; } // title and text of the last notification
    bool isVisible() const;

public Q_SLOTS:
    void setCount(int count);
    void announce(const firebreak::Run& run);

Q_SIGNALS:
    // The operator clicked the icon or the notification: show the console and the waiting runs.
    void activated();

private:
    void updateIcon();

    const Theme& m_theme;
    QSystemTrayIcon* m_tray = nullptr; // null where the desktop has no tray
    int m_count = 0;
    QString m_toolTip;
    QString m_lastMessage;
};

} // namespace firebreak
