#pragma once

#include "reviews/reviewtimelinecandidate.h"

#include <QAbstractTableModel>
#include <QColor>
#include <QSet>
#include <QVector>

namespace firebreak {

// The incident events offered for a review's timeline, each with a checkbox: pinned events start
// checked (and are starred), and events the review already holds a row for are shown as such and
// cannot be checked, so importing twice never duplicates a row.
class ReviewImportCandidatesModel final : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { PickColumn, TimeColumn, KindColumn, TextColumn, ColumnCount };
    enum Role {
        KindRole = Qt::UserRole + 1,
        PinnedRole,
        AlreadyImportedRole,
        SourceEventIdRole,
    };

    explicit ReviewImportCandidatesModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    // Qt::CheckStateRole on the pick column checks or unchecks a row that is not already imported.
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;

    // A reset: candidates oldest first; `alreadyImported` holds the event ids the review has rows for.
    void setCandidates(const QVector<ReviewTimelineCandidate>& candidates, const QSet<qint64>& alreadyImported);
    const ReviewTimelineCandidate& candidateAt(int row) const { return m_rows.at(row).candidate; }
    bool isChecked(int row) const { return m_rows.at(row).checked; }
    bool isAlreadyImported(int row) const { return m_rows.at(row).imported; }
    void setChecked(int row, bool checked);
    int checkedCount() const;
    QStringList kinds() const; // distinct, sorted
    // The checked rows as new timeline rows (ids 0), oldest first.
    QVector<ReviewTimelineEntry> checkedEntries() const;
    void setColors(const QColor& muted, const QColor& star)
    {
        m_muted = muted;
        m_star = star;
    }

Q_SIGNALS:
    void checkedCountChanged(int count);

private:
    struct Row {
        ReviewTimelineCandidate candidate;
        bool checked = false;
        bool imported = false;
    };
    QVector<Row> m_rows;
    QColor m_muted = QColor(0x5a, 0x65, 0x73);
    QColor m_star = QColor(0x9a, 0x62, 0x00);
};

} // namespace firebreak
