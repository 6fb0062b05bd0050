#pragma once

#include "store/eventquery.h"

#include <QVariantMap>
#include <QWidget>

class QLineEdit;
class QMenu;
class QTimer;
class QPushButton;

namespace firebreak {

class IconProvider;

// The filters an operator narrows a busy timeline with: kinds, severities and sources (each a
// multi-select menu, empty meaning "all") and a full-text search box. Typing is debounced so that
// the store runs one search per pause, not one per keystroke. "Pinned only" narrows the timeline to
// the rows operators starred. The whole state can be saved and restored (per user, by the view).
class TimelineFilterBar final : public QWidget {
    Q_OBJECT
public:
    static constexpr int SearchDebounceMs = 300;

    TimelineFilterBar(const IconProvider& icons, QWidget* parent = nullptr);

    // Kinds, severities, sources and text; the incident scope is the view's business.
    EventQuery criteria() const;
    void setSources(const QStringList& sources);
    QLineEdit* searchBox() const { return m_search; }
    QPushButton* kindButton() const { return m_kindButton; }
    QPushButton* severityButton() const { return m_severityButton; }
    QPushButton* sourceButton() const { return m_sourceButton; }
    QPushButton* pinnedButton() const { return m_pinnedButton; }
    // kinds, severities, sources (string lists), text, pinnedOnly: plain values for QSettings.
    QVariantMap state() const;
    // Applies a state() (an empty map clears every filter) and emits criteriaChanged once.
    void restoreState(const QVariantMap& state);

public Q_SLOTS:
    void clearFilters();

Q_SIGNALS:
    void criteriaChanged();

private:
    QPushButton* makeMenuButton(QMenu* menu);
    void onMenuToggled();
    void updateButtonTexts();
    QStringList checkedData(const QMenu* menu) const;

    QPushButton* m_kindButton = nullptr;
    QPushButton* m_severityButton = nullptr;
    QPushButton* m_sourceButton = nullptr;
    QPushButton* m_pinnedButton = nullptr;
    QMenu* m_kindMenu = nullptr;
    QMenu* m_severityMenu = nullptr;
    QMenu* m_sourceMenu = nullptr;
    QLineEdit* m_search = nullptr;
    QTimer* m_debounce = nullptr;
    QString m_appliedText;
};

} // namespace firebreak
