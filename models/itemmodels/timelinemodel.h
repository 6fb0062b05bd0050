#pragma once

#include "domain/event.h"
#include "domain/eventpin.h"
#include "severitypalette.h"
#include "store/eventquery.h"

#include <QAbstractTableModel>
#include <QSet>
#include <QVector>

class QTimer;

namespace firebreak {

struct CommittedBatch;

// The timeline as the console shows it: a window onto the store's events, newest first. The store
// may hold millions of rows, so this model never owns a query: it asks for pages by signal (keyset
// pagination, older pages as the view scrolls) and keeps live events flowing in as small ranged
// inserts at most ~30 times a second, never a reset while the operator is watching.
//
// Full-text filter and live rows: whether a live event matches FTS5 syntax is the store's call, so
// with a text filter the model does not guess; new events that pass the other filters trigger a
// (throttled) re-read of the newest page with the same query, and the answer is merged in.
//
// Pins: the pinned events of the incident in scope are asked for (pinsRequested) whenever the scope
// changes, and follow committed batches from then on. With the "pinned only" filter, an unpin
// removes the row and a pin elsewhere reloads (pins are rare; the pinned event may not be loaded).
class TimelineModel final : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { TimeColumn, KindColumn, SeverityColumn, SourceColumn, TitleColumn, ActorColumn, ColumnCount };
    enum Role {
        EventIdRole = Qt::UserRole + 1,
        TimeMsRole,
        KindRole,
        SeverityRole, // int(Severity)
        SeverityColorRole, // QColor from the SeverityPalette
        SourceRole,
        TitleRole,
        ActorRole,
        IncidentIdRole,
        BodyRole, // QByteArray, unparsed
        PinnedRole, // bool: an operator starred this event in the incident's timeline
    };
    static constexpr int DefaultPageSize = 200;
    static constexpr int ApplyIntervalMs = 33; // <= 30 applies a second
    static constexpr int HeadRefreshDelayMs = 250;
    static constexpr int DefaultMaxRows = 50'000;

    explicit TimelineModel(QObject* parent = nullptr);
    ~TimelineModel() override;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    bool canFetchMore(const QModelIndex& parent) const override;
    void fetchMore(const QModelIndex& parent) override;

    // Replaces the filter and reloads from the newest event (the one place that resets the model).
    // Paging fields of `filter` (before*, limit) are ignored.
    void setFilter(const EventQuery& filter);
    const EventQuery& filter() const { return m_filter; }
    bool hasFilter() const { return m_active; }
    void setPageSize(int rows);
    // Oldest rows beyond this are dropped (and can be fetched again by scrolling).
    void setMaxRows(int rows);
    void setSeverityPalette(const SeverityPalette& palette);

    const Event& eventAt(int row) const { return m_rows.at(row); }
    int rowOfEvent(qint64 eventId) const; // -1 when not loaded
    bool isLoading() const { return m_pageRequest != 0; }
    bool hasMore() const { return m_more; }
    // Every source seen in the current incident scope, sorted; grows as events arrive.
    QStringList knownSources() const;
    bool isPinned(qint64 eventId) const { return m_pinned.contains(eventId); }

public Q_SLOTS:
    void onEventsFetched(quint64 requestId, const QVector<firebreak::Event>& events, bool more);
    void onFetchFailed(quint64 requestId, const QString& error);
    void onCommitted(const firebreak::CommittedBatch& batch);
    void refresh();
    void onPinsFetched(quint64 requestId, qint64 incidentId, const QVector<qint64>& eventIds);

Q_SIGNALS:
    void fetchRequested(quint64 requestId, const firebreak::EventQuery& query);
    void loadingChanged(bool loading);
    void fetchFailed(const QString& error);
    void sourcesChanged(const QStringList& sources);
    // The pinned events of `incidentId` (0: all) are wanted; answer with onPinsFetched.
    void pinsRequested(quint64 requestId, qint64 incidentId);

private:
    void requestPage();
    void requestHead(qint64 beforeTimeMs, qint64 beforeId);
    void applyPage(const QVector<Event>& events, bool more);
    void applyHead(const QVector<Event>& events, bool more);
    void applyLive();
    void scheduleApply();
    void scheduleHeadRefresh();
    void insertSorted(QVector<Event> incoming);
    void trimToMaxRows();
    bool beyondWindow(const Event& event) const;
    void learnSource(const QString& source);
    void announceLoading();
    void requestPins();
    void applyPins(const QVector<EventPin>& pins);
    void setPinned(qint64 eventId, bool pinned);

    QVector<Event> m_rows; // newest first by (timeMs, id)
    QSet<qint64> m_ids;
    EventQuery m_filter;
    bool m_active = false;
    SeverityPalette m_palette = SeverityPalette::forLightBackground();
    int m_pageSize = DefaultPageSize;
    int m_maxRows = DefaultMaxRows;

    quint64 m_pageRequest = 0; // first or older page in flight
    bool m_firstPageLoaded = false;
    bool m_more = false;
    // Keyset cursor: the oldest row of the last page. While m_more, nothing older is shown, because
    // the rows between it and a live event would be missing.
    Event m_cursor;
    bool m_hasCursor = false;

    QVector<Event> m_liveBuffer;
    QTimer* m_applyTimer = nullptr;

    quint64 m_headRequest = 0;
    bool m_headWanted = false;
    Event m_headTop; // newest row when the head refresh started; its answer must reach it
    bool m_hasHeadTop = false;
    QTimer* m_headTimer = nullptr;

    QSet<QString> m_sources;

    QSet<qint64> m_pinned; // pinned event ids of the incident in scope
    quint64 m_pinsRequest = 0;
    QVector<EventPin> m_pinsWhileFetching; // live pin changes the answer in flight may predate
};

} // namespace firebreak
