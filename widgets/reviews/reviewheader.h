#pragma once

#include <QWidget>

class QLabel;

namespace firebreak {

struct Theme;

// The top of a review window: which incident (number, title, severity) and whether the review is a
// draft or final, so that someone with several reviews open knows at a glance which one they type in.
class ReviewHeader final : public QWidget {
    Q_OBJECT
public:
    ReviewHeader(
        const Theme& theme, qint64 incidentId, const QString& incidentTitle, int severity, QWidget* parent = nullptr);

    void setFinal(bool final);
    QLabel* statusBadge() const { return m_status; }

private:
    const Theme& m_theme;
    QLabel* m_status = nullptr;
};

} // namespace firebreak
