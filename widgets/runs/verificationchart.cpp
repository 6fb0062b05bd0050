#include "verificationchart.h"

#include "style/panestyle.h"
#include "style/theme.h"
#include "verificationchartview.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QLabel>
#include <QVBoxLayout>

namespace firebreak {

namespace {

using Phase = VerifySample::Phase;

bool rollbackStarted(const RunDetail& detail)
{
    const RunState state = detail.run.state;
    if (state == RunState::RollingBack || state == RunState::RolledBack || state == RunState::RollbackFailed)
        return true;
    for (const VerifySample& sample : detail.samples) {
        if (sample.phase == Phase::RollbackVerify)
            return true;
    }
    return false;
}

QString colorDot(const QColor& fill, const QColor& border, const QString& label)
{
    return QStringLiteral("<span style=\"color:%1\">%2</span>&nbsp;%3")
        .arg(fill == border ? fill.name() : border.name(),
            fill == border ? QStringLiteral("&#9679;") : QStringLiteral("&#9675;"), label.toHtmlEscaped());
}

} // namespace

VerificationChart::VerificationChart(const Theme& theme, QWidget* parent)
    : QWidget(parent)
    , m_theme(theme)
    , m_selector(new QComboBox(this))
    , m_title(new QLabel(tr("Verification"), this))
    , m_empty(new QLabel(this))
    , m_checks(new QVBoxLayout)
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    auto* header = new QHBoxLayout;
    PaneStyle::title(*m_title);
    header->addWidget(m_title);
    m_selector->addItem(tr("Verification"), int(Phase::Verify));
    m_selector->addItem(tr("Rollback verification"), int(Phase::RollbackVerify));
    m_selector->setToolTip(tr("Which checks to show: those after the steps, or those after the rollback"));
    m_selector->setVisible(false);
    header->addWidget(m_selector);
    header->addStretch(1);
    auto* key = new QLabel(this);
    key->setText(QStringLiteral("%1 &nbsp; %2 &nbsp; %3 &nbsp; <span style=\"color:%4\">- - -</span>&nbsp;%5")
                     .arg(colorDot(theme.toneColor(Theme::Tone::Good), theme.toneColor(Theme::Tone::Good), tr("pass")),
                         colorDot(theme.toneColor(Theme::Tone::Bad), theme.toneColor(Theme::Tone::Bad), tr("fail")),
                         colorDot(theme.surface, theme.healthUnknown, tr("inconclusive")), theme.threshold.name(),
                         tr("success condition")));
    PaneStyle::muted(*key, theme);
    header->addWidget(key);
    layout->addLayout(header);
    PaneStyle::muted(*m_empty, theme);
    m_empty->setWordWrap(true);
    layout->addWidget(m_empty);
    m_checks->setSpacing(2);
    layout->addLayout(m_checks, 1);

    connect(m_selector, &QComboBox::activated, this,
        [this](int index) { setPhase(Phase(m_selector->itemData(index).toInt())); });
}

QString VerificationChart::phaseKey(Phase phase)
{
    return phase == Phase::Verify ? QStringLiteral("verify") : QStringLiteral("rollback_verify");
}

QString VerificationChart::caption(int check) const
{
    return m_views.at(check)->captionText();
}

void VerificationChart::setDetail(const RunDetail& detail)
{
    if (!m_hasDetail || detail.run.id != m_detail.run.id)
        m_phaseChosen = false;
    m_detail = detail;
    m_hasDetail = true;
    if (!m_phaseChosen) {
        const bool rollbackChecks = !detail.plan.value(phaseKey(Phase::RollbackVerify)).toArray().isEmpty();
        m_phase = rollbackStarted(detail) && rollbackChecks ? Phase::RollbackVerify : Phase::Verify;
    }
    rebuild();
}

void VerificationChart::setPhase(Phase phase)
{
    if (m_detail.plan.value(phaseKey(phase)).toArray().isEmpty())
        return;
    m_phaseChosen = true;
    m_phase = phase;
    rebuild();
}

void VerificationChart::ensureViews(int count)
{
    while (m_views.size() < count) {
        auto* caption = new QLabel(this);
        caption->setTextFormat(Qt::RichText);
        auto* view = new VerificationChartView(m_theme, this);
        m_checks->addWidget(caption);
        m_checks->addWidget(view, 1);
        m_captions.append(caption);
        m_views.append(view);
    }
    while (m_views.size() > count) {
        delete m_views.takeLast();
        delete m_captions.takeLast();
    }
}

void VerificationChart::rebuild()
{
    const QJsonArray verify = m_detail.plan.value(phaseKey(Phase::Verify)).toArray();
    const QJsonArray rollbackVerify = m_detail.plan.value(phaseKey(Phase::RollbackVerify)).toArray();
    const bool both = !verify.isEmpty() && !rollbackVerify.isEmpty();
    m_selector->setVisible(both);
    m_selector->setCurrentIndex(m_selector->findData(int(m_phase)));
    m_title->setText(
        both ? tr("Checks:") : (m_phase == Phase::Verify ? tr("Verification") : tr("Rollback verification")));

    const QJsonArray checks = m_phase == Phase::Verify ? verify : rollbackVerify;
    ensureViews(int(checks.size()));
    m_empty->setVisible(checks.isEmpty());
    m_empty->setText(m_phase == Phase::Verify
            ? tr("This playbook has no verification checks: the run succeeds when its "
                 "steps do.")
            : tr("The rollback has no verification checks."));

    // One time axis for all the checks of the phase: from the first sample to when the slowest
    // check's last sample is due, so the plot fills from left to right as samples come in.
    QVector<QVector<VerifySample>> perCheck(checks.size());
    qint64 first = 0;
    qint64 last = 0;
    qint64 interval = 0;
    for (const VerifySample& sample : m_detail.samples) {
        if (sample.phase != m_phase || sample.checkIndex < 0 || sample.checkIndex >= checks.size())
            continue;
        perCheck[sample.checkIndex].append(sample);
        first = first == 0 ? sample.timeMs : std::min(first, sample.timeMs);
        last = std::max(last, sample.timeMs);
    }
    qint64 plannedSpan = 0;
    qint64 initialDelay = 0;
    for (const QJsonValue& value : checks) {
        const QJsonObject check = value.toObject();
        const qint64 step = qint64(check.value(QStringLiteral("interval_ms")).toDouble());
        interval = std::max(interval, step);
        initialDelay = std::max(initialDelay, qint64(check.value(QStringLiteral("initial_delay_ms")).toDouble()));
        plannedSpan = std::max(plannedSpan, step * std::max(0, check.value(QStringLiteral("count")).toInt() - 1));
    }
    const qint64 pad = std::max<qint64>(interval / 2, 5'000);
    qint64 start = first > 0 ? first - pad : m_detail.run.updatedMs + initialDelay - pad;
    qint64 end = std::max(last, (first > 0 ? first : m_detail.run.updatedMs + initialDelay) + plannedSpan) + pad;

    for (int i = 0; i < checks.size(); ++i) {
        const QJsonObject check = checks.at(i).toObject();
        m_views.at(i)->setCheck(check, perCheck.at(i), start, end);
        m_captions.at(i)->setText(QStringLiteral("<b>%1</b>&nbsp;&nbsp;<span style=\"color:%2\">%3</span>")
                                      .arg(check.value(QStringLiteral("name")).toString().toHtmlEscaped(),
                                          m_theme.mutedText.name(), m_views.at(i)->captionText().toHtmlEscaped()));
    }
}

} // namespace firebreak
