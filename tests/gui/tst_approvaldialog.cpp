// The approval view and dialog on real rendered plans: the seed playbooks (and one with hostile label
// values) rendered by PlanRenderer, their gates judged by the real GateEvaluator over a scripted metric
// source, so that what the view reads has exactly the shapes the engine writes.

#include "approval/approvaldialog.h"
#include "approval/approvalview.h"
#include "approval/gateevidencechart.h"
#include "approval/plansections.h"
#include "approval/signindialog.h"
#include "approval/tokenstrip.h"
#include "domain/metatypes.h"
#include "interfaces/clock.h"
#include "interfaces/metricsource.h"
#include "playbook/playbookloader.h"
#include "roster/operatorsession.h"
#include "runs/approvalpolicy.h"
#include "runs/gatedecision.h"
#include "runs/gateevaluator.h"
#include "runs/planrenderer.h"
#include "style/theme.h"

#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace firebreak;

namespace {

const qint64 T0 = QDateTime(QDate(2026, 11, 21), QTime(3, 4, 5), Qt::UTC).toMSecsSinceEpoch();
constexpr qint64 Minute = 60'000;

class ManualClock final : public Clock {
public:
    qint64 nowMs() const override { return m_now; }
    qint64 m_now = T0;
};

// Answers every query at once with one series whose value comes from `valueFor` (by metric name).
class ScriptedMetrics final : public MetricSource {
public:
    QString name() const override { return QStringLiteral("scripted"); }
    void instantQuery(const QString& query, qint64 atMs, Callback done) override
    {
        done(QueryResult { { series(query, atMs - 15'000, atMs, 15'000).value(0) }, {}, false, {} });
    }
    void rangeQuery(const QString& query, qint64 startMs, qint64 endMs, qint64 stepMs, Callback done) override
    {
        done(QueryResult { series(query, startMs, endMs, stepMs), {}, false, {} });
    }
    QVector<Series> series(const QString& query, qint64 startMs, qint64 endMs, qint64 stepMs) const
    {
        const QString metric = query.section(QLatin1Char('{'), 0, 0);
        Series one;
        one.labels
            = { { QStringLiteral("__name__"), metric }, { QStringLiteral("instance"), QStringLiteral("db-eu-1") } };
        int i = 0;
        for (qint64 t = startMs; t <= endMs; t += stepMs, ++i)
            one.samples.append(Sample { t, valueFor(metric, i) });
        return { one };
    }
    static double valueFor(const QString& metric, int i)
    {
        if (metric == QLatin1String("region_link_up"))
            return 0;
        if (metric == QLatin1String("disk_used_percent"))
            return 93.5 + (i % 4) * 0.5;
        if (metric == QLatin1String("db_write_latency_p99_seconds"))
            return 0.42;
        if (metric.contains(QLatin1String("error_ratio")))
            return 0.12;
        return 3 + i % 2;
    }
};

Playbook loadPlaybook(const QString& path)
{
    auto loaded = PlaybookLoader::load(path);
    if (const auto* errors = std::get_if<QList<ConfigError>>(&loaded)) {
        for (const ConfigError& error : *errors)
            qWarning("%s", qPrintable(error.toString()));
        return Playbook();
    }
    return std::get<Playbook>(loaded);
}

// Labels of an alert that triggers `playbook`, as the sandbox's alerts carry them.
LabelSet labelsFor(const Playbook& playbook)
{
    LabelSet labels = playbook.trigger.match;
    labels.insert(QStringLiteral("alertname"), playbook.trigger.alertname);
    // cache-restart only accepts cache instances (its `parameters` pattern).
    labels.insert(QStringLiteral("instance"),
        playbook.trigger.match.value(QStringLiteral("service")) == QLatin1String("cache") ? QStringLiteral("cache-eu-1")
                                                                                          : QStringLiteral("db-eu-1"));
    labels.insert(QStringLiteral("region"), QStringLiteral("eu"));
    labels.insert(QStringLiteral("from"), QStringLiteral("eu"));
    labels.insert(QStringLiteral("to"), QStringLiteral("us"));
    labels.insert(QStringLiteral("severity"), QStringLiteral("critical"));
    return labels;
}

// A change inside every quiet gate's window, so that quiet gates have something to show.
QVector<ChangeRecord> changes(qint64, qint64)
{
    return { ChangeRecord { T0 - 12 * Minute, 0, QStringLiteral("deploy"), QStringLiteral("web v2.14.1 to eu"), 77 } };
}

struct Rendered {
    RenderedPlan plan;
    RunDetail detail;
};

// The run as the store reader would hand it over: awaiting approval, the plan decoded from its
// canonical JSON, the outcome of every gate the evaluator decides.
Rendered render(const Playbook& playbook, const LabelSet& labels, const ManualClock& clock, bool judgeGates = true)
{
    Rendered out;
    auto rendered = PlanRenderer::render(playbook, labels);
    if (const auto* refusal = std::get_if<TemplateRefusal>(&rendered)) {
        qWarning("refused: %s", qPrintable(refusal->reason));
        return out;
    }
    out.plan = std::get<RenderedPlan>(rendered);
    Run& run = out.detail.run;
    run.id = 4;
    run.incidentId = 12;
    run.playbookId = playbook.id;
    run.playbookTitle = playbook.title;
    run.risk = playbookRiskName(playbook.risk);
    run.state = RunState::AwaitingApproval;
    run.labels = labels;
    run.plan = out.plan.canonicalJson();
    run.planHash = out.plan.hash();
    run.requester = QStringLiteral("firebreak");
    run.createdMs = clock.nowMs() - Minute;
    const ApprovalPolicy::Requirement requirement
        = ApprovalPolicy::requirement(playbook.risk, playbook.approvalGate(), false);
    run.approvalsRequired = requirement.count;
    run.approvalRole = roleName(requirement.role);
    run.approvalExpiresMs = clock.nowMs() + requirement.expiresMs;
    out.detail.plan = QJsonDocument::fromJson(run.plan).object();
    if (!judgeGates)
        return out;
    ScriptedMetrics metrics;
    GateEvaluator evaluator(clock, metrics, changes);
    for (int i = 0; i < out.plan.gates.size(); ++i) {
        const PlaybookGate::Kind kind = out.plan.gates.at(i).gate.kind;
        if (kind == PlaybookGate::Kind::Approval || kind == PlaybookGate::Kind::RateLimit)
            continue;
        evaluator.evaluate(out.plan, i, [&out, &clock](const GateDecision& decision) {
            out.detail.gates.append(GateOutcome { decision.index, playbookGateKindName(decision.kind), decision.passed,
                decision.reason, decision.evidence, clock.nowMs(), 100 + decision.index });
        });
    }
    return out;
}

ApprovalRecord grant(const QString& person, const QString& hash, qint64 timeMs, const QString& reason)
{
    return ApprovalRecord { 4, person, ApprovalRecord::Decision::Granted, hash, timeMs, reason };
}

const QString HostileInstance = QStringLiteral("db 1\"; rm -rf / #");
const QString HostileNote = QStringLiteral("it's \"fine\"  twice");

const QByteArray HostileYaml = R"(id: hostile-archive
title: Archive logs on a host with a hostile name
risk: high
trigger:
  alert: DiskSpaceHigh
  match: {service: db}
  requires_labels: [instance, note]
parameters:
  instance: {pattern: '^.{1,200}$'}
  note: {pattern: '^.{1,200}$'}
gates:
  - sustained: {query: 'disk_used_percent{instance="{{ labels.instance }}"}', above: 90, for: 5m}
  - quiet: {no_change_within: 30m, kinds: [deploy, cron]}
  - confirm: {query: 'db_write_latency_p99_seconds{instance="{{ labels.instance }}"}', above: 0.2}
  - approval: {role: commander, approvers: 2, expires: 15m}
  - rate_limit: {max_runs: 2, per: 1h}
  - blast_radius: {max_targets: 1}
steps:
  - name: archive logs older than 30 days
    run: {executor: shell, argv: [archive-logs, --older-than, 30d, --host, '{{ labels.instance }}'], timeout: 5m}
  - name: tell the log service
    run:
      executor: http
      method: POST
      url: 'https://logs.example.com/api/archive'
      query: {host: '{{ labels.instance }}'}
      headers: {X-Note: '{{ labels.note }}'}
      body: {host: '{{ labels.instance }}', mode: full}
      expect_status: [200, 202]
verify:
  - name: space reclaimed
    query: 'disk_used_percent{instance="{{ labels.instance }}"}'
    success: '< 80'
    interval: 30s
    count: 5
    failure_limit: 1
on_verify_failure: rollback
rollback:
  - name: restore the archive
    run: {executor: shell, argv: [restore-logs, --host, '{{ labels.instance }}', ''], timeout: 5m}
suppress: {for: 1h, matchers: {alertname: DiskSpaceHigh, instance: '{{ labels.instance }}'}}
)";

