#include "reviewfiguresview.h"

#include "itemmodels/runstepsmodel.h"
#include "style/panestyle.h"
#include "style/theme.h"

#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTimeZone>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace firebreak {

ReviewFiguresView::ReviewFiguresView(const Theme& theme, QWidget* parent)
    : QWidget(parent)
    , m_theme(theme)
    , m_list(new QTreeWidget(this))
    , m_refresh(new QPushButton(tr("Refresh"), this))
    , m_footer(new QLabel(this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 6, 8, 6);
    layout->setSpacing(4);
    auto* top = new QHBoxLayout;
    auto* title = new QLabel(tr("Figures"), this);
    PaneStyle::title(*title);
    top->addWidget(title);
    top->addStretch(1);
    m_refresh->setAutoDefault(false);
    m_refresh->setToolTip(tr("Compute the figures again from the store"));
    top->addWidget(m_refresh);
    layout->addLayout(top);
    auto* caption = new QLabel(tr("Computed from the incident's data. Hover a figure to see how."), this);
    caption->setWordWrap(true);
    PaneStyle::muted(*caption, theme);
    layout->addWidget(caption);

    m_list->setColumnCount(2);
    m_list->setHeaderHidden(true);
    PaneStyle::rowList(*m_list);
    m_list->setRootIsDecorated(true);
    m_list->setSelectionMode(QAbstractItemView::NoSelection);
    m_list->header()->setStretchLastSection(false);
    m_list->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_list->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    layout->addWidget(m_list, 1);

    m_footer->setWordWrap(true);
    m_footer->setTextInteractionFlags(Qt::TextSelectableByMouse);
    PaneStyle::muted(*m_footer, theme);
    layout->addWidget(m_footer);

    connect(m_refresh, &QPushButton::clicked, this, &ReviewFiguresView::refreshRequested);
    setLoading();
}

void ReviewFiguresView::setLoading()
{
    m_footer->setText(tr("Computing…"));
    m_refresh->setEnabled(false);
}

QString ReviewFiguresView::valueText(const ReviewFigure& figure)
{
    if (!figure.known)
        return QStringLiteral("—");
    if (figure.unit == ReviewFigure::Unit::Milliseconds)
        return RunStepsModel::formatDuration(figure.value);
    return QString::number(figure.value);
}

void ReviewFiguresView::addFigure(const ReviewFigure& figure)
{
    auto* item = new QTreeWidgetItem(m_list, { figure.label, valueText(figure) });
    item->setToolTip(0, figure.howComputed);
    item->setToolTip(1, figure.howComputed);
    item->setTextAlignment(1, Qt::AlignRight | Qt::AlignVCenter);
    if (!figure.known)
        item->setForeground(1, m_theme.mutedText);
}

void ReviewFiguresView::setFigures(const ReviewFigures& figures)
{
    m_list->clear();
    const QVector<ReviewFigure> all = figures.all();
    for (const ReviewFigure& figure : all)
        addFigure(figure);
    // The runs broken down by the state each is in now, under the runs figure.
    const QList<QTreeWidgetItem*> runs = m_list->findItems(figures.runs.label, Qt::MatchExactly);
    if (!runs.isEmpty()) {
        for (auto it = figures.runsByState.cbegin(); it != figures.runsByState.cend(); ++it) {
            auto* child = new QTreeWidgetItem(runs.first(),
                { QString(it.key()).replace(QLatin1Char('_'), QLatin1Char(' ')), QString::number(it.value()) });
            child->setTextAlignment(1, Qt::AlignRight | Qt::AlignVCenter);
            child->setForeground(0, m_theme.mutedText);
        }
        runs.first()->setExpanded(true);
    }
    const QString computed = QDateTime::fromMSecsSinceEpoch(figures.computedAtMs, QTimeZone::utc())
                                 .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    const bool auditEmpty = figures.auditHeadId <= 0;
    m_footer->setText(auditEmpty ? tr("Computed %1 UTC · the audit log is empty").arg(computed)
                                 : tr("Computed %1 UTC · audit head #%2 %3")
                                       .arg(computed)
                                       .arg(figures.auditHeadId)
                                       .arg(figures.auditHeadHash.left(12)));
    m_footer->setToolTip(auditEmpty ? QString() : tr("Audit head hash: %1").arg(figures.auditHeadHash));
    m_refresh->setEnabled(true);
}

void ReviewFiguresView::setError(const QString& error)
{
    m_footer->setText(tr("Figures not available: %1").arg(error));
    m_refresh->setEnabled(true);
}

} // namespace firebreak
