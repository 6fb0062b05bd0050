#pragma once

#include "reviews/reviewlistentry.h"
#include "severitypalette.h"

#include <QAbstractTableModel>
#include <QVector>

class QTimer;

namespace firebreak {

struct CommittedBatch;

// The list of all post-incident reviews: which incidents have one, how far along it is, and which
// follow-ups are slipping. The store reader computes the rows (search, filter, overdue items); this
// model asks for them (fetchRequested) and asks again when a committed batch touches reviews, action
// items or incidents, at most one read in flight and one queued, so the list stays live.
class ReviewListModel final : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        SeverityColumn,
        IncidentColumn,
        MatchColumn, // the search snippet, beside the incident it was found in (hidden when not searching)
        ReviewColumn, // draft | final (a badge), or "no review"
        VersionColumn,
        AuthorColumn,
        UpdatedColumn,
        ActionItemsColumn,
        ColumnCount
    };
    enum Role {
        IncidentIdRole = Qt::UserRole + 1,
        SeverityLevelRole,
        SeverityColorRole,
        ReviewStatusRole, // -1 without a review, else int(ReviewStatus)
        OpenItemsRole,
        OverdueItemsRole,
        EntryRole, // QVariant::fromValue(ReviewListEntry)
    };
    static constexpr int RefreshDelayMs = 150;

    explicit ReviewListModel(QObject* parent = nullptr);
    ~ReviewListModel() override;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;

    const ReviewListEntry& entryAt(int row) const { return m_rows.at(row); }
    int rowOfIncident(qint64 incidentId) const; // -1 when absent
    QString text() const { return m_text; }
    QString statusFilter() const { return m_filter; }
    bool isLoaded() const { return m_loaded; }
    void setSeverityPalette(const SeverityPalette& palette);

    static QString actionItemsText(int open, int overdue); // "2 open · 1 overdue", "" when none open
    static QString formatUpdated(qint64 ms); // "2026-09-21 14:02" (UTC)

public Q_SLOTS:
    // Asks for the rows matching `text` and `statusFilter` (see StoreReader::fetchReviewList).
    void setQuery(const QString& text, const QString& statusFilter);
    void refresh();
    void onReviewListFetched(quint64 requestId, const QVector<firebreak::ReviewListEntry>& entries);
    void onFetchFailed(quint64 requestId, const QString& error);
    void onCommitted(const firebreak::CommittedBatch& batch);

Q_SIGNALS:
    void fetchRequested(quint64 requestId, const QString& text, const QString& statusFilter);
    void listChanged(); // an answer was applied
    void fetchFailed(const QString& error);

private:
    void fetchNow();
    void replace(const QVector<ReviewListEntry>& entries);

    QVector<ReviewListEntry> m_rows;
    QString m_text;
    QString m_filter;
    quint64 m_inFlight = 0;
    bool m_queued = false;
    bool m_loaded = false;
    SeverityPalette m_palette = SeverityPalette::forLightBackground();
    QTimer* m_delay = nullptr;
};

} // namespace firebreak