QVector<OperatorIdentity> people()
{
    return { { QStringLiteral("alice"), QStringLiteral("Alice Moreau"), Role::Commander },
        { QStringLiteral("bob"), QStringLiteral("Bob Okafor"), Role::Commander },
        { QStringLiteral("carol"), QStringLiteral("Carol Diaz"), Role::Responder },
        { QStringLiteral("dave"), QStringLiteral("Dave Lin"), Role::Admin } };
}

QStringList seedPlaybooks()
{
    return QDir(QStringLiteral(":/playbooks")).entryList({ QStringLiteral("*.yaml") }, QDir::Files, QDir::Name);
}

} // namespace

class TestApprovalDialog : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void planShowsEveryStep_data();
    void planShowsEveryStep();
    void hostileLabelsShownLiterally();
    void gateChartsShowSamplesAndThreshold();
    void undecidedGateSaysSo();
    void countdownFollowsTheClock();
    void approveNeedsReasonAndPassphrase();
    void mediumRiskAsksNoPassphrase();
    void enterNeverDecides();
    void denyAsksConfirmation();
    void decisionCarriesTheShownPlanHash();
    void approveBlockedForWrongPeople();
    void runNoLongerAwaiting();
    void secondCommanderSignsInOnThisConsole();
    void refusalIsShown();
    void liveUpdateKeepsScrollPosition();
    void screenshot();

private:
    Playbook hostile() const { return loadPlaybook(m_hostilePath); }
    LabelSet hostileLabels() const
    {
        return { { QStringLiteral("alertname"), QStringLiteral("DiskSpaceHigh") },
            { QStringLiteral("service"), QStringLiteral("db") }, { QStringLiteral("instance"), HostileInstance },
            { QStringLiteral("note"), HostileNote } };
    }
    Playbook seed(const QString& name) const { return loadPlaybook(QStringLiteral(":/playbooks/") + name); }

    QTemporaryDir m_dir;
    QString m_hostilePath;
    Theme m_theme = Theme::lightTheme();
};

void TestApprovalDialog::initTestCase()
{
    Q_INIT_RESOURCE(firebreak);
    registerMetaTypes();
    QVERIFY(m_dir.isValid());
    m_hostilePath = m_dir.filePath(QStringLiteral("hostile.yaml"));
    QFile file(m_hostilePath);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(HostileYaml);
    file.close();
    QVERIFY(!hostile().id.isEmpty());
    QCOMPARE(seedPlaybooks().size(), 6);
}

