#pragma once

#include "domain/event.h"
#include "domain/incident.h"
#include "engine/incidentcommand.h"

#include <QPersistentModelIndex>
#include <QPointer>
#include <QWidget>

class QAction;
class QLabel;
class QSettings;
class QTreeView;

namespace firebreak {

class IconProvider;
class IncidentActionBar;
class OperatorSession;
class TimelineDelegate;
class TimelineFilterBar;
class TimelineModel;
struct Theme;

// The selected incident's timeline: what happened, in order, newest on top, with filters. It owns
// no data; it tells the TimelineModel what to show (incident scope plus the filter bar's criteria)
// and reports the row the operator picks, which the charts then mark.
//
// It is also where the timeline is curated, as the signed-in person: status, commander and notes
// (IncidentActionBar), pins (P, or the star), jump to a time (Ctrl+G) and copy rows as Markdown
// (Ctrl+C). Changes leave as commandRequested; the engine applies them and the store's committed
// batches bring them back. Filters are kept per user in the QSettings given to setSettings().
class TimelineView final : public QWidget {
    Q_OBJECT
public:
    // Events this long before an incident was detected are shown with it: the deploy or cron job
    // that preceded the first alert is usually the most useful row on the screen.
    static constexpr qint64 ContextBeforeMs = 30 * 60 * 1000;

    TimelineView(TimelineModel& model, const Theme& theme, const IconProvider& icons, QWidget* parent = nullptr);

    void setIncident(const Incident& incident);
    // Who acts (nullptr: nobody can). Signing in restores that person's filters.
    void setOperatorSession(OperatorSession* session);
    // Where filters are kept, under "timeline/filters/<user>" (nullptr: not kept).
    void setSettings(QSettings* settings);
    static QString filtersKey(const QString& user); // "timeline/filters/alice"; "_anonymous" for nobody
    qint64 incidentId() const { return m_incidentId; }
    QTreeView* tree() const { return m_tree; }
    TimelineFilterBar* filterBar() const { return m_filterBar; }
    QByteArray saveHeaderState() const;
    void restoreHeaderState(const QByteArray& state);
    IncidentActionBar* actionBar() const { return m_actions; }
    QAction* pinAction() const { return m_pinAction; }
    QAction* noteAction() const { return m_noteAction; }
    QAction* jumpAction() const { return m_jumpAction; }
    QAction* copyAction() const { return m_copyAction; }

public Q_SLOTS:
    // The selected rows (or the current one) as a Markdown table, oldest first, also put on the clipboard.
    QString copySelectionAsMarkdown();
    // Selects and shows the loaded event nearest `timeMs` (UTC ms); returns its row, -1 when none.
    int jumpToTime(qint64 timeMs);
    void requestJumpToTime(); // asks for a time (UTC), then jumpToTime
    // Pins the selected rows, or unpins them when all are pinned already.
    void togglePinOnSelection();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

Q_SIGNALS:
    void eventSelected(const firebreak::Event& event);
    void selectionCleared();
    // An operator change to the incident or its timeline; connect to IngestPipeline::applyCommand (queued).
    void commandRequested(const firebreak::IncidentCommand& command);

private:
    void applyFilter();
    void updatePlaceholder();
    void onCurrentChanged();
    void createActions();
    void updateActions();
    void togglePin(const QVector<qint64>& eventIds);
    QVector<int> selectedRows() const;
    void saveFilters();
    void restoreFilters();

    TimelineModel& m_model;
    const Theme& m_theme;
    QLabel* m_title = nullptr;
    QLabel* m_status = nullptr;
    TimelineFilterBar* m_filterBar = nullptr;
    QTreeView* m_tree = nullptr;
    QLabel* m_placeholder = nullptr;
    TimelineDelegate* m_delegate = nullptr;
    Incident m_incident;
    qint64 m_incidentId = 0;
    qint64 m_contextFromMs = 0;
    QString m_error;
    QPersistentModelIndex m_anchor; // top visible row while live rows are inserted above it
    IncidentActionBar* m_actions = nullptr;
    QPointer<OperatorSession> m_session;
    QSettings* m_settings = nullptr;
    QString m_filtersUser; // whose filters the bar shows (empty: nobody signed in)
    bool m_restoringFilters = false;
    QAction* m_pinAction = nullptr;
    QAction* m_noteAction = nullptr;
    QAction* m_jumpAction = nullptr;
    QAction* m_copyAction = nullptr;
};

} // namespace firebreak
