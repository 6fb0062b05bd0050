#include "actionitemsmodel.h"

#include "interfaces/clock.h"

#include <QDateTime>
#include <QTimer>
#include <QUrl>
#include <algorithm>

namespace firebreak {

namespace {

constexpr qint64 HourMs = 3'600'000;
constexpr qint64 DayMs = 24 * HourMs;

QString statusLabel(ActionItemStatus status)
{
    switch (status) {
    case ActionItemStatus::Open:
        return ActionItemsModel::tr("Open");
    case ActionItemStatus::Done:
        return ActionItemsModel::tr("Done");
    case ActionItemStatus::Dropped:
        return ActionItemsModel::tr("Dropped");
    }
    return {};
}

} // namespace

ActionItemsModel::ActionItemsModel(const Clock& clock, QObject* parent)
    : QAbstractTableModel(parent)
    , m_clock(clock)
    , m_tick(new QTimer(this))
{
    m_tick->setInterval(OverdueTickMs);
    connect(m_tick, &QTimer::timeout, this, &ActionItemsModel::refreshOverdue);
    m_tick->start();
}

ActionItemsModel::~ActionItemsModel() = default;

int ActionItemsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ActionItemsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ActionItemsModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ActionItem& item = m_rows.at(index.row());
    const qint64 now = m_clock.nowMs();
    const bool overdue = item.isOverdue(now);
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case TitleColumn:
            return item.title;
        case OwnerColumn:
            return item.owner;
        case DueColumn:
            if (item.dueMs <= 0)
                return QString();
            if (overdue)
                return tr("%1 · %2").arg(dueDate(item.dueMs).toString(Qt::ISODate), overdueText(now - item.dueMs));
            return dueDate(item.dueMs).toString(Qt::ISODate);
        case StatusColumn:
            return statusLabel(item.status);
        case LinkColumn:
            return item.link;
        }
        return {};
    case Qt::EditRole:
        switch (index.column()) {
        case TitleColumn:
            return item.title;
        case OwnerColumn:
            return item.owner;
        case DueColumn:
            return dueDate(item.dueMs);
        case StatusColumn:
            return actionItemStatusName(item.status);
        case LinkColumn:
            return item.link;
        }
        return {};
    case Qt::ToolTipRole:
        if (index.column() == DueColumn && item.dueMs > 0) {
            QString tip = tr("Due by the end of %1 (UTC)").arg(dueDate(item.dueMs).toString(Qt::ISODate));
            if (overdue)
                tip += tr("; %1 and still open").arg(overdueText(now - item.dueMs));
            return tip;
        }
        if (index.column() == LinkColumn && !item.link.isEmpty())
            return isAcceptableLink(item.link) ? tr("%1\nClick the arrow to open it").arg(item.link) : item.link;
        return {};
    case Qt::ForegroundRole:
        if (overdue && (index.column() == DueColumn || index.column() == TitleColumn))
            return m_overdueColor;
        if (item.status != ActionItemStatus::Open)
            return m_mutedColor;
        return {};
    case ItemIdRole:
        return item.id;
    case OverdueRole:
        return overdue;
    case StatusNameRole:
        return actionItemStatusName(item.status);
    case DueMsRole:
        return item.dueMs;
    case LinkUrlRole:
        return isAcceptableLink(item.link) && !item.link.isEmpty() ? QUrl(item.link) : QUrl();
    }
    return {};
}

QVariant ActionItemsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TitleColumn:
        return tr("Action item");
    case OwnerColumn:
        return tr("Owner");
    case DueColumn:
        return tr("Due (UTC)");
    case StatusColumn:
        return tr("Status");
    case LinkColumn:
        return tr("Link");
    }
    return {};
}

Qt::ItemFlags ActionItemsModel::flags(const QModelIndex& index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    Qt::ItemFlags flags = Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
    if (m_editable)
        flags |= Qt::ItemIsEditable;
    return flags;
}