void TestApprovalDialog::planShowsEveryStep_data()
{
    QTest::addColumn<QString>("file");
    for (const QString& name : seedPlaybooks())
        QTest::newRow(qPrintable(name)) << QStringLiteral(":/playbooks/") + name;
    QTest::newRow("hostile") << QString();
}

void TestApprovalDialog::planShowsEveryStep()
{
    QFETCH(QString, file);
    const Playbook playbook = file.isEmpty() ? hostile() : loadPlaybook(file);
    QVERIFY(!playbook.id.isEmpty());
    ManualClock clock;
    const Rendered rendered = render(playbook, file.isEmpty() ? hostileLabels() : labelsFor(playbook), clock);
    QVERIFY(!rendered.plan.steps.isEmpty());
    ApprovalView view(clock, m_theme);
    view.setDetail(rendered.detail);
    const QString text = view.planText();

    QVector<QVector<TokenStrip::Token>> shown;
    for (TokenStrip* strip : view.tokenStrips())
        shown.append(strip->tokens());
    auto stepsShown = [&](const QVector<RenderedStep>& steps) {
        for (const RenderedStep& step : steps) {
            const PlaybookRequest& request = step.request;
            QVERIFY2(text.contains(step.name), qPrintable(step.name));
            QVERIFY2(text.contains(QStringLiteral("executor: ") + request.executor), qPrintable(request.executor));
            if (!request.action.isEmpty())
                QVERIFY2(text.contains(QStringLiteral(": ") + request.action + QLatin1Char('\n')),
                    qPrintable(request.action));
            QVERIFY2(text.contains(QStringLiteral("target: ") + step.target), qPrintable(step.target));
            if (!request.argv.isEmpty()) {
                QVector<TokenStrip::Token> argv;
                for (const QString& argument : request.argv) {
                    argv.append({ QString(), argument });
                    QVERIFY2(text.contains(QStringLiteral("⟦") + argument + QStringLiteral("⟧")), qPrintable(argument));
                }
                // The whole vector in order, one box per argument.
                QVERIFY(shown.contains(argv));
                QVERIFY(text.contains(QStringLiteral("argv: ") + TokenStrip::text(argv)));
            }
            for (auto it = request.params.cbegin(); it != request.params.cend(); ++it)
                QVERIFY2(text.contains(it.key() + QStringLiteral("=⟦") + it.value() + QStringLiteral("⟧")),
                    qPrintable(it.key()));
            for (auto it = request.query.cbegin(); it != request.query.cend(); ++it)
                QVERIFY(text.contains(it.key() + QStringLiteral("=⟦") + it.value() + QStringLiteral("⟧")));
            for (auto it = request.headers.cbegin(); it != request.headers.cend(); ++it)
                QVERIFY(text.contains(it.key() + QStringLiteral("=⟦") + it.value() + QStringLiteral("⟧")));
            if (!request.url.isEmpty())
                QVERIFY(text.contains(QStringLiteral("url: ") + request.url));
            if (request.timeoutMs > 0)
                QVERIFY(text.contains(QStringLiteral("timeout: ") + PlanSections::duration(request.timeoutMs)));
        }
    };
    stepsShown(rendered.plan.steps);
    stepsShown(rendered.plan.rollback);
    for (const RenderedCheck& check : rendered.plan.verify + rendered.plan.rollbackVerify) {
        QVERIFY(text.contains(QStringLiteral("Check: ") + check.check.name));
        QVERIFY(text.contains(QStringLiteral("query: ") + check.query));
        QVERIFY(text.contains(QStringLiteral("success: value ") + check.check.success));
    }
    if (rendered.plan.rollback.isEmpty())
        QVERIFY(text.contains(QStringLiteral("No rollback: a failed verification pauses the run")));
    if (rendered.plan.suppress) {
        for (auto it = rendered.plan.suppress->matchers.cbegin(); it != rendered.plan.suppress->matchers.cend(); ++it)
            QVERIFY(text.contains(it.key() + QStringLiteral("=⟦") + it.value() + QStringLiteral("⟧")));
    }
    for (const QString& target : rendered.plan.targets())
        QVERIFY(text.contains(QStringLiteral("Blast radius: ")) && text.contains(target));
    QVERIFY(text.contains(QStringLiteral("Risk: ") + playbookRiskName(playbook.risk)));
    QVERIFY(text.contains(rendered.plan.hash()));
    QCOMPARE(view.planHashText(), rendered.plan.hash().left(16) + QStringLiteral("…"));
}

void TestApprovalDialog::hostileLabelsShownLiterally()
{
    ManualClock clock;
    const Rendered rendered = render(hostile(), hostileLabels(), clock);
    ApprovalView view(clock, m_theme);
    view.setDetail(rendered.detail);
    const QString text = view.planText();
    // The argument with spaces and quotes is one token, exactly as it will be passed.
    QVERIFY(text.contains(QStringLiteral("argv: ⟦archive-logs⟧ ⟦--older-than⟧ ⟦30d⟧ ⟦--host⟧ ⟦") + HostileInstance
        + QStringLiteral("⟧")));
    QVERIFY(text.contains(QStringLiteral("X-Note=⟦") + HostileNote + QStringLiteral("⟧")));
    // An empty argument is a box of its own, not nothing.
    QVERIFY(
        text.contains(QStringLiteral("argv: ⟦restore-logs⟧ ⟦--host⟧ ⟦") + HostileInstance + QStringLiteral("⟧ ⟦⟧")));
    bool found = false;
    for (TokenStrip* strip : view.tokenStrips()) {
        for (const TokenStrip::Token& token : strip->tokens())
            found = found || token.value == HostileInstance;
    }
    QVERIFY(found);
}

