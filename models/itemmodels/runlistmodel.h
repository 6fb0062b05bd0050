#pragma once

#include "domain/run.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QVector>
#include <optional>

class QTimer;

namespace firebreak {

class Clock;
struct CommittedBatch;

// The runs a commander has to look at, in the order they need attention: those awaiting approval
// first (soonest expiry first), then those in flight or stopped for a decision, then the rest newest
// first. Loaded by signal from the store, then kept live from committed batches with inserts, moves
// and updates, never a reset. It also counts the runs awaiting approval (the window title, the tray,
// the wall) and says when a run newly asks for approval, so the console can notify once per request.
class RunListModel final : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        StateColumn,
        RunColumn,
        PlaybookColumn,
        RiskColumn,
        IncidentColumn,
        UpdatedColumn,
        WhyColumn,
        ColumnCount
    };
    enum Role {
        RunRole = Qt::UserRole + 1, // QVariant::fromValue(Run)
        RunIdRole,
        IncidentIdRole,
        StateRole, // int(RunState)
        StateNameRole, // "awaiting_approval"
        RiskRole, // "low" .. "critical"
        GroupRole, // int(Group)
        ApprovalExpiresMsRole,
    };
    // The three bands of the list, top to bottom.
    enum class Group { AwaitingApproval, NeedsAttention, Other };
    static constexpr int AgeTickMs = 1000;

    explicit RunListModel(const Clock& clock, QObject* parent = nullptr);
    ~RunListModel() override;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;

    const Run& runAt(int row) const { return m_rows.at(row); }
    int rowOfRun(qint64 runId) const; // -1 when absent
    // The run with this id as last seen; std::nullopt when the list does not hold it.
    std::optional<Run> runById(qint64 runId) const;
    bool isLoaded() const { return m_loaded; }
    int awaitingApprovalCount() const { return m_awaitingCount; }
    // Runs awaiting approval per incident id (the wall's tiles).
    QHash<qint64, int> awaitingApprovalByIncident() const;

    static Group groupOf(RunState state);
    // Whether `a` is listed above `b`.
    static bool listedBefore(const Run& a, const Run& b);

public Q_SLOTS:
    // Asks for the list (emits fetchRequested); live updates keep flowing meanwhile.
    void refresh();
    void onRunsFetched(quint64 requestId, const QVector<firebreak::Run>& runs);
    void onFetchFailed(quint64 requestId, const QString& error);
    void onCommitted(const firebreak::CommittedBatch& batch);

Q_SIGNALS:
    void fetchRequested(quint64 requestId);
    void loaded(); // the first answer has been applied
    void fetchFailed(const QString& error);
    void awaitingApprovalCountChanged(int count);
    // A run entered awaiting_approval through a committed batch (once per entry, never for runs
    // that were already waiting when the list was first read).
    void approvalRequested(const firebreak::Run& run);

private:
    // Applies `incoming` (newer versions win by updatedMs); returns the runs that newly entered
    // awaiting_approval.
    QVector<Run> merge(const QVector<Run>& incoming);
    void insertNew(QVector<Run> fresh);
    void updateCount();
    void tickAge();

    const Clock& m_clock;
    QVector<Run> m_rows; // in listedBefore order
    QVector<Run> m_pending; // live runs committed before the first answer, in commit order
    quint64 m_request = 0;
    bool m_loaded = false;
    int m_awaitingCount = 0;
    QTimer* m_ageTimer = nullptr;
};

} // namespace firebreak
