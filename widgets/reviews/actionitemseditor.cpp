#include "actionitemseditor.h"

#include "actionitemdelegate.h"
#include "interfaces/clock.h"
#include "itemmodels/actionitemsmodel.h"
#include "itemmodels/requestids.h"
#include "reviews/reviewdetail.h"
#include "reviewwritetracker.h"
#include "roster/operatorsession.h"
#include "store/storereader.h"
#include "store/writebatch.h"
#include "style/panestyle.h"
#include "style/theme.h"

#include <QAction>
#include <QCheckBox>
#include <QDesktopServices>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMouseEvent>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTreeView>
#include <QUndoStack>
#include <QVBoxLayout>

namespace firebreak {

namespace {

// The stored item `stored` is the new row `sent` if everything but the id the store gave it matches.
bool sameNewItem(const ActionItem& sent, const ActionItem& stored)
{
    ActionItem candidate = stored;
    candidate.id = 0;
    return stored.id > 0 && !stored.removed && candidate == sent;
}

} // namespace

ActionItemsEditor::ActionItemsEditor(StoreReader* reader, ReviewSaver& saver, OperatorSession& session,
    const Clock& clock, const Theme& theme, QWidget* parent)
    : QWidget(parent)
    , m_session(session)
    , m_clock(clock)
    , m_theme(theme)
    , m_writes(new ReviewWriteTracker(saver, this))
    , m_model(new ActionItemsModel(clock, this))
    , m_filter(new QSortFilterProxyModel(this))
    , m_delegate(new ActionItemDelegate(theme, this))
    , m_undo(new QUndoStack(this))
    , m_summary(new QLabel(this))
    , m_hint(new QLabel(tr("Read only: sign in to add or change action items."), this))
    , m_message(new QLabel(this))
    , m_onlyOpen(new QCheckBox(tr("Show only open"), this))
    , m_view(new QTreeView(this))
    , m_addBar(new QWidget(this))
    , m_newTitle(new QLineEdit(m_addBar))
    , m_addButton(new QPushButton(tr("Add"), m_addBar))
    , m_removeButton(new QPushButton(tr("Remove"), m_addBar))
{
    Q_ASSERT(reader);
    setObjectName(QStringLiteral("actionItemsEditor"));
    m_model->setColors(theme.toneColor(Theme::Tone::Bad), theme.mutedText);
    m_filter->setSourceModel(m_model);
    m_filter->setFilterRole(ActionItemsModel::StatusNameRole);
    m_filter->setFilterKeyColumn(ActionItemsModel::TitleColumn);

    QStringList owners;
    for (const OperatorIdentity& person : session.people())
        owners.append(person.displayName.isEmpty() ? person.name : person.displayName);
    m_delegate->setOwnerSuggestions(owners);

    m_view->setObjectName(QStringLiteral("actionItemsView"));
    m_view->setModel(m_filter);
    m_view->setItemDelegate(m_delegate);
    PaneStyle::rowList(*m_view);
    m_view->setEditTriggers(
        QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed | QAbstractItemView::SelectedClicked);
    m_view->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_view->viewport()->installEventFilter(this);
    m_view->installEventFilter(this);
    QHeaderView* header = m_view->header();
    header->setStretchLastSection(true);
    header->setSectionResizeMode(QHeaderView::Interactive);
    const QFontMetrics metrics(font());
    header->resizeSection(ActionItemsModel::TitleColumn, metrics.horizontalAdvance(QLatin1Char('m')) * 24);
    header->resizeSection(ActionItemsModel::OwnerColumn, metrics.horizontalAdvance(QLatin1Char('m')) * 9);
    header->resizeSection(
        ActionItemsModel::DueColumn, metrics.horizontalAdvance(QStringLiteral("2026-09-21 · overdue 30 d")) + 20);
    header->resizeSection(ActionItemsModel::StatusColumn, metrics.horizontalAdvance(QStringLiteral("Dropped")) + 40);

    PaneStyle::muted(*m_hint, theme);
    m_hint->setObjectName(QStringLiteral("actionItemsHint"));
    m_message->setObjectName(QStringLiteral("actionItemsMessage"));
    m_message->setWordWrap(true);
    QPalette messagePalette = m_message->palette();
    messagePalette.setColor(QPalette::WindowText, theme.toneColor(Theme::Tone::Bad));
    m_message->setPalette(messagePalette);
    m_message->hide();
    m_newTitle->setPlaceholderText(tr("New action item: what, then Enter (Ctrl+N)"));
    m_newTitle->setClearButtonEnabled(true);

    m_addAction = new QAction(tr("Add action item"), this);
    m_addAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_N));
    m_removeAction = new QAction(tr("Remove action item"), this);
    m_undoAction = new QAction(tr("Undo"), this);
    m_undoAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Z));
    m_redoAction = new QAction(tr("Redo"), this);
    m_redoAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z));
    for (QAction* action : { m_addAction, m_removeAction, m_undoAction, m_redoAction }) {
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        QWidget::addAction(action);
    }
    m_view->addActions({ m_undoAction, m_redoAction, m_removeAction });

    auto* top = new QHBoxLayout;
    top->setContentsMargins(8, 6, 8, 2);
    top->setSpacing(12);
    auto* title = new QLabel(tr("Action items"), this);
    PaneStyle::title(*title);
    top->addWidget(title);
    top->addWidget(m_summary);
    top->addStretch(1);
    top->addWidget(m_onlyOpen);
    auto* bottom = new QHBoxLayout(m_addBar);
    bottom->setContentsMargins(8, 4, 8, 6);
    bottom->setSpacing(6);
    bottom->addWidget(m_newTitle, 1);
    bottom->addWidget(m_addButton);
    bottom->addWidget(m_removeButton);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addLayout(top);
    m_hint->setContentsMargins(8, 0, 8, 4);
    layout->addWidget(m_hint);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_addBar);
    m_message->setContentsMargins(8, 0, 8, 6);
    layout->addWidget(m_message);

    connect(this, &ActionItemsEditor::fetchRequested, reader, &StoreReader::fetchReview, Qt::QueuedConnection);
    connect(reader, &StoreReader::reviewFetched, this, &ActionItemsEditor::onReviewFetched);
    connect(reader, &StoreReader::failed, this, &ActionItemsEditor::onFetchFailed);
    connect(m_writes, &ReviewWriteTracker::committed, this, &ActionItemsEditor::onCommitted);
    connect(m_writes, &ReviewWriteTracker::failed, this,
        [this](const QString& error) { showMessage(tr("Not saved yet: %1").arg(error)); });
    connect(m_writes, &ReviewWriteTracker::busyChanged, this, &ActionItemsEditor::updateState);
    connect(m_model, &ActionItemsModel::editRequested, this, &ActionItemsEditor::onEditRequested);
    connect(m_model, &ActionItemsModel::editRejected, this, &ActionItemsEditor::showMessage);
    for (const auto signal : { &QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved })
        connect(m_model, signal, this, &ActionItemsEditor::updateSummary);
    connect(m_model, &QAbstractItemModel::modelReset, this, &ActionItemsEditor::updateSummary);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &ActionItemsEditor::updateSummary);
    connect(m_undo, &QUndoStack::indexChanged, this, &ActionItemsEditor::updateState);
    connect(&m_session, &OperatorSession::changed, this, &ActionItemsEditor::updateState);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this, &ActionItemsEditor::updateState);
    connect(m_onlyOpen, &QCheckBox::toggled, this, [this](bool only) {
        m_filter->setFilterFixedString(only ? actionItemStatusName(ActionItemStatus::Open) : QString());
    });
    const auto add = [this] {
        if (m_newTitle->text().trimmed().isEmpty()) {
            m_newTitle->setFocus();
            return;
        }
        addItem(m_newTitle->text());
        m_newTitle->clear();
    };
    connect(m_addAction, &QAction::triggered, this, add);
    connect(m_addButton, &QPushButton::clicked, this, add);
    connect(m_newTitle, &QLineEdit::returnPressed, this, add);
    const auto remove = [this] {
        if (m_view->currentIndex().isValid())
            removeRow(m_view->currentIndex().row());
    };
    connect(m_removeAction, &QAction::triggered, this, remove);
    connect(m_removeButton, &QPushButton::clicked, this, remove);
    connect(m_undoAction, &QAction::triggered, this, [this] {
        if (m_undoAction->isEnabled())
            m_undo->undo();
    });
    connect(m_redoAction, &QAction::triggered, this, [this] {
        if (m_redoAction->isEnabled())
            m_undo->redo();
    });
    updateState();
    updateSummary();
}

