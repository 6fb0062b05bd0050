#pragma once

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QModelIndex;
class QStackedWidget;
class QTimer;
class QTreeView;

namespace firebreak {

class ReviewListDelegate;
class ReviewListModel;
class StoreReader;
struct CommittedBatch;
struct Theme;

// Every post-incident review in one list, so a commander can find what was learnt ("disk*"), see
// which reviews are still drafts, which follow-ups are overdue, and which closed incidents never got
// a review. Searching is full-text on the reader's thread, debounced while typing; the list stays
// live as reviews and action items are saved. Enter or a double-click opens the review.
class ReviewListView final : public QWidget {
    Q_OBJECT
public:
    static constexpr int SearchDelayMs = 250;

    ReviewListView(StoreReader* reader, const Theme& theme, QWidget* parent = nullptr);

    ReviewListModel* model() const { return m_model; }
    QTreeView* treeView() const { return m_tree; }
    QLineEdit* searchField() const { return m_search; }
    QComboBox* statusFilter() const { return m_status; }
    QLabel* countLabel() const { return m_count; }
    QLabel* placeholder() const { return m_placeholder; }
    // The status filter codes in the combo's order: "", "draft", "final", "overdue", "missing".
    static QStringList statusFilters();
    // Selects the filter with this code.
    void setStatusFilter(const QString& code);

public Q_SLOTS:
    void refresh();
    void onCommitted(const firebreak::CommittedBatch& batch);

Q_SIGNALS:
    void openReview(qint64 incidentId);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void applyQuery();
    void activate(const QModelIndex& index);
    void onListChanged();
    void showError(const QString& error);

    ReviewListModel* m_model = nullptr;
    ReviewListDelegate* m_delegate = nullptr;
    QLineEdit* m_search = nullptr;
    QComboBox* m_status = nullptr;
    QLabel* m_count = nullptr;
    QStackedWidget* m_stack = nullptr;
    QTreeView* m_tree = nullptr;
    QLabel* m_placeholder = nullptr;
    QTimer* m_debounce = nullptr;
    qint64 m_selectedIncident = 0;
};

} // namespace firebreak