void TestApprovalDialog::gateChartsShowSamplesAndThreshold()
{
    ManualClock clock;
    const Rendered rendered = render(hostile(), hostileLabels(), clock);
    ApprovalView view(clock, m_theme);
    view.setDetail(rendered.detail);
    // sustained and confirm have charts; quiet, approval, rate_limit and blast_radius do not.
    QCOMPARE(view.gateCharts().size(), 2);
    const GateOutcome& sustained = rendered.detail.gates.at(0);
    QCOMPARE(sustained.kind, QStringLiteral("sustained"));
    QVERIFY(sustained.passed);
    GateEvidenceChart* chart = view.gateCharts().at(0);
    const QJsonArray samples = sustained.evidence.value(QStringLiteral("series"))
                                   .toArray()
                                   .at(0)
                                   .toObject()
                                   .value(QStringLiteral("samples"))
                                   .toArray();
    QVERIFY(samples.size() > 10);
    const QVector<QPointF> points = chart->samplesOf(0);
    QCOMPARE(points.size(), samples.size());
    for (int i = 0; i < samples.size(); ++i) {
        QCOMPARE(points.at(i).x(), samples.at(i).toArray().at(0).toDouble());
        QCOMPARE(points.at(i).y(), samples.at(i).toArray().at(1).toDouble());
    }
    QVERIFY(chart->hasThreshold());
    QCOMPARE(chart->threshold(), 90.0);
    QVERIFY(chart->thresholdLine()->isVisible());
    QCOMPARE(chart->thresholdLine()->count(), 2);
    QCOMPARE(chart->thresholdLine()->at(0).y(), 90.0);
    QCOMPARE(chart->windowStartMs(), T0 - 5 * Minute);
    QCOMPARE(chart->windowEndMs(), T0);

    // The confirm gate without a duration: one value at one moment, against 0.2.
    GateEvidenceChart* confirm = view.gateCharts().at(1);
    QCOMPARE(confirm->threshold(), 0.2);
    QCOMPARE(confirm->samplesOf(0).size(), 1);
    QCOMPARE(confirm->samplesOf(0).at(0).y(), 0.42);

    const QString text = view.planText();
    QVERIFY(text.contains(sustained.reason));
    // The quiet gate shows the change it saw; the blast radius gate its targets.
    QVERIFY(text.contains(QStringLiteral("web v2.14.1 to eu")));
    QVERIFY(text.contains(QStringLiteral("Gate 2 quiet")));
    QVERIFY(text.contains(QStringLiteral("blocked")));
    QVERIFY(text.contains(QStringLiteral("targets: ⟦")));
}

void TestApprovalDialog::undecidedGateSaysSo()
{
    ManualClock clock;
    Rendered rendered = render(
        seed(QStringLiteral("region-failover.yaml")), labelsFor(seed(QStringLiteral("region-failover.yaml"))), clock);
    rendered.detail.gates.remove(1, rendered.detail.gates.size() - 1); // only the first gate decided
    ApprovalView view(clock, m_theme);
    view.setDetail(rendered.detail);
    const QString text = view.planText();
    QVERIFY(text.contains(QStringLiteral("Gate 1 sustained")));
    QVERIFY(text.contains(QStringLiteral("— passed")));
    QVERIFY(text.contains(QStringLiteral("Gate 2 confirm: ")));
    QVERIFY(text.contains(QStringLiteral("— not decided yet")));
    QCOMPARE(view.gateCharts().size(), 1);
}

void TestApprovalDialog::countdownFollowsTheClock()
{
    ManualClock clock;
    const Rendered rendered = render(
        seed(QStringLiteral("region-failover.yaml")), labelsFor(seed(QStringLiteral("region-failover.yaml"))), clock);
    ApprovalView view(clock, m_theme);
    QSignalSpy expired(&view, &ApprovalView::expiredChanged);
    view.setDetail(rendered.detail);
    QCOMPARE(view.countdownText(), QStringLiteral("Expires in 10:00"));
    clock.m_now += 61'000;
    view.tick();
    QCOMPARE(view.countdownText(), QStringLiteral("Expires in 8:59"));
    // The view's own timer ticks once a second, reading the clock each time (the demo's runs fast).
    clock.m_now += 5 * Minute;
    QTRY_COMPARE_WITH_TIMEOUT(view.countdownText(), QStringLiteral("Expires in 3:59"), 3000);
    clock.m_now = rendered.detail.run.approvalExpiresMs;
    QTRY_COMPARE_WITH_TIMEOUT(view.countdownText(), QStringLiteral("Expired"), 3000);
    QVERIFY(view.isExpired());
    QCOMPARE(expired.size(), 1);

    OperatorSession session(people());
    session.signIn(QStringLiteral("alice"));
    ApprovalDialog dialog(clock, m_theme, session);
    dialog.setDetail(rendered.detail);
    dialog.reasonField()->setText(QStringLiteral("partition confirmed"));
    dialog.passphraseField()->setText(QStringLiteral("secret"));
    QVERIFY(!dialog.approveButton()->isEnabled());
    QVERIFY(dialog.approveBlocker().contains(QStringLiteral("closed")));
}

