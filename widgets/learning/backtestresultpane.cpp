#include "backtestresultpane.h"

#include "correlation/correlationevents.h"
#include "learning/backtestfindingsmodel.h"
#include "learning/backtestresult.h"
#include "outcomedelegate.h"
#include "style/panestyle.h"
#include "style/theme.h"

#include <QDateTime>
#include <QGridLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QTreeView>
#include <QVBoxLayout>

namespace firebreak {

namespace {

QString delayText(const std::optional<qint64>& delayMs)
{
    return delayMs ? backtestDelayText(*delayMs) : QStringLiteral("\u2013");
}

QString counted(int count, const char* one, const char* many)
{
    return QStringLiteral("%1 %2").arg(count).arg(QLatin1String(count == 1 ? one : many));
}

} // namespace

BacktestResultPane::BacktestResultPane(const Theme& theme, QWidget* parent)
    : QWidget(parent)
    , m_theme(theme)
    , m_model(new BacktestFindingsModel(this))
    , m_scope(new QLabel(this))
    , m_table(new QTreeView(this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(6);
    auto* figures = new QGridLayout;
    figures->setHorizontalSpacing(22);
    figures->setVerticalSpacing(0);
    const QString captions[FigureCount]
        = { tr("Hits"), tr("False alarms"), tr("Misses"), tr("Median delay"), tr("Worst delay") };
    for (int i = 0; i < FigureCount; ++i) {
        auto* value = new QLabel(QStringLiteral("\u2013"), this);
        QFont big = value->font();
        big.setPointSizeF(big.pointSizeF() * 1.6);
        big.setBold(true);
        value->setFont(big);
        auto* caption = new QLabel(captions[i], this);
        PaneStyle::muted(*caption, theme);
        figures->addWidget(value, 0, i);
        figures->addWidget(caption, 1, i);
        m_values[i] = value;
    }
    figures->setColumnStretch(FigureCount, 1);
    layout->addLayout(figures);
    m_scope->setWordWrap(true);
    PaneStyle::muted(*m_scope, theme);
    layout->addWidget(m_scope);

    PaneStyle::rowList(*m_table);
    m_table->setModel(m_model);
    m_table->setItemDelegateForColumn(BacktestFindingsModel::OutcomeColumn, new OutcomeDelegate(theme, this));
    m_table->header()->setStretchLastSection(true);
    m_table->setAccessibleName(tr("What happened, per firing and per incident"));
    layout->addWidget(m_table, 1);

    connect(
        m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex& current) {
            Q_EMIT incidentSelected(current.isValid() ? current.data(BacktestFindingsModel::IncidentRole).toInt() : -1);
        });
    clear();
}

void BacktestResultPane::clear()
{
    m_model->clear();
    for (QLabel* value : m_values) {
        value->setText(QStringLiteral("\u2013"));
        value->setPalette(palette());
    }
    m_scope->setText(tr("No backtest yet."));
}

void BacktestResultPane::setResult(const BacktestResult& result, qint64 stepMs)
{
    m_model->setResult(result);
    m_values[Hits]->setText(QString::number(result.hits));
    m_values[FalseAlarms]->setText(QString::number(result.falseAlarms));
    m_values[Misses]->setText(QString::number(result.misses));
    m_values[MedianDelay]->setText(delayText(result.medianDelayMs()));
    m_values[WorstDelay]->setText(delayText(result.worstDelayMs()));
    for (const Figure figure : { FalseAlarms, Misses }) {
        const bool any = m_values[figure]->text() != QLatin1String("0");
        QPalette colours = palette();
        colours.setColor(QPalette::WindowText, any ? m_theme.toneColor(Theme::Tone::Bad) : m_theme.text);
        m_values[figure]->setPalette(colours);
    }
    int unreviewed = 0;
    for (const IncidentVerdict& incident : result.incidents)
        unreviewed += incident.reviewed ? 0 : 1;
    const auto clock
        = [](qint64 ms) { return QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("MM-dd HH:mm")); };
    QString scope = tr("Replayed %1 of %2 from %3 to %4 against %5")
                        .arg(counted(result.steps, "step", "steps"), CorrelationEvents::durationText(stepMs),
                            clock(result.evaluatedFromMs), clock(result.evaluatedToMs),
                            counted(int(result.incidents.size()), "incident", "incidents"));
    if (unreviewed > 0)
        scope += tr("; %1 unreviewed, counted as real").arg(unreviewed);
    if (result.repeats > 0)
        scope
            += tr("; %1 inside incidents already hit").arg(counted(result.repeats, "repeat firing", "repeat firings"));
    if (result.notJudged > 0)
        scope
            += tr("; %1 outside the replayed span, not judged").arg(counted(result.notJudged, "incident", "incidents"));
    m_scope->setText(scope + QLatin1Char('.'));
    m_table->resizeColumnToContents(BacktestFindingsModel::TimeColumn);
    m_table->resizeColumnToContents(BacktestFindingsModel::OutcomeColumn);
    m_table->resizeColumnToContents(BacktestFindingsModel::VerdictColumn);
    m_table->resizeColumnToContents(BacktestFindingsModel::DelayColumn);
    m_table->resizeColumnToContents(BacktestFindingsModel::IncidentColumn);
    m_table->setColumnWidth(BacktestFindingsModel::IncidentColumn,
        std::min(280, m_table->columnWidth(BacktestFindingsModel::IncidentColumn)));
}

QString BacktestResultPane::figureText(Figure figure) const
{
    return m_values[figure]->text();
}

} // namespace firebreak
