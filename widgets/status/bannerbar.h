#pragma once

#include <QMap>
#include <QWidget>

class QLabel;
class QVBoxLayout;

namespace firebreak {

struct Theme;

// Conditions the operator must not miss, across the top of the window: the store opened read-only,
// a source lost. Each has a key so it can be replaced or withdrawn; with none, the bar takes no room.
class BannerBar final : public QWidget {
    Q_OBJECT
public:
    enum class Level { Warning, Error };

    BannerBar(const Theme& theme, QWidget* parent = nullptr);

    void showBanner(const QString& key, Level level, const QString& title, const QString& detail);
    void clearBanner(const QString& key);
    bool hasBanner(const QString& key) const { return m_banners.contains(key); }
    QString bannerText(const QString& key) const;

private:
    const Theme& m_theme;
    QVBoxLayout* m_layout = nullptr;
    QMap<QString, QLabel*> m_banners;
};

} // namespace firebreak
