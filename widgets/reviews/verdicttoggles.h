#pragma once

#include "reviews/reviewverdict.h"

#include <QWidget>
#include <optional>

class QAbstractButton;
class QButtonGroup;

namespace firebreak {

struct Theme;

// The three exclusive verdicts (useful, noise, missed or late) for one alert or run, as joined
// toggle buttons whose tooltips say what each means for backtesting. The chosen one is tinted in
// its tone rather than filled, so a list where everything is judged stays calm.
class VerdictToggles final : public QWidget {
    Q_OBJECT
public:
    VerdictToggles(ReviewVerdict::SubjectKind kind, const Theme& theme, QWidget* parent = nullptr);

    QAbstractButton* button(ReviewVerdict::Verdict verdict) const;
    // Shows `verdict` as chosen, or none.
    void setVerdict(std::optional<ReviewVerdict::Verdict> verdict);

    static QString label(ReviewVerdict::Verdict verdict); // "Useful", "Noise", "Missed or late"
    // What the verdict means for backtesting (the buttons' tooltips).
    static QString meaning(ReviewVerdict::SubjectKind kind, ReviewVerdict::Verdict verdict);

Q_SIGNALS:
    void chosen(firebreak::ReviewVerdict::Verdict verdict); // by a click

private:
    QButtonGroup* m_group = nullptr;
};

} // namespace firebreak
