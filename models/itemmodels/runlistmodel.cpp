#include "runlistmodel.h"

#include "incidentlistmodel.h"
#include "insertionplan.h"
#include "interfaces/clock.h"
#include "requestids.h"
#include "store/writebatch.h"

#include <QDateTime>
#include <QTimer>
#include <algorithm>
#include <limits>
#include <utility>

namespace firebreak {

namespace {

QString stateText(RunState state)
{
    return runStateName(state).replace(QLatin1Char('_'), QLatin1Char(' '));
}

qint64 expiryKey(const Run& run)
{
    return run.approvalExpiresMs > 0 ? run.approvalExpiresMs : std::numeric_limits<qint64>::max();
}

} // namespace

RunListModel::RunListModel(const Clock& clock, QObject* parent)
    : QAbstractTableModel(parent)
    , m_clock(clock)
    , m_ageTimer(new QTimer(this))
{
    m_ageTimer->setInterval(AgeTickMs);
    connect(m_ageTimer, &QTimer::timeout, this, &RunListModel::tickAge);
    m_ageTimer->start();
}

RunListModel::~RunListModel() = default;

RunListModel::Group RunListModel::groupOf(RunState state)
{
    switch (state) {
    case RunState::AwaitingApproval:
        return Group::AwaitingApproval;
    case RunState::Approved:
    case RunState::Executing:
    case RunState::Verifying:
    case RunState::RollingBack:
    case RunState::Paused:
    case RunState::Interrupted:
    case RunState::Failed:
        return Group::NeedsAttention;
    default:
        return Group::Other;
    }
}

bool RunListModel::listedBefore(const Run& a, const Run& b)
{
    const Group ga = groupOf(a.state);
    const Group gb = groupOf(b.state);
    if (ga != gb)
        return ga < gb;
    if (ga == Group::AwaitingApproval && expiryKey(a) != expiryKey(b))
        return expiryKey(a) < expiryKey(b);
    return a.id > b.id;
}

int RunListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int RunListModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RunListModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Run& run = m_rows.at(index.row());
    const bool awaiting = run.state == RunState::AwaitingApproval;
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case StateColumn:
            return stateText(run.state);
        case RunColumn:
            return QStringLiteral("#%1").arg(run.id);
        case PlaybookColumn:
            return run.playbookTitle.isEmpty() ? run.playbookId : run.playbookTitle;
        case RiskColumn:
            return run.risk;
        case IncidentColumn:
            return QStringLiteral("#%1").arg(run.incidentId);
        case UpdatedColumn:
            return IncidentListModel::formatAge(m_clock.nowMs() - run.updatedMs);
        case WhyColumn:
            if (awaiting && run.approvalExpiresMs > 0)
                return tr("expires in %1 · %2")
                    .arg(IncidentListModel::formatAge(run.approvalExpiresMs - m_clock.nowMs()), run.stateReason);
            return run.stateReason;
        }
        return {};
    case Qt::ToolTipRole: {
        QString tip = tr("Run #%1 of %2 (%3), %4 risk, for incident #%5\n%6: %7")
                          .arg(QString::number(run.id), run.playbookTitle, run.playbookId, run.risk,
                              QString::number(run.incidentId), stateText(run.state), run.stateReason);
        if (!run.requester.isEmpty())
            tip += tr("\nproposed by %1").arg(run.requester);
        if (awaiting && run.approvalExpiresMs > 0)
            tip += tr("\napproval expires %1")
                       .arg(QDateTime::fromMSecsSinceEpoch(run.approvalExpiresMs)
                                .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")));
        return tip;
    }
    case Qt::TextAlignmentRole:
        if (index.column() == RunColumn || index.column() == IncidentColumn || index.column() == UpdatedColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return QVariant::fromValue(Qt::AlignLeft | Qt::AlignVCenter);
    case RunRole:
        return QVariant::fromValue(run);
    case RunIdRole:
        return run.id;
    case IncidentIdRole:
        return run.incidentId;
    case StateRole:
        return static_cast<int>(run.state);
    case StateNameRole:
        return runStateName(run.state);
    case RiskRole:
        return run.risk;
    case GroupRole:
        return static_cast<int>(groupOf(run.state));
    case ApprovalExpiresMsRole:
        return run.approvalExpiresMs;
    }
    return {};
}

QVariant RunListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case StateColumn:
        return tr("State");
    case RunColumn:
        return tr("Run");
    case PlaybookColumn:
        return tr("Playbook");
    case RiskColumn:
        return tr("Risk");
    case IncidentColumn:
        return tr("Incident");
    case UpdatedColumn:
        return tr("Updated");
    case WhyColumn:
        return tr("Why");
    }
    return {};
}

Qt::ItemFlags RunListModel::flags(const QModelIndex& index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
}

int RunListModel::rowOfRun(qint64 runId) const
{
    for (int row = 0; row < m_rows.size(); ++row) {
        if (m_rows.at(row).id == runId)
            return row;
    }
    return -1;
}

