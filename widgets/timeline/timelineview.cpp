#include "timelineview.h"

#include "itemmodels/timelinemodel.h"
#include "style/iconprovider.h"
#include "style/panestyle.h"
#include "style/theme.h"
#include "timelinedelegate.h"
#include "timelinefilterbar.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QScrollBar>
#include <QTreeView>
#include <QVBoxLayout>

namespace firebreak {

TimelineView::TimelineView(TimelineModel& model, const Theme& theme, const IconProvider& icons, QWidget* parent)
    : QWidget(parent)
    , m_model(model)
    , m_theme(theme)
    , m_title(new QLabel(tr("Timeline"), this))
    , m_status(new QLabel(this))
    , m_filterBar(new TimelineFilterBar(icons, this))
    , m_tree(new QTreeView(this))
    , m_delegate(new TimelineDelegate(theme, icons, this))
{
    setObjectName(QStringLiteral("timelineView"));
    PaneStyle::title(*m_title);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_title->setMinimumWidth(120);
    PaneStyle::muted(*m_status, theme);

    m_tree->setModel(&m_model);
    m_tree->setItemDelegate(m_delegate);
    PaneStyle::rowList(*m_tree);
    m_tree->setTextElideMode(Qt::ElideRight);
    m_tree->setIconSize(QSize(16, 16));
    QHeaderView* header = m_tree->header();
    header->setStretchLastSection(false);
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setSectionResizeMode(TimelineModel::TitleColumn, QHeaderView::Stretch);
    const QFontMetrics metrics(font());
    header->resizeSection(TimelineModel::TimeColumn, metrics.horizontalAdvance(QStringLiteral("00-00 00:00:00")) + 20);
    header->resizeSection(
        TimelineModel::KindColumn, metrics.horizontalAdvance(QStringLiteral("approval.requested")) + 40);
    header->resizeSection(TimelineModel::SeverityColumn, metrics.horizontalAdvance(QStringLiteral("Severity")) + 24);
    header->resizeSection(TimelineModel::SourceColumn, metrics.horizontalAdvance(QStringLiteral("alertmanager")) + 16);
    header->resizeSection(TimelineModel::ActorColumn, metrics.horizontalAdvance(QStringLiteral("correlator")) + 16);

    m_placeholder = new QLabel(m_tree->viewport());
    m_placeholder->setAlignment(Qt::AlignCenter);
    m_placeholder->setWordWrap(true);
    PaneStyle::muted(*m_placeholder, theme);
    m_placeholder->setAttribute(Qt::WA_TransparentForMouseEvents);
    m_tree->viewport()->installEventFilter(this);

    auto* top = new QHBoxLayout;
    top->setContentsMargins(8, 6, 8, 4);
    top->setSpacing(8);
    top->addWidget(m_title, 1);
    top->addWidget(m_status);
    auto* filters = new QHBoxLayout;
    filters->setContentsMargins(8, 0, 8, 6);
    filters->addWidget(m_filterBar);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addLayout(top);
    layout->addLayout(filters);
    layout->addWidget(m_tree, 1);

    connect(m_filterBar, &TimelineFilterBar::criteriaChanged, this, &TimelineView::applyFilter);
    connect(&m_model, &TimelineModel::sourcesChanged, m_filterBar, &TimelineFilterBar::setSources);
    connect(&m_model, &TimelineModel::loadingChanged, this, &TimelineView::updatePlaceholder);
    connect(&m_model, &TimelineModel::fetchFailed, this, [this](const QString& error) {
        m_error = error;
        updatePlaceholder();
    });
    // Live rows arrive on top. At the top the view follows them; scrolled down, the rows the operator
    // is reading stay where they are instead of sliding away.
    connect(&m_model, &QAbstractItemModel::rowsAboutToBeInserted, this, [this] {
        // At the top there is nothing to hold in place. indexAt() is not free here: it makes the
        // tree lay out every row that the previous insert left pending (O(rows), 50,000 in a storm).
        if (m_tree->verticalScrollBar()->value() == 0) {
            m_anchor = QPersistentModelIndex();
            return;
        }
        const QModelIndex firstVisible = m_tree->indexAt(QPoint(1, 1));
        m_anchor = firstVisible.isValid() && firstVisible.row() > 0 ? QPersistentModelIndex(firstVisible)
                                                                    : QPersistentModelIndex();
    });
    connect(&m_model, &QAbstractItemModel::rowsInserted, this, [this] {
        if (m_anchor.isValid())
            m_tree->scrollTo(m_anchor, QAbstractItemView::PositionAtTop);
        m_anchor = QPersistentModelIndex();
        updatePlaceholder();
    });
    connect(&m_model, &QAbstractItemModel::rowsRemoved, this, &TimelineView::updatePlaceholder);
    connect(&m_model, &QAbstractItemModel::modelReset, this, &TimelineView::updatePlaceholder);
    connect(m_tree->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &TimelineView::onCurrentChanged);
    updatePlaceholder();
}

void TimelineView::setIncident(const Incident& incident)
{
    const qint64 contextFrom = incident.detectedMs > 0 ? incident.detectedMs - ContextBeforeMs : 0;
    QString title = QStringLiteral("#%1  %2").arg(incident.id).arg(incident.title);
    // What the commander must not assume: the alert list is incomplete, or the title is a rule's guess.
    if (incident.truncatedAlerts > 0)
        title += incident.truncatedAlerts == 1
            ? tr("  ·  1 more alert not delivered by Alertmanager (max_alerts)")
            : tr("  ·  %1 more alerts not delivered by Alertmanager (max_alerts)").arg(incident.truncatedAlerts);
    m_title->setText(title);
    m_title->setToolTip(incident.hypothesis.isEmpty()
            ? incident.title
            : tr("%1\nHypothesis from a correlation rule: %2").arg(incident.title, incident.hypothesis));
    if (incident.id == m_incidentId && contextFrom == m_contextFromMs && m_model.hasFilter())
        return;
    m_incidentId = incident.id;
    m_contextFromMs = contextFrom;
    applyFilter();
}

void TimelineView::applyFilter()
{
    if (m_incidentId == 0)
        return;
    EventQuery query = m_filterBar->criteria();
    query.incidentId = m_incidentId;
    query.contextFromMs = m_contextFromMs;
    m_error.clear();
    m_model.setFilter(query);
    Q_EMIT selectionCleared();
    updatePlaceholder();
}

void TimelineView::updatePlaceholder()
{
    QString text;
    if (m_incidentId == 0)
        text = tr("Select an incident to see its timeline.");
    else if (!m_error.isEmpty())
        text = tr("Could not load events: %1").arg(m_error);
    else if (m_model.rowCount() == 0)
        text = m_model.isLoading() ? tr("Loading events…") : tr("No events match these filters.");
    m_placeholder->setText(text);
    m_placeholder->setVisible(!text.isEmpty());
    m_placeholder->setGeometry(m_tree->viewport()->rect().adjusted(16, 16, -16, -16));

    const int rows = m_model.rowCount();
    QString status = rows == 1 ? tr("1 event") : tr("%1 events").arg(rows);
    if (m_model.hasMore())
        status += tr(" (more below)");
    if (m_model.isLoading())
        status += tr(" · loading");
    m_status->setText(m_incidentId == 0 ? QString() : status);
}

void TimelineView::onCurrentChanged()
{
    const QModelIndex current = m_tree->currentIndex();
    if (!current.isValid()) {
        Q_EMIT selectionCleared();
        return;
    }
    Q_EMIT eventSelected(m_model.eventAt(current.row()));
}

bool TimelineView::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_tree->viewport() && event->type() == QEvent::Resize)
        m_placeholder->setGeometry(m_tree->viewport()->rect().adjusted(16, 16, -16, -16));
    return QWidget::eventFilter(watched, event);
}

QByteArray TimelineView::saveHeaderState() const
{
    return m_tree->header()->saveState();
}

void TimelineView::restoreHeaderState(const QByteArray& state)
{
    if (!state.isEmpty())
        m_tree->header()->restoreState(state);
}

} // namespace firebreak
