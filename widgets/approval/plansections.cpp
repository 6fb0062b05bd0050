#include "plansections.h"

#include "correlation/correlationevents.h"
#include "gateevidencechart.h"
#include "style/theme.h"
#include "tokenstrip.h"

#include <QDateTime>
#include <QFontDatabase>
#include <QFrame>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

namespace firebreak {

namespace {

using Token = TokenStrip::Token;

QLabel* mutedLabel(const QString& text, const Theme& theme)
{
    auto* label = new QLabel(text);
    QPalette palette = label->palette();
    palette.setColor(QPalette::WindowText, theme.mutedText);
    label->setPalette(palette);
    return label;
}

QLabel* valueLabel(const QString& text, bool monospace)
{
    auto* label = new QLabel(text);
    label->setTextFormat(Qt::PlainText);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setWordWrap(true);
    if (monospace)
        label->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    return label;
}

QFrame* card(const Theme& theme)
{
    auto* frame = new QFrame;
    frame->setFrameShape(QFrame::StyledPanel);
    frame->setAutoFillBackground(true);
    QPalette palette = frame->palette();
    palette.setColor(QPalette::Window, theme.surface);
    frame->setPalette(palette);
    return frame;
}

QVector<Token> keyed(const QJsonObject& object)
{
    QVector<Token> tokens;
    for (auto it = object.begin(); it != object.end(); ++it)
        tokens.append(Token { it.key(), it.value().toString() });
    return tokens;
}

QVector<Token> plain(const QJsonArray& array)
{
    QVector<Token> tokens;
    for (const QJsonValue& value : array)
        tokens.append(Token { QString(), value.toString() });
    return tokens;
}

// Rows of "caption  value" in a grid, and the same rows as indented text lines.
class Rows {
public:
    Rows(QGridLayout* grid, const Theme& theme, QString* text, PlanSections::Built* built)
        : m_grid(grid)
        , m_theme(theme)
        , m_text(text)
        , m_built(built)
    {
    }
    void text(const QString& caption, const QString& value, bool monospace = true)
    {
        add(caption, valueLabel(value, monospace));
        m_text->append(QStringLiteral("  %1: %2\n").arg(caption.toLower(), value));
    }
    void tokens(const QString& caption, const QVector<Token>& tokens)
    {
        auto* strip = new TokenStrip(m_theme);
        strip->setTokens(tokens);
        add(caption, strip);
        m_built->strips.append(strip);
        m_text->append(QStringLiteral("  %1: %2\n").arg(caption.toLower(), TokenStrip::text(tokens)));
    }

private:
    void add(const QString& caption, QWidget* value)
    {
        const int row = m_grid->rowCount();
        QLabel* label = mutedLabel(caption, m_theme);
        m_grid->addWidget(label, row, 0, Qt::AlignTop | Qt::AlignLeft);
        m_grid->addWidget(value, row, 1);
    }
    QGridLayout* m_grid;
    const Theme& m_theme;
    QString* m_text;
    PlanSections::Built* m_built;
};

QString actionCaption(const QString& executor)
{
    if (executor == QLatin1String("http"))
        return QStringLiteral("Method");
    if (executor == QLatin1String("rundeck"))
        return QStringLiteral("Job");
    return QStringLiteral("Action");
}

QString paramsCaption(const QString& executor)
{
    if (executor == QLatin1String("http"))
        return QStringLiteral("Body");
    if (executor == QLatin1String("rundeck"))
        return QStringLiteral("Options");
    if (executor == QLatin1String("stackstorm"))
        return QStringLiteral("Parameters");
    return QStringLiteral("Params");
}

QWidget* stepCard(
    const QJsonObject& step, const QString& number, const Theme& theme, QString* text, PlanSections::Built* built)
{
    const QJsonObject run = step.value(QStringLiteral("run")).toObject();
    const QString executor = run.value(QStringLiteral("executor")).toString();
    QFrame* frame = card(theme);
    auto* layout = new QVBoxLayout(frame);
    layout->setContentsMargins(10, 6, 10, 8);
    layout->setSpacing(4);
    auto* title
        = valueLabel(QStringLiteral("%1  %2").arg(number, step.value(QStringLiteral("name")).toString()), false);
    QFont bold = title->font();
    bold.setBold(true);
    title->setFont(bold);
    layout->addWidget(title);
    text->append(QStringLiteral("Step %1: %2\n").arg(number, step.value(QStringLiteral("name")).toString()));

    auto* grid = new QGridLayout;
    grid->setHorizontalSpacing(12);
    grid->setVerticalSpacing(3);
    grid->setColumnStretch(1, 1);
    layout->addLayout(grid);
    Rows rows(grid, theme, text, built);
    rows.text(QStringLiteral("Executor"), executor);
    const QString action = run.value(QStringLiteral("action")).toString();
    if (!action.isEmpty())
        rows.text(actionCaption(executor), action);
    const QJsonArray argv = run.value(QStringLiteral("argv")).toArray();
    if (!argv.isEmpty())
        rows.tokens(QStringLiteral("Argv"), plain(argv));
    const QString url = run.value(QStringLiteral("url")).toString();
    if (!url.isEmpty())
        rows.text(QStringLiteral("URL"), url);
    const QJsonObject query = run.value(QStringLiteral("query")).toObject();
    if (!query.isEmpty())
        rows.tokens(QStringLiteral("Query"), keyed(query));
    const QJsonObject headers = run.value(QStringLiteral("headers")).toObject();
    if (!headers.isEmpty())
        rows.tokens(QStringLiteral("Headers"), keyed(headers));
    const QJsonObject params = run.value(QStringLiteral("params")).toObject();
    if (!params.isEmpty())
        rows.tokens(paramsCaption(executor), keyed(params));
    const QJsonObject env = run.value(QStringLiteral("env")).toObject();
    if (!env.isEmpty())
        rows.tokens(QStringLiteral("Env"), keyed(env));
    if (executor == QLatin1String("http")) {
        QStringList statuses;
        for (const QJsonValue& status : run.value(QStringLiteral("expect_status")).toArray())
            statuses.append(QString::number(status.toInt()));
        rows.text(QStringLiteral("Expect"),
            statuses.isEmpty() ? QStringLiteral("any 2xx") : statuses.join(QStringLiteral(", ")), false);
    }
    const double timeout = run.value(QStringLiteral("timeout_ms")).toDouble();
    rows.text(QStringLiteral("Timeout"),
        timeout > 0 ? PlanSections::duration(timeout) : QStringLiteral("the executor's default"), false);
    rows.text(QStringLiteral("Target"), step.value(QStringLiteral("target")).toString());
    return frame;
}

struct Status {
    QString word;
    QColor color;
};

Status statusOf(const GateOutcome* outcome, const QString& kind, const Theme& theme)
{
    if (outcome)
        return outcome->passed ? Status { QStringLiteral("PASSED"), theme.toneColor(Theme::Tone::Good) }
                               : Status { QStringLiteral("BLOCKED"), theme.toneColor(Theme::Tone::Bad) };
    if (kind == QLatin1String("approval"))
        return { QStringLiteral("THIS DECISION"), theme.toneColor(Theme::Tone::Attention) };
    return { QStringLiteral("NOT DECIDED YET"), theme.mutedText };
}

const GateOutcome* outcomeFor(int index, const QString& kind, const QVector<GateOutcome>& outcomes)
{
    const GateOutcome* found = nullptr;
    for (const GateOutcome& outcome : outcomes) {
        // rate_limit decisions may carry no index: they belong to the plan's (single) rate_limit gate.
        if (outcome.index == index || (outcome.index < 0 && outcome.kind == kind))
            found = &outcome; // the latest wins
    }
    return found;
}

void quietEvidence(const QJsonObject& evidence, QVBoxLayout* layout, const Theme& theme, QString* text)
{
    const QJsonArray changes = evidence.value(QStringLiteral("changes")).toArray();
    if (changes.isEmpty()) {
        layout->addWidget(mutedLabel(QStringLiteral("No changes seen in the window."), theme));
        text->append(QStringLiteral("  changes: none\n"));
        return;
    }
    for (const QJsonValue& value : changes) {
        const QJsonObject change = value.toObject();
        const QString line
            = QStringLiteral("%1  %2  %3")
                  .arg(PlanSections::clockText(qint64(change.value(QStringLiteral("time_ms")).toDouble())),
                      change.value(QStringLiteral("kind")).toString(),
                      change.value(QStringLiteral("title")).toString());
        layout->addWidget(valueLabel(line, false));
        text->append(QStringLiteral("  change: %1\n").arg(line));
    }
    const int total = evidence.value(QStringLiteral("changes_total")).toInt();
    if (total > changes.size()) {
        const QString more = QStringLiteral("and %1 more").arg(total - changes.size());
        layout->addWidget(mutedLabel(more, theme));
        text->append(QStringLiteral("  %1\n").arg(more));
    }
}

} // namespace

QString PlanSections::clockText(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(QStringLiteral("HH:mm:ss")) + QStringLiteral(" UTC");
}

QString PlanSections::duration(double ms)
{
    return CorrelationEvents::durationText(qint64(ms));
}

QString PlanSections::gateDefinition(const QJsonObject& gate)
{
    const QString kind = gate.value(QStringLiteral("kind")).toString();
    if (kind == QLatin1String("sustained") || kind == QLatin1String("confirm")) {
        const bool above = gate.contains(QStringLiteral("above"));
        QString text = QStringLiteral("%1 %2 %3")
                           .arg(gate.value(QStringLiteral("query")).toString(),
                               above ? QStringLiteral("above") : QStringLiteral("below"))
                           .arg(gate.value(above ? QStringLiteral("above") : QStringLiteral("below")).toDouble());
        const double forMs = gate.value(QStringLiteral("for_ms")).toDouble();
        if (forMs > 0)
            text += QStringLiteral(" for ") + duration(forMs);
        return text;
    }
    if (kind == QLatin1String("quiet")) {
        QStringList kinds;
        for (const QJsonValue& value : gate.value(QStringLiteral("kinds")).toArray())
            kinds.append(value.toString());
        return QStringLiteral("no %1 within %2")
            .arg(kinds.isEmpty() ? QStringLiteral("change of any kind") : kinds.join(QStringLiteral(", ")),
                duration(gate.value(QStringLiteral("window_ms")).toDouble()));
    }
    if (kind == QLatin1String("approval")) {
        return QStringLiteral("%1 approver(s) with role %2 within %3")
            .arg(gate.value(QStringLiteral("approvers")).toInt())
            .arg(gate.value(QStringLiteral("role")).toString(),
                duration(gate.value(QStringLiteral("expires_ms")).toDouble()));
    }
    if (kind == QLatin1String("rate_limit")) {
        return QStringLiteral("at most %1 run(s) per %2")
            .arg(gate.value(QStringLiteral("max_runs")).toInt())
            .arg(duration(gate.value(QStringLiteral("per_ms")).toDouble()));
    }
    if (kind == QLatin1String("blast_radius"))
        return QStringLiteral("at most %1 target(s)").arg(gate.value(QStringLiteral("max_targets")).toInt());
    return kind;
}

PlanSections::Built PlanSections::steps(const QJsonArray& steps, const QString& numberPrefix, const Theme& theme)
{
    Built built;
    built.widget = new QWidget;
    auto* layout = new QVBoxLayout(built.widget);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(6);
    int number = 0;
    for (const QJsonValue& value : steps) {
        ++number;
        layout->addWidget(
            stepCard(value.toObject(), numberPrefix + QString::number(number), theme, &built.text, &built));
    }
    return built;
}

PlanSections::Built PlanSections::gates(
    const QJsonArray& planGates, const QVector<GateOutcome>& outcomes, const Theme& theme)
{
    Built built;
    built.widget = new QWidget;
    auto* layout = new QVBoxLayout(built.widget);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(6);
    for (int index = 0; index < planGates.size(); ++index) {
        const QJsonObject gate = planGates.at(index).toObject();
        const QString kind = gate.value(QStringLiteral("kind")).toString();
        const GateOutcome* outcome = outcomeFor(index, kind, outcomes);
        const Status status = statusOf(outcome, kind, theme);

        QFrame* frame = card(theme);
        auto* box = new QVBoxLayout(frame);
        box->setContentsMargins(10, 6, 10, 8);
        box->setSpacing(3);
        auto* head = new QHBoxLayout;
        auto* badge = new QLabel(status.word);
        QFont bold = badge->font();
        bold.setBold(true);
        badge->setFont(bold);
        QPalette palette = badge->palette();
        palette.setColor(QPalette::WindowText, status.color);
        badge->setPalette(palette);
        badge->setMinimumWidth(badge->fontMetrics().horizontalAdvance(QStringLiteral("NOT DECIDED YET  ")));
        head->addWidget(badge);
        auto* name = new QLabel(kind);
        name->setFont(bold);
        head->addWidget(name);
        QLabel* definition = valueLabel(gateDefinition(gate), true);
        head->addWidget(definition, 1);
        if (outcome)
            head->addWidget(mutedLabel(clockText(outcome->timeMs), theme), 0, Qt::AlignRight | Qt::AlignTop);
        box->addLayout(head);
        built.text.append(QStringLiteral("Gate %1 %2: %3 — %4\n")
                              .arg(index + 1)
                              .arg(kind, gateDefinition(gate), status.word.toLower()));

        if (!outcome) {
            const QString why = kind == QLatin1String("approval")
                ? QStringLiteral("Decided by the approvals below.")
                : QStringLiteral("Not decided yet: no outcome recorded for this gate.");
            box->addWidget(mutedLabel(why, theme));
            layout->addWidget(frame);
            continue;
        }
        box->addWidget(valueLabel(outcome->reason, false));
        built.text.append(QStringLiteral("  reason: %1\n").arg(outcome->reason));
        const QJsonObject& evidence = outcome->evidence;
        if (kind == QLatin1String("sustained") || kind == QLatin1String("confirm")) {
            if (evidence.value(QStringLiteral("series")).toArray().isEmpty()) {
                box->addWidget(mutedLabel(QStringLiteral("No series to chart."), theme));
            } else {
                auto* chart = new GateEvidenceChart(theme);
                chart->setEvidence(gate, evidence);
                box->addWidget(chart);
                built.charts.append(chart);
                qsizetype samples = 0;
                for (int line = 0; line < chart->seriesLines().size(); ++line)
                    samples += chart->samplesOf(line).size();
                built.text.append(
                    QStringLiteral("  chart: %1 series, %2 samples\n").arg(chart->seriesLines().size()).arg(samples));
            }
        } else if (kind == QLatin1String("quiet")) {
            quietEvidence(evidence, box, theme, &built.text);
        } else if (kind == QLatin1String("blast_radius")) {
            QVector<Token> targets = plain(evidence.value(QStringLiteral("targets")).toArray());
            auto* row = new QHBoxLayout;
            row->addWidget(mutedLabel(QStringLiteral("Targets"), theme));
            auto* strip = new TokenStrip(theme);
            strip->setTokens(targets);
            row->addWidget(strip, 1);
            box->addLayout(row);
            built.strips.append(strip);
            built.text.append(QStringLiteral("  targets: %1 (max %2)\n")
                                  .arg(TokenStrip::text(targets))
                                  .arg(evidence.value(QStringLiteral("max_targets")).toInt()));
        }
        layout->addWidget(frame);
    }
    if (planGates.isEmpty()) {
        layout->addWidget(mutedLabel(QStringLiteral("This playbook has no gates."), theme));
        built.text.append(QStringLiteral("No gates\n"));
    }
    return built;
}

PlanSections::Built PlanSections::checks(const QJsonArray& checks, const Theme& theme)
{
    Built built;
    built.widget = new QWidget;
    auto* layout = new QVBoxLayout(built.widget);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(6);
    for (const QJsonValue& value : checks) {
        const QJsonObject check = value.toObject();
        QFrame* frame = card(theme);
        auto* box = new QVBoxLayout(frame);
        box->setContentsMargins(10, 6, 10, 8);
        box->setSpacing(3);
        QLabel* title = valueLabel(check.value(QStringLiteral("name")).toString(), false);
        QFont bold = title->font();
        bold.setBold(true);
        title->setFont(bold);
        box->addWidget(title);
        built.text.append(QStringLiteral("Check: %1\n").arg(check.value(QStringLiteral("name")).toString()));
        auto* grid = new QGridLayout;
        grid->setHorizontalSpacing(12);
        grid->setVerticalSpacing(3);
        grid->setColumnStretch(1, 1);
        box->addLayout(grid);
        Rows rows(grid, theme, &built.text, &built);
        rows.text(QStringLiteral("Query"), check.value(QStringLiteral("query")).toString());
        rows.text(
            QStringLiteral("Success"), QStringLiteral("value ") + check.value(QStringLiteral("success")).toString());
        rows.text(QStringLiteral("Samples"),
            QStringLiteral("%1, every %2, first after %3")
                .arg(check.value(QStringLiteral("count")).toInt())
                .arg(duration(check.value(QStringLiteral("interval_ms")).toDouble()),
                    duration(check.value(QStringLiteral("initial_delay_ms")).toDouble())),
            false);
        rows.text(QStringLiteral("Tolerates"),
            QStringLiteral("%1 failed and %2 inconclusive sample(s); one more fails the check")
                .arg(check.value(QStringLiteral("failure_limit")).toInt())
                .arg(check.value(QStringLiteral("inconclusive_limit")).toInt()),
            false);
        layout->addWidget(frame);
    }
    if (checks.isEmpty()) {
        layout->addWidget(mutedLabel(QStringLiteral("No checks."), theme));
        built.text.append(QStringLiteral("No checks\n"));
    }
    return built;
}

PlanSections::Built PlanSections::suppression(const QJsonObject& plan, const Theme& theme)
{
    Built built;
    built.widget = new QWidget;
    auto* layout = new QHBoxLayout(built.widget);
    layout->setContentsMargins(0, 0, 0, 0);
    if (!plan.contains(QStringLiteral("suppress"))) {
        layout->addWidget(
            mutedLabel(QStringLiteral("No suppression: the alert keeps notifying during the run."), theme));
        built.text.append(QStringLiteral("Suppression: none\n"));
        return built;
    }
    const QJsonObject suppress = plan.value(QStringLiteral("suppress")).toObject();
    const QString forText = duration(suppress.value(QStringLiteral("for_ms")).toDouble());
    layout->addWidget(valueLabel(QStringLiteral("Silence for %1 matching").arg(forText), false));
    const QVector<Token> matchers = keyed(suppress.value(QStringLiteral("matchers")).toObject());
    auto* strip = new TokenStrip(theme);
    strip->setTokens(matchers);
    layout->addWidget(strip, 1);
    built.strips.append(strip);
    built.text.append(QStringLiteral("Suppression: for %1, matchers %2\n").arg(forText, TokenStrip::text(matchers)));
    return built;
}

QString PlanSections::blastRadiusText(const QJsonObject& plan)
{
    QStringList targets;
    for (const QJsonValue& value : plan.value(QStringLiteral("targets")).toArray())
        targets.append(value.toString());
    QString text = targets.size() == 1 ? QStringLiteral("1 target") : QStringLiteral("%1 targets").arg(targets.size());
    if (!targets.isEmpty())
        text += QStringLiteral(": ") + targets.join(QStringLiteral(", "));
    for (const QJsonValue& value : plan.value(QStringLiteral("gates")).toArray()) {
        const QJsonObject gate = value.toObject();
        if (gate.value(QStringLiteral("kind")).toString() == QLatin1String("blast_radius"))
            return text
                + QStringLiteral(" (the blast_radius gate allows at most %1)")
                      .arg(gate.value(QStringLiteral("max_targets")).toInt());
    }
    return text + QStringLiteral(" (no blast_radius gate)");
}

} // namespace firebreak
