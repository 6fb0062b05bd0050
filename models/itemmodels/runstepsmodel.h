#pragma once

#include "domain/run.h"

#include <QAbstractTableModel>
#include <QColor>
#include <QHash>
#include <QVector>

namespace firebreak {

class Clock;
struct RunDetail;

// The steps of one run as the run view lists them: every step the plan says will run, in plan order,
// with what its write-ahead record says happened. Rows come from the plan, not from the records, so a
// step that has not started yet (or never will) is visible too. Rollback rows appear only once the
// rollback has started (a rollback record exists or the run is rolling back or past it): before
// that, listing them as "pending" would read as if they were going to run. Live updates from
// setDetail() change rows in place (dataChanged; rows appended when rollback starts), never a reset
// for the same run; the duration of a running step ticks from the injected clock (tick()).
class RunStepsModel final : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        PhaseColumn,
        NumberColumn,
        NameColumn,
        ExecutorColumn,
        StatusColumn,
        StartedColumn,
        DurationColumn,
        SummaryColumn,
        ErrorColumn,
        ColumnCount
    };
    enum class Status {
        Pending, // not started; the run may still get to it
        Running, // write-ahead intent recorded, the run is still executing it
        Succeeded,
        Failed,
        Unknown, // intent recorded but the run stopped (crash, abort): it may or may not have run
        NotRun, // never started, and the run ended (or moved on) without it
    };
    enum Role {
        StatusRole = Qt::UserRole + 1, // int(Status)
        PhaseRole, // int(RunStepRecord::Phase)
        StepIndexRole, // position in its phase's list, from 0
        OutputRole, // the full (bounded) output of the step
        ErrorTextRole,
        TargetRole, // what the step acts on, from the plan
        StartedMsRole, // 0 when not started
        DurationMsRole, // -1 when not started
    };

    explicit RunStepsModel(const Clock& clock, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // The first call for a run builds the rows (a reset, as does a different run id); later calls for
    // the same run emit dataChanged for the rows that changed and append rows the plan or the records
    // add.
    void setDetail(const RunDetail& detail);
    // Emits one ranged dataChanged over the duration cells of the running steps, if any.
    void tick();
    // The colour the status cell is drawn in (Qt::ForegroundRole); none by default.
    void setStatusColor(Status status, const QColor& color);

    qint64 runId() const { return m_runId; }
    bool hasRunningStep() const;
    // The row of the step the run is at (running), else the last one that started; -1 when none did.
    int currentRow() const;
    Status statusAt(int row) const { return m_rows.at(row).status; }

    static QString statusText(Status status);
    // "42 s", "3m 05s", "1h 02m".
    static QString formatDuration(qint64 ms);

private:
    struct Row {
        RunStepRecord::Phase phase = RunStepRecord::Phase::Steps;
        int index = 0;
        QString name;
        QString executor; // executor and action, as planned
        QString target;
        Status status = Status::Pending;
        bool recorded = false; // a step record exists
        qint64 startedMs = 0;
        qint64 finishedMs = 0;
        QString summary;
        QString output;
        QString error;

        bool operator==(const Row&) const = default;
    };

    static QVector<Row> rowsFor(const RunDetail& detail);
    qint64 durationMs(const Row& row) const;

    const Clock& m_clock;
    qint64 m_runId = 0;
    bool m_hasRun = false;
    QVector<Row> m_rows;
    QHash<int, QColor> m_statusColors;
};

} // namespace firebreak
