#include "incidentlistview.h"

#include "incidentdelegate.h"
#include "itemmodels/incidentlistmodel.h"
#include "style/panestyle.h"
#include "style/theme.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QTreeView>
#include <QVBoxLayout>

namespace firebreak {

IncidentListView::IncidentListView(IncidentListModel& model, const Theme& theme, QWidget* parent)
    : QWidget(parent)
    , m_model(model)
    , m_title(new QLabel(tr("Incidents"), this))
    , m_summary(new QLabel(this))
    , m_tree(new QTreeView(this))
    , m_delegate(new IncidentDelegate(theme, this))
{
    setObjectName(QStringLiteral("incidentListView"));
    PaneStyle::title(*m_title);
    PaneStyle::muted(*m_summary, theme);

    m_tree->setModel(&m_model);
    m_tree->setItemDelegate(m_delegate);
    PaneStyle::rowList(*m_tree);
    QHeaderView* header = m_tree->header();
    header->setStretchLastSection(false);
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setSectionResizeMode(IncidentListModel::TitleColumn, QHeaderView::Stretch);
    const QFontMetrics metrics(font());
    header->resizeSection(IncidentListModel::SeverityColumn, metrics.horizontalAdvance(QStringLiteral("SEV0")) + 28);
    header->resizeSection(
        IncidentListModel::StatusColumn, metrics.horizontalAdvance(QStringLiteral("acknowledged")) + 28);
    header->resizeSection(IncidentListModel::AgeColumn, metrics.horizontalAdvance(QStringLiteral("23h 59m")) + 12);
    header->resizeSection(IncidentListModel::AlertsColumn, metrics.horizontalAdvance(QStringLiteral("Alerts")) + 12);
    header->resizeSection(
        IncidentListModel::CommanderColumn, metrics.horizontalAdvance(QStringLiteral("Commander")) + 12);
    // Read as a sentence: how bad, what, where it stands.
    header->moveSection(header->visualIndex(IncidentListModel::TitleColumn), 1);

    auto* top = new QHBoxLayout;
    top->setContentsMargins(8, 6, 8, 6);
    top->addWidget(m_title);
    top->addStretch(1);
    top->addWidget(m_summary);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addLayout(top);
    layout->addWidget(m_tree, 1);

    connect(
        m_tree->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &IncidentListView::onCurrentChanged);
    connect(&m_model, &IncidentListModel::loaded, this, &IncidentListView::selectFirstIfNone);
    connect(&m_model, &QAbstractItemModel::rowsInserted, this, [this] {
        if (m_model.isLoaded())
            selectFirstIfNone();
        updateSummary();
    });
    connect(&m_model, &QAbstractItemModel::dataChanged, this, &IncidentListView::onDataChanged);
    connect(&m_model, &QAbstractItemModel::modelReset, this, &IncidentListView::updateSummary);
    updateSummary();
}

void IncidentListView::selectIncident(qint64 incidentId)
{
    const int row = m_model.rowOfIncident(incidentId);
    if (row >= 0)
        m_tree->setCurrentIndex(m_model.index(row, IncidentListModel::TitleColumn));
}

void IncidentListView::selectFirstIfNone()
{
    updateSummary();
    if (m_autoSelected || m_selectedId != 0 || m_model.rowCount() == 0)
        return;
    m_autoSelected = true;
    m_tree->setCurrentIndex(m_model.index(0, IncidentListModel::TitleColumn));
}

void IncidentListView::onCurrentChanged()
{
    const QModelIndex current = m_tree->currentIndex();
    if (!current.isValid())
        return;
    const Incident& incident = m_model.incidentAt(current.row());
    m_selectedId = incident.id;
    Q_EMIT incidentSelected(incident);
}

void IncidentListView::onDataChanged(
    const QModelIndex& topLeft, const QModelIndex& bottomRight, const QList<int>& roles)
{
    // The age tick (display role of one column) is not news about the incident.
    if (topLeft.column() == IncidentListModel::AgeColumn && bottomRight.column() == IncidentListModel::AgeColumn)
        return;
    Q_UNUSED(roles)
    updateSummary();
    const int row = m_model.rowOfIncident(m_selectedId);
    if (row >= topLeft.row() && row <= bottomRight.row())
        Q_EMIT incidentSelected(m_model.incidentAt(row));
}

void IncidentListView::updateSummary()
{
    int active = 0;
    for (int row = 0; row < m_model.rowCount(); ++row) {
        if (m_model.incidentAt(row).isActive())
            ++active;
    }
    m_summary->setText(tr("%1 active · %2 total").arg(active).arg(m_model.rowCount()));
}

QByteArray IncidentListView::saveHeaderState() const
{
    return m_tree->header()->saveState();
}

void IncidentListView::restoreHeaderState(const QByteArray& state)
{
    if (!state.isEmpty())
        m_tree->header()->restoreState(state);
}

} // namespace firebreak
