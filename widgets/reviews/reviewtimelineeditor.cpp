#include "reviewtimelineeditor.h"

#include "interfaces/clock.h"
#include "itemmodels/requestids.h"
#include "itemmodels/reviewtimelinemodel.h"
#include "reviewrowdelegate.h"
#include "reviews/reviewdetail.h"
#include "reviewtimelineimportdialog.h"
#include "reviewwritetracker.h"
#include "roster/operatorsession.h"
#include "store/storereader.h"
#include "store/writebatch.h"
#include "style/panestyle.h"
#include "style/theme.h"

#include <QAction>
#include <QDateTime>
#include <QDateTimeEdit>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTreeView>
#include <QUndoStack>
#include <QVBoxLayout>

namespace firebreak {

namespace {

bool sameNewEntry(const ReviewTimelineEntry& sent, const ReviewTimelineEntry& stored)
{
    ReviewTimelineEntry candidate = stored;
    candidate.id = 0;
    return stored.id > 0 && !stored.removed && candidate == sent;
}

} // namespace

ReviewTimelineEditor::ReviewTimelineEditor(StoreReader* reader, ReviewSaver& saver, OperatorSession& session,
    const Clock& clock, const Theme& theme, QWidget* parent)
    : QWidget(parent)
    , m_reader(reader)
    , m_session(session)
    , m_clock(clock)
    , m_theme(theme)
    , m_writes(new ReviewWriteTracker(saver, this))
    , m_model(new ReviewTimelineModel(this))
    , m_undo(new QUndoStack(this))
    , m_count(new QLabel(this))
    , m_hint(new QLabel(tr("Read only: sign in to add, change or import timeline rows."), this))
    , m_message(new QLabel(this))
    , m_importButton(new QPushButton(tr("Import from incident…"), this))
    , m_view(new QTreeView(this))
    , m_addBar(new QWidget(this))
    , m_newTime(new QDateTimeEdit(m_addBar))
    , m_newText(new QLineEdit(m_addBar))
    , m_addButton(new QPushButton(tr("Add"), m_addBar))
    , m_removeButton(new QPushButton(tr("Remove"), m_addBar))
{
    Q_ASSERT(reader);
    setObjectName(QStringLiteral("reviewTimelineEditor"));
    m_model->setColors(theme.accent.lighter(theme.dark ? 140 : 100), theme.mutedText);
    m_view->setObjectName(QStringLiteral("reviewTimelineView"));
    m_view->setModel(m_model);
    m_view->setItemDelegate(new ReviewRowDelegate(this));
    PaneStyle::rowList(*m_view);
    m_view->setEditTriggers(
        QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed | QAbstractItemView::SelectedClicked);
    m_view->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_view->installEventFilter(this);
    QHeaderView* header = m_view->header();
    header->setStretchLastSection(false);
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setSectionResizeMode(ReviewTimelineModel::TextColumn, QHeaderView::Stretch);
    const QFontMetrics metrics(font());
    header->resizeSection(
        ReviewTimelineModel::TimeColumn, metrics.horizontalAdvance(QStringLiteral("2026-09-21 14:02:05")) + 18);
    header->resizeSection(
        ReviewTimelineModel::SourceColumn, metrics.horizontalAdvance(QStringLiteral("event #000000")) + 18);

    m_newTime->setTimeSpec(Qt::UTC);
    m_newTime->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    m_newTime->setCalendarPopup(true);
    m_newTime->setToolTip(tr("When it happened (UTC)"));
    m_newText->setPlaceholderText(tr("What happened, then Enter (Ctrl+N)"));
    m_newText->setClearButtonEnabled(true);
    PaneStyle::muted(*m_hint, theme);
    PaneStyle::muted(*m_count, theme);
    m_hint->setObjectName(QStringLiteral("reviewTimelineHint"));
    m_message->setWordWrap(true);
    QPalette messagePalette = m_message->palette();
    messagePalette.setColor(QPalette::WindowText, theme.toneColor(Theme::Tone::Bad));
    m_message->setPalette(messagePalette);
    m_message->hide();
    m_importButton->setToolTip(tr("Pick events of the incident to add as timeline rows; pinned ones come selected"));

    m_addAction = new QAction(tr("Add timeline row"), this);
    m_addAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_N));
    m_removeAction = new QAction(tr("Remove timeline row"), this);
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
    auto* title = new QLabel(tr("Timeline"), this);
    PaneStyle::title(*title);
    top->addWidget(title);
    top->addWidget(m_count);
    top->addStretch(1);
    top->addWidget(m_importButton);
    auto* bottom = new QHBoxLayout(m_addBar);
    bottom->setContentsMargins(8, 4, 8, 6);
    bottom->setSpacing(6);
    bottom->addWidget(m_newTime);
    bottom->addWidget(m_newText, 1);
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

    connect(this, &ReviewTimelineEditor::fetchRequested, reader, &StoreReader::fetchReview, Qt::QueuedConnection);
    connect(reader, &StoreReader::reviewFetched, this, &ReviewTimelineEditor::onReviewFetched);
    connect(reader, &StoreReader::failed, this, &ReviewTimelineEditor::onFetchFailed);
    connect(m_writes, &ReviewWriteTracker::committed, this, &ReviewTimelineEditor::onCommitted);
    connect(m_writes, &ReviewWriteTracker::failed, this,
        [this](const QString& error) { showMessage(tr("Not saved yet: %1").arg(error)); });
    connect(m_writes, &ReviewWriteTracker::busyChanged, this, &ReviewTimelineEditor::updateState);
    connect(m_model, &ReviewTimelineModel::editRequested, this, &ReviewTimelineEditor::onEditRequested);
    connect(m_model, &ReviewTimelineModel::editRejected, this, &ReviewTimelineEditor::showMessage);
    for (const auto signal : { &QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved })
        connect(m_model, signal, this, &ReviewTimelineEditor::updateState);
    connect(m_model, &QAbstractItemModel::modelReset, this, &ReviewTimelineEditor::updateState);
    connect(m_undo, &QUndoStack::indexChanged, this, &ReviewTimelineEditor::updateState);
    connect(&m_session, &OperatorSession::changed, this, &ReviewTimelineEditor::updateState);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this, &ReviewTimelineEditor::updateState);
    connect(m_view, &QTreeView::clicked, this, [this](const QModelIndex& index) {
        const qint64 eventId = index.data(ReviewTimelineModel::SourceEventIdRole).toLongLong();
        if (index.column() == ReviewTimelineModel::SourceColumn && eventId > 0)
            Q_EMIT eventActivated(eventId);
    });
    connect(m_addAction, &QAction::triggered, this, &ReviewTimelineEditor::addFromFields);
    connect(m_addButton, &QPushButton::clicked, this, &ReviewTimelineEditor::addFromFields);
    connect(m_newText, &QLineEdit::returnPressed, this, &ReviewTimelineEditor::addFromFields);
    const auto remove = [this] {
        if (m_view->currentIndex().isValid())
            removeRow(m_view->currentIndex().row());
    };
    connect(m_removeAction, &QAction::triggered, this, remove);
    connect(m_removeButton, &QPushButton::clicked, this, remove);
    connect(m_importButton, &QPushButton::clicked, this, &ReviewTimelineEditor::openImportDialog);
    connect(m_undoAction, &QAction::triggered, this, [this] {
        if (m_undoAction->isEnabled())
            m_undo->undo();
    });
    connect(m_redoAction, &QAction::triggered, this, [this] {
        if (m_redoAction->isEnabled())
            m_undo->redo();
    });
    updateState();
}

