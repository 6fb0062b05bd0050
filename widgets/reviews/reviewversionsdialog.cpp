#include "reviewversionsdialog.h"

#include "reviewdiffhtml.h"
#include "reviews/reviewdiff.h"
#include "style/panestyle.h"
#include "style/theme.h"

#include <QComboBox>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QTextBrowser>
#include <QTimeZone>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <algorithm>

namespace firebreak {

namespace {

constexpr int ShortShaLength = 12;

QString utcTime(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::utc()).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"))
        + QStringLiteral(" UTC");
}

} // namespace

ReviewVersionsDialog::ReviewVersionsDialog(const Theme& theme, QWidget* parent)
    : QDialog(parent)
    , m_theme(theme)
    , m_list(new QTreeWidget(this))
    , m_from(new QComboBox(this))
    , m_to(new QComboBox(this))
    , m_summary(new QLabel(this))
    , m_diff(new QTextBrowser(this))
{
    setWindowTitle(tr("Review versions"));
    resize(980, 720);

    m_list->setColumnCount(5);
    m_list->setHeaderLabels({ tr("Version"), tr("Status"), tr("Saved by"), tr("Saved (UTC)"), tr("SHA-256") });
    PaneStyle::rowList(*m_list);
    m_list->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_list->header()->setStretchLastSection(true);
    m_list->setToolTip(tr("Select two versions to compare them"));
    connect(m_list, &QTreeWidget::itemSelectionChanged, this, &ReviewVersionsDialog::pickFromSelection);

    auto* compareRow = new QHBoxLayout;
    compareRow->addWidget(new QLabel(tr("Compare"), this));
    compareRow->addWidget(m_from);
    compareRow->addWidget(new QLabel(tr("with"), this));
    compareRow->addWidget(m_to);
    compareRow->addStretch(1);
    for (QComboBox* box : { m_from, m_to })
        box->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    connect(m_from, &QComboBox::currentIndexChanged, this, &ReviewVersionsDialog::showDiff);
    connect(m_to, &QComboBox::currentIndexChanged, this, &ReviewVersionsDialog::showDiff);

    m_summary->setWordWrap(true);
    PaneStyle::muted(*m_summary, theme);
    m_diff->setOpenLinks(false);
    QPalette diffPalette = m_diff->palette();
    diffPalette.setColor(QPalette::Base, theme.surface);
    diffPalette.setColor(QPalette::Text, theme.text);
    m_diff->setPalette(diffPalette);

    auto* lower = new QWidget(this);
    auto* lowerLayout = new QVBoxLayout(lower);
    lowerLayout->setContentsMargins(0, 0, 0, 0);
    lowerLayout->addLayout(compareRow);
    lowerLayout->addWidget(m_summary);
    lowerLayout->addWidget(m_diff, 1);

    auto* split = new QSplitter(Qt::Vertical, this);
    split->setChildrenCollapsible(false);
    split->addWidget(m_list);
    split->addWidget(lower);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 4);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->button(QDialogButtonBox::Close)->setAutoDefault(false);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(split, 1);
    layout->addWidget(buttons);
    setLoading();
}

void ReviewVersionsDialog::setLoading()
{
    m_summary->setText(tr("Reading the versions…"));
}

void ReviewVersionsDialog::setError(const QString& error)
{
    m_summary->setText(tr("The versions could not be read: %1").arg(error));
}

void ReviewVersionsDialog::setVersions(const QVector<Review>& versions)
{
    m_versions = versions;
    std::sort(
        m_versions.begin(), m_versions.end(), [](const Review& a, const Review& b) { return a.version < b.version; });
    m_updating = true;
    m_list->clear();
    m_from->clear();
    m_to->clear();
    for (const Review& review : std::as_const(m_versions)) {
        const QString sha = review.contentSha256();
        auto* item = new QTreeWidgetItem(m_list,
            { QString::number(review.version), reviewStatusName(review.status), review.author,
                utcTime(review.updatedMs), sha.left(ShortShaLength) });
        item->setData(0, Qt::UserRole, review.version);
        item->setToolTip(4, sha);
        item->setTextAlignment(0, Qt::AlignRight | Qt::AlignVCenter);
        if (review.status == ReviewStatus::Final)
            item->setForeground(1, m_theme.toneColor(Theme::Tone::Good));
        const QString label
            = tr("version %1 (%2, %3)").arg(review.version).arg(reviewStatusName(review.status), review.author);
        m_from->addItem(label, review.version);
        m_to->addItem(label, review.version);
    }
    for (int column = 0; column < 4; ++column)
        m_list->resizeColumnToContents(column);
    m_updating = false;
    if (m_versions.size() >= 2)
        compare(m_versions.at(m_versions.size() - 2).version, m_versions.last().version);
    else
        showDiff();
}

void ReviewVersionsDialog::compare(int from, int to)
{
    m_updating = true;
    m_from->setCurrentIndex(m_from->findData(from));
    m_to->setCurrentIndex(m_to->findData(to));
    m_updating = false;
    showDiff();
}

int ReviewVersionsDialog::fromVersion() const
{
    return m_from->currentData().toInt();
}

int ReviewVersionsDialog::toVersion() const
{
    return m_to->currentData().toInt();
}

const Review* ReviewVersionsDialog::version(int number) const
{
    for (const Review& review : m_versions) {
        if (review.version == number)
            return &review;
    }
    return nullptr;
}

void ReviewVersionsDialog::pickFromSelection()
{
    if (m_updating)
        return;
    const QList<QTreeWidgetItem*> selected = m_list->selectedItems();
    if (selected.size() != 2)
        return;
    const int a = selected.at(0)->data(0, Qt::UserRole).toInt();
    const int b = selected.at(1)->data(0, Qt::UserRole).toInt();
    compare(qMin(a, b), qMax(a, b));
}

void ReviewVersionsDialog::showDiff()
{
    if (m_updating)
        return;
    if (m_versions.isEmpty()) {
        m_summary->setText(tr("No version has been saved yet."));
        m_diff->clear();
        return;
    }
    if (m_versions.size() == 1) {
        m_summary->setText(tr("Only version 1 so far: the differences show once a second version is saved."));
        m_diff->clear();
        return;
    }
    const Review* older = version(fromVersion());
    const Review* newer = version(toVersion());
    if (!older || !newer)
        return;
    const QVector<ReviewSectionDiff> sections = ReviewDiff::compare(*older, *newer);
    int added = 0;
    int removed = 0;
    QStringList changed;
    for (const ReviewSectionDiff& section : sections) {
        added += section.added;
        removed += section.removed;
        if (section.changed())
            changed.append(section.heading);
    }
    if (older->version == newer->version)
        m_summary->setText(tr("The same version on both sides."));
    else if (changed.isEmpty())
        m_summary->setText(older->status != newer->status
                ? tr("Only the status changed, from %1 to %2.")
                      .arg(reviewStatusName(older->status), reviewStatusName(newer->status))
                : tr("No changes between version %1 and version %2.").arg(older->version).arg(newer->version));
    else
        m_summary->setText(tr("From version %1 to version %2: %3 added, %4 removed, in %5.")
                               .arg(older->version)
                               .arg(newer->version)
                               .arg(added == 1 ? tr("1 line") : tr("%1 lines").arg(added))
                               .arg(removed)
                               .arg(changed.join(QStringLiteral(", "))));
    m_diff->setHtml(ReviewDiffHtml::render(
        *older, *newer, sections, m_theme, QFontDatabase::systemFont(QFontDatabase::FixedFont).family()));
}

} // namespace firebreak
