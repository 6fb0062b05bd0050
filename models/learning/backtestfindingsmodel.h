#pragma once

#include "backtestresult.h"

#include <QAbstractTableModel>
#include <QVector>

namespace firebreak {

// A backtest's outcome, one row per thing that happened, in time order: each firing (a hit, a repeat,
// a false alarm), each real incident it missed or could not judge, and each incident the reviews
// called noise that the gate rightly stayed quiet for. It is the table an SRE checks the chart
// against, so every row says which incident, what the review said and the delay.
class BacktestFindingsModel final : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { TimeColumn, OutcomeColumn, IncidentColumn, VerdictColumn, DelayColumn, DetailColumn, ColumnCount };
    enum class Outcome { Hit, Repeat, FalseAlarm, Miss, NotJudged, Quiet };
    enum Role {
        OutcomeRole = Qt::UserRole + 1, // int(Outcome)
        IncidentRole, // index into the result's incidents, -1 for none
        TimeRole, // UTC ms of the firing, or of the incident's start
    };

    explicit BacktestFindingsModel(QObject* parent = nullptr);

    void setResult(const BacktestResult& result);
    void clear();

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    static QString outcomeText(Outcome outcome);
    int count(Outcome outcome) const;

private:
    struct Row {
        Outcome outcome = Outcome::Hit;
        qint64 timeMs = 0;
        int incident = -1;
        qint64 delayMs = 0;
        QString detail;
    };

    BacktestResult m_result;
    QVector<Row> m_rows;
};

} // namespace firebreak