ActionItemsEditor::~ActionItemsEditor()
{
    // The undo stack clears itself as a child is destroyed, after this editor's members are gone.
    disconnect(m_undo, nullptr, this, nullptr);
    disconnect(m_writes, nullptr, this, nullptr);
}

bool ActionItemsEditor::isReadOnly() const
{
    return !m_session.current().isValid() || m_incidentId == 0 || !m_loaded;
}

void ActionItemsEditor::setIncident(qint64 incidentId)
{
    m_undo->clear();
    m_handles.clear();
    m_writes->forget();
    m_early.clear();
    m_incidentId = incidentId;
    m_loaded = false;
    m_model->setItems(incidentId, {});
    m_message->hide();
    m_request = incidentId > 0 ? RequestIds::next() : 0;
    updateState();
    if (m_request != 0)
        Q_EMIT fetchRequested(m_request, incidentId);
}

void ActionItemsEditor::onReviewFetched(quint64 requestId, const ReviewDetail& detail)
{
    if (requestId == 0 || requestId != m_request)
        return;
    m_request = 0;
    m_model->setItems(m_incidentId, detail.actionItems);
    m_model->apply(std::exchange(m_early, {}));
    m_loaded = true;
    updateState();
}

void ActionItemsEditor::onFetchFailed(quint64 requestId, const QString& error)
{
    if (requestId == 0 || requestId != m_request)
        return;
    m_request = 0;
    showMessage(tr("Cannot read the action items of incident #%1: %2").arg(m_incidentId).arg(error));
}