void TestApprovalDialog::approveNeedsReasonAndPassphrase()
{
    ManualClock clock;
    const Rendered rendered = render(hostile(), hostileLabels(), clock);
    OperatorSession session(people());
    session.signIn(QStringLiteral("alice"));
    ApprovalDialog dialog(clock, m_theme, session);
    dialog.setDetail(rendered.detail);
    dialog.show();
    dialog.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&dialog));
    QVERIFY(dialog.passphraseField()->isVisible());
    QVERIFY(!dialog.approveButton()->isEnabled());
    QVERIFY(!dialog.denyButton()->isEnabled());
    QVERIFY(dialog.approveBlocker().contains(QStringLiteral("reason")));
    QTest::keyClicks(dialog.reasonField(), QStringLiteral("disk at 94%, no deploy"));
    QVERIFY(!dialog.approveButton()->isEnabled());
    QVERIFY(dialog.denyButton()->isEnabled()); // saying no needs no passphrase
    QVERIFY(dialog.approveBlocker().contains(QStringLiteral("passphrase")));
    QTest::keyClicks(dialog.passphraseField(), QStringLiteral("correct horse"));
    QVERIFY(dialog.approveButton()->isEnabled());
    QVERIFY(dialog.approveBlocker().isEmpty());
    QVERIFY(dialog.findChild<QLabel*>() != nullptr);

    QSignalSpy decided(&dialog, &ApprovalDialog::decisionRequested);
    QTest::keyClick(&dialog, Qt::Key_A, Qt::AltModifier); // &Approve (a mnemonic clicks after a short delay)
    QTRY_COMPARE(decided.size(), 1);
    QCOMPARE(decided.at(0).at(0).toLongLong(), 4);
    QCOMPARE(decided.at(0).at(1).toString(), QStringLiteral("alice"));
    QCOMPARE(decided.at(0).at(2).toString(), rendered.plan.hash());
    QCOMPARE(decided.at(0).at(3).toString(), QStringLiteral("correct horse"));
    QCOMPARE(decided.at(0).at(4).toString(), QStringLiteral("disk at 94%, no deploy"));
    QCOMPARE(decided.at(0).at(5).toBool(), true);
    // Busy until the engine answers (checking a passphrase takes it about a second).
    QVERIFY(dialog.isBusy());
    QVERIFY(!dialog.approveButton()->isEnabled());
    QVERIFY(!dialog.reasonField()->isEnabled());
}

void TestApprovalDialog::mediumRiskAsksNoPassphrase()
{
    ManualClock clock;
    const Playbook playbook = seed(QStringLiteral("memory-leak-restart.yaml"));
    const Rendered rendered = render(playbook, labelsFor(playbook), clock);
    OperatorSession session(people());
    session.signIn(QStringLiteral("alice"));
    ApprovalDialog dialog(clock, m_theme, session);
    dialog.setDetail(rendered.detail);
    dialog.show();
    dialog.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&dialog));
    QVERIFY(!dialog.passphraseField()->isVisible());
    dialog.reasonField()->setText(QStringLiteral("leak confirmed"));
    QVERIFY(dialog.approveButton()->isEnabled());
    QSignalSpy decided(&dialog, &ApprovalDialog::decisionRequested);
    dialog.approveButton()->click();
    QCOMPARE(decided.size(), 1);
    QCOMPARE(decided.at(0).at(3).toString(), QString());
    dialog.onDecisionAnswered(4, QStringLiteral("alice"), true, QStringLiteral("approved; the run starts"));
    QCOMPARE(dialog.outcomeText(), QStringLiteral("Approved by Alice Moreau — the run starts"));
}

void TestApprovalDialog::enterNeverDecides()
{
    ManualClock clock;
    const Rendered rendered = render(hostile(), hostileLabels(), clock);
    OperatorSession session(people());
    session.signIn(QStringLiteral("alice"));
    ApprovalDialog dialog(clock, m_theme, session);
    dialog.setDetail(rendered.detail);
    dialog.show();
    dialog.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&dialog));
    QSignalSpy decided(&dialog, &ApprovalDialog::decisionRequested);
    dialog.reasonField()->setText(QStringLiteral("ok"));
    dialog.passphraseField()->setText(QStringLiteral("pw"));
    QVERIFY(dialog.approveButton()->isEnabled());
    for (QPushButton* button : dialog.findChildren<QPushButton*>()) {
        QVERIFY2(!button->isDefault(), qPrintable(button->text()));
        QVERIFY2(!button->autoDefault(), qPrintable(button->text()));
    }
    for (QLineEdit* field : { dialog.reasonField(), dialog.passphraseField() }) {
        field->setFocus();
        QTest::keyClick(field, Qt::Key_Return);
        QTest::keyClick(field, Qt::Key_Enter);
    }
    // Focus on the Approve button itself: Enter still does nothing there (only Space or a click).
    dialog.approveButton()->setFocus();
    QTest::keyClick(dialog.approveButton(), Qt::Key_Return);
    QCOMPARE(decided.size(), 0);
    QVERIFY(dialog.isVisible());

    // Ctrl+R takes the cursor to the reason from anywhere.
    dialog.closeButton()->setFocus();
    QTest::keyClick(&dialog, Qt::Key_R, Qt::ControlModifier);
    QVERIFY(dialog.reasonField()->hasFocus());
    // Esc closes without deciding.
    QTest::keyClick(dialog.reasonField(), Qt::Key_Escape);
    QVERIFY(!dialog.isVisible());
    QCOMPARE(decided.size(), 0);
}

