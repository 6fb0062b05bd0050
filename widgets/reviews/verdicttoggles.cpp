#include "verdicttoggles.h"

#include "style/theme.h"

#include <QButtonGroup>
#include <QHBoxLayout>
#include <QToolButton>

namespace firebreak {

namespace {

Theme::Tone toneOf(ReviewVerdict::Verdict verdict)
{
    switch (verdict) {
    case ReviewVerdict::Verdict::Useful:
        return Theme::Tone::Good;
    case ReviewVerdict::Verdict::Noise:
        return Theme::Tone::Attention;
    case ReviewVerdict::Verdict::MissedOrLate:
        return Theme::Tone::Bad;
    }
    return Theme::Tone::Neutral;
}

} // namespace

VerdictToggles::VerdictToggles(ReviewVerdict::SubjectKind kind, const Theme& theme, QWidget* parent)
    : QWidget(parent)
    , m_group(new QButtonGroup(this))
{
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    m_group->setExclusive(true);
    for (const auto verdict :
        { ReviewVerdict::Verdict::Useful, ReviewVerdict::Verdict::Noise, ReviewVerdict::Verdict::MissedOrLate }) {
        auto* button = new QToolButton(this);
        button->setText(label(verdict));
        button->setCheckable(true);
        button->setToolTip(meaning(kind, verdict));
        const QColor tone = theme.toneColor(toneOf(verdict));
        const auto mix = [](double a, double b) { return a * 0.82 + b * 0.18; };
        const QColor tint = QColor::fromRgbF(mix(theme.surface.redF(), tone.redF()),
            mix(theme.surface.greenF(), tone.greenF()), mix(theme.surface.blueF(), tone.blueF()));
        button->setStyleSheet(QStringLiteral("QToolButton { padding: 2px 9px; border: 1px solid %1; background: %2;"
                                             " color: %3; }"
                                             " QToolButton:checked { background: %4; border-color: %5; color: %5;"
                                             " font-weight: 600; }"
                                             " QToolButton:disabled { color: %6; }"
                                             " QToolButton:checked:disabled { color: %5; }")
                                  .arg(theme.border.name(), theme.raised.name(), theme.text.name(), tint.name(),
                                      tone.name(), theme.mutedText.name()));
        m_group->addButton(button, static_cast<int>(verdict));
        layout->addWidget(button);
    }
    connect(m_group, &QButtonGroup::idClicked, this,
        [this](int id) { Q_EMIT chosen(static_cast<ReviewVerdict::Verdict>(id)); });
}

QAbstractButton* VerdictToggles::button(ReviewVerdict::Verdict verdict) const
{
    return m_group->button(static_cast<int>(verdict));
}

void VerdictToggles::setVerdict(std::optional<ReviewVerdict::Verdict> verdict)
{
    // An exclusive group cannot uncheck its last button, so exclusivity is lifted while setting.
    m_group->setExclusive(false);
    for (QAbstractButton* one : m_group->buttons())
        one->setChecked(verdict && m_group->id(one) == static_cast<int>(*verdict));
    m_group->setExclusive(true);
}

QString VerdictToggles::label(ReviewVerdict::Verdict verdict)
{
    switch (verdict) {
    case ReviewVerdict::Verdict::Useful:
        return tr("Useful");
    case ReviewVerdict::Verdict::Noise:
        return tr("Noise");
    case ReviewVerdict::Verdict::MissedOrLate:
        return tr("Missed or late");
    }
    return {};
}

QString VerdictToggles::meaning(ReviewVerdict::SubjectKind kind, ReviewVerdict::Verdict verdict)
{
    const bool alert = kind == ReviewVerdict::SubjectKind::Alert;
    switch (verdict) {
    case ReviewVerdict::Verdict::Useful:
        return alert ? tr("It fired for a real problem, in time to act. Backtesting counts it as a hit.")
                     : tr("The run helped with the incident. Backtesting counts its trigger as a hit.");
    case ReviewVerdict::Verdict::Noise:
        return alert ? tr("It fired without a problem that needed anyone. Backtesting counts it as a false alarm; "
                          "suggestions may raise its threshold or lengthen its `for`.")
                     : tr("The run was not needed. Backtesting counts its trigger as a false alarm.");
    case ReviewVerdict::Verdict::MissedOrLate:
        return alert ? tr("It fired too late, or the problem showed before it did. Backtesting counts it as a miss; "
                          "suggestions may lower its threshold or shorten its `for`.")
                     : tr("The run came too late to help. Backtesting counts its trigger as late.");
    }
    return {};
}

} // namespace firebreak
