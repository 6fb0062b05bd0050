#pragma once

#include "timelinerowscommand.h"

#include <QHash>
#include <QPointer>
#include <QWidget>

class QAction;
class QDateTimeEdit;
class QLabel;
class QLineEdit;
class QPushButton;
class QTreeView;
class QUndoStack;

namespace firebreak {

class Clock;
class OperatorSession;
class ReviewSaver;
class ReviewTimelineImportDialog;
class ReviewTimelineModel;
class ReviewWriteTracker;
class StoreReader;
struct CommittedBatch;
struct ReviewDetail;
struct Theme;

// The structured timeline of one review: rows taken from the incident's events (each linking back
// to its event) or typed by the commander, edited and removed here. Every change is stored at once
// through ReviewSaver in the signed-in person's name (and audited), and is one undoable step
// (Ctrl+Z, Ctrl+Shift+Z while the editor has focus); an import of many events is one step. Read
// only, with a hint, while nobody is signed in.
class ReviewTimelineEditor final : public QWidget {
    Q_OBJECT
public:
    ReviewTimelineEditor(StoreReader* reader, ReviewSaver& saver, OperatorSession& session, const Clock& clock,
        const Theme& theme, QWidget* parent = nullptr);
    ~ReviewTimelineEditor() override;

    // Shows the timeline rows of `incidentId` (read from the store); forgets the undo history.
    void setIncident(qint64 incidentId);
    qint64 incident() const { return m_incidentId; }
    bool isLoaded() const { return m_loaded; }
    bool isReadOnly() const;

    // Adds a typed row; removes the row shown in `row`; adds imported rows (those whose event the
    // review already has are skipped) as one step.
    void addRow(qint64 timeMs, const QString& text);
    void removeRow(int row);
    void importRows(const QVector<ReviewTimelineEntry>& rows);
    // Opens the import dialog (window-modal); its Import adds the picked rows. nullptr when read only.
    ReviewTimelineImportDialog* openImportDialog();

    ReviewTimelineModel* model() const { return m_model; }
    QTreeView* view() const { return m_view; }
    QUndoStack* undoStack() const { return m_undo; }
    QAction* undoAction() const { return m_undoAction; }
    QAction* redoAction() const { return m_redoAction; }
    QAction* removeRowAction() const { return m_removeAction; }
    QDateTimeEdit* newTimeField() const { return m_newTime; }
    QLineEdit* newTextField() const { return m_newText; }
    QPushButton* importButton() const { return m_importButton; }
    QLabel* hintLabel() const { return m_hint; }
    QLabel* messageLabel() const { return m_message; }

public Q_SLOTS:
    // Applies stored timeline rows of this incident from any committed batch.
    void onCommitted(const firebreak::CommittedBatch& batch);

Q_SIGNALS:
    void fetchRequested(quint64 requestId, qint64 incidentId); // connected to StoreReader::fetchReview
    // The commander clicked a row's "event #N": show that event in the incident timeline.
    void eventActivated(qint64 eventId);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void onReviewFetched(quint64 requestId, const ReviewDetail& detail);
    void onFetchFailed(quint64 requestId, const QString& error);
    void onEditRequested(const ReviewTimelineEntry& before, const ReviewTimelineEntry& after);
    void push(const QString& text, QVector<TimelineRowsCommand::Change> changes);
    void write(const QVector<TimelineRowsCommand::Change>& changes, bool forward);
    RowHandlePtr handleFor(qint64 id);
    void addFromFields();
    void updateState();
    void showMessage(const QString& text);

    StoreReader* m_reader = nullptr;
    OperatorSession& m_session;
    const Clock& m_clock;
    const Theme& m_theme;
    ReviewWriteTracker* m_writes = nullptr;
    ReviewTimelineModel* m_model = nullptr;
    QUndoStack* m_undo = nullptr;
    QLabel* m_count = nullptr;
    QLabel* m_hint = nullptr;
    QLabel* m_message = nullptr;
    QPushButton* m_importButton = nullptr;
    QTreeView* m_view = nullptr;
    QWidget* m_addBar = nullptr; // the new row's fields and the add and remove buttons
    QDateTimeEdit* m_newTime = nullptr;
    QLineEdit* m_newText = nullptr;
    QPushButton* m_addButton = nullptr;
    QPushButton* m_removeButton = nullptr;
    QAction* m_undoAction = nullptr;
    QAction* m_redoAction = nullptr;
    QAction* m_addAction = nullptr;
    QAction* m_removeAction = nullptr;
    QPointer<ReviewTimelineImportDialog> m_dialog;
    qint64 m_incidentId = 0;
    quint64 m_request = 0;
    bool m_loaded = false;
    QVector<ReviewTimelineEntry> m_early; // stored before the first read answered
    QHash<qint64, RowHandlePtr> m_handles; // by current store id
};

} // namespace firebreak