void TestApprovalDialog::denyAsksConfirmation()
{
    ManualClock clock;
    const Rendered rendered = render(hostile(), hostileLabels(), clock);
    OperatorSession session(people());
    session.signIn(QStringLiteral("alice"));
    ApprovalDialog dialog(clock, m_theme, session);
    dialog.setDetail(rendered.detail);
    dialog.show();
    dialog.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&dialog));
    dialog.reasonField()->setText(QStringLiteral("wrong host"));
    QSignalSpy decided(&dialog, &ApprovalDialog::decisionRequested);

    // Answers the confirmation once it is up (a mnemonic click comes ~100 ms after the key).
    auto answer = [&dialog](bool confirm, QString* confirmText, QString* defaultText) {
        auto* poll = new QTimer(&dialog);
        poll->start(10);
        QObject::connect(poll, &QTimer::timeout, poll, [=] {
            auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
            if (!box)
                return;
            poll->deleteLater();
            poll->stop();
            QPushButton* accept = nullptr;
            for (QAbstractButton* button : box->buttons()) {
                if (box->buttonRole(button) == QMessageBox::DestructiveRole)
                    accept = qobject_cast<QPushButton*>(button);
            }
            *confirmText = accept ? accept->text() : QString();
            *defaultText = box->defaultButton() ? box->defaultButton()->text() : QString();
            if (confirm && accept)
                accept->click();
            else
                QTest::keyClick(box, Qt::Key_Return); // Enter picks the default: Cancel
        });
    };
    QString confirmText;
    QString defaultText;
    answer(false, &confirmText, &defaultText);
    QTest::keyClick(&dialog, Qt::Key_D, Qt::AltModifier); // &Deny…
    QTRY_COMPARE(confirmText, QStringLiteral("Deny run 4 — nothing will run"));
    QCOMPARE(defaultText.remove(QLatin1Char('&')), QStringLiteral("Cancel"));
    QCOMPARE(decided.size(), 0);

    answer(true, &confirmText, &defaultText);
    dialog.denyButton()->click();
    QCOMPARE(decided.size(), 1);
    QCOMPARE(decided.at(0).at(5).toBool(), false);
    QCOMPARE(decided.at(0).at(3).toString(), QString());
    QCOMPARE(decided.at(0).at(4).toString(), QStringLiteral("wrong host"));
    dialog.onDecisionAnswered(4, QStringLiteral("alice"), true, QStringLiteral("denied"));
    QCOMPARE(dialog.outcomeText(), QStringLiteral("Denied by Alice Moreau — nothing will run"));
    QVERIFY(!dialog.approveButton()->isEnabled());
    QVERIFY(!dialog.denyButton()->isEnabled());
}

void TestApprovalDialog::decisionCarriesTheShownPlanHash()
{
    ManualClock clock;
    const Rendered shown = render(hostile(), hostileLabels(), clock);
    LabelSet other = hostileLabels();
    other.insert(QStringLiteral("instance"), QStringLiteral("db-eu-2"));
    Rendered replanned = render(hostile(), other, clock);
    QVERIFY(shown.plan.hash() != replanned.plan.hash());

    OperatorSession session(people());
    session.signIn(QStringLiteral("alice"));
    ApprovalDialog dialog(clock, m_theme, session);
    dialog.setDetail(shown.detail);
    dialog.reasonField()->setText(QStringLiteral("ok"));
    dialog.passphraseField()->setText(QStringLiteral("pw"));
    QSignalSpy decided(&dialog, &ApprovalDialog::decisionRequested);
    dialog.approveButton()->click();
    QCOMPARE(decided.size(), 1);
    // The plan changes while the engine checks: the request already sent names what alice saw.
    dialog.setDetail(replanned.detail);
    QCOMPARE(decided.at(0).at(2).toString(), shown.plan.hash());
    dialog.onDecisionAnswered(4, QStringLiteral("alice"), false, QStringLiteral("the plan changed"));
    QVERIFY(dialog.outcomeText().contains(QStringLiteral("the plan changed")));

    // Approve stays disabled for the new plan until it has been read.
    dialog.reasonField()->setText(QStringLiteral("read the new plan"));
    dialog.passphraseField()->setText(QStringLiteral("pw"));
    QVERIFY(!dialog.approveButton()->isEnabled());
    QVERIFY(dialog.approveBlocker().contains(QStringLiteral("plan changed")));
    QVERIFY(dialog.denyButton()->isEnabled());
    dialog.readPlanButton()->click();
    QVERIFY(dialog.approveButton()->isEnabled());
    dialog.approveButton()->click();
    QCOMPARE(decided.size(), 2);
    QCOMPARE(decided.at(1).at(2).toString(), replanned.plan.hash());
}

void TestApprovalDialog::approveBlockedForWrongPeople()
{
    ManualClock clock;
    Rendered rendered = render(hostile(), hostileLabels(), clock);
    OperatorSession session(people());
    ApprovalDialog dialog(clock, m_theme, session);
    dialog.setDetail(rendered.detail);
    dialog.reasonField()->setText(QStringLiteral("ok"));
    dialog.passphraseField()->setText(QStringLiteral("pw"));
    QVERIFY(!dialog.approveButton()->isEnabled());
    QVERIFY(dialog.approveBlocker().contains(QStringLiteral("Nobody is signed in")));

    session.signIn(QStringLiteral("carol")); // a responder; this high-risk run needs commanders
    QVERIFY(!dialog.approveButton()->isEnabled());
    QVERIFY(!dialog.denyButton()->isEnabled());
    QVERIFY2(
        dialog.approveBlocker().contains(QStringLiteral("needs a commander")), qPrintable(dialog.approveBlocker()));

    rendered.detail.run.requester = QStringLiteral("alice");
    dialog.setDetail(rendered.detail);
    session.signIn(QStringLiteral("alice"));
    QVERIFY(!dialog.approveButton()->isEnabled());
    QVERIFY(dialog.approveBlocker().contains(QStringLiteral("nobody approves their own run")));
    QVERIFY(dialog.denyButton()->isEnabled()); // withdrawing one's own run is allowed

    session.signIn(QStringLiteral("dave")); // an admin holds commander
    QVERIFY(dialog.passphraseField()->text().isEmpty()); // alice's passphrase is not dave's
    QVERIFY(!dialog.approveButton()->isEnabled());
    dialog.passphraseField()->setText(QStringLiteral("daves"));
    QVERIFY(dialog.approveButton()->isEnabled());
}

