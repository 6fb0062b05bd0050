#include "runstepsmodel.h"

#include "domain/rundetail.h"
#include "interfaces/clock.h"

#include <QDateTime>
#include <QJsonArray>
#include <QUrl>

namespace firebreak {

namespace {

using Phase = RunStepRecord::Phase;

// What the step's executor will do, in a few words: the action, else the program, else the host.
QString executorText(const QJsonObject& run)
{
    const QString executor = run.value(QStringLiteral("executor")).toString();
    QString what = run.value(QStringLiteral("action")).toString();
    if (what.isEmpty())
        what = run.value(QStringLiteral("argv")).toArray().first().toString();
    if (what.isEmpty())
        what = QUrl(run.value(QStringLiteral("url")).toString()).host();
    return what.isEmpty() ? executor : executor + QLatin1Char(' ') + what;
}

bool rollbackStarted(const RunDetail& detail)
{
    const RunState state = detail.run.state;
    if (state == RunState::RollingBack || state == RunState::RolledBack || state == RunState::RollbackFailed)
        return true;
    for (const RunStepRecord& record : detail.steps) {
        if (record.phase == Phase::Rollback)
            return true;
    }
    return false;
}

// Whether the run may still start a step of `phase` it has not started yet.
bool mayStillRun(Phase phase, RunState state)
{
    if (phase == Phase::Rollback)
        return state == RunState::RollingBack;
    return state == RunState::Proposed || state == RunState::Gating || state == RunState::AwaitingApproval
        || state == RunState::Approved || state == RunState::Executing;
}

} // namespace

RunStepsModel::RunStepsModel(const Clock& clock, QObject* parent)
    : QAbstractTableModel(parent)
    , m_clock(clock)
{
}

int RunStepsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int RunStepsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVector<RunStepsModel::Row> RunStepsModel::rowsFor(const RunDetail& detail)
{
    QVector<Row> rows;
    const bool withRollback = rollbackStarted(detail);
    for (Phase phase : { Phase::Steps, Phase::Rollback }) {
        if (phase == Phase::Rollback && !withRollback)
            continue;
        const QJsonArray planned
            = detail.plan.value(phase == Phase::Steps ? QStringLiteral("steps") : QStringLiteral("rollback")).toArray();
        const qsizetype first = rows.size();
        for (qsizetype i = 0; i < planned.size(); ++i) {
            const QJsonObject step = planned.at(i).toObject();
            Row row;
            row.phase = phase;
            row.index = int(i);
            row.name = step.value(QStringLiteral("name")).toString();
            row.target = step.value(QStringLiteral("target")).toString();
            row.executor = executorText(step.value(QStringLiteral("run")).toObject());
            rows.append(row);
        }
        // Records the plan does not list (a plan that could not be decoded) still get a row.
        for (const RunStepRecord& record : detail.steps) {
            if (record.phase != phase || record.index < 0)
                continue;
            while (rows.size() - first <= record.index) {
                Row row;
                row.phase = phase;
                row.index = int(rows.size() - first);
                rows.append(row);
            }
            Row& row = rows[first + record.index];
            if (row.name.isEmpty())
                row.name = record.name;
            if (row.executor.isEmpty())
                row.executor = record.executor;
            row.recorded = true;
            row.startedMs = record.startedMs;
            row.finishedMs = record.finishedMs;
            row.summary = record.summary;
            row.output = record.output;
            row.error = record.error;
            switch (record.status) {
            case RunStepRecord::Status::Succeeded:
                row.status = Status::Succeeded;
                break;
            case RunStepRecord::Status::Failed:
                row.status = Status::Failed;
                break;
            case RunStepRecord::Status::Intent:
                row.status = (phase == Phase::Steps ? detail.run.state == RunState::Executing
                                                    : detail.run.state == RunState::RollingBack)
                    ? Status::Running
                    : Status::Unknown;
                break;
            }
        }
        for (qsizetype i = first; i < rows.size(); ++i) {
            if (!rows.at(i).recorded && !mayStillRun(phase, detail.run.state))
                rows[i].status = Status::NotRun;
        }
    }
    return rows;
}

void RunStepsModel::setDetail(const RunDetail& detail)
{
    QVector<Row> fresh = rowsFor(detail);
    if (!m_hasRun || detail.run.id != m_runId) {
        beginResetModel();
        m_rows = std::move(fresh);
        m_runId = detail.run.id;
        m_hasRun = true;
        endResetModel();
        return;
    }
    // The plan of a run never changes (approvals are bound to its hash), so rows only ever grow; a
    // shorter list would mean a broken detail, and the rows already shown are kept then.
    const qsizetype shared = std::min(m_rows.size(), fresh.size());
    qsizetype changedFrom = -1;
    for (qsizetype i = 0; i <= shared; ++i) {
        const bool changed = i < shared && !(m_rows.at(i) == fresh.at(i));
        if (changed) {
            m_rows[i] = fresh.at(i);
            if (changedFrom < 0)
                changedFrom = i;
        } else if (changedFrom >= 0) {
            Q_EMIT dataChanged(index(int(changedFrom), 0), index(int(i - 1), ColumnCount - 1));
            changedFrom = -1;
        }
    }
    if (fresh.size() > m_rows.size()) {
        beginInsertRows(QModelIndex(), int(m_rows.size()), int(fresh.size() - 1));
        m_rows.append(fresh.mid(m_rows.size()));
        endInsertRows();
    }
}

bool RunStepsModel::hasRunningStep() const
{
    for (const Row& row : m_rows) {
        if (row.status == Status::Running)
            return true;
    }
    return false;
}

int RunStepsModel::currentRow() const
{
    int latest = -1;
    for (int i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).status == Status::Running)
            return i;
        if (m_rows.at(i).startedMs > 0)
            latest = i;
    }
    return latest;
}

