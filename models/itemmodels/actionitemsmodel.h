#pragma once

#include "reviews/actionitem.h"

#include <QAbstractTableModel>
#include <QColor>
#include <QDate>
#include <QVector>

class QTimer;

namespace firebreak {

class Clock;

// A review's action items as an editable table: who owes what by when, with the overdue ones
// flagged (OverdueRole) and coloured so a slipping follow-up stands out. Edits are not applied
// here: setData() asks for them (editRequested) and the rows change only when the store has them
// (apply()), so the table never shows what was not saved. Overdue is judged by the injected clock
// and re-judged every minute.
class ActionItemsModel final : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { TitleColumn, OwnerColumn, DueColumn, StatusColumn, LinkColumn, ColumnCount };
    enum Role {
        ItemIdRole = Qt::UserRole + 1,
        OverdueRole, // bool
        StatusNameRole, // open | done | dropped
        DueMsRole,
        LinkUrlRole, // QUrl, valid only for an http(s) link
    };
    static constexpr int OverdueTickMs = 60'000;

    explicit ActionItemsModel(const Clock& clock, QObject* parent = nullptr);
    ~ActionItemsModel() override;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    // Validates the edit and emits editRequested (or editRejected); the row itself is unchanged.
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;

    qint64 incidentId() const { return m_incidentId; }
    // Shows `items` of `incidentId` (a reset).
    void setItems(qint64 incidentId, const QVector<ActionItem>& items);
    // Stored rows (from a committed batch): items of this incident are inserted, updated or removed.
    void apply(const QVector<ActionItem>& stored);
    const ActionItem& itemAt(int row) const { return m_rows.at(row); }
    int rowOfItem(qint64 id) const; // -1 when absent
    int openCount() const;
    int overdueCount() const;
    bool isEditable() const { return m_editable; }
    void setEditable(bool editable);
    void setColors(const QColor& overdue, const QColor& muted);

    // The due date an editor shows for `dueMs` (UTC; null for 0), and the dueMs a date stands for:
    // the last millisecond of that day in UTC, so an item is overdue only once its day is over.
    static QDate dueDate(qint64 dueMs);
    static qint64 dueMsOf(const QDate& date);
    // "overdue 3 d", or in hours within the first day.
    static QString overdueText(qint64 overdueMs);
    // Empty, or an absolute http/https URL with a host.
    static bool isAcceptableLink(const QString& link);

public Q_SLOTS:
    // Re-judges which items are overdue (the clock moved).
    void refreshOverdue();

Q_SIGNALS:
    void editRequested(const firebreak::ActionItem& before, const firebreak::ActionItem& after);
    void editRejected(const QString& reason);

private:
    int insertionRow(qint64 id) const;

    const Clock& m_clock;
    qint64 m_incidentId = 0;
    QVector<ActionItem> m_rows; // by id: creation order
    bool m_editable = false;
    QColor m_overdueColor = QColor(0xc4, 0x23, 0x23);
    QColor m_mutedColor = QColor(0x5a, 0x65, 0x73);
    QTimer* m_tick = nullptr;
};

} // namespace firebreak
