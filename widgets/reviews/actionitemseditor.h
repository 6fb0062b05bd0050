#pragma once

#include "actionitemcommand.h"

#include <QHash>
#include <QUrl>
#include <QWidget>

class QAction;
class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSortFilterProxyModel;
class QTreeView;
class QUndoStack;

namespace firebreak {

class ActionItemDelegate;
class ActionItemsModel;
class Clock;
class OperatorSession;
class ReviewSaver;
class ReviewWriteTracker;
class StoreReader;
struct CommittedBatch;
struct ReviewDetail;
struct Theme;

// The action items of one review, as a commander edits them after the incident: who does what by
// when, with the overdue ones in the danger colour. Every edit is stored at once through
// ReviewSaver in the signed-in person's name (and so audited), and is one undoable step (Ctrl+Z,
// Ctrl+Shift+Z while the editor has focus) whose undo stores the previous values again. Read only,
// with a hint, while nobody is signed in. Reads go to the store reader's thread.
class ActionItemsEditor final : public QWidget {
    Q_OBJECT
public:
    ActionItemsEditor(StoreReader* reader, ReviewSaver& saver, OperatorSession& session, const Clock& clock,
        const Theme& theme, QWidget* parent = nullptr);
    ~ActionItemsEditor() override;

    // Shows the action items of `incidentId` (read from the store); forgets the undo history.
    void setIncident(qint64 incidentId);
    qint64 incident() const { return m_incidentId; }
    bool isLoaded() const { return m_loaded; }
    bool isReadOnly() const;

    ActionItemsModel* model() const { return m_model; }
    QTreeView* view() const { return m_view; }
    QUndoStack* undoStack() const { return m_undo; }
    QAction* undoAction() const { return m_undoAction; }
    QAction* redoAction() const { return m_redoAction; }
    QAction* addItemAction() const { return m_addAction; }
    QAction* removeItemAction() const { return m_removeAction; }
    QLineEdit* newTitleField() const { return m_newTitle; }
    QCheckBox* onlyOpenToggle() const { return m_onlyOpen; }
    QLabel* summaryLabel() const { return m_summary; }
    QLabel* hintLabel() const { return m_hint; }
    QLabel* messageLabel() const { return m_message; }

    // Adds an item titled `title` (what the Add action does with the title field).
    void addItem(const QString& title);
    // Removes the item shown in view row `row`.
    void removeRow(int row);

public Q_SLOTS:
    // Applies stored action items of this incident from any committed batch (another window's edits).
    void onCommitted(const firebreak::CommittedBatch& batch);
    // Re-judges overdue items against the clock.
    void refreshOverdue();

Q_SIGNALS:
    void fetchRequested(quint64 requestId, qint64 incidentId); // connected to StoreReader::fetchReview
    void linkOpened(const QUrl& url);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void onReviewFetched(quint64 requestId, const ReviewDetail& detail);
    void onFetchFailed(quint64 requestId, const QString& error);
    void onEditRequested(const ActionItem& before, const ActionItem& after);
    void write(const ActionItemCommand::Change& change, bool forward);
    RowHandlePtr handleFor(qint64 id);
    void updateState();
    void updateSummary();
    void showMessage(const QString& text);
    void openLinkAt(const QPoint& viewportPos);

    OperatorSession& m_session;
    const Clock& m_clock;
    const Theme& m_theme;
    ReviewWriteTracker* m_writes = nullptr;
    ActionItemsModel* m_model = nullptr;
    QSortFilterProxyModel* m_filter = nullptr;
    ActionItemDelegate* m_delegate = nullptr;
    QUndoStack* m_undo = nullptr;
    QLabel* m_summary = nullptr;
    QLabel* m_hint = nullptr;
    QLabel* m_message = nullptr;
    QCheckBox* m_onlyOpen = nullptr;
    QTreeView* m_view = nullptr;
    QWidget* m_addBar = nullptr; // the new row's fields and the add and remove buttons
    QLineEdit* m_newTitle = nullptr;
    QPushButton* m_addButton = nullptr;
    QPushButton* m_removeButton = nullptr;
    QAction* m_undoAction = nullptr;
    QAction* m_redoAction = nullptr;
    QAction* m_addAction = nullptr;
    QAction* m_removeAction = nullptr;
    qint64 m_incidentId = 0;
    quint64 m_request = 0;
    bool m_loaded = false;
    QVector<ActionItem> m_early; // stored before the first read answered
    QHash<qint64, RowHandlePtr> m_handles; // by current store id
};

} // namespace firebreak
