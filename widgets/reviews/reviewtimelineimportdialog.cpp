#include "reviewtimelineimportdialog.h"

#include "itemmodels/requestids.h"
#include "itemmodels/reviewimportcandidatesmodel.h"
#include "itemmodels/reviewimportfilter.h"
#include "reviewrowdelegate.h"
#include "store/storereader.h"
#include "style/kindcatalog.h"
#include "style/panestyle.h"
#include "style/theme.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTreeView>
#include <QVBoxLayout>

namespace firebreak {

ReviewTimelineImportDialog::ReviewTimelineImportDialog(
    StoreReader* reader, qint64 incidentId, const QSet<qint64>& alreadyImported, const Theme& theme, QWidget* parent)
    : QDialog(parent)
    , m_incidentId(incidentId)
    , m_alreadyImported(alreadyImported)
    , m_model(new ReviewImportCandidatesModel(this))
    , m_filter(new ReviewImportFilter(this))
    , m_caption(new QLabel(tr("Reading the incident's events…"), this))
    , m_kind(new QComboBox(this))
    , m_text(new QLineEdit(this))
    , m_view(new QTreeView(this))
    , m_all(new QPushButton(tr("Select all"), this))
    , m_none(new QPushButton(tr("Select none"), this))
    , m_count(new QLabel(this))
{
    Q_ASSERT(reader);
    setObjectName(QStringLiteral("reviewTimelineImportDialog"));
    setWindowTitle(tr("Import from incident #%1").arg(incidentId));
    resize(820, 520);
    m_model->setColors(theme.mutedText, theme.toneColor(Theme::Tone::Attention));
    m_filter->setSourceModel(m_model);
    m_view->setModel(m_filter);
    m_view->setItemDelegate(new ReviewRowDelegate(this));
    PaneStyle::rowList(*m_view);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    QHeaderView* header = m_view->header();
    header->setStretchLastSection(true);
    const QFontMetrics metrics(font());
    header->resizeSection(ReviewImportCandidatesModel::PickColumn, metrics.horizontalAdvance(tr("Import")) + 40);
    header->resizeSection(
        ReviewImportCandidatesModel::TimeColumn, metrics.horizontalAdvance(QStringLiteral("2026-09-21 14:02:05")) + 16);
    header->resizeSection(
        ReviewImportCandidatesModel::KindColumn, metrics.horizontalAdvance(QStringLiteral("approval.requested")) + 16);
    PaneStyle::muted(*m_caption, theme);
    m_caption->setWordWrap(true);
    m_kind->addItem(tr("All kinds"));
    m_kind->setEnabled(false);
    m_text->setPlaceholderText(tr("Filter by text"));
    m_text->setClearButtonEnabled(true);
    PaneStyle::muted(*m_count, theme);
    m_all->setToolTip(tr("Select every event the filters show"));
    m_none->setToolTip(tr("Clear the selection of every event the filters show"));

    auto* buttons = new QDialogButtonBox(this);
    m_import = buttons->addButton(tr("Import"), QDialogButtonBox::AcceptRole);
    m_import->setDefault(true);
    m_import->setEnabled(false);
    buttons->addButton(QDialogButtonBox::Cancel);

    auto* filters = new QHBoxLayout;
    filters->addWidget(m_kind);
    filters->addWidget(m_text, 1);
    auto* footer = new QHBoxLayout;
    footer->addWidget(m_all);
    footer->addWidget(m_none);
    footer->addSpacing(12);
    footer->addWidget(m_count);
    footer->addStretch(1);
    footer->addWidget(buttons);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_caption);
    layout->addLayout(filters);
    layout->addWidget(m_view, 1);
    layout->addLayout(footer);

