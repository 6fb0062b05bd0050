#include "incidentlistmodel.h"

#include "insertionplan.h"
#include "interfaces/clock.h"
#include "requestids.h"
#include "store/writebatch.h"

#include <QDateTime>
#include <QTimer>
#include <algorithm>

namespace firebreak {

namespace {
bool newerThan(const Incident& a, const Incident& b)
{
    return a.detectedMs != b.detectedMs ? a.detectedMs > b.detectedMs : a.id > b.id;
}

QString milestone(const QString& name, qint64 ms)
{
    if (ms <= 0)
        return {};
    return QStringLiteral("\n%1: %2")
        .arg(name, QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")));
}
} // namespace

IncidentListModel::IncidentListModel(const Clock& clock, QObject* parent)
    : QAbstractTableModel(parent)
    , m_clock(clock)
    , m_applyTimer(new QTimer(this))
    , m_ageTimer(new QTimer(this))
{
    m_applyTimer->setSingleShot(true);
    m_applyTimer->setInterval(ApplyIntervalMs);
    connect(m_applyTimer, &QTimer::timeout, this, &IncidentListModel::applyPending);
    m_ageTimer->setInterval(AgeTickMs);
    connect(m_ageTimer, &QTimer::timeout, this, &IncidentListModel::tickAge);
    m_ageTimer->start();
}

IncidentListModel::~IncidentListModel() = default;

int IncidentListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int IncidentListModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString IncidentListModel::formatAge(qint64 ms)
{
    const qint64 s = std::max<qint64>(0, ms / 1000);
    if (s < 60)
        return QStringLiteral("%1s").arg(s);
    if (s < 3600)
        return QStringLiteral("%1m").arg(s / 60);
    if (s < 86400)
        return QStringLiteral("%1h %2m").arg(s / 3600).arg((s % 3600) / 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1d %2h").arg(s / 86400).arg((s % 86400) / 3600, 2, 10, QLatin1Char('0'));
}

QVariant IncidentListModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Incident& incident = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case SeverityColumn:
            return QStringLiteral("SEV%1").arg(incident.severity);
        case StatusColumn:
            return incidentStatusName(incident.status);
        case TitleColumn:
            // An incident Alertmanager cut short is incomplete; say so where the eye lands.
            if (incident.truncatedAlerts > 0)
                return QString(incident.title
                    + (incident.truncatedAlerts == 1
                            ? tr("  ·  1 more alert not delivered (max_alerts)")
                            : tr("  ·  %1 more alerts not delivered (max_alerts)").arg(incident.truncatedAlerts)));
            return incident.title;
        case AgeColumn:
            return formatAge(m_clock.nowMs() - incident.detectedMs);
        case AlertsColumn:
            return QStringLiteral("%1/%2").arg(incident.firingCount).arg(incident.alertCount);
        case CommanderColumn:
            return incident.commander.isEmpty() ? QStringLiteral("—") : incident.commander;
        }
        return {};
    case Qt::ToolTipRole:
        return QStringLiteral("#%1 SEV%2 %3 — %4\n%5 of %6 alerts firing%7%8%9%10%11")
            .arg(QString::number(incident.id), QString::number(incident.severity), incidentStatusName(incident.status),
                incident.title, QString::number(incident.firingCount), QString::number(incident.alertCount),
                (incident.hypothesis.isEmpty() ? QString() : QStringLiteral("\nhypothesis: ") + incident.hypothesis)
                    + (incident.groupKey.isEmpty() ? QString() : QStringLiteral("\ngroup: ") + incident.groupKey),
                milestone(tr("detected"), incident.detectedMs), milestone(tr("acknowledged"), incident.acknowledgedMs),
                milestone(tr("mitigated"), incident.mitigatedMs), milestone(tr("resolved"), incident.resolvedMs));
    case Qt::DecorationRole:
        if (index.column() == SeverityColumn)
            return m_palette.incidentColor(incident.severity);
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == AgeColumn || index.column() == AlertsColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return QVariant::fromValue(Qt::AlignLeft | Qt::AlignVCenter);
    case IncidentIdRole:
        return incident.id;
    case SeverityLevelRole:
        return incident.severity;
    case SeverityColorRole:
        return m_palette.incidentColor(incident.severity);
    case StatusRole:
        return static_cast<int>(incident.status);
    case ActiveRole:
        return incident.isActive();
    case DetectedMsRole:
        return incident.detectedMs;
    case FiringCountRole:
        return incident.firingCount;
    case AlertCountRole:
        return incident.alertCount;
    }
    return {};
}

QVariant IncidentListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case SeverityColumn:
        return tr("Sev");
    case StatusColumn:
        return tr("Status");
    case TitleColumn:
        return tr("Title");
    case AgeColumn:
        return tr("Age");
    case AlertsColumn:
        return tr("Alerts");
    case CommanderColumn:
        return tr("Commander");
    }
    return {};
}