void TestApprovalDialog::runNoLongerAwaiting()
{
    ManualClock clock;
    Rendered rendered = render(hostile(), hostileLabels(), clock);
    OperatorSession session(people());
    session.signIn(QStringLiteral("alice"));
    ApprovalDialog dialog(clock, m_theme, session);
    dialog.setDetail(rendered.detail);
    dialog.reasonField()->setText(QStringLiteral("ok"));
    dialog.passphraseField()->setText(QStringLiteral("pw"));
    QVERIFY(dialog.approveButton()->isEnabled());
    rendered.detail.run.state = RunState::Rejected;
    rendered.detail.run.stateReason = QStringLiteral("denied by bob: wrong host");
    dialog.setDetail(rendered.detail);
    QVERIFY(!dialog.approveButton()->isEnabled());
    QVERIFY(!dialog.denyButton()->isEnabled());
    QVERIFY(dialog.approveBlocker().contains(QStringLiteral("no longer awaiting approval (rejected)")));
    QCOMPARE(dialog.view()->countdownText(), QStringLiteral("rejected"));
}

void TestApprovalDialog::secondCommanderSignsInOnThisConsole()
{
    ManualClock clock;
    Rendered rendered = render(hostile(), hostileLabels(), clock);
    const QString hash = rendered.plan.hash();
    rendered.detail.approvals = { grant(QStringLiteral("dave"), QStringLiteral("0123abcd").repeated(8), T0 - 3 * Minute,
                                      QStringLiteral("before the replan")),
        grant(QStringLiteral("alice"), hash, T0 - Minute, QStringLiteral("disk at 94%, quiet for 30m")) };
    OperatorSession session(people());
    session.signIn(QStringLiteral("alice"));
    ApprovalDialog dialog(clock, m_theme, session);
    dialog.setDetail(rendered.detail);
    dialog.show();
    dialog.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&dialog));

    const QString approvals = dialog.view()->approvalsText();
    QVERIFY2(approvals.contains(QStringLiteral("1 of 2 approvals for this plan · 1 more commander needed")),
        qPrintable(approvals));
    QVERIFY(approvals.contains(QStringLiteral("✓ approved by alice at 03:03:05 UTC — disk at 94%, quiet for 30m")));
    QVERIFY(approvals.contains(QStringLiteral("dave")));
    QVERIFY(approvals.contains(QStringLiteral("does not count")));

    dialog.reasonField()->setText(QStringLiteral("second look"));
    dialog.passphraseField()->setText(QStringLiteral("pw"));
    QVERIFY(!dialog.approveButton()->isEnabled());
    QVERIFY(dialog.approveBlocker().contains(QStringLiteral("already approved this plan")));

    // Bob signs in on this console through the Authenticator (here: a test slot answering later).
    QVector<QPair<quint64, QString>> asked;
    int attempt = 0;
    connect(&dialog, &ApprovalDialog::verifyRequested, &dialog,
        [&](quint64 requestId, const QString& name, const QString& passphrase) {
            asked.append({ requestId, name });
            const bool ok = ++attempt > 1 && passphrase == QStringLiteral("bobs secret");
            QTimer::singleShot(30, &dialog, [&dialog, requestId, name, ok] {
                dialog.onVerified(requestId + 1000, name, true, QString()); // someone else's answer: ignored
                dialog.onVerified(requestId, name, ok, ok ? QString() : QStringLiteral("wrong passphrase for bob"));
            });
        });
    dialog.signInButton()->click();
    SignInDialog* signIn = dialog.signInDialog();
    QVERIFY(signIn);
    QVERIFY(signIn->isVisible());
    // Only those who may approve this run are offered.
    QCOMPARE(signIn->personBox()->count(), 3); // alice, bob, dave (carol is a responder)
    signIn->personBox()->setCurrentIndex(signIn->personBox()->findData(QStringLiteral("bob")));
    QTest::keyClicks(signIn->passphraseField(), QStringLiteral("wrong"));
    signIn->signInButton()->click();
    QVERIFY(signIn->isBusy());
    QVERIFY(!signIn->passphraseField()->isEnabled());
    QVERIFY(!signIn->signInButton()->isEnabled());
    QTRY_VERIFY(!signIn->isBusy());
    QCOMPARE(signIn->message(), QStringLiteral("wrong passphrase for bob"));
    QVERIFY(signIn->passphraseField()->text().isEmpty());
    QVERIFY(signIn->isVisible());
    QCOMPARE(dialog.approver().name, QStringLiteral("alice"));

    QTest::keyClicks(signIn->passphraseField(), QStringLiteral("bobs secret"));
    QTest::keyClick(signIn->passphraseField(), Qt::Key_Return);
    QTRY_VERIFY(!dialog.signInDialog());
    QCOMPARE(asked.size(), 2);
    QVERIFY(asked.at(0).first != asked.at(1).first);
    QCOMPARE(asked.at(1).second, QStringLiteral("bob"));
    QCOMPARE(dialog.approver().name, QStringLiteral("bob"));
    QCOMPARE(session.current().name, QStringLiteral("alice")); // the console's person is unchanged

    dialog.reasonField()->setText(QStringLiteral("agree: partition is real"));
    QVERIFY(!dialog.approveButton()->isEnabled()); // bob's passphrase, re-entered for this approval
    dialog.passphraseField()->setText(QStringLiteral("bobs secret"));
    QVERIFY(dialog.approveButton()->isEnabled());
    QSignalSpy decided(&dialog, &ApprovalDialog::decisionRequested);
    dialog.approveButton()->click();
    QCOMPARE(decided.size(), 1);
    QCOMPARE(decided.at(0).at(1).toString(), QStringLiteral("bob"));
    QCOMPARE(decided.at(0).at(2).toString(), hash);
    dialog.onDecisionAnswered(4, QStringLiteral("alice"), true, QStringLiteral("not ours")); // another person: ignored
    QVERIFY(dialog.isBusy());
    dialog.onDecisionAnswered(4, QStringLiteral("bob"), true, QStringLiteral("approved; the run starts"));
    QVERIFY(!dialog.isBusy());
    QCOMPARE(dialog.outcomeText(), QStringLiteral("Approved by Bob Okafor — the run starts"));
    QVERIFY(dialog.passphraseField()->text().isEmpty());
}