void ActionItemsEditor::onCommitted(const CommittedBatch& batch)
{
    if (m_incidentId == 0 || batch.actionItems.isEmpty())
        return;
    if (!m_loaded) {
        for (const ActionItem& item : batch.actionItems) {
            if (item.incidentId == m_incidentId)
                m_early.append(item);
        }
        return;
    }
    m_model->apply(batch.actionItems);
}

void ActionItemsEditor::refreshOverdue()
{
    m_model->refreshOverdue();
}

RowHandlePtr ActionItemsEditor::handleFor(qint64 id)
{
    RowHandlePtr& handle = m_handles[id];
    if (!handle)
        handle = std::make_shared<RowHandle>(RowHandle { id });
    return handle;
}

void ActionItemsEditor::addItem(const QString& title)
{
    if (isReadOnly() || title.trimmed().isEmpty())
        return;
    ActionItem item;
    item.incidentId = m_incidentId;
    item.title = title.trimmed();
    m_undo->push(
        new ActionItemCommand(tr("Add \"%1\"").arg(item.title), { std::make_shared<RowHandle>(), std::nullopt, item },
            [this](const ActionItemCommand::Change& change, bool forward) { write(change, forward); }));
}

void ActionItemsEditor::removeRow(int row)
{
    const QModelIndex index = m_filter->mapToSource(m_filter->index(row, 0));
    if (isReadOnly() || !index.isValid())
        return;
    const ActionItem item = m_model->itemAt(index.row());
    m_undo->push(new ActionItemCommand(tr("Remove \"%1\"").arg(item.title), { handleFor(item.id), item, std::nullopt },
        [this](const ActionItemCommand::Change& change, bool forward) { write(change, forward); }));
}

void ActionItemsEditor::onEditRequested(const ActionItem& before, const ActionItem& after)
{
    if (isReadOnly())
        return;
    m_undo->push(new ActionItemCommand(tr("Change \"%1\"").arg(before.title), { handleFor(before.id), before, after },
        [this](const ActionItemCommand::Change& change, bool forward) { write(change, forward); }));
}