Qt::ItemFlags IncidentListModel::flags(const QModelIndex& index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
}

int IncidentListModel::rowOfIncident(qint64 incidentId) const
{
    for (int row = 0; row < m_rows.size(); ++row) {
        if (m_rows.at(row).id == incidentId)
            return row;
    }
    return -1;
}

void IncidentListModel::setSeverityPalette(const SeverityPalette& palette)
{
    m_palette = palette;
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(
            index(0, SeverityColumn), index(rowCount() - 1, SeverityColumn), { Qt::DecorationRole, SeverityColorRole });
}

void IncidentListModel::refresh()
{
    m_request = RequestIds::next();
    Q_EMIT fetchRequested(m_request);
}

void IncidentListModel::onIncidentsFetched(quint64 requestId, const QVector<Incident>& incidents)
{
    if (requestId == 0 || requestId != m_request)
        return;
    m_request = 0;
    merge(incidents);
    const bool first = !m_loaded;
    m_loaded = true;
    if (!m_pending.isEmpty())
        m_applyTimer->start();
    if (first)
        Q_EMIT loaded();
}

void IncidentListModel::onFetchFailed(quint64 requestId, const QString& error)
{
    if (requestId == 0 || requestId != m_request)
        return;
    m_request = 0;
    m_loaded = true; // live incidents still show
    if (!m_pending.isEmpty())
        m_applyTimer->start();
    Q_EMIT fetchFailed(error);
}

void IncidentListModel::onCommitted(const CommittedBatch& batch)
{
    for (const Incident& incident : batch.incidents) {
        auto it = m_pending.find(incident.id);
        if (it == m_pending.end())
            m_pending.insert(incident.id, incident);
        else if (incident.updatedMs >= it->updatedMs)
            *it = incident;
    }
    if (m_loaded && !m_pending.isEmpty() && !m_applyTimer->isActive())
        m_applyTimer->start();
}

void IncidentListModel::applyPending()
{
    if (!m_loaded || m_pending.isEmpty())
        return;
    const QVector<Incident> incoming(m_pending.cbegin(), m_pending.cend());
    m_pending.clear();
    merge(incoming);
}

void IncidentListModel::merge(const QVector<Incident>& incoming)
{
    QVector<Incident> fresh;
    int firstChanged = -1;
    int lastChanged = -1;
    for (const Incident& incident : incoming) {
        int row = rowOfIncident(incident.id);
        if (row < 0) {
            fresh.append(incident);
            continue;
        }
        const Incident& current = m_rows.at(row);
        // A fetch answer can be older than a live update that was applied before it arrived.
        if (incident.updatedMs < current.updatedMs || incident == current)
            continue;
        const bool keyChanged = incident.detectedMs != current.detectedMs;
        if (keyChanged) {
            // Where it belongs among the other rows (positions in the list without it).
            int target = 0;
            for (int r = 0; r < m_rows.size(); ++r) {
                if (r != row && newerThan(m_rows.at(r), incident))
                    ++target;
            }
            if (target != row) {
                const int destination = target > row ? target + 1 : target;
                beginMoveRows({}, row, row, {}, destination);
                m_rows.move(row, target);
                endMoveRows();
                row = target;
            }
        }
        m_rows[row] = incident;
        firstChanged = firstChanged < 0 ? row : std::min(firstChanged, row);
        lastChanged = std::max(lastChanged, row);
    }
    if (firstChanged >= 0)
        Q_EMIT dataChanged(index(firstChanged, 0), index(lastChanged, ColumnCount - 1));
    insertNew(std::move(fresh));
}

void IncidentListModel::insertNew(QVector<Incident> fresh)
{
    if (fresh.isEmpty())
        return;
    std::sort(fresh.begin(), fresh.end(), newerThan);
    fresh.erase(
        std::unique(fresh.begin(), fresh.end(), [](const Incident& a, const Incident& b) { return a.id == b.id; }),
        fresh.end());
    const QVector<InsertionPlan::Run> runs = InsertionPlan::plan(m_rows.size(), fresh.size(),
        [&](qsizetype row, qsizetype item) { return newerThan(m_rows.at(row), fresh.at(item)); });
    for (auto run = runs.crbegin(); run != runs.crend(); ++run) {
        const qsizetype count = run->to - run->from;
        beginInsertRows({}, int(run->position), int(run->position + count - 1));
        m_rows.insert(run->position, count, Incident {});
        std::copy(fresh.cbegin() + run->from, fresh.cbegin() + run->to, m_rows.begin() + run->position);
        endInsertRows();
    }
}

void IncidentListModel::tickAge()
{
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, AgeColumn), index(rowCount() - 1, AgeColumn), { Qt::DisplayRole });
}

} // namespace firebreak

// Compiled here rather than in the library-wide mocs_compilation.cpp, so that linking this model
// does not drag in every other QObject of firebreak_models.
#include "moc_incidentlistmodel.cpp"
