#pragma once

#include "domain/event.h"
#include "domain/incident.h"

#include <QPersistentModelIndex>
#include <QWidget>

class QLabel;
class QTreeView;

namespace firebreak {

class IconProvider;
class TimelineDelegate;
class TimelineFilterBar;
class TimelineModel;
struct Theme;

// The selected incident's timeline: what happened, in order, newest on top, with filters. It owns
// no data; it tells the TimelineModel what to show (incident scope plus the filter bar's criteria)
// and reports the row the operator picks, which the charts then mark.
class TimelineView final : public QWidget {
    Q_OBJECT
public:
    // Events this long before an incident was detected are shown with it: the deploy or cron job
    // that preceded the first alert is usually the most useful row on the screen.
    static constexpr qint64 ContextBeforeMs = 30 * 60 * 1000;

    TimelineView(TimelineModel& model, const Theme& theme, const IconProvider& icons, QWidget* parent = nullptr);

    void setIncident(const Incident& incident);
    qint64 incidentId() const { return m_incidentId; }
    QTreeView* tree() const { return m_tree; }
    TimelineFilterBar* filterBar() const { return m_filterBar; }
    QByteArray saveHeaderState() const;
    void restoreHeaderState(const QByteArray& state);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

Q_SIGNALS:
    void eventSelected(const firebreak::Event& event);
    void selectionCleared();

private:
    void applyFilter();
    void updatePlaceholder();
    void onCurrentChanged();

    TimelineModel& m_model;
    const Theme& m_theme;
    QLabel* m_title = nullptr;
    QLabel* m_status = nullptr;
    TimelineFilterBar* m_filterBar = nullptr;
    QTreeView* m_tree = nullptr;
    QLabel* m_placeholder = nullptr;
    TimelineDelegate* m_delegate = nullptr;
    qint64 m_incidentId = 0;
    qint64 m_contextFromMs = 0;
    QString m_error;
    QPersistentModelIndex m_anchor; // top visible row while live rows are inserted above it
};

} // namespace firebreak
