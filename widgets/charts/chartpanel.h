#pragma once

#include "chartspec.h"
#include "domain/alert.h"
#include "domain/event.h"
#include "domain/incident.h"
#include "engine/metricstaleness.h"
#include "interfaces/metricsource.h"
#include "store/eventquery.h"

#include <QElapsedTimer>
#include <QHash>
#include <QWidget>

class QLabel;
class QPushButton;
class QScrollArea;
class QTimer;
class QVBoxLayout;

namespace firebreak {

class Clock;
class MetricChartView;
struct CommittedBatch;
struct Theme;

// The selected incident's metrics: for each distinct alert expression of its alerts, one chart of
// the series the alerts are about, with the threshold and the incident's events as markers, all on
// one shared time axis (detection minus 30 minutes to now). It owns no data source: it asks for the
// incident's alerts (decoded off the GUI thread), the events to mark and the metric ranges by signal
// and takes the answers by slot, dropping answers it did not ask for; live alerts and events come
// from committed batches. Event bodies are never read: a marker needs only kind, time and title.
// While the incident is active it refreshes every two seconds. Zooming or panning one chart moves
// every chart to the same range and holds it through live refreshes until the user resets it;
// markers are coloured by family (see MarkerFamilies), named in a legend under the header.
class ChartPanel final : public QWidget {
    Q_OBJECT
public:
    static constexpr int RefreshIntervalMs = 2000;
    static constexpr qint64 ContextBeforeMs = 30 * 60 * 1000;
    static constexpr qint64 AfterResolvedMs = 10 * 60 * 1000;
    static constexpr int RequestTimeoutMs = 10'000; // a range asked longer ago than this is asked again
    static constexpr int MarkerEventLimit = 2000;
    static constexpr int MarkerUpdateIntervalMs = 250;

    ChartPanel(const Clock& clock, const Theme& theme, QWidget* parent = nullptr);
    ~ChartPanel() override;

    void setIncident(const Incident& incident);
    void clear();
    // There is nothing to ask for metrics (a configuration without Prometheus): say so instead of
    // charts that wait forever.
    void setNoMetricSource(const QString& reason);
    qint64 incidentId() const { return m_incident.id; }
    QVector<MetricChartView*> chartViews() const;
    // The live range (detection - 30 min to now, or to shortly after resolution).
    qint64 rangeStartMs() const { return m_startMs; }
    qint64 rangeEndMs() const { return m_endMs; }
    // What the charts show: the zoomed range while zoomed, the live range otherwise.
    bool isZoomed() const { return m_zoomed; }
    qint64 viewStartMs() const { return m_zoomed ? m_zoomStartMs : m_startMs; }
    qint64 viewEndMs() const { return m_zoomed ? m_zoomEndMs : m_endMs; }
    QString headerText() const;
    QPushButton* resetZoomButton() const { return m_resetZoom; }
    QString legendText() const;
    bool isStaleBannerShown() const;
    QString staleBannerText() const;

public Q_SLOTS:
    void onAlertsFetched(quint64 requestId, const QVector<firebreak::Alert>& alerts);
    void onEventsFetched(quint64 requestId, const QVector<firebreak::Event>& events, bool more);
    void onFetchFailed(quint64 requestId, const QString& error); // of an alerts or events request
    void onRangeReady(quint64 requestId, const firebreak::QueryResult& result);
    void onCommitted(const firebreak::CommittedBatch& batch);
    // From MetricQueryService: while the source is down, a banner over the charts says since when,
    // how old the data shown is and when the next attempt comes; when it is back, charts refresh.
    void onStalenessChanged(const firebreak::MetricStaleness& staleness);
    void highlightEvent(const firebreak::Event& event);
    // Every chart shows [startMs, endMs] until resetZoom(); live data keeps coming in meanwhile.
    void zoomTo(qint64 startMs, qint64 endMs);
    void resetZoom();
    void clearHighlight();
    void refresh();

Q_SIGNALS:
    void alertsRequested(quint64 requestId, qint64 incidentId);
    void eventsRequested(quint64 requestId, const firebreak::EventQuery& query); // for markers
    void rangeRequested(quint64 requestId, const QString& query, qint64 startMs, qint64 endMs, qint64 stepMs);

private:
    struct Chart {
        ChartSpec spec;
        MetricChartView* view = nullptr;
        quint64 pending = 0;
        QElapsedTimer askedAt;
        qint64 lastGoodMs = 0; // clock time of the last successful answer
    };

    void ingestAlerts(const QVector<Alert>& alerts);
    void addMarkers(const QVector<Event>& events);
    Chart& chartFor(const ChartSpec& spec, bool* created);
    void keepChartsInFiringOrder();
    void requestRange(Chart& chart);
    void updateRange();
    void updateMarkers();
    void updatePlaceholder();
    void updateHeader();
    void updateStaleBanner();
    void applyViewRange();
    void buildLegend();
    bool eventInScope(const Event& event) const;

    const Clock& m_clock;
    const Theme& m_theme;
    Incident m_incident;
    quint64 m_alertsRequest = 0;
    bool m_alertsLoaded = false;
    QString m_alertsError;
    QString m_noMetricSource; // why there are no charts at all; empty when a source exists
    quint64 m_eventsRequest = 0;
    QString m_markersError;
    std::vector<std::unique_ptr<Chart>> m_charts;
    QHash<qint64, Event> m_markerEvents;
    Event m_highlight;
    qint64 m_startMs = 0;
    qint64 m_endMs = 0;
    bool m_zoomed = false;
    qint64 m_zoomStartMs = 0;
    qint64 m_zoomEndMs = 0;
    QLabel* m_header = nullptr;
    QPushButton* m_resetZoom = nullptr;
    QLabel* m_legend = nullptr;
    QLabel* m_placeholder = nullptr;
    QLabel* m_staleBanner = nullptr;
    QTimer* m_staleTimer = nullptr; // counts the retry down once a second
    MetricStaleness m_staleness;
    QElapsedTimer m_staleReceived;
    QScrollArea* m_scroll = nullptr;
    QWidget* m_chartsHost = nullptr;
    QVBoxLayout* m_chartsLayout = nullptr;
    QTimer* m_refreshTimer = nullptr;
    QTimer* m_markerTimer = nullptr; // live markers are redrawn at most this often
};

} // namespace firebreak