std::optional<Run> RunListModel::runById(qint64 runId) const
{
    const int row = rowOfRun(runId);
    if (row < 0)
        return std::nullopt;
    return m_rows.at(row);
}

QHash<qint64, int> RunListModel::awaitingApprovalByIncident() const
{
    QHash<qint64, int> counts;
    for (const Run& run : m_rows) {
        if (run.state == RunState::AwaitingApproval)
            ++counts[run.incidentId];
    }
    return counts;
}

void RunListModel::refresh()
{
    m_request = RequestIds::next();
    Q_EMIT fetchRequested(m_request);
}

void RunListModel::onRunsFetched(quint64 requestId, const QVector<Run>& runs)
{
    if (requestId == 0 || requestId != m_request)
        return;
    m_request = 0;
    const bool first = !m_loaded;
    merge(runs); // what was already waiting when the list was read is not news
    m_loaded = true;
    const QVector<Run> pending = std::exchange(m_pending, {});
    const QVector<Run> entered = merge(pending);
    updateCount();
    for (const Run& run : entered)
        Q_EMIT approvalRequested(run);
    if (first)
        Q_EMIT loaded();
}

void RunListModel::onFetchFailed(quint64 requestId, const QString& error)
{
    if (requestId == 0 || requestId != m_request)
        return;
    m_request = 0;
    const bool first = !m_loaded;
    m_loaded = true; // live runs still show
    const QVector<Run> entered = merge(std::exchange(m_pending, {}));
    updateCount();
    for (const Run& run : entered)
        Q_EMIT approvalRequested(run);
    Q_EMIT fetchFailed(error);
    if (first)
        Q_EMIT loaded();
}

void RunListModel::onCommitted(const CommittedBatch& batch)
{
    if (batch.runs.isEmpty())
        return;
    if (!m_loaded) {
        m_pending += batch.runs;
        return;
    }
    const QVector<Run> entered = merge(batch.runs);
    updateCount();
    for (const Run& run : entered)
        Q_EMIT approvalRequested(run);
}

QVector<Run> RunListModel::merge(const QVector<Run>& incoming)
{
    QVector<Run> entered;
    QVector<Run> fresh;
    for (const Run& run : incoming) {
        const bool awaiting = run.state == RunState::AwaitingApproval;
        int row = rowOfRun(run.id);
        if (row < 0) {
            const auto seen = std::find_if(fresh.begin(), fresh.end(), [&](const Run& r) { return r.id == run.id; });
            if (seen == fresh.end()) {
                fresh.append(run);
                if (awaiting)
                    entered.append(run);
            } else if (run.updatedMs >= seen->updatedMs) {
                if (awaiting && seen->state != RunState::AwaitingApproval)
                    entered.append(run);
                *seen = run;
            }
            continue;
        }
        const Run& current = m_rows.at(row);
        // A fetch answer can be older than a live update applied before it arrived.
        if (run.updatedMs < current.updatedMs || run == current)
            continue;
        if (awaiting && current.state != RunState::AwaitingApproval)
            entered.append(run);
        int target = 0;
        for (int r = 0; r < m_rows.size(); ++r) {
            if (r != row && listedBefore(m_rows.at(r), run))
                ++target;
        }
        if (target != row) {
            beginMoveRows({}, row, row, {}, target > row ? target + 1 : target);
            m_rows.move(row, target);
            endMoveRows();
            row = target;
        }
        m_rows[row] = run;
        Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
    }
    insertNew(std::move(fresh));
    return entered;
}

void RunListModel::insertNew(QVector<Run> fresh)
{
    if (fresh.isEmpty())
        return;
    std::sort(fresh.begin(), fresh.end(), listedBefore);
    const QVector<InsertionPlan::Run> runs = InsertionPlan::plan(m_rows.size(), fresh.size(),
        [&](qsizetype row, qsizetype item) { return listedBefore(m_rows.at(row), fresh.at(item)); });
    for (auto run = runs.crbegin(); run != runs.crend(); ++run) {
        const qsizetype count = run->to - run->from;
        beginInsertRows({}, int(run->position), int(run->position + count - 1));
        m_rows.insert(run->position, count, Run {});
        std::copy(fresh.cbegin() + run->from, fresh.cbegin() + run->to, m_rows.begin() + run->position);
        endInsertRows();
    }
}

void RunListModel::updateCount()
{
    const int count = int(std::count_if(
        m_rows.cbegin(), m_rows.cend(), [](const Run& run) { return run.state == RunState::AwaitingApproval; }));
    if (count == m_awaitingCount)
        return;
    m_awaitingCount = count;
    Q_EMIT awaitingApprovalCountChanged(count);
}

void RunListModel::tickAge()
{
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, UpdatedColumn), index(rowCount() - 1, WhyColumn), { Qt::DisplayRole });
}

} // namespace firebreak

#include "moc_runlistmodel.cpp"
