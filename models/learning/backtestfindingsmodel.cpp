#include "backtestfindingsmodel.h"

#include <QDateTime>
#include <algorithm>

namespace firebreak {

namespace {

using Kind = BacktestFinding::Kind;
using Outcome = BacktestFindingsModel::Outcome;

Outcome outcomeOf(Kind kind)
{
    switch (kind) {
    case Kind::Hit:
        return Outcome::Hit;
    case Kind::Repeat:
        return Outcome::Repeat;
    case Kind::FalseAlarm:
        return Outcome::FalseAlarm;
    case Kind::Miss:
        return Outcome::Miss;
    case Kind::NotJudged:
        return Outcome::NotJudged;
    }
    return Outcome::Hit;
}

} // namespace

BacktestFindingsModel::BacktestFindingsModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void BacktestFindingsModel::setResult(const BacktestResult& result)
{
    beginResetModel();
    m_result = result;
    m_rows.clear();
    QVector<bool> mentioned(result.incidents.size(), false);
    for (const BacktestFinding& finding : result.findings) {
        Row row;
        row.outcome = outcomeOf(finding.kind);
        row.incident = finding.incident;
        row.detail = finding.reason;
        const bool fired = finding.firedMs >= 0;
        row.timeMs = fired || finding.incident < 0 ? finding.firedMs : result.incidents.at(finding.incident).startMs;
        row.delayMs = finding.delayMs;
        if (finding.incident >= 0)
            mentioned[finding.incident] = true;
        m_rows.append(row);
    }
    for (int i = 0; i < result.incidents.size(); ++i) {
        const IncidentVerdict& incident = result.incidents.at(i);
        if (mentioned.at(i) || incident.isReal())
            continue;
        const bool inside = incident.endMs >= result.evaluatedFromMs && incident.startMs <= result.evaluatedToMs;
        Row row;
        row.outcome = inside ? Outcome::Quiet : Outcome::NotJudged;
        row.incident = i;
        row.timeMs = incident.startMs;
        row.detail = inside
            ? QStringLiteral("quiet: no firing during '%1', which the review judged noise").arg(incident.label)
            : QStringLiteral("not judged: '%1' lies outside the replayed span").arg(incident.label);
        m_rows.append(row);
    }
    std::stable_sort(m_rows.begin(), m_rows.end(), [](const Row& a, const Row& b) { return a.timeMs < b.timeMs; });
    endResetModel();
}

void BacktestFindingsModel::clear()
{
    beginResetModel();
    m_result = {};
    m_rows.clear();
    endResetModel();
}

int BacktestFindingsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int BacktestFindingsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

int BacktestFindingsModel::count(Outcome outcome) const
{
    return int(
        std::count_if(m_rows.cbegin(), m_rows.cend(), [outcome](const Row& row) { return row.outcome == outcome; }));
}

QString BacktestFindingsModel::outcomeText(Outcome outcome)
{
    switch (outcome) {
    case Outcome::Hit:
        return tr("Hit");
    case Outcome::Repeat:
        return tr("Repeat");
    case Outcome::FalseAlarm:
        return tr("False alarm");
    case Outcome::Miss:
        return tr("Miss");
    case Outcome::NotJudged:
        return tr("Not judged");
    case Outcome::Quiet:
        return tr("Quiet (right)");
    }
    return {};
}

QVariant BacktestFindingsModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row& row = m_rows.at(index.row());
    const IncidentVerdict* incident = row.incident >= 0 ? &m_result.incidents.at(row.incident) : nullptr;
    switch (role) {
    case OutcomeRole:
        return int(row.outcome);
    case IncidentRole:
        return row.incident;
    case TimeRole:
        return row.timeMs;
    case Qt::ToolTipRole:
        return row.detail;
    case Qt::DisplayRole:
        break;
    default:
        return {};
    }
    switch (index.column()) {
    case TimeColumn:
        return QDateTime::fromMSecsSinceEpoch(row.timeMs).toString(QStringLiteral("MM-dd HH:mm:ss"));
    case OutcomeColumn:
        return outcomeText(row.outcome);
    case IncidentColumn:
        return incident ? incident->label : tr("none open");
    case VerdictColumn:
        return incident ? incidentVerdictText(*incident) : QString();
    case DelayColumn:
        return row.outcome == Outcome::Hit || row.outcome == Outcome::Repeat
                || (row.outcome == Outcome::FalseAlarm && incident)
            ? backtestDelayText(row.delayMs)
            : QString();
    case DetailColumn:
        return row.detail;
    default:
        return {};
    }
}

QVariant BacktestFindingsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TimeColumn:
        return tr("When");
    case OutcomeColumn:
        return tr("Outcome");
    case IncidentColumn:
        return tr("Incident");
    case VerdictColumn:
        return tr("Review");
    case DelayColumn:
        return tr("Delay");
    case DetailColumn:
        return tr("What happened");
    default:
        return {};
    }
}

} // namespace firebreak
