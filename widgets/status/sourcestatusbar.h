#pragma once

#include "domain/sourcehealth.h"
#include "store/storeopenresult.h"

#include <QMap>
#include <QWidget>

class QHBoxLayout;
class QLabel;

namespace firebreak {

class Clock;
struct Theme;

// "Is the console still seeing the world?" at a glance: one coloured dot and name per source
// (sandbox, Alertmanager peers, Prometheus, feeds) and one for the store, with what is wrong and
// since when in the tooltip. Sits in the main window's status bar.
class SourceStatusBar final : public QWidget {
    Q_OBJECT
public:
    static inline const QString StoreName = QStringLiteral("store");

    SourceStatusBar(const Theme& theme, QWidget* parent = nullptr);

    // Adds or updates the indicator for `health.name`.
    void updateSource(const SourceHealth& health);
    void showStore(const StoreOpenResult& result);
    QStringList sourceNames() const { return m_indicators.keys(); }
    SourceHealth source(const QString& name) const { return m_health.value(name); }
    QString toolTipFor(const QString& name) const;

private:
    QColor colorFor(SourceHealth::State state) const;

    const Theme& m_theme;
    QHBoxLayout* m_layout = nullptr;
    QMap<QString, QLabel*> m_indicators;
    QMap<QString, SourceHealth> m_health;
};

} // namespace firebreak
