#include "runspanel.h"

#include "itemmodels/runincidentfilter.h"
#include "itemmodels/runlistmodel.h"
#include "rundelegate.h"
#include "style/panestyle.h"
#include "style/theme.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QStackedWidget>
#include <QTreeView>
#include <QVBoxLayout>

namespace firebreak {

RunsPanel::RunsPanel(RunListModel& model, const Theme& theme, QWidget* parent)
    : QWidget(parent)
    , m_model(model)
    , m_theme(theme)
    , m_filter(new RunIncidentFilter(this))
    , m_title(new QLabel(tr("Runs"), this))
    , m_awaiting(new QLabel(this))
    , m_incidentOnly(new QCheckBox(tr("This incident only"), this))
    , m_stack(new QStackedWidget(this))
    , m_tree(new QTreeView(m_stack))
    , m_placeholder(new QLabel(m_stack))
    , m_delegate(new RunDelegate(theme, this))
{
    setObjectName(QStringLiteral("runsPanel"));
    m_awaiting->setObjectName(QStringLiteral("runsAwaitingCount"));
    m_tree->setObjectName(QStringLiteral("runsTree"));
    m_placeholder->setObjectName(QStringLiteral("runsPlaceholder"));
    PaneStyle::title(*m_title);

    m_filter->setSourceModel(&m_model);
    m_tree->setModel(m_filter);
    m_tree->setItemDelegate(m_delegate);
    PaneStyle::rowList(*m_tree);
    m_tree->installEventFilter(this);
    QHeaderView* header = m_tree->header();
    header->setStretchLastSection(true);
    header->setSectionResizeMode(QHeaderView::Interactive);
    const QFontMetrics metrics(font());
    header->resizeSection(
        RunListModel::StateColumn, metrics.horizontalAdvance(QStringLiteral("awaiting approval")) + 34);
    header->resizeSection(RunListModel::RunColumn, metrics.horizontalAdvance(QStringLiteral("#00000")) + 14);
    header->resizeSection(RunListModel::PlaybookColumn, metrics.horizontalAdvance(QLatin1Char('m')) * 18);
    header->resizeSection(RunListModel::RiskColumn, metrics.horizontalAdvance(QStringLiteral("critical")) + 14);
    header->resizeSection(RunListModel::IncidentColumn, metrics.horizontalAdvance(QStringLiteral("Incident")) + 14);
    header->resizeSection(RunListModel::UpdatedColumn, metrics.horizontalAdvance(QStringLiteral("23h 59m")) + 14);

    m_placeholder->setAlignment(Qt::AlignCenter);
    m_placeholder->setWordWrap(true);
    m_placeholder->setMargin(16);
    PaneStyle::muted(*m_placeholder, theme);
    m_stack->addWidget(m_tree);
    m_stack->addWidget(m_placeholder);

    m_incidentOnly->setEnabled(false);
    m_incidentOnly->setToolTip(tr("Show only the runs of the incident selected in the incident list"));

    auto* top = new QHBoxLayout;
    top->setContentsMargins(8, 6, 8, 6);
    top->setSpacing(12);
    top->addWidget(m_title);
    top->addWidget(m_awaiting);
    top->addStretch(1);
    top->addWidget(m_incidentOnly);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addLayout(top);
    layout->addWidget(m_stack, 1);

    connect(m_tree, &QTreeView::doubleClicked, this, &RunsPanel::activate);
    connect(m_incidentOnly, &QCheckBox::toggled, this, &RunsPanel::applyFilter);
    connect(&m_model, &RunListModel::awaitingApprovalCountChanged, this, &RunsPanel::updateAwaiting);
    for (const auto signal : { &QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved })
        connect(m_filter, signal, this, &RunsPanel::updatePlaceholder);
    connect(m_filter, &QAbstractItemModel::modelReset, this, &RunsPanel::updatePlaceholder);
    connect(m_filter, &QAbstractItemModel::layoutChanged, this, &RunsPanel::updatePlaceholder);
    updateAwaiting(m_model.awaitingApprovalCount());
    updatePlaceholder();
}

void RunsPanel::setIncident(qint64 incidentId)
{
    m_incidentId = incidentId;
    m_incidentOnly->setEnabled(incidentId != 0);
    m_incidentOnly->setText(incidentId != 0 ? tr("Incident #%1 only").arg(incidentId) : tr("This incident only"));
    applyFilter();
}

qint64 RunsPanel::currentRunId() const
{
    const QModelIndex current = m_tree->currentIndex();
    return current.isValid() ? current.data(RunListModel::RunIdRole).toLongLong() : 0;
}

void RunsPanel::applyFilter()
{
    m_filter->setIncidentId(m_incidentOnly->isChecked() ? m_incidentId : 0);
    updatePlaceholder();
}

void RunsPanel::activate(const QModelIndex& index)
{
    if (!index.isValid())
        return;
    const qint64 runId = index.data(RunListModel::RunIdRole).toLongLong();
    if (runId != 0)
        Q_EMIT runActivated(runId);
}

bool RunsPanel::eventFilter(QObject* watched, QEvent* event)
{
    // Enter opens the run; handled here rather than through activated(), which some styles also
    // emit on a single click and all emit alongside doubleClicked().
    if (watched == m_tree && event->type() == QEvent::KeyPress) {
        const auto* key = static_cast<QKeyEvent*>(event);
        if (key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) {
            activate(m_tree->currentIndex());
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void RunsPanel::updateAwaiting(int count)
{
    QPalette palette = m_awaiting->palette();
    QFont font = m_awaiting->font();
    if (count > 0) {
        m_awaiting->setText(tr("%n awaiting approval", nullptr, count));
        palette.setColor(QPalette::WindowText, m_theme.toneColor(Theme::Tone::Attention));
        font.setBold(true);
    } else {
        m_awaiting->setText(tr("none awaiting approval"));
        palette.setColor(QPalette::WindowText, m_theme.mutedText);
        font.setBold(false);
    }
    m_awaiting->setPalette(palette);
    m_awaiting->setFont(font);
}

void RunsPanel::updatePlaceholder()
{
    if (m_filter->rowCount() > 0) {
        m_stack->setCurrentWidget(m_tree);
        return;
    }
    if (m_filter->incidentId() != 0)
        m_placeholder->setText(tr("No runs for incident #%1.").arg(m_filter->incidentId()));
    else
        m_placeholder->setText(
            tr("No runs yet. A playbook proposes a run when its trigger matches an incident; runs that "
               "need approval appear here first."));
    m_stack->setCurrentWidget(m_placeholder);
}

QByteArray RunsPanel::saveHeaderState() const
{
    return m_tree->header()->saveState();
}

void RunsPanel::restoreHeaderState(const QByteArray& state)
{
    if (!state.isEmpty())
        m_tree->header()->restoreState(state);
}

} // namespace firebreak
