#pragma once

#include "reviews/review.h"

#include <QDialog>
#include <QVector>

class QComboBox;
class QLabel;
class QTextBrowser;
class QTreeWidget;

namespace firebreak {

struct Theme;

// Every saved version of a review (number, draft or final, who saved it and when, and the start of
// the SHA-256 its audit entry names) and what changed between any two of them, so that a reader can
// see what was rewritten after the first draft and a final version can be traced to its audit
// entry. Opens on the change from the previous version to the latest.
class ReviewVersionsDialog final : public QDialog {
    Q_OBJECT
public:
    explicit ReviewVersionsDialog(const Theme& theme, QWidget* parent = nullptr);

    void setLoading();
    void setError(const QString& error);
    // Versions in any order; shows the previous against the latest.
    void setVersions(const QVector<Review>& versions);
    // Shows the diff from version `from` to version `to` (numbers as saved).
    void compare(int from, int to);
    int fromVersion() const;
    int toVersion() const;

    QTreeWidget* versionList() const { return m_list; }
    QComboBox* fromBox() const { return m_from; }
    QComboBox* toBox() const { return m_to; }
    QTextBrowser* diffView() const { return m_diff; }
    QLabel* summaryLabel() const { return m_summary; }

private:
    const Review* version(int number) const;
    void showDiff();
    void pickFromSelection();

    const Theme& m_theme;
    QVector<Review> m_versions; // version 1 first
    QTreeWidget* m_list = nullptr;
    QComboBox* m_from = nullptr;
    QComboBox* m_to = nullptr;
    QLabel* m_summary = nullptr;
    QTextBrowser* m_diff = nullptr;
    bool m_updating = false;
};

} // namespace firebreak
