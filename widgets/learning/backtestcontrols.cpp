#include "backtestcontrols.h"

#include "correlation/correlationevents.h"
#include "playbook/playbooktemplate.h"
#include "runs/gatesamplejudge.h"
#include "style/panestyle.h"

#include <QComboBox>
#include <QDateTime>
#include <QDateTimeEdit>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>

namespace firebreak {

namespace {

constexpr qint64 Hour = 3'600'000;

QString gateText(const PlaybookGate& gate)
{
    // The condition first: in a narrow box it is what tells two gates apart.
    return QStringLiteral("%1 \u00b7 line %2 \u00b7 %3")
        .arg(BacktestControls::conditionText(gate))
        .arg(gate.line)
        .arg(gate.query);
}

QComboBox* combo(QWidget* parent, int minimumChars)
{
    auto* box = new QComboBox(parent);
    box->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    box->setMinimumContentsLength(minimumChars);
    return box;
}

} // namespace

BacktestControls::BacktestControls(const Theme& theme, QWidget* parent)
    : QWidget(parent)
    , m_playbook(combo(this, 28))
    , m_gate(combo(this, 40))
    , m_confirm(combo(this, 28))
    , m_labelRow(new QHBoxLayout)
    , m_noTemplates(new QLabel(tr("The gate's query has no label templates."), this))
    , m_choices(combo(this, 30))
    , m_span(new QComboBox(this))
    , m_from(new QDateTimeEdit(this))
    , m_to(new QDateTimeEdit(this))
    , m_run(new QPushButton(tr("Run backtest"), this))
    , m_cancel(new QPushButton(tr("Cancel"), this))
    , m_progress(new QProgressBar(this))
    , m_status(new QLabel(this))
{
    auto* grid = new QGridLayout(this);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setHorizontalSpacing(8);
    grid->setVerticalSpacing(6);
    const auto caption = [this](const QString& text, QWidget* buddy) {
        auto* label = new QLabel(text, this);
        label->setBuddy(buddy);
        return label;
    };

    auto* gates = new QHBoxLayout;
    gates->addWidget(m_playbook, 2);
    gates->addWidget(caption(tr("&Gate"), m_gate));
    gates->addWidget(m_gate, 3);
    gates->addWidget(caption(tr("C&onfirm"), m_confirm));
    gates->addWidget(m_confirm, 2);
    grid->addWidget(caption(tr("&Playbook"), m_playbook), 0, 0);
    grid->addLayout(gates, 0, 1);

    m_labelRow->setSpacing(8);
    PaneStyle::muted(*m_noTemplates, theme);
    m_labelRow->addWidget(m_noTemplates);
    auto* labels = new QHBoxLayout;
    labels->addLayout(m_labelRow);
    labels->addStretch(1);
    labels->addWidget(caption(tr("From an &incident"), m_choices));
    labels->addWidget(m_choices, 2);
    grid->addWidget(new QLabel(tr("Labels"), this), 1, 0);
    grid->addLayout(labels, 1, 1);

    m_span->addItem(tr("Last 6 hours"), int(Span::Hours6));
    m_span->addItem(tr("Last 24 hours"), int(Span::Hours24));
    m_span->addItem(tr("Last 7 days"), int(Span::Days7));
    m_span->addItem(tr("Custom\u2026"), int(Span::Custom));
    m_span->setCurrentIndex(1);
    for (QDateTimeEdit* edit : { m_from, m_to }) {
        edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm"));
        edit->setCalendarPopup(true);
        edit->setVisible(false);
    }
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    m_from->setDateTime(QDateTime::fromMSecsSinceEpoch(now - 24 * Hour));
    m_to->setDateTime(QDateTime::fromMSecsSinceEpoch(now));
    m_run->setDefault(true);
    m_run->setToolTip(tr("Replay the gate over the span (Ctrl+Enter)"));
    m_cancel->setVisible(false);
    m_progress->setVisible(false);
    m_progress->setTextVisible(false);
    m_progress->setMaximumWidth(160);
    m_progress->setMaximumHeight(10);
    PaneStyle::muted(*m_status, theme);
    auto* run = new QHBoxLayout;
    run->addWidget(m_span);
    run->addWidget(m_from);
    run->addWidget(m_to);
    run->addStretch(1);
    run->addWidget(m_status);
    run->addWidget(m_progress);
    run->addWidget(m_cancel);
    run->addWidget(m_run);
    grid->addWidget(caption(tr("&Span"), m_span), 2, 0);
    grid->addLayout(run, 2, 1);
    grid->setColumnStretch(1, 1);

    connect(m_playbook, &QComboBox::currentIndexChanged, this, [this] {
        fillGates();
        Q_EMIT selectionChanged();
    });
    for (QComboBox* box : { m_gate, m_confirm }) {
        connect(box, &QComboBox::activated, this, [this] {
            rebuildLabelEdits();
            Q_EMIT selectionChanged();
        });
    }
    connect(m_choices, &QComboBox::activated, this, [this](int index) {
        if (index >= 0 && index < m_choiceValues.size())
            setLabelValues(m_choiceValues.at(index));
    });
    connect(m_span, &QComboBox::currentIndexChanged, this, [this] {
        const bool custom = spanChoice() == Span::Custom;
        m_from->setVisible(custom);
        m_to->setVisible(custom);
        Q_EMIT spanChanged();
    });
    for (QDateTimeEdit* edit : { m_from, m_to })
        connect(edit, &QDateTimeEdit::editingFinished, this, &BacktestControls::spanChanged);
    connect(m_run, &QPushButton::clicked, this, &BacktestControls::runRequested);
    connect(m_cancel, &QPushButton::clicked, this, &BacktestControls::cancelRequested);
}

QString BacktestControls::conditionText(const PlaybookGate& gate)
{
    QString condition = QStringLiteral("%1 %2").arg(
        GateSampleJudge::comparisonWord(gate.comparison), GateSampleJudge::number(gate.threshold));
    if (gate.forMs > 0)
        condition += QStringLiteral(" for ") + CorrelationEvents::durationText(gate.forMs);
    return condition;
}

void BacktestControls::setPlaybooks(const QVector<Playbook>& playbooks)
{
    const QString selected = playbookIndex() >= 0 ? m_playbooks.at(playbookIndex()).id : QString();
    m_playbooks = playbooks;
    const QSignalBlocker blocker(m_playbook);
    m_playbook->clear();
    for (const Playbook& playbook : playbooks)
        m_playbook->addItem(QStringLiteral("%1 \u2014 %2").arg(playbook.id, playbook.title), playbook.id);
    const int index = m_playbook->findData(selected);
    m_playbook->setCurrentIndex(index >= 0 ? index : (playbooks.isEmpty() ? -1 : 0));
    fillGates();
}

int BacktestControls::playbookIndex() const
{
    const int index = m_playbook->currentIndex();
    return index >= 0 && index < m_playbooks.size() ? index : -1;
}

void BacktestControls::fillGates()
{
    m_gate->clear();
    m_confirm->clear();
    m_confirm->addItem(tr("none"), -1);
    if (playbookIndex() >= 0) {
        const QVector<PlaybookGate>& gates = m_playbooks.at(playbookIndex()).gates;
        for (int i = 0; i < gates.size(); ++i) {
            if (gates.at(i).kind == PlaybookGate::Kind::Sustained)
                m_gate->addItem(gateText(gates.at(i)), i);
            else if (gates.at(i).kind == PlaybookGate::Kind::Confirm)
                m_confirm->addItem(gateText(gates.at(i)), i);
        }
    }
    m_gate->setEnabled(m_gate->count() > 0);
    if (m_gate->count() == 0)
        m_gate->addItem(tr("no sustained gate"), -1);
    // The live run needs every gate; the confirm gate is on by default so the replay matches it.
    m_confirm->setCurrentIndex(m_confirm->count() > 1 ? 1 : 0);
    m_confirm->setEnabled(m_confirm->count() > 1);
    rebuildLabelEdits();
}

std::optional<PlaybookGate> BacktestControls::sustainedGate() const
{
    const int gate = m_gate->currentData().toInt();
    if (playbookIndex() < 0 || gate < 0)
        return std::nullopt;
    return m_playbooks.at(playbookIndex()).gates.at(gate);
}

std::optional<PlaybookGate> BacktestControls::confirmGate() const
{
    const int gate = m_confirm->currentData().toInt();
    if (playbookIndex() < 0 || gate < 0)
        return std::nullopt;
    return m_playbooks.at(playbookIndex()).gates.at(gate);
}

QStringList BacktestControls::templateLabels() const
{
    QStringList labels;
    for (const std::optional<PlaybookGate>& gate : { sustainedGate(), confirmGate() }) {
        if (!gate)
            continue;
        for (const QString& label : PlaybookTemplate::parseQuery(gate->query).labels) {
            if (!labels.contains(label))
                labels.append(label);
        }
    }
    return labels;
}

void BacktestControls::rebuildLabelEdits()
{
    const LabelSet kept = labelValues();
    for (const LabelEdit& row : std::as_const(m_labelEdits)) {
        delete row.caption;
        delete row.edit;
    }
    m_labelEdits.clear();
    const QStringList labels = templateLabels();
    m_noTemplates->setVisible(labels.isEmpty());
    for (const QString& label : labels) {
        auto* edit = new QLineEdit(kept.value(label), this);
        edit->setPlaceholderText(tr("value of %1").arg(label));
        edit->setMinimumWidth(120);
        auto* caption = new QLabel(label + QLatin1Char('='), this);
        caption->setBuddy(edit);
        m_labelRow->addWidget(caption);
        m_labelRow->addWidget(edit);
        m_labelEdits.append({ label, caption, edit });
    }
    m_choices->setEnabled(!labels.isEmpty() && !m_choiceValues.isEmpty());
}

LabelSet BacktestControls::labelValues() const
{
    LabelSet values;
    for (const LabelEdit& row : m_labelEdits) {
        if (!row.edit->text().trimmed().isEmpty())
            values.insert(row.label, row.edit->text().trimmed());
    }
    return values;
}

void BacktestControls::setLabelValues(const LabelSet& values)
{
    for (const LabelEdit& row : std::as_const(m_labelEdits)) {
        if (values.contains(row.label))
            row.edit->setText(values.value(row.label));
    }
}

QLineEdit* BacktestControls::labelEdit(const QString& label) const
{
    for (const LabelEdit& row : m_labelEdits) {
        if (row.label == label)
            return row.edit;
    }
    return nullptr;
}

void BacktestControls::setIncidentChoices(const QVector<LabelSet>& choices, const QStringList& texts)
{
    m_choiceValues = choices;
    m_choices->clear();
    for (const QString& text : texts)
        m_choices->addItem(text);
    if (choices.isEmpty())
        m_choices->addItem(tr("no incident of this playbook in the span"));
    m_choices->setEnabled(!choices.isEmpty() && !m_labelEdits.isEmpty());
    if (!choices.isEmpty() && labelValues().isEmpty())
        setLabelValues(choices.first());
}

BacktestControls::Span BacktestControls::spanChoice() const
{
    return Span(m_span->currentData().toInt());
}

void BacktestControls::setSpan(Span span)
{
    m_span->setCurrentIndex(m_span->findData(int(span)));
}

void BacktestControls::setCustomSpan(qint64 startMs, qint64 endMs)
{
    m_from->setDateTime(QDateTime::fromMSecsSinceEpoch(startMs));
    m_to->setDateTime(QDateTime::fromMSecsSinceEpoch(endMs));
    setSpan(Span::Custom);
}

std::pair<qint64, qint64> BacktestControls::span(qint64 nowMs) const
{
    switch (spanChoice()) {
    case Span::Hours6:
        return { nowMs - 6 * Hour, nowMs };
    case Span::Hours24:
        return { nowMs - 24 * Hour, nowMs };
    case Span::Days7:
        return { nowMs - 7 * 24 * Hour, nowMs };
    case Span::Custom:
        break;
    }
    return { m_from->dateTime().toMSecsSinceEpoch(), m_to->dateTime().toMSecsSinceEpoch() };
}

void BacktestControls::setRunning(bool running)
{
    m_run->setEnabled(!running);
    m_cancel->setVisible(running);
    m_progress->setVisible(running);
    for (QWidget* input : { static_cast<QWidget*>(m_playbook), static_cast<QWidget*>(m_gate),
             static_cast<QWidget*>(m_confirm), static_cast<QWidget*>(m_span) })
        input->setEnabled(!running && (input != m_gate || sustainedGate().has_value()));
    if (!running)
        m_status->clear();
}

void BacktestControls::setProgress(const QString& text, int done, int total)
{
    m_status->setText(text);
    m_progress->setRange(0, total);
    m_progress->setValue(done);
}

} // namespace firebreak
