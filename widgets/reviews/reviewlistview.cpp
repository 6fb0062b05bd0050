#include "reviewlistview.h"

#include "itemmodels/reviewlistmodel.h"
#include "reviewlistdelegate.h"
#include "store/storereader.h"
#include "style/panestyle.h"
#include "style/theme.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QStackedWidget>
#include <QTimer>
#include <QTreeView>
#include <QVBoxLayout>

namespace firebreak {

ReviewListView::ReviewListView(StoreReader* reader, const Theme& theme, QWidget* parent)
    : QWidget(parent)
    , m_model(new ReviewListModel(this))
    , m_delegate(new ReviewListDelegate(theme, this))
    , m_search(new QLineEdit(this))
    , m_status(new QComboBox(this))
    , m_count(new QLabel(this))
    , m_stack(new QStackedWidget(this))
    , m_tree(new QTreeView(m_stack))
    , m_placeholder(new QLabel(m_stack))
    , m_debounce(new QTimer(this))
{
    Q_ASSERT(reader);
    setObjectName(QStringLiteral("reviewListView"));
    setWindowTitle(tr("Reviews"));
    m_model->setSeverityPalette(theme.severity);
    m_tree->setObjectName(QStringLiteral("reviewListTree"));
    m_tree->setModel(m_model);
    m_tree->setItemDelegate(m_delegate);
    PaneStyle::rowList(*m_tree);
    m_tree->installEventFilter(this);
    QHeaderView* header = m_tree->header();
    // The incident's title takes what room there is; the other columns keep their widths.
    header->setStretchLastSection(false);
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setSectionResizeMode(ReviewListModel::IncidentColumn, QHeaderView::Stretch);
    const QFontMetrics metrics(font());
    header->resizeSection(ReviewListModel::SeverityColumn, metrics.horizontalAdvance(QStringLiteral("SEV0")) + 30);
    header->resizeSection(ReviewListModel::IncidentColumn, metrics.horizontalAdvance(QLatin1Char('m')) * 18);
    header->resizeSection(ReviewListModel::MatchColumn, metrics.horizontalAdvance(QLatin1Char('m')) * 20);
    header->resizeSection(ReviewListModel::ReviewColumn, metrics.horizontalAdvance(QStringLiteral("no review")) + 24);
    header->resizeSection(ReviewListModel::VersionColumn, metrics.horizontalAdvance(QStringLiteral("Version")) + 14);
    header->resizeSection(ReviewListModel::AuthorColumn, metrics.horizontalAdvance(QLatin1Char('m')) * 6);
    header->resizeSection(
        ReviewListModel::UpdatedColumn, metrics.horizontalAdvance(QStringLiteral("2026-09-21 14:02")) + 18);
    header->resizeSection(
        ReviewListModel::ActionItemsColumn, metrics.horizontalAdvance(QStringLiteral("12 open · 10 overdue")) + 24);

    m_search->setObjectName(QStringLiteral("reviewSearch"));
    m_search->setPlaceholderText(tr("Search reviews: every word must match, disk* matches a prefix"));
    m_search->setClearButtonEnabled(true);
    m_status->addItem(tr("All reviews"), QString());
    m_status->addItem(tr("Drafts"), QStringLiteral("draft"));
    m_status->addItem(tr("Final"), QStringLiteral("final"));
    m_status->addItem(tr("With overdue actions"), QStringLiteral("overdue"));
    m_status->addItem(tr("Missing a review"), QStringLiteral("missing"));
    m_status->setItemData(4, tr("Resolved incidents that have no saved review yet"), Qt::ToolTipRole);
    PaneStyle::muted(*m_count, theme);
    m_count->setObjectName(QStringLiteral("reviewCount"));
    m_placeholder->setAlignment(Qt::AlignCenter);
    m_placeholder->setWordWrap(true);
    m_placeholder->setMargin(16);
    PaneStyle::muted(*m_placeholder, theme);
    m_stack->addWidget(m_tree);
    m_stack->addWidget(m_placeholder);
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(SearchDelayMs);

    auto* title = new QLabel(tr("Reviews"), this);
    PaneStyle::title(*title);
    auto* top = new QHBoxLayout;
    top->setContentsMargins(8, 6, 8, 6);
    top->setSpacing(8);
    top->addWidget(title);
    top->addSpacing(8);
    top->addWidget(m_search, 1);
    top->addWidget(m_status);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addLayout(top);
    m_count->setContentsMargins(8, 0, 8, 4);
    layout->addWidget(m_count);
    layout->addWidget(m_stack, 1);

    connect(m_model, &ReviewListModel::fetchRequested, reader, &StoreReader::fetchReviewList, Qt::QueuedConnection);
    connect(reader, &StoreReader::reviewListFetched, m_model, &ReviewListModel::onReviewListFetched);
    connect(reader, &StoreReader::failed, m_model, &ReviewListModel::onFetchFailed);
    connect(m_model, &ReviewListModel::listChanged, this, &ReviewListView::onListChanged);
    connect(m_model, &ReviewListModel::fetchFailed, this, &ReviewListView::showError);
    connect(m_model, &QAbstractItemModel::modelAboutToBeReset, this, [this] {
        const QModelIndex current = m_tree->currentIndex();
        m_selectedIncident = current.isValid() ? current.data(ReviewListModel::IncidentIdRole).toLongLong() : 0;
    });
    connect(m_search, &QLineEdit::textChanged, m_debounce, qOverload<>(&QTimer::start));
    connect(m_search, &QLineEdit::returnPressed, this, &ReviewListView::applyQuery);
    connect(m_debounce, &QTimer::timeout, this, &ReviewListView::applyQuery);
    connect(m_status, &QComboBox::currentIndexChanged, this, &ReviewListView::applyQuery);
    connect(m_tree, &QTreeView::doubleClicked, this, &ReviewListView::activate);
    m_placeholder->setText(tr("Reading the reviews…"));
    m_stack->setCurrentWidget(m_placeholder);
    applyQuery();
}

QStringList ReviewListView::statusFilters()
{
    return { QString(), QStringLiteral("draft"), QStringLiteral("final"), QStringLiteral("overdue"),
        QStringLiteral("missing") };
}

void ReviewListView::setStatusFilter(const QString& code)
{
    const int at = statusFilters().indexOf(code);
    if (at >= 0)
        m_status->setCurrentIndex(at);
}

void ReviewListView::refresh()
{
    m_model->refresh();
}

void ReviewListView::onCommitted(const CommittedBatch& batch)
{
    m_model->onCommitted(batch);
}

void ReviewListView::applyQuery()
{
    m_debounce->stop();
    const QString text = m_search->text().trimmed();
    const QString filter = m_status->currentData().toString();
    if (text == m_model->text() && filter == m_model->statusFilter() && m_model->isLoaded())
        return;
    m_model->setQuery(text, filter);
}

void ReviewListView::onListChanged()
{
    const QString text = m_model->text();
    const QString filter = m_model->statusFilter();
    const int count = m_model->rowCount();
    m_tree->setColumnHidden(ReviewListModel::MatchColumn, text.isEmpty());
    const auto counted
        = [count](const QString& one, const QString& many) { return count == 1 ? one : many.arg(count); };
    QString summary;
    if (!text.isEmpty() && filter == QLatin1String("missing"))
        summary = counted(tr("1 closed incident without a review matches '%1'"),
            tr("%1 closed incidents without a review match '%2'"));
    else if (!text.isEmpty())
        summary = counted(tr("1 review matches '%1'"), tr("%1 reviews match '%2'"));
    else if (filter == QLatin1String("draft"))
        summary = counted(tr("1 draft"), tr("%1 drafts"));
    else if (filter == QLatin1String("final"))
        summary = counted(tr("1 final review"), tr("%1 final reviews"));
    else if (filter == QLatin1String("overdue"))
        summary = counted(tr("1 review with overdue action items"), tr("%1 reviews with overdue action items"));
    else if (filter == QLatin1String("missing"))
        summary = counted(tr("1 closed incident without a review"), tr("%1 closed incidents without a review"));
    else
        summary = counted(tr("1 review"), tr("%1 reviews"));
    if (!text.isEmpty())
        summary = summary.arg(text);
    m_count->setText(summary);

    if (count > 0) {
        m_stack->setCurrentWidget(m_tree);
        const int row = m_model->rowOfIncident(m_selectedIncident);
        if (row >= 0 && !m_tree->currentIndex().isValid())
            m_tree->setCurrentIndex(m_model->index(row, 0));
        return;
    }
    if (!text.isEmpty())
        m_placeholder->setText(tr("No review matches '%1'. Every word must appear; end a word with * to match "
                                  "words that start with it.")
                                   .arg(text));
    else if (filter == QLatin1String("missing"))
        m_placeholder->setText(tr("Every resolved incident has a review."));
    else if (filter == QLatin1String("overdue"))
        m_placeholder->setText(tr("No action item is overdue."));
    else if (!filter.isEmpty())
        m_placeholder->setText(tr("No review is in this state."));
    else
        m_placeholder->setText(tr("No reviews yet. Write one from an incident once it is resolved, while the "
                                  "details are fresh."));
    m_stack->setCurrentWidget(m_placeholder);
}

void ReviewListView::showError(const QString& error)
{
    m_count->setText(tr("Cannot read the reviews: %1").arg(error));
}

void ReviewListView::activate(const QModelIndex& index)
{
    if (!index.isValid())
        return;
    const qint64 incidentId = index.data(ReviewListModel::IncidentIdRole).toLongLong();
    if (incidentId != 0)
        Q_EMIT openReview(incidentId);
}

bool ReviewListView::eventFilter(QObject* watched, QEvent* event)
{
    // Enter opens the review (as in the runs panel: activated() also fires on single clicks in some styles).
    if (watched == m_tree && event->type() == QEvent::KeyPress) {
        const auto* key = static_cast<QKeyEvent*>(event);
        if (key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) {
            activate(m_tree->currentIndex());
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace firebreak
