#pragma once

#include "charts/chartspec.h"
#include "domain/event.h"
#include "domain/incident.h"

#include <QFrame>
#include <QVector>

class QLabel;
class QHBoxLayout;
class QVBoxLayout;

namespace firebreak {

class WallSparkline;
struct Alert;
struct QueryResult;
struct Theme;

// One open incident on the war-room wall, sized to be read from across the room: severity band
// and badge, title, status, age, who has it, approvals waiting, one or two key metrics and the last
// few events. It holds what it shows and nothing else; the WallWindow fetches for it. Read-only:
// it has no buttons, menus or focus.
class WallTile final : public QFrame {
    Q_OBJECT
public:
    static constexpr int MaxSparklines = 2;
    static constexpr int MaxEvents = 4;

    explicit WallTile(const Theme& theme, QWidget* parent = nullptr);

    void setIncident(const Incident& incident, qint64 nowMs);
    const Incident& incident() const { return m_incident; }
    qint64 incidentId() const { return m_incident.id; }
    void tick(qint64 nowMs); // the age
    void setAwaitingApprovals(int count);
    void addEvents(const QVector<Event>& events);
    // Folds the incident's alerts into its key metrics: the first MaxSparklines chartable rules, in
    // the order they fired. True when the metrics shown changed (and need data).
    bool mergeAlerts(const QVector<Alert>& alerts);
    const QVector<ChartSpec>& specs() const { return m_specs; }
    void setSeries(const QString& specKey, const QueryResult& result, qint64 startMs, qint64 endMs);
    void setScale(double scale);

    QString severityText() const;
    QString titleText() const;
    QString statusText() const;
    QString ageText() const;
    QString commanderText() const;
    QString approvalsText() const; // empty when none wait
    QStringList eventTexts() const; // newest first
    QVector<WallSparkline*> sparklines() const { return m_sparklines; }

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    void updateLabels();
    void updateEvents();
    void applyFonts();

    const Theme& m_theme;
    Incident m_incident;
    qint64 m_nowMs = 0;
    int m_awaiting = 0;
    double m_scale = 1.0;
    QVector<Event> m_events; // newest first, at most MaxEvents
    QVector<ChartSpec> m_specs; // every chartable rule seen, in firing order
    QLabel* m_badge = nullptr;
    QLabel* m_status = nullptr;
    QLabel* m_age = nullptr;
    QLabel* m_title = nullptr;
    QLabel* m_commander = nullptr;
    QLabel* m_approvals = nullptr;
    QHBoxLayout* m_sparkRow = nullptr;
    QVector<WallSparkline*> m_sparklines;
    QVector<QLabel*> m_eventLabels;
};

} // namespace firebreak
