#pragma once

#include "reviews/reviewtimelinecandidate.h"

#include <QDialog>
#include <QSet>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTreeView;

namespace firebreak {

class ReviewImportCandidatesModel;
class ReviewImportFilter;
class StoreReader;
struct Theme;

// Picks which of an incident's events become rows of its review's timeline: pinned events start
// selected (★), events the review already has are shown but cannot be picked again, and a kind and
// text filter with select all/none (over what is shown) make a long timeline manageable. The
// candidates are read on the store reader's thread when the dialog opens.
class ReviewTimelineImportDialog final : public QDialog {
    Q_OBJECT
public:
    ReviewTimelineImportDialog(StoreReader* reader, qint64 incidentId, const QSet<qint64>& alreadyImported,
        const Theme& theme, QWidget* parent = nullptr);

    qint64 incident() const { return m_incidentId; }
    bool isLoaded() const { return m_loaded; }
    // The rows to add (ids 0), oldest first.
    QVector<ReviewTimelineEntry> selectedEntries() const;

    ReviewImportCandidatesModel* model() const { return m_model; }
    ReviewImportFilter* filterModel() const { return m_filter; }
    QTreeView* view() const { return m_view; }
    QComboBox* kindFilter() const { return m_kind; }
    QLineEdit* textFilter() const { return m_text; }
    QPushButton* importButton() const { return m_import; }
    QPushButton* selectAllButton() const { return m_all; }
    QPushButton* selectNoneButton() const { return m_none; }

Q_SIGNALS:
    void fetchRequested(quint64 requestId, qint64 incidentId); // to StoreReader::fetchReviewTimelineImport

private:
    void onFetched(quint64 requestId, qint64 incidentId, const QVector<ReviewTimelineCandidate>& candidates);
    void onFailed(quint64 requestId, const QString& error);
    void applyKind();
    void selectShown(bool checked);
    void updateCount();

    qint64 m_incidentId = 0;
    QSet<qint64> m_alreadyImported;
    quint64 m_request = 0;
    bool m_loaded = false;
    ReviewImportCandidatesModel* m_model = nullptr;
    ReviewImportFilter* m_filter = nullptr;
    QLabel* m_caption = nullptr;
    QComboBox* m_kind = nullptr;
    QLineEdit* m_text = nullptr;
    QTreeView* m_view = nullptr;
    QPushButton* m_all = nullptr;
    QPushButton* m_none = nullptr;
    QLabel* m_count = nullptr;
    QPushButton* m_import = nullptr;
};

} // namespace firebreak
