#pragma once

#include "domain/alert.h"
#include "domain/event.h"
#include "domain/sourcehealth.h"
#include "engine/metricstaleness.h"
#include "interfaces/metricsource.h"
#include "store/eventquery.h"

#include <QHash>
#include <QMap>
#include <QWidget>
#include <utility>

class QGridLayout;
class QLabel;
class QTimer;

namespace firebreak {

class Clock;
class IncidentListModel;
class WallTile;
struct CommittedBatch;
struct Theme;

// The war-room wall: every open incident as a big tile, worst severity first, with what the room
// needs to see from five metres (who has it, how long, what it is waiting for, the key metrics,
// the last events), a header with the count and the time in UTC, and a banner across the top when
// a source is down so that nobody trusts a frozen picture. It follows the IncidentListModel live
// and asks for alerts, events and metric ranges by signal, as ChartPanel does, dropping answers it
// did not ask for. Read-only: nothing on it can be clicked.
class WallWindow final : public QWidget {
    Q_OBJECT
public:
    static constexpr int RefreshIntervalMs = 5000; // sparklines
    static constexpr int TickIntervalMs = 1000; // ages and the clock
    static constexpr qint64 SparklineSpanMs = 30 * 60 * 1000;
    static constexpr int MaxTiles = 9;

    WallWindow(IncidentListModel& incidents, const Clock& clock, const Theme& theme, QWidget* parent = nullptr);
    ~WallWindow() override;

    QVector<WallTile*> tiles() const; // in display order
    QString headerText() const;
    bool isBannerShown() const;
    QString bannerText() const; // empty when no banner
    bool isEmptyStateShown() const;
    QString emptyText() const;
    double scale() const { return m_scale; }

public Q_SLOTS:
    void setAwaitingApprovals(const QHash<qint64, int>& byIncident);
    void onAlertsFetched(quint64 requestId, const QVector<firebreak::Alert>& alerts);
    void onEventsFetched(quint64 requestId, const QVector<firebreak::Event>& events, bool more);
    void onRangeReady(quint64 requestId, const firebreak::QueryResult& result);
    void onCommitted(const firebreak::CommittedBatch& batch);
    void updateSourceHealth(const firebreak::SourceHealth& health);
    void onStalenessChanged(const firebreak::MetricStaleness& staleness);
    void refreshSparklines();

Q_SIGNALS:
    void alertsRequested(quint64 requestId, qint64 incidentId);
    void eventsRequested(quint64 requestId, const firebreak::EventQuery& query);
    void rangeRequested(quint64 requestId, const QString& query, qint64 startMs, qint64 endMs, qint64 stepMs);

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    struct RangeAsk {
        qint64 incidentId = 0;
        QString specKey;
        qint64 startMs = 0;
        qint64 endMs = 0;
    };

    void syncTiles();
    WallTile* createTile(qint64 incidentId);
    void dropRequestsOf(qint64 incidentId);
    void requestRanges(WallTile* tile);
    void relayout();
    void applyScale();
    void tick();
    void updateHeader();
    void updateBanner();

    IncidentListModel& m_model;
    const Clock& m_clock;
    const Theme& m_theme;
    QHash<qint64, WallTile*> m_tiles;
    QVector<qint64> m_order; // incident ids as laid out
    int m_activeCount = 0;
    QHash<qint64, int> m_awaiting;
    QHash<quint64, qint64> m_alertRequests; // request id -> incident
    QHash<quint64, qint64> m_eventRequests;
    QHash<quint64, RangeAsk> m_rangeRequests;
    QMap<QString, std::pair<bool, QString>> m_problems; // banner line by source: (down, text)
    double m_scale = 1.0;
    QLabel* m_header = nullptr;
    QLabel* m_banner = nullptr;
    QLabel* m_empty = nullptr;
    QWidget* m_grid = nullptr;
    QGridLayout* m_gridLayout = nullptr;
    QTimer* m_refreshTimer = nullptr;
    QTimer* m_tickTimer = nullptr;
};

} // namespace firebreak
