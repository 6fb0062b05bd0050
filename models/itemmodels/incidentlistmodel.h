#pragma once

#include "domain/incident.h"
#include "severitypalette.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QVector>

class QTimer;

namespace firebreak {

class Clock;
struct CommittedBatch;

// The incident list the commander picks from: every incident, newest first, with the columns that
// answer "what is on fire and who has it". Loaded once by signal from the store, then kept live from
// committed batches with ranged inserts and updates (at most ~30 a second), never a reset. The age
// column ticks once a second from the injected clock, which runs fast in the sandbox.
class IncidentListModel final : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { SeverityColumn, StatusColumn, TitleColumn, AgeColumn, AlertsColumn, CommanderColumn, ColumnCount };
    enum Role {
        IncidentIdRole = Qt::UserRole + 1,
        SeverityLevelRole, // 1..4
        SeverityColorRole,
        StatusRole, // int(IncidentStatus)
        ActiveRole,
        DetectedMsRole,
        FiringCountRole,
        AlertCountRole,
    };
    static constexpr int ApplyIntervalMs = 33;
    static constexpr int AgeTickMs = 1000;

    explicit IncidentListModel(const Clock& clock, QObject* parent = nullptr);
    ~IncidentListModel() override;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;

    const Incident& incidentAt(int row) const { return m_rows.at(row); }
    int rowOfIncident(qint64 incidentId) const; // -1 when absent
    bool isLoaded() const { return m_loaded; }
    void setSeverityPalette(const SeverityPalette& palette);

    // "3h 05m" style, as the age column shows it.
    static QString formatAge(qint64 ms);

public Q_SLOTS:
    // Asks for the full list (emits fetchRequested); live updates keep flowing meanwhile.
    void refresh();
    void onIncidentsFetched(quint64 requestId, const QVector<firebreak::Incident>& incidents);
    void onFetchFailed(quint64 requestId, const QString& error);
    void onCommitted(const firebreak::CommittedBatch& batch);

Q_SIGNALS:
    void fetchRequested(quint64 requestId);
    void loaded(); // the first answer has been applied
    void fetchFailed(const QString& error);

private:
    void applyPending();
    void merge(const QVector<Incident>& incoming);
    void insertNew(QVector<Incident> fresh);
    void tickAge();

    const Clock& m_clock;
    QVector<Incident> m_rows; // newest first by (detectedMs, id)
    QHash<qint64, Incident> m_pending; // live updates not yet applied, latest per incident
    quint64 m_request = 0;
    bool m_loaded = false;
    SeverityPalette m_palette = SeverityPalette::forLightBackground();
    QTimer* m_applyTimer = nullptr;
    QTimer* m_ageTimer = nullptr;
};

} // namespace firebreak
