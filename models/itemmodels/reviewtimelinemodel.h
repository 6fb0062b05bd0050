#pragma once

#include "reviews/reviewtimelineentry.h"

#include <QAbstractTableModel>
#include <QColor>
#include <QSet>
#include <QVector>

namespace firebreak {

// A review's timeline rows as a table: when (UTC), what happened (editable), and the incident event
// it came from, so a reader can go back to the evidence. Like ActionItemsModel, edits are asked for
// (editRequested) and rows change only when the store has them (apply()).
class ReviewTimelineModel final : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { TimeColumn, TextColumn, SourceColumn, ColumnCount };
    enum Role {
        EntryIdRole = Qt::UserRole + 1,
        SourceEventIdRole, // 0 for a typed row
        TimeMsRole,
    };

    explicit ReviewTimelineModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    // Only the text is editable; validates it and emits editRequested (or editRejected).
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;

    qint64 incidentId() const { return m_incidentId; }
    void setEntries(qint64 incidentId, const QVector<ReviewTimelineEntry>& entries); // a reset
    // Stored rows (from a committed batch): rows of this incident are inserted, updated or removed.
    void apply(const QVector<ReviewTimelineEntry>& stored);
    const ReviewTimelineEntry& entryAt(int row) const { return m_rows.at(row); }
    int rowOfEntry(qint64 id) const; // -1 when absent
    // The incident events the timeline already holds a row for.
    QSet<qint64> importedEventIds() const;
    bool isEditable() const { return m_editable; }
    void setEditable(bool editable);
    void setColors(const QColor& link, const QColor& muted);

    static QString formatTime(qint64 timeMs); // "2026-09-21 14:02:05" (UTC)

Q_SIGNALS:
    void editRequested(const firebreak::ReviewTimelineEntry& before, const firebreak::ReviewTimelineEntry& after);
    void editRejected(const QString& reason);

private:
    int insertionRow(const ReviewTimelineEntry& entry) const;
    void removeRow(int row);
    void insertSorted(ReviewTimelineEntry entry);

    qint64 m_incidentId = 0;
    QVector<ReviewTimelineEntry> m_rows; // by time, then id
    bool m_editable = false;
    QColor m_linkColor = QColor(0x2a, 0x64, 0xad);
    QColor m_mutedColor = QColor(0x5a, 0x65, 0x73);
};

} // namespace firebreak