ReviewTimelineEditor::~ReviewTimelineEditor()
{
    // The undo stack clears itself as a child is destroyed, after this editor's members are gone.
    disconnect(m_undo, nullptr, this, nullptr);
    disconnect(m_writes, nullptr, this, nullptr);
}

bool ReviewTimelineEditor::isReadOnly() const
{
    return !m_session.current().isValid() || m_incidentId == 0 || !m_loaded;
}

void ReviewTimelineEditor::setIncident(qint64 incidentId)
{
    m_undo->clear();
    m_handles.clear();
    m_writes->forget();
    m_early.clear();
    if (ReviewTimelineImportDialog* dialog = m_dialog.data())
        dialog->reject();
    m_incidentId = incidentId;
    m_loaded = false;
    m_model->setEntries(incidentId, {});
    m_message->hide();
    const qint64 now = m_clock.nowMs();
    m_newTime->setDateTime(QDateTime::fromMSecsSinceEpoch(now - now % 60'000, Qt::UTC));
    m_request = incidentId > 0 ? RequestIds::next() : 0;
    updateState();
    if (m_request != 0)
        Q_EMIT fetchRequested(m_request, incidentId);
}

void ReviewTimelineEditor::onReviewFetched(quint64 requestId, const ReviewDetail& detail)
{
    if (requestId == 0 || requestId != m_request)
        return;
    m_request = 0;
    m_model->setEntries(m_incidentId, detail.timeline);
    m_model->apply(std::exchange(m_early, {}));
    m_loaded = true;
    updateState();
}

void ReviewTimelineEditor::onFetchFailed(quint64 requestId, const QString& error)
{
    if (requestId == 0 || requestId != m_request)
        return;
    m_request = 0;
    showMessage(tr("Cannot read the review timeline of incident #%1: %2").arg(m_incidentId).arg(error));
}

void ReviewTimelineEditor::onCommitted(const CommittedBatch& batch)
{
    if (m_incidentId == 0 || batch.reviewTimeline.isEmpty())
        return;
    if (!m_loaded) {
        for (const ReviewTimelineEntry& entry : batch.reviewTimeline) {
            if (entry.incidentId == m_incidentId)
                m_early.append(entry);
        }
        return;
    }
    m_model->apply(batch.reviewTimeline);
}

RowHandlePtr ReviewTimelineEditor::handleFor(qint64 id)
{
    RowHandlePtr& handle = m_handles[id];
    if (!handle)
        handle = std::make_shared<RowHandle>(RowHandle { id });
    return handle;
}

void ReviewTimelineEditor::push(const QString& text, QVector<TimelineRowsCommand::Change> changes)
{
    m_undo->push(new TimelineRowsCommand(text, std::move(changes),
        [this](const QVector<TimelineRowsCommand::Change>& all, bool forward) { write(all, forward); }));
}

void ReviewTimelineEditor::addRow(qint64 timeMs, const QString& text)
{
    if (isReadOnly() || text.trimmed().isEmpty())
        return;
    ReviewTimelineEntry entry;
    entry.incidentId = m_incidentId;
    entry.timeMs = timeMs;
    entry.text = text.trimmed();
    push(tr("Add \"%1\"").arg(entry.text.left(40)), { { std::make_shared<RowHandle>(), std::nullopt, entry } });
}

void ReviewTimelineEditor::addFromFields()
{
    if (m_newText->text().trimmed().isEmpty()) {
        m_newText->setFocus();
        return;
    }
    addRow(m_newTime->dateTime().toMSecsSinceEpoch(), m_newText->text());
    m_newText->clear();
}

void ReviewTimelineEditor::removeRow(int row)
{
    if (isReadOnly() || row < 0 || row >= m_model->rowCount())
        return;
    const ReviewTimelineEntry entry = m_model->entryAt(row);
    push(tr("Remove \"%1\"").arg(entry.text.left(40)), { { handleFor(entry.id), entry, std::nullopt } });
}

void ReviewTimelineEditor::importRows(const QVector<ReviewTimelineEntry>& rows)
{
    if (isReadOnly())
        return;
    QSet<qint64> present = m_model->importedEventIds();
    QVector<TimelineRowsCommand::Change> changes;
    for (ReviewTimelineEntry entry : rows) {
        if (entry.sourceEventId > 0 && present.contains(entry.sourceEventId))
            continue;
        present.insert(entry.sourceEventId);
        entry.id = 0;
        entry.incidentId = m_incidentId;
        changes.append({ std::make_shared<RowHandle>(), std::nullopt, entry });
    }
    if (!changes.isEmpty())
        push(changes.size() == 1 ? tr("Import 1 event") : tr("Import %1 events").arg(changes.size()),
            std::move(changes));
}

ReviewTimelineImportDialog* ReviewTimelineEditor::openImportDialog()
{
    if (isReadOnly())
        return nullptr;
    if (ReviewTimelineImportDialog* open = m_dialog.data())
        return open;
    auto* dialog = new ReviewTimelineImportDialog(m_reader, m_incidentId, m_model->importedEventIds(), m_theme, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    const qint64 incidentId = m_incidentId;
    connect(dialog, &QDialog::accepted, this, [this, dialog, incidentId] {
        if (incidentId == m_incidentId)
            importRows(dialog->selectedEntries());
    });
    m_dialog = dialog;
    dialog->open();
    return dialog;
}

void ReviewTimelineEditor::onEditRequested(const ReviewTimelineEntry& before, const ReviewTimelineEntry& after)
{
    if (isReadOnly())
        return;
    push(tr("Change \"%1\"").arg(before.text.left(40)), { { handleFor(before.id), before, after } });
}

void ReviewTimelineEditor::write(const QVector<TimelineRowsCommand::Change>& changes, bool forward)
{
    WriteBatch batch;
    QVector<std::pair<RowHandlePtr, ReviewTimelineEntry>> added;
    const qint64 now = m_clock.nowMs();
    for (const TimelineRowsCommand::Change& change : changes) {
        const std::optional<ReviewTimelineEntry>& target = forward ? change.after : change.before;
        const std::optional<ReviewTimelineEntry>& other = forward ? change.before : change.after;
        ReviewTimelineEntry row = target ? *target : *other;
        row.id = target && !other ? 0 : change.handle->id;
        row.removed = !target;
        row.incidentId = m_incidentId;
        row.author = m_session.current().name;
        row.changedMs = now;
        if (row.id == 0)
            added.append({ change.handle, row });
        batch.reviewTimeline.append(row);
    }
    m_message->hide();
    m_writes->save(batch, [this, added](const CommittedBatch& committed) {
        for (const auto& [handle, sent] : added) {
            for (const ReviewTimelineEntry& stored : committed.reviewTimeline) {
                if (sameNewEntry(sent, stored) && !m_handles.contains(stored.id)) {
                    m_handles.remove(handle->id);
                    handle->id = stored.id;
                    m_handles.insert(stored.id, handle);
                    break;
                }
            }
        }
    });
}

void ReviewTimelineEditor::updateState()
{
    const bool signedIn = m_session.current().isValid();
    const bool editable = !isReadOnly();
    const bool idle = !m_writes->isBusy();
    m_model->setEditable(editable);
    m_hint->setVisible(!signedIn);
    // Read only: the add bar goes (the hint says why) rather than sitting there greyed out.
    m_addBar->setVisible(signedIn);
    for (QWidget* widget : { static_cast<QWidget*>(m_newTime), static_cast<QWidget*>(m_newText),
             static_cast<QWidget*>(m_addButton), static_cast<QWidget*>(m_importButton) })
        widget->setEnabled(editable);
    m_addAction->setEnabled(editable);
    const bool canRemove = editable && m_view->currentIndex().isValid();
    m_removeButton->setEnabled(canRemove);
    m_removeAction->setEnabled(canRemove);
    m_undoAction->setEnabled(editable && idle && m_undo->canUndo());
    m_redoAction->setEnabled(editable && idle && m_undo->canRedo());
    m_undoAction->setText(m_undo->canUndo() ? tr("Undo %1").arg(m_undo->undoText()) : tr("Undo"));
    m_redoAction->setText(m_undo->canRedo() ? tr("Redo %1").arg(m_undo->redoText()) : tr("Redo"));
    const int rows = m_model->rowCount();
    m_count->setText(rows == 0 ? tr("no rows yet") : rows == 1 ? tr("1 row") : tr("%1 rows").arg(rows));
}

void ReviewTimelineEditor::showMessage(const QString& text)
{
    m_message->setText(text);
    m_message->setVisible(!text.isEmpty());
}

bool ReviewTimelineEditor::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_view && event->type() == QEvent::KeyPress
        && static_cast<QKeyEvent*>(event)->key() == Qt::Key_Delete) {
        m_removeAction->trigger();
        return true;
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace firebreak