void RunStepsModel::tick()
{
    int first = -1;
    int last = -1;
    for (int i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).status != Status::Running)
            continue;
        if (first < 0)
            first = i;
        last = i;
    }
    if (first >= 0)
        Q_EMIT dataChanged(
            index(first, DurationColumn), index(last, DurationColumn), { Qt::DisplayRole, DurationMsRole });
}

void RunStepsModel::setStatusColor(Status status, const QColor& color)
{
    m_statusColors.insert(int(status), color);
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, StatusColumn), index(int(m_rows.size()) - 1, StatusColumn), { Qt::ForegroundRole });
}

qint64 RunStepsModel::durationMs(const Row& row) const
{
    if (row.startedMs <= 0)
        return -1;
    if (row.status == Status::Running)
        return std::max<qint64>(0, m_clock.nowMs() - row.startedMs);
    if (row.finishedMs <= 0)
        return -1;
    return std::max<qint64>(0, row.finishedMs - row.startedMs);
}

QVariant RunStepsModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row& row = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case PhaseColumn:
            return row.phase == Phase::Steps ? tr("step") : tr("rollback");
        case NumberColumn:
            return row.index + 1;
        case NameColumn:
            return row.name;
        case ExecutorColumn:
            return row.executor;
        case StatusColumn:
            return statusText(row.status);
        case StartedColumn:
            return row.startedMs > 0
                ? QDateTime::fromMSecsSinceEpoch(row.startedMs).toString(QStringLiteral("HH:mm:ss"))
                : QString();
        case DurationColumn: {
            const qint64 ms = durationMs(row);
            return ms < 0 ? QString() : formatDuration(ms);
        }
        case SummaryColumn:
            return row.summary;
        case ErrorColumn:
            return row.error;
        }
        return {};
    case Qt::ToolTipRole:
        if (index.column() == NameColumn || index.column() == ExecutorColumn)
            return row.target.isEmpty() ? QVariant() : tr("Target: %1").arg(row.target);
        if (index.column() == StatusColumn && row.status == Status::Unknown)
            return tr("Its write-ahead intent was recorded, then the run stopped: it may or may not have run.");
        if (index.column() == ErrorColumn || index.column() == SummaryColumn)
            return index.data(Qt::DisplayRole);
        return {};
    case Qt::ForegroundRole:
        if (index.column() == StatusColumn && m_statusColors.contains(int(row.status)))
            return m_statusColors.value(int(row.status));
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == NumberColumn || index.column() == DurationColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case StatusRole:
        return int(row.status);
    case PhaseRole:
        return int(row.phase);
    case StepIndexRole:
        return row.index;
    case OutputRole:
        return row.output;
    case ErrorTextRole:
        return row.error;
    case TargetRole:
        return row.target;
    case StartedMsRole:
        return row.startedMs;
    case DurationMsRole:
        return durationMs(row);
    }
    return {};
}

QVariant RunStepsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case PhaseColumn:
        return tr("Phase");
    case NumberColumn:
        return tr("#");
    case NameColumn:
        return tr("Step");
    case ExecutorColumn:
        return tr("Executor");
    case StatusColumn:
        return tr("Status");
    case StartedColumn:
        return tr("Started");
    case DurationColumn:
        return tr("Duration");
    case SummaryColumn:
        return tr("Summary");
    case ErrorColumn:
        return tr("Error");
    }
    return {};
}

QString RunStepsModel::statusText(Status status)
{
    switch (status) {
    case Status::Pending:
        return tr("pending");
    case Status::Running:
        return tr("running");
    case Status::Succeeded:
        return tr("succeeded");
    case Status::Failed:
        return tr("failed");
    case Status::Unknown:
        return tr("unknown (interrupted)");
    case Status::NotRun:
        return tr("not run");
    }
    return {};
}

QString RunStepsModel::formatDuration(qint64 ms)
{
    const qint64 seconds = ms / 1000;
    if (seconds < 60)
        return tr("%1 s").arg(seconds);
    if (seconds < 3600)
        return QStringLiteral("%1m %2s").arg(seconds / 60).arg(seconds % 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1h %2m").arg(seconds / 3600).arg((seconds % 3600) / 60, 2, 10, QLatin1Char('0'));
}

} // namespace firebreak
