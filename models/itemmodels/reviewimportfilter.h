#pragma once

#include <QSet>
#include <QSortFilterProxyModel>

namespace firebreak {

// Narrows the import candidates to some kinds of event and to those whose text contains every word
// typed, so the commander can find "the deploy" among hundreds of alert events.
class ReviewImportFilter final : public QSortFilterProxyModel {
    Q_OBJECT
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;

    // Empty: every kind.
    void setKinds(const QSet<QString>& kinds);
    void setText(const QString& text);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    QSet<QString> m_kinds;
    QStringList m_words;
};

} // namespace firebreak