bool ActionItemsModel::setData(const QModelIndex& index, const QVariant& value, int role)
{
    if (role != Qt::EditRole || !m_editable
        || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return false;
    const ActionItem& before = m_rows.at(index.row());
    ActionItem after = before;
    switch (index.column()) {
    case TitleColumn:
        after.title = value.toString().trimmed();
        if (after.title.isEmpty()) {
            Q_EMIT editRejected(tr("An action item needs a title."));
            return false;
        }
        break;
    case OwnerColumn:
        after.owner = value.toString().trimmed();
        break;
    case DueColumn:
        after.dueMs = dueMsOf(value.toDate());
        break;
    case StatusColumn: {
        const std::optional<ActionItemStatus> status = actionItemStatusFromName(value.toString());
        if (!status) {
            Q_EMIT editRejected(tr("\"%1\" is not a status (open, done or dropped).").arg(value.toString()));
            return false;
        }
        after.status = *status;
        break;
    }
    case LinkColumn:
        after.link = value.toString().trimmed();
        if (!isAcceptableLink(after.link)) {
            Q_EMIT editRejected(tr("A link must be a web address starting with http:// or https:// (not \"%1\").")
                                    .arg(after.link.left(60)));
            return false;
        }
        break;
    default:
        return false;
    }
    if (after == before)
        return false;
    Q_EMIT editRequested(before, after);
    return true;
}

void ActionItemsModel::setItems(qint64 incidentId, const QVector<ActionItem>& items)
{
    beginResetModel();
    m_incidentId = incidentId;
    m_rows.clear();
    for (const ActionItem& item : items) {
        if (item.incidentId == incidentId && !item.removed)
            m_rows.append(item);
    }
    std::sort(m_rows.begin(), m_rows.end(), [](const ActionItem& a, const ActionItem& b) { return a.id < b.id; });
    endResetModel();
}

int ActionItemsModel::insertionRow(qint64 id) const
{
    const auto at = std::lower_bound(
        m_rows.cbegin(), m_rows.cend(), id, [](const ActionItem& item, qint64 value) { return item.id < value; });
    return int(at - m_rows.cbegin());
}

void ActionItemsModel::apply(const QVector<ActionItem>& stored)
{
    for (const ActionItem& item : stored) {
        if (item.incidentId != m_incidentId || m_incidentId == 0 || item.id <= 0)
            continue;
        const int row = rowOfItem(item.id);
        if (item.removed) {
            if (row >= 0) {
                beginRemoveRows({}, row, row);
                m_rows.removeAt(row);
                endRemoveRows();
            }
        } else if (row >= 0) {
            m_rows[row] = item;
            m_rows[row].author.clear(); // as a read would show it
            Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
        } else {
            const int at = insertionRow(item.id);
            beginInsertRows({}, at, at);
            m_rows.insert(at, item);
            m_rows[at].author.clear();
            endInsertRows();
        }
    }
}

int ActionItemsModel::rowOfItem(qint64 id) const
{
    const int row = insertionRow(id);
    return row < m_rows.size() && m_rows.at(row).id == id ? row : -1;
}

int ActionItemsModel::openCount() const
{
    return int(std::count_if(
        m_rows.cbegin(), m_rows.cend(), [](const ActionItem& item) { return item.status == ActionItemStatus::Open; }));
}

int ActionItemsModel::overdueCount() const
{
    const qint64 now = m_clock.nowMs();
    return int(
        std::count_if(m_rows.cbegin(), m_rows.cend(), [now](const ActionItem& item) { return item.isOverdue(now); }));
}

void ActionItemsModel::setEditable(bool editable)
{
    if (editable == m_editable)
        return;
    m_editable = editable;
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

void ActionItemsModel::setColors(const QColor& overdue, const QColor& muted)
{
    m_overdueColor = overdue;
    m_mutedColor = muted;
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1), { Qt::ForegroundRole });
}

void ActionItemsModel::refreshOverdue()
{
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

QDate ActionItemsModel::dueDate(qint64 dueMs)
{
    if (dueMs <= 0)
        return {};
    return QDateTime::fromMSecsSinceEpoch(dueMs, Qt::UTC).date();
}

qint64 ActionItemsModel::dueMsOf(const QDate& date)
{
    if (!date.isValid())
        return 0;
    return QDateTime(date.addDays(1), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch() - 1;
}

QString ActionItemsModel::overdueText(qint64 overdueMs)
{
    if (overdueMs >= DayMs)
        return tr("overdue %1 d").arg(overdueMs / DayMs);
    return tr("overdue %1 h").arg(std::max<qint64>(1, overdueMs / HourMs));
}

bool ActionItemsModel::isAcceptableLink(const QString& link)
{
    if (link.isEmpty())
        return true;
    const QUrl url(link, QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    return url.isValid() && (scheme == QLatin1String("http") || scheme == QLatin1String("https"))
        && !url.host().isEmpty();
}

} // namespace firebreak

#include "moc_actionitemsmodel.cpp"