    connect(this, &ReviewTimelineImportDialog::fetchRequested, reader, &StoreReader::fetchReviewTimelineImport,
        Qt::QueuedConnection);
    connect(reader, &StoreReader::reviewTimelineImportFetched, this, &ReviewTimelineImportDialog::onFetched);
    connect(reader, &StoreReader::failed, this, &ReviewTimelineImportDialog::onFailed);
    connect(m_kind, &QComboBox::currentIndexChanged, this, &ReviewTimelineImportDialog::applyKind);
    connect(m_text, &QLineEdit::textChanged, m_filter, &ReviewImportFilter::setText);
    connect(m_all, &QPushButton::clicked, this, [this] { selectShown(true); });
    connect(m_none, &QPushButton::clicked, this, [this] { selectShown(false); });
    connect(m_model, &ReviewImportCandidatesModel::checkedCountChanged, this, &ReviewTimelineImportDialog::updateCount);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    updateCount();

    m_request = RequestIds::next();
    Q_EMIT fetchRequested(m_request, incidentId);
}

QVector<ReviewTimelineEntry> ReviewTimelineImportDialog::selectedEntries() const
{
    return m_model->checkedEntries();
}

void ReviewTimelineImportDialog::onFetched(
    quint64 requestId, qint64 incidentId, const QVector<ReviewTimelineCandidate>& candidates)
{
    if (requestId == 0 || requestId != m_request || incidentId != m_incidentId)
        return;
    m_request = 0;
    m_loaded = true;
    m_model->setCandidates(candidates, m_alreadyImported);
    int pinned = 0;
    int present = 0;
    for (int row = 0; row < m_model->rowCount(); ++row) {
        pinned += m_model->candidateAt(row).preselected ? 1 : 0;
        present += m_model->isAlreadyImported(row) ? 1 : 0;
    }
    m_caption->setText(candidates.isEmpty()
            ? tr("Incident #%1 has no events to import.").arg(m_incidentId)
            : (candidates.size() == 1 ? tr("1 event of incident #%1.").arg(m_incidentId)
                                      : tr("%1 events of incident #%2.").arg(candidates.size()).arg(m_incidentId))
                + QLatin1Char(' ') + (pinned == 0 ? tr("None is pinned.") : tr("Pinned events (★) start selected."))
                + (present == 0        ? QString()
                        : present == 1 ? QLatin1Char(' ') + tr("1 is already in the review and is not imported again.")
                                       : QLatin1Char(' ')
                            + tr("%1 are already in the review and are not imported again.").arg(present)));
    // The kind filter lists the families present (Alerts, Changes, ...), each standing for its kinds.
    QStringList families;
    for (const QString& kind : m_model->kinds()) {
        const QString family = KindCatalog::lookup(kind).family;
        if (!family.isEmpty() && !families.contains(family))
            families.append(family);
    }
    m_kind->clear();
    m_kind->addItem(tr("All kinds"));
    QStringList ordered;
    for (const QString& family : KindCatalog::families()) {
        if (families.contains(family))
            ordered.append(family);
    }
    for (const QString& family : std::as_const(families)) {
        if (!ordered.contains(family))
            ordered.append(family);
    }
    for (const QString& family : std::as_const(ordered))
        m_kind->addItem(family, family);
    m_kind->setEnabled(m_kind->count() > 1);
}

void ReviewTimelineImportDialog::onFailed(quint64 requestId, const QString& error)
{
    if (requestId == 0 || requestId != m_request)
        return;
    m_request = 0;
    m_caption->setText(tr("Cannot read the events of incident #%1: %2").arg(m_incidentId).arg(error));
}

void ReviewTimelineImportDialog::applyKind()
{
    const QString family = m_kind->currentData().toString();
    QSet<QString> kinds;
    if (!family.isEmpty()) {
        for (const QString& kind : m_model->kinds()) {
            if (KindCatalog::lookup(kind).family == family)
                kinds.insert(kind);
        }
    }
    m_filter->setKinds(kinds);
}

void ReviewTimelineImportDialog::selectShown(bool checked)
{
    for (int row = 0; row < m_filter->rowCount(); ++row)
        m_model->setChecked(m_filter->mapToSource(m_filter->index(row, 0)).row(), checked);
}

void ReviewTimelineImportDialog::updateCount()
{
    const int count = m_model->checkedCount();
    m_count->setText(tr("%1 selected").arg(count));
    m_import->setEnabled(count > 0);
    m_import->setText(count == 0 ? tr("Import") : count == 1 ? tr("Import 1 row") : tr("Import %1 rows").arg(count));
}

} // namespace firebreak
