#include "reviewimportfilter.h"

#include "reviewimportcandidatesmodel.h"

namespace firebreak {

void ReviewImportFilter::setKinds(const QSet<QString>& kinds)
{
    m_kinds = kinds;
    invalidateFilter();
}

void ReviewImportFilter::setText(const QString& text)
{
    m_words = text.simplified().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    invalidateFilter();
}

bool ReviewImportFilter::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const
{
    const QAbstractItemModel* model = sourceModel();
    const QString kind
        = model->index(sourceRow, 0, sourceParent).data(ReviewImportCandidatesModel::KindRole).toString();
    if (!m_kinds.isEmpty() && !m_kinds.contains(kind))
        return false;
    const QString text
        = model->index(sourceRow, ReviewImportCandidatesModel::TextColumn, sourceParent).data().toString();
    for (const QString& word : m_words) {
        if (!text.contains(word, Qt::CaseInsensitive) && !kind.contains(word, Qt::CaseInsensitive))
            return false;
    }
    return true;
}

} // namespace firebreak

#include "moc_reviewimportfilter.cpp"