void ActionItemsEditor::write(const ActionItemCommand::Change& change, bool forward)
{
    const std::optional<ActionItem>& target = forward ? change.after : change.before;
    const std::optional<ActionItem>& other = forward ? change.before : change.after;
    ActionItem row = target ? *target : *other;
    // Present on both sides: an update of the stored row. Only on the target side: stored anew.
    row.id = target && !other ? 0 : change.handle->id;
    row.removed = !target;
    row.incidentId = m_incidentId;
    row.author = m_session.current().name;
    row.updatedMs = m_clock.nowMs();
    m_message->hide();
    RowHandlePtr handle = change.handle;
    m_writes->save(WriteBatch { .actionItems = { row } }, [this, handle, row](const CommittedBatch& batch) {
        if (row.id != 0)
            return;
        for (const ActionItem& stored : batch.actionItems) {
            if (sameNewItem(row, stored) && !m_handles.contains(stored.id)) {
                m_handles.remove(handle->id);
                handle->id = stored.id;
                m_handles.insert(stored.id, handle);
                return;
            }
        }
    });
}

void ActionItemsEditor::updateState()
{
    const bool signedIn = m_session.current().isValid();
    const bool editable = !isReadOnly();
    const bool idle = !m_writes->isBusy();
    m_model->setEditable(editable);
    m_hint->setVisible(!signedIn);
    // Read only: the add bar goes (the hint says why) rather than sitting there greyed out.
    m_addBar->setVisible(signedIn);
    m_newTitle->setEnabled(editable);
    m_addButton->setEnabled(editable);
    m_addAction->setEnabled(editable);
    // Like undo and redo, a remove waits for writes in flight: it keeps the row as the model holds
    // it (to store again on undo), and until the commit is echoed the model may hold an older one.
    const bool canRemove = editable && idle && m_view->currentIndex().isValid();
    m_removeButton->setEnabled(canRemove);
    m_removeAction->setEnabled(canRemove);
    m_undoAction->setEnabled(editable && idle && m_undo->canUndo());
    m_redoAction->setEnabled(editable && idle && m_undo->canRedo());
    m_undoAction->setText(m_undo->canUndo() ? tr("Undo %1").arg(m_undo->undoText()) : tr("Undo"));
    m_redoAction->setText(m_undo->canRedo() ? tr("Redo %1").arg(m_undo->redoText()) : tr("Redo"));
}

void ActionItemsEditor::updateSummary()
{
    const int open = m_model->openCount();
    const int overdue = m_model->overdueCount();
    if (m_model->rowCount() == 0) {
        m_summary->setText(tr("none yet"));
        PaneStyle::muted(*m_summary, m_theme);
        return;
    }
    QString text = tr("%1 open").arg(open);
    if (overdue > 0)
        text += QStringLiteral(" · <span style=\"color:%1; font-weight:600\">%2</span>")
                    .arg(m_theme.toneColor(Theme::Tone::Bad).name(), tr("%1 overdue").arg(overdue));
    m_summary->setText(text);
    PaneStyle::muted(*m_summary, m_theme);
}

void ActionItemsEditor::showMessage(const QString& text)
{
    m_message->setText(text);
    m_message->setVisible(!text.isEmpty());
}

void ActionItemsEditor::openLinkAt(const QPoint& viewportPos)
{
    const QModelIndex index = m_view->indexAt(viewportPos);
    if (!index.isValid() || index.column() != ActionItemsModel::LinkColumn)
        return;
    const QUrl url = index.data(ActionItemsModel::LinkUrlRole).toUrl();
    if (!url.isValid() || !ActionItemDelegate::openLinkRect(m_view->visualRect(index)).contains(viewportPos))
        return;
    QDesktopServices::openUrl(url);
    Q_EMIT linkOpened(url);
}

bool ActionItemsEditor::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_view->viewport() && event->type() == QEvent::MouseButtonRelease) {
        const auto* mouse = static_cast<QMouseEvent*>(event);
        if (mouse->button() == Qt::LeftButton)
            openLinkAt(mouse->position().toPoint());
    }
    if (watched == m_view && event->type() == QEvent::KeyPress
        && static_cast<QKeyEvent*>(event)->key() == Qt::Key_Delete) {
        m_removeAction->trigger();
        return true;
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace firebreak