void TestApprovalDialog::refusalIsShown()
{
    ManualClock clock;
    const Rendered rendered = render(hostile(), hostileLabels(), clock);
    OperatorSession session(people());
    session.signIn(QStringLiteral("alice"));
    ApprovalDialog dialog(clock, m_theme, session);
    dialog.setDetail(rendered.detail);
    dialog.reasonField()->setText(QStringLiteral("ok"));
    dialog.passphraseField()->setText(QStringLiteral("typo"));
    dialog.approveButton()->click();
    QVERIFY(dialog.isBusy());
    dialog.onDecisionAnswered(5, QStringLiteral("alice"), false, QStringLiteral("another run")); // ignored
    QVERIFY(dialog.isBusy());
    dialog.onDecisionAnswered(4, QStringLiteral("alice"), false, QStringLiteral("alice's passphrase did not verify"));
    QVERIFY(!dialog.isBusy());
    QCOMPARE(dialog.outcomeText(), QStringLiteral("Refused for Alice Moreau: alice's passphrase did not verify"));
    QVERIFY(dialog.passphraseField()->text().isEmpty());
    QCOMPARE(dialog.reasonField()->text(), QStringLiteral("ok")); // kept for the retry
    QVERIFY(!dialog.approveButton()->isEnabled());
    dialog.passphraseField()->setText(QStringLiteral("right"));
    QVERIFY(dialog.approveButton()->isEnabled());

    // After an accepted first approval of a high-risk run: one more commander needed.
    dialog.approveButton()->click();
    dialog.onDecisionAnswered(4, QStringLiteral("alice"), true, QStringLiteral("approved; 1 more approval(s) needed"));
    QCOMPARE(dialog.outcomeText(), QStringLiteral("Approved by Alice Moreau — 1 more commander needed"));
    QVERIFY(dialog.passphraseField()->text().isEmpty());
    QVERIFY(!dialog.approveButton()->isEnabled());
    QVERIFY(dialog.approveBlocker().contains(QStringLiteral("already approved")));
}

void TestApprovalDialog::liveUpdateKeepsScrollPosition()
{
    ManualClock clock;
    Rendered rendered = render(hostile(), hostileLabels(), clock);
    ApprovalView view(clock, m_theme);
    view.resize(900, 420);
    view.setDetail(rendered.detail);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QTRY_VERIFY(view.verticalScrollBar()->maximum() > 400);
    GateEvidenceChart* chart = view.gateCharts().at(0);
    view.ensureWidgetVisible(chart);
    QCoreApplication::processEvents();
    const int scrolled = view.verticalScrollBar()->value();
    QVERIFY(scrolled > 0);
    // The first step card sits above the charts: track where the viewport shows the gates part.
    QWidget* gates = chart->parentWidget()->parentWidget();
    const int before = gates->mapTo(view.viewport(), QPoint()).y();

    // Two approvals arrive (the approvals part, above, grows) and the state text changes.
    rendered.detail.approvals = { grant(QStringLiteral("alice"), rendered.plan.hash(), T0, QStringLiteral("go")),
        grant(QStringLiteral("bob"), rendered.plan.hash(), T0 + 1000, QStringLiteral("go too")) };
    rendered.detail.run.stateReason = QStringLiteral("waiting for 2 approval(s) by commander");
    view.setDetail(rendered.detail);
    QCoreApplication::processEvents();
    QCOMPARE(gates->mapTo(view.viewport(), QPoint()).y(), before);
    QVERIFY(view.verticalScrollBar()->value() > scrolled);
    // Charts were not rebuilt: the gates did not change.
    QCOMPARE(view.gateCharts().at(0), chart);
}

void TestApprovalDialog::screenshot()
{
    ManualClock clock;
    Rendered rendered = render(hostile(), hostileLabels(), clock);
    rendered.detail.approvals = { grant(
        QStringLiteral("alice"), rendered.plan.hash(), T0 - Minute, QStringLiteral("disk at 94%, no deploy in 30m")) };
    OperatorSession session(people());
    session.signIn(QStringLiteral("alice"));
    ApprovalDialog dialog(clock, m_theme, session);
    dialog.view()->setIncidentTitle(QStringLiteral("Disk filling on db-eu-1"));
    dialog.setDetail(rendered.detail);
    dialog.resize(1000, 900);
    dialog.show();
    dialog.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&dialog));
    QCoreApplication::processEvents();
    const QString path = QStringLiteral("/tmp/approval-helper.png");
    QVERIFY(dialog.grab().save(path));
    QVERIFY(QFile::exists(path));
}

QTEST_MAIN(TestApprovalDialog)
#include "tst_approvaldialog.moc"
