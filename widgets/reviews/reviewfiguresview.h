#pragma once

#include "reviews/reviewfigures.h"

#include <QWidget>

class QLabel;
class QPushButton;
class QTreeWidget;

namespace firebreak {

struct Theme;

// The review's figures beside the text, computed from the store and never typed, so that the
// commander quotes them instead of estimating. Each one says, on hover, how it was computed, and an
// unknown one says what data was missing. Refreshing asks the store again (figures move while the
// incident is still being closed).
class ReviewFiguresView final : public QWidget {
    Q_OBJECT
public:
    explicit ReviewFiguresView(const Theme& theme, QWidget* parent = nullptr);

    void setLoading();
    void setFigures(const ReviewFigures& figures);
    void setError(const QString& error);
    // "4m 12s", "17", or "—" for a figure that is not known.
    static QString valueText(const ReviewFigure& figure);

    QTreeWidget* list() const { return m_list; }
    QPushButton* refreshButton() const { return m_refresh; }
    QLabel* footer() const { return m_footer; }

Q_SIGNALS:
    void refreshRequested();

private:
    void addFigure(const ReviewFigure& figure);

    const Theme& m_theme;
    QTreeWidget* m_list = nullptr;
    QPushButton* m_refresh = nullptr;
    QLabel* m_footer = nullptr;
};

} // namespace firebreak
