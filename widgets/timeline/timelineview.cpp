#include "timelineview.h"

#include "incidentactionbar.h"
#include "itemmodels/eventmarkdown.h"
#include "itemmodels/timelinemodel.h"
#include "roster/operatorsession.h"
#include "style/iconprovider.h"
#include "style/panestyle.h"
#include "style/theme.h"
#include "timelinedelegate.h"
#include "timelinefilterbar.h"

#include <QAction>
#include <QClipboard>
#include <QDateTimeEdit>
#include <QDialog>
#include <QDialogButtonBox>
#include <QEvent>
#include <QFormLayout>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QScrollBar>
#include <QSettings>
#include <QTreeView>
#include <QVBoxLayout>
#include <algorithm>
#include <limits>

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
    , m_actions(new IncidentActionBar(this))
{
    setObjectName(QStringLiteral("timelineView"));
    PaneStyle::title(*m_title);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_title->setMinimumWidth(120);
    PaneStyle::muted(*m_status, theme);

    m_tree->setModel(&m_model);
    m_tree->setItemDelegate(m_delegate);
    PaneStyle::rowList(*m_tree);
    m_tree->setSelectionMode(QAbstractItemView::ExtendedSelection); // several rows to copy or pin
    m_tree->setMouseTracking(true); // the star outline under the mouse
    m_tree->setContextMenuPolicy(Qt::CustomContextMenu);
    m_tree->setTextElideMode(Qt::ElideRight);
    m_tree->setIconSize(QSize(16, 16));
    QHeaderView* header = m_tree->header();
    header->setStretchLastSection(false);
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setSectionResizeMode(TimelineModel::TitleColumn, QHeaderView::Stretch);
    const QFontMetrics metrics(font());
    header->resizeSection(TimelineModel::TimeColumn, metrics.horizontalAdvance(QStringLiteral("00-00 00:00:00")) + 44);
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
    auto* actions = new QHBoxLayout;
    actions->setContentsMargins(8, 0, 8, 4);
    actions->addWidget(m_actions);
    auto* filters = new QHBoxLayout;
    filters->setContentsMargins(8, 0, 8, 6);
    filters->addWidget(m_filterBar);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addLayout(top);
    layout->addLayout(actions);
    layout->addLayout(filters);
    layout->addWidget(m_tree, 1);

    connect(m_filterBar, &TimelineFilterBar::criteriaChanged, this, [this] {
        saveFilters();
        applyFilter();
    });
    connect(m_actions, &IncidentActionBar::commandRequested, this, &TimelineView::commandRequested);
    connect(m_delegate, &TimelineDelegate::pinClicked, this, [this](const QModelIndex& index) {
        if (index.isValid() && m_actions->canAct() && m_incidentId > 0)
            togglePin({ m_model.eventAt(index.row()).id });
    });
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
    connect(&m_model, &QAbstractItemModel::rowsInserted, this, &TimelineView::updateActions);
    connect(&m_model, &QAbstractItemModel::modelReset, this, &TimelineView::updatePlaceholder);
    connect(m_tree->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &TimelineView::onCurrentChanged);
    connect(m_tree->selectionModel(), &QItemSelectionModel::selectionChanged, this, &TimelineView::updateActions);
    connect(&m_model, &QAbstractItemModel::modelReset, this, &TimelineView::updateActions);
    createActions();
    updatePlaceholder();
}

void TimelineView::createActions()
{
    const auto make = [this](const QString& text, const QKeySequence& keys, auto slot) {
        auto* action = new QAction(text, this);
        action->setShortcut(keys);
        // The search box keeps its own keys (typing "n", Ctrl+C on its text).
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        connect(action, &QAction::triggered, this, slot);
        addAction(action);
        return action;
    };
    m_pinAction = make(tr("Pin / unpin"), QKeySequence(Qt::Key_P), &TimelineView::togglePinOnSelection);
    m_noteAction = make(tr("Add note…"), QKeySequence(Qt::Key_N), [this] { m_actions->requestNote(); });
    m_jumpAction = make(tr("Jump to time…"), QKeySequence(Qt::CTRL | Qt::Key_G), &TimelineView::requestJumpToTime);
    m_copyAction = make(tr("Copy as Markdown"), QKeySequence::Copy, [this] { copySelectionAsMarkdown(); });
    connect(m_tree, &QWidget::customContextMenuRequested, this, [this](const QPoint& position) {
        QMenu menu(this);
        menu.addActions({ m_pinAction, m_copyAction });
        menu.addSeparator();
        menu.addActions({ m_noteAction, m_jumpAction });
        menu.exec(m_tree->viewport()->mapToGlobal(position));
    });
    updateActions();
}

void TimelineView::updateActions()
{
    const bool acting = m_actions->canAct() && m_incidentId > 0;
    const bool selected = !selectedRows().isEmpty();
    const QString blocked = m_incidentId > 0 ? m_actions->cannotActReason() : tr("Select an incident first");
    m_pinAction->setEnabled(acting && selected);
    m_pinAction->setToolTip(acting ? tr("Pin or unpin the selected events (P)") : blocked);
    m_noteAction->setEnabled(acting);
    m_noteAction->setToolTip(acting ? tr("Add a note to the timeline (N)") : blocked);
    m_copyAction->setEnabled(selected);
    m_jumpAction->setEnabled(m_model.rowCount() > 0);
}

void TimelineView::setOperatorSession(OperatorSession* session)
{
    if (m_session)
        disconnect(m_session, nullptr, this, nullptr);
    m_session = session;
    m_actions->setOperatorSession(session);
    if (m_session)
        connect(m_session, &OperatorSession::changed, this, [this] {
            updateActions();
            restoreFilters();
        });
    updateActions();
    restoreFilters();
}

void TimelineView::setSettings(QSettings* settings)
{
    m_settings = settings;
    restoreFilters();
}

QString TimelineView::filtersKey(const QString& user)
{
    // Roster names start with a letter, so the anonymous key cannot be anyone's.
    return QStringLiteral("timeline/filters/") + (user.isEmpty() ? QStringLiteral("_anonymous") : user);
}

void TimelineView::saveFilters()
{
    if (!m_settings || m_restoringFilters)
        return;
    m_settings->beginGroup(filtersKey(m_filtersUser));
    const QVariantMap state = m_filterBar->state();
    for (auto it = state.cbegin(); it != state.cend(); ++it)
        m_settings->setValue(it.key(), it.value());
    m_settings->endGroup();
}

// Shows the filters of whoever is signed in now (each person narrows the timeline their own way);
// someone without saved filters starts with none.
void TimelineView::restoreFilters()
{
    const OperatorSession* session = m_session.data(); // one read of the weak pointer
    const QString user = session ? session->current().name : QString();
    if (!m_settings)
        return;
    m_filtersUser = user;
    QVariantMap state;
    m_settings->beginGroup(filtersKey(user));
    for (const QString& key : m_settings->childKeys())
        state.insert(key, m_settings->value(key));
    m_settings->endGroup();
    m_restoringFilters = true;
    m_filterBar->restoreState(state);
    m_restoringFilters = false;
}

QVector<int> TimelineView::selectedRows() const
{
    QVector<int> rows;
    for (const QModelIndex& index : m_tree->selectionModel()->selectedRows())
        rows.append(index.row());
    if (rows.isEmpty() && m_tree->currentIndex().isValid()
        && m_tree->selectionModel()->isSelected(m_tree->currentIndex()))
        rows.append(m_tree->currentIndex().row());
    std::sort(rows.begin(), rows.end());
    return rows;
}

QString TimelineView::copySelectionAsMarkdown()
{
    QVector<Event> events;
    for (const int row : selectedRows())
        events.append(m_model.eventAt(row));
    if (events.isEmpty())
        return {};
    const QString markdown = EventMarkdown::table(events);
    QGuiApplication::clipboard()->setText(markdown);
    return markdown;
}

int TimelineView::jumpToTime(qint64 timeMs)
{
    int nearest = -1;
    qint64 best = std::numeric_limits<qint64>::max();
    for (int row = 0; row < m_model.rowCount(); ++row) {
        const qint64 distance = qAbs(m_model.eventAt(row).timeMs - timeMs);
        if (distance < best) {
            best = distance;
            nearest = row;
        }
    }
    if (nearest < 0)
        return -1;
    const QModelIndex index = m_model.index(nearest, TimelineModel::TitleColumn);
    m_tree->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_tree->scrollTo(index, QAbstractItemView::PositionAtCenter);
    return nearest;
}

void TimelineView::requestJumpToTime()
{
    if (m_model.rowCount() == 0)
        return;
    const QModelIndex current = m_tree->currentIndex();
    const qint64 startMs = current.isValid() ? m_model.eventAt(current.row()).timeMs
        : m_incident.detectedMs > 0          ? m_incident.detectedMs
                                             : m_model.eventAt(0).timeMs;
    QDialog dialog(this);
    dialog.setObjectName(QStringLiteral("jumpDialog"));
    dialog.setWindowTitle(tr("Jump to time"));
    auto* edit = new QDateTimeEdit(QDateTime::fromMSecsSinceEpoch(startMs, Qt::UTC), &dialog);
    edit->setObjectName(QStringLiteral("jumpTime"));
    edit->setTimeSpec(Qt::UTC);
    edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    edit->setCalendarPopup(true);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    auto* layout = new QFormLayout(&dialog);
    layout->addRow(tr("Time (UTC)"), edit);
    layout->addRow(new QLabel(tr("The loaded event nearest this time is selected."), &dialog));
    layout->addRow(buttons);
    edit->setFocus();
    if (dialog.exec() == QDialog::Accepted)
        jumpToTime(edit->dateTime().toMSecsSinceEpoch());
}

void TimelineView::togglePinOnSelection()
{
    if (!m_actions->canAct() || m_incidentId <= 0)
        return;
    QVector<qint64> ids;
    for (const int row : selectedRows())
        ids.append(m_model.eventAt(row).id);
    togglePin(ids);
}

void TimelineView::togglePin(const QVector<qint64>& eventIds)
{
    bool allPinned = true;
    for (const qint64 id : eventIds)
        allPinned = allPinned && m_model.isPinned(id);
    for (const qint64 id : eventIds) {
        if (m_model.isPinned(id) != allPinned)
            continue; // pinning a mixed selection leaves the pinned ones alone
        IncidentCommand command
            = m_actions->command(allPinned ? IncidentCommand::Kind::Unpin : IncidentCommand::Kind::Pin);
        command.incidentId = m_incidentId;
        command.eventId = id;
        Q_EMIT commandRequested(command);
    }
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
    m_incident = incident;
    m_actions->setIncident(incident);
    m_title->setToolTip(incident.hypothesis.isEmpty()
            ? incident.title
            : tr("%1\nHypothesis from a correlation rule: %2").arg(incident.title, incident.hypothesis));
    if (incident.id == m_incidentId && contextFrom == m_contextFromMs && m_model.hasFilter())
        return;
    m_incidentId = incident.id;
    m_contextFromMs = contextFrom;
    applyFilter();
    updateActions();
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
