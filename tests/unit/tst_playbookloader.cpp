// Playbook files as an operator writes them: every seed playbook loads and its steps run on the
// sandbox, and each kind of mistake is refused with the exact FILE:LINE and message.
#include "metrics/seriesselector.h"
#include "playbook/playbookloader.h"
#include "playbook/steprequestreader.h"
#include "playbook/templaterenderer.h"
#include "sandbox/sandboxexecutor.h"
#include "sandbox/sandboxworld.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace firebreak;

namespace {

const QString SeedDir = QStringLiteral(FIREBREAK_TEST_DATA "/../../resources/playbooks");
constexpr qint64 Start = 1767225600000; // 2026-01-01T00:00:00Z
constexpr qint64 Minute = 60LL * 1000;

// A valid low-risk playbook; rows below replace parts of it.
const QByteArray Base
    = "id: t\n" // 1
      "title: T\n" // 2
      "risk: low\n" // 3
      "trigger:\n" // 4
      "  alert: DiskSpaceHigh\n" // 5
      "  match: {service: db}\n" // 6
      "  requires_labels: [instance]\n" // 7
      "steps:\n" // 8
      "  - name: clean\n" // 9
      "    run: {executor: sandbox, action: cleanup-logs, params: {instance: '{{ labels.instance }}'}}\n";

QByteArray replaced(const char* from, const char* to)
{
    QByteArray text = Base;
    if (!text.contains(from))
        qFatal("test bug: \"%s\" is not in the base playbook", from);
    return text.replace(from, to);
}

void writeFile(const QString& path, const QByteArray& content)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        qFatal("cannot write %s", qPrintable(path));
    file.write(content);
}

QStringList errorLines(const PlaybookLoader::FileResult& result)
{
    QStringList lines;
    if (const auto* errors = std::get_if<QList<ConfigError>>(&result)) {
        for (const ConfigError& error : *errors)
            lines.append(error.toString());
    }
    return lines;
}

// Labels of the alerts the sandbox raises (backend-adapters/sandbox/README.md), one per seed playbook.
LabelSet sandboxAlert(const QString& playbookId)
{
    const QMap<QString, LabelSet> alerts {
        { "disk-cleanup",
            { { "alertname", "DiskSpaceHigh" }, { "instance", "db-eu-1" }, { "region", "eu" }, { "service", "db" },
                { "severity", "critical" } } },
        { "memory-leak-restart",
            { { "alertname", "ContainerOOMKilled" }, { "container", "web" }, { "namespace", "shop" },
                { "pod", "web-7f9c4d-x2k8q" }, { "reason", "OOMKilled" }, { "region", "eu" }, { "service", "web" },
                { "severity", "warning" } } },
        { "db-slow-queries",
            { { "alertname", "DatabaseSlowQueries" }, { "instance", "db-eu-1" }, { "region", "eu" },
                { "service", "db" }, { "severity", "warning" } } },
        { "db-promote-replica",
            { { "alertname", "DatabasePrimaryDown" }, { "cluster", "shop" }, { "service", "db" },
                { "severity", "critical" } } },
        { "cache-restart",
            { { "alertname", "CacheDown" }, { "instance", "cache-eu-1" }, { "region", "eu" }, { "service", "cache" },
                { "severity", "critical" } } },
        { "region-failover",
            { { "alertname", "RegionPartitioned" }, { "from", "us" }, { "to", "eu" }, { "service", "network" },
                { "severity", "critical" } } },
    };
    return alerts.value(playbookId);
}

} // namespace

class TestPlaybookLoader : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    QString path(const QString& name) const { return m_dir.filePath(name); }

private Q_SLOTS:
    void seedPlaybooksLoad();
    void seedStepsRunOnTheSandbox();
    void compiledInSeedsMatchTheSourceTree();
    void basePlaybookIsValid();
    void badPlaybook_data();
    void badPlaybook();
    void everyProblemOfAFileAtOnce();
    void duplicateIdsAcrossADirectory();
    void directoryErrors();
    void triggerGuaranteesAndMatches();
};

void TestPlaybookLoader::seedPlaybooksLoad()
{
    const auto result = PlaybookLoader::loadDirectory(SeedDir);
    if (const auto* errors = std::get_if<QList<ConfigError>>(&result))
        QFAIL(qPrintable(errors->first().toString()));
    const QVector<Playbook>& playbooks = std::get<QVector<Playbook>>(result);
    QStringList ids;
    for (const Playbook& playbook : playbooks)
        ids.append(playbook.id);
    QCOMPARE(ids,
        QStringList({ "cache-restart", "db-promote-replica", "db-slow-queries", "disk-cleanup", "memory-leak-restart",
            "region-failover" }));

    const Playbook& disk = playbooks.at(3);
    QCOMPARE(disk.risk, PlaybookRisk::Low);
    QCOMPARE(disk.trigger.alertname, QStringLiteral("DiskSpaceHigh"));
    QCOMPARE(disk.steps.size(), 1);
    QCOMPARE(disk.steps.first().run.executor, QStringLiteral("sandbox"));
    QCOMPARE(disk.steps.first().run.action, QStringLiteral("cleanup-logs"));
    QCOMPARE(disk.steps.first().run.params.value("instance"), QStringLiteral("{{ labels.instance }}"));
    QCOMPARE(disk.steps.first().run.timeoutMs, Minute);
    QVERIFY(disk.suppress);
    QCOMPARE(disk.suppress->forMs, 60 * Minute);
    QCOMPARE(disk.suppress->matchers.value("alertname"), QStringLiteral("DiskSpaceHigh"));
    QCOMPARE(disk.gates.size(), 4);
    QCOMPARE(disk.gates.at(0).kind, PlaybookGate::Kind::Sustained);
    QCOMPARE(disk.gates.at(0).threshold, 90.0);
    QCOMPARE(disk.gates.at(0).forMs, 5 * Minute);
    QCOMPARE(disk.gates.at(0).line, 16);
    QCOMPARE(disk.gates.at(1).changeKinds, QStringList({ "cron", "maintenance" }));
    QVERIFY(!disk.approvalGate());
    QCOMPARE(disk.verify.size(), 1);
    QCOMPARE(disk.verify.first().op, VerifyCheck::Operator::Less);
    QCOMPARE(disk.verify.first().threshold, 80.0);
    QCOMPARE(disk.verify.first().count, 5);
    QCOMPARE(disk.verify.first().failureLimit, 1);
    QCOMPARE(disk.sourceFile, QDir::cleanPath(SeedDir + "/disk-cleanup.yaml"));

    // Database slowness waits for the three-step gate: sustained, quiet, confirmed by user latency.
    const Playbook& slow = playbooks.at(2);
    QCOMPARE(slow.gates.at(0).kind, PlaybookGate::Kind::Sustained);
    QCOMPARE(slow.gates.at(0).forMs, 5 * Minute);
    QCOMPARE(slow.gates.at(1).kind, PlaybookGate::Kind::Quiet);
    QVERIFY(slow.gates.at(1).changeKinds.contains("deploy") && slow.gates.at(1).changeKinds.contains("cron"));
    QCOMPARE(slow.gates.at(2).kind, PlaybookGate::Kind::Confirm);
    QCOMPARE(slow.steps.first().run.action, QStringLiteral("kill-slow-queries"));

    const Playbook& promote = playbooks.at(1);
    QCOMPARE(promote.risk, PlaybookRisk::Critical);
    QVERIFY(promote.approvalGate());
    QCOMPARE(promote.approvalGate()->approvers, 2);
    QCOMPARE(promote.approvalGate()->role, QStringLiteral("commander"));

    const Playbook& leak = playbooks.at(4);
    QCOMPARE(leak.onVerifyFailure, VerifyFailureAction::Rollback);
    QCOMPARE(leak.rollback.size(), 1);
    QCOMPARE(leak.rollback.first().run.action, QStringLiteral("rollback-deploy"));
    QCOMPARE(leak.rollbackVerify.size(), 2);
    QCOMPARE(playbooks.at(5).steps.first().run.action, QStringLiteral("failover-region"));
    QCOMPARE(playbooks.at(0).steps.first().run.action, QStringLiteral("restart-cache"));
}

// Each seed playbook answers the alert the sandbox raises, every template in it fills from that
// alert's labels, its queries are selectors the sandbox can answer, and its steps (and rollback steps) are accepted and
// carried out by the sandbox.
void TestPlaybookLoader::seedStepsRunOnTheSandbox()
{
    const auto result = PlaybookLoader::loadDirectory(SeedDir);
    QVERIFY(std::holds_alternative<QVector<Playbook>>(result));
    for (const Playbook& playbook : std::get<QVector<Playbook>>(result)) {
        const LabelSet labels = sandboxAlert(playbook.id);
        QVERIFY2(!labels.isEmpty(), qPrintable(playbook.id));
        QVERIFY2(playbook.trigger.matches(labels), qPrintable(playbook.id));
        const TemplateRenderer renderer(playbook.parameterPatterns);
        QStringList queries;
        for (const PlaybookGate& gate : playbook.gates) {
            if (!gate.query.isEmpty())
                queries.append(gate.query);
        }
        for (const VerifyCheck& check : playbook.verify + playbook.rollbackVerify)
            queries.append(check.query);
        for (const QString& query : std::as_const(queries)) {
            const auto rendered = renderer.renderQuery(query, labels);
            QVERIFY2(std::holds_alternative<QString>(rendered), qPrintable(playbook.id + ": " + query));
            QVERIFY(!std::get<QString>(rendered).contains("{{"));
            // The sandbox answers series selectors only.
            const auto selector = SeriesSelector::parse(std::get<QString>(rendered));
            QVERIFY2(std::holds_alternative<SeriesSelector>(selector), qPrintable(playbook.id + ": " + query));
        }
        for (const PlaybookStep& step : playbook.steps + playbook.rollback) {
            const auto rendered = renderer.renderRequest(step.run, labels);
            if (const auto* refusal = std::get_if<TemplateRefusal>(&rendered))
                QFAIL(qPrintable(playbook.id + ": " + refusal->reason));
            const PlaybookRequest& request = std::get<PlaybookRequest>(rendered);
            // A leaking release is deployed, so that a rollback has something to undo.
            SandboxWorld world(1, Start, { "memory-leak" });
            world.step(2 * Minute);
            SandboxExecutor executor(world);
            QVERIFY(executor.actions().contains(request.action));
            QVariantMap params;
            for (auto it = request.params.cbegin(); it != request.params.cend(); ++it)
                params.insert(it.key(), it.value());
            ExecutionResult outcome;
            executor.execute(ExecutionRequest { request.action, params, request.timeoutMs, {} },
                [&](const ExecutionResult& done) { outcome = done; });
            QVERIFY2(outcome.ok, qPrintable(playbook.id + ": " + outcome.error));
        }
    }
}

// The demo loads the seeds from the binary's resources: the same playbooks as in the source tree.
void TestPlaybookLoader::compiledInSeedsMatchTheSourceTree()
{
    Q_INIT_RESOURCE(firebreak);
    const auto compiled = PlaybookLoader::loadDirectory(QStringLiteral(":/playbooks"));
    const auto source = PlaybookLoader::loadDirectory(SeedDir);
    QVERIFY(std::holds_alternative<QVector<Playbook>>(compiled));
    QVERIFY(std::holds_alternative<QVector<Playbook>>(source));
    QVector<Playbook> fromResources = std::get<QVector<Playbook>>(compiled);
    QCOMPARE(fromResources.size(), std::get<QVector<Playbook>>(source).size());
    for (Playbook& playbook : fromResources) {
        QVERIFY(playbook.sourceFile.startsWith(QStringLiteral(":/playbooks/")));
        playbook.sourceFile = QDir::cleanPath(SeedDir + playbook.sourceFile.mid(11));
    }
    QVERIFY(fromResources == std::get<QVector<Playbook>>(source));
}

void TestPlaybookLoader::basePlaybookIsValid()
{
    writeFile(path("base.yaml"), Base);
    const auto result = PlaybookLoader::load(path("base.yaml"));
    QVERIFY2(std::holds_alternative<Playbook>(result), qPrintable(errorLines(result).join('\n')));
    const Playbook& playbook = std::get<Playbook>(result);
    QCOMPARE(playbook.id, QStringLiteral("t"));
    QCOMPARE(playbook.idLine, 1);
    QCOMPARE(playbook.steps.first().line, 9);
    QCOMPARE(playbook.trigger.guaranteedLabels(), QStringList({ "alertname", "instance", "service" }));
}

void TestPlaybookLoader::badPlaybook_data()
{
    QTest::addColumn<QByteArray>("yaml");
    QTest::addColumn<QStringList>("expected"); // "LINE: message", the file name is prepended

    QTest::newRow("unknown top-level key") << Base + "retries: 3\n"
                                           << QStringList { "11: unknown key \"retries\" at the top level; known keys: "
                                                            "id, title, description, risk, trigger, parameters, gates, "
                                                            "steps, verify, on_verify_failure, rollback, "
                                                            "rollback_verify, suppress" };
    QTest::newRow("unknown key in a run")
        << replaced("action: cleanup-logs,", "action: cleanup-logs, argv: [x],")
        << QStringList { "10: unknown key \"argv\" in steps[0].run; known keys: executor, timeout, action, params" };
    QTest::newRow("unknown key in a gate")
        << Base + "gates:\n  - sustained: {query: 'disk_used_percent', above: 90, for: 5m, fro: 1m}\n"
        << QStringList { "12: unknown key \"fro\" in gates[0].sustained; known keys: query, above, below, for" };
    QTest::newRow("unknown key in the trigger")
        << replaced("  match: {service: db}\n", "  labels: {service: db}\n")
        << QStringList { "6: unknown key \"labels\" in trigger; known keys: alert, match, match_re, requires_labels" };
    QTest::newRow("title is a list") << replaced("title: T", "title: [a, b]")
                                     << QStringList { "2: title: expected a string, got a list" };
    QTest::newRow("steps is a mapping") << replaced("  - name: clean\n    run:",
        "  name: clean\n  run:") << QStringList { "9: steps: expected a non-empty list of steps, each {name, run}" };
    QTest::newRow("unknown executor") << replaced("executor: sandbox", "executor: ssh")
                                      << QStringList { "10: steps[0].run.executor: unknown executor \"ssh\"; known "
                                                       "executors: shell, http, kubernetes, rundeck, stackstorm, "
                                                       "sandbox" };
    QTest::newRow("missing executor") << replaced("executor: sandbox, ", "")
                                      << QStringList { "10: steps[0].run: missing required key \"executor\"" };
    QTest::newRow("unknown sandbox action")
        << replaced("cleanup-logs", "wipe-disk")
        << QStringList { "10: steps[0].run.action: unknown action \"wipe-disk\"; known actions: cleanup-logs, "
                         "restart-pods, rollback-deploy, promote-replica, kill-slow-queries, restart-cache, "
                         "failover-region" };
    QTest::newRow("sandbox parameter the action does not take")
        << replaced("params: {instance:", "params: {region: eu, instance:")
        << QStringList { "10: steps[0].run.params: the cleanup-logs action takes no parameter \"region\"; it takes: "
                         "instance" };
    QTest::newRow("bad duration") << Base
            + "gates:\n  - sustained: {query: 'disk_used_percent', above: 90, for: 5 min}\n"
                                  << QStringList { "12: gates[0].sustained.for: invalid duration \"5 min\"; expected a "
                                                   "number with a unit, such as 250ms, 30s, 5m, 1h30m" };
    QTest::newRow("bad risk") << replaced("risk: low", "risk: severe")
                              << QStringList { "3: risk: \"severe\" is not a risk level; expected low, medium, high or "
                                               "critical" };
    QTest::newRow("missing trigger") << replaced(
        "trigger:\n  alert: DiskSpaceHigh\n  match: {service: db}\n  requires_labels: [instance]\n", "")
                                     << QStringList { "1: the playbook: missing required key \"trigger\"" };
    QTest::newRow("template names a label the trigger does not guarantee")
        << replaced("  requires_labels: [instance]\n", "")
        << QStringList { "9: steps[0].run.params.instance: the template uses label \"instance\", which the trigger "
                         "does not guarantee (it guarantees: alertname, service); match it in trigger.match or "
                         "trigger.match_re, or list it in trigger.requires_labels" };
    QTest::newRow("a regex that matches the empty string guarantees nothing")
        << replaced("  requires_labels: [instance]\n", "  match_re: {instance: '.*'}\n")
        << QStringList { "10: steps[0].run.params.instance: the template uses label \"instance\", which the trigger "
                         "does not guarantee (it guarantees: alertname, service); match it in trigger.match or "
                         "trigger.match_re, or list it in trigger.requires_labels" };
    QTest::newRow("template mixed with text")
        << replaced("'{{ labels.instance }}'", "'host-{{ labels.instance }}'")
        << QStringList { "10: steps[0].run.params.instance: \"host-{{ labels.instance }}\" mixes text and a template; "
                         "a template must be the whole value (make it a separate argument)" };
    QTest::newRow("malformed template") << replaced("{{ labels.instance }}", "{{ label.instance }}")
                                        << QStringList { "10: steps[0].run.params.instance: malformed template in "
                                                         "\"{{ label.instance }}\"; the only form is "
                                                         "{{ labels.NAME }}" };
    QTest::newRow("template as the program")
        << replaced("{executor: sandbox, action: cleanup-logs, params: {instance: '{{ labels.instance }}'}}",
               "{executor: shell, argv: ['{{ labels.instance }}', --now]}")
        << QStringList {
               "10: steps[0].run.argv[0]: a template is not allowed here; only argument values may hold one"
           };
    QTest::newRow("unquoted template in a query")
        << Base + "gates:\n  - confirm: {query: 'disk_used_percent{instance={{ labels.instance }}}', above: 1}\n"
        << QStringList { "12: gates[0].confirm.query: in a query a template must be a whole quoted label value, such "
                         "as instance=\"{{ labels.instance }}\"" };
    QTest::newRow("medium risk without approval") << replaced(
        "risk: low", "risk: medium") << QStringList { "3: risk: a medium-risk playbook needs an approval gate" };
    QTest::newRow("critical risk with one approver")
        << replaced("risk: low", "risk: critical")
            + "gates:\n  - approval: {role: commander, approvers: 1, expires: 5m}\n"
        << QStringList { "12: gates: a critical-risk playbook needs approval by at least 2 commanders (role: "
                         "commander, approvers: 2)" };
    QTest::newRow("a second approval gate") << Base
            + "gates:\n  - approval: {role: commander, approvers: 1, expires: 5m}\n"
              "  - approval: {role: admin, approvers: 1, expires: 5m}\n"
                                            << QStringList { "13: gates[1]: a second approval gate" };
    QTest::newRow("viewer cannot approve")
        << Base + "gates:\n  - approval: {role: viewer, approvers: 1, expires: 5m}\n"
        << QStringList { "12: gates[0].approval.role: \"viewer\" cannot approve; expected responder, commander or "
                         "admin" };
    QTest::newRow("failure limit as large as count")
        << Base
            + "verify:\n  - name: v\n    query: 'disk_used_percent'\n    success: '< 80'\n    interval: 30s\n"
              "    count: 2\n    failure_limit: 2\non_verify_failure: pause\n"
        << QStringList { "17: verify[0].failure_limit: 2 must be smaller than count (2), or the check could never "
                         "fail" };
    QTest::newRow("bad success condition")
        << Base
            + "verify:\n  - name: v\n    query: 'disk_used_percent'\n    success: 'below 80'\n    interval: 30s\n"
              "    count: 2\non_verify_failure: pause\n"
        << QStringList { "14: verify[0].success: expected a comparison such as '< 80' (one of < <= > >= == != and a "
                         "number), got \"below 80\"" };
    QTest::newRow("rollback asked for without rollback steps")
        << Base
            + "verify:\n  - name: v\n    query: 'disk_used_percent'\n    success: '< 80'\n    interval: 30s\n"
              "    count: 2\non_verify_failure: rollback\n"
        << QStringList { "17: on_verify_failure: rollback is asked for but the playbook has no rollback steps" };
    QTest::newRow("verify without on_verify_failure")
        << Base
            + "verify:\n  - name: v\n    query: 'disk_used_percent'\n    success: '< 80'\n    interval: 30s\n"
              "    count: 2\n"
        << QStringList { "11: on_verify_failure: missing; say what a failed verification does: rollback or pause" };
    QTest::newRow("duplicate key") << replaced("title: T\n", "title: T\ntitle: U\n")
                                   << QStringList { "3: duplicate key \"title\" at the top level" };
    QTest::newRow("invalid parameter pattern")
        << Base + "parameters:\n  instance: {pattern: '^(db'}\n"
        << QStringList { "12: parameters.instance.pattern: invalid regular expression \"^(db\": missing closing "
                         "parenthesis" };
    QTest::newRow("parameter no template uses") << Base + "parameters:\n  pod: {pattern: '^web-'}\n"
                                                << QStringList { "4: parameters.pod: no template uses label \"pod\"" };
    QTest::newRow("YAML syntax error") << replaced("title: T\n", "title: [T\n")
                                       << QStringList { "3: YAML syntax error: end of sequence flow not found" };
    QTest::newRow("empty file") << QByteArray()
                                << QStringList { "1: the file holds no playbook; expected a mapping with id, title, "
                                                 "risk, trigger and steps" };
    QTest::newRow("bad id") << replaced("id: t\n", "id: Disk_Cleanup\n")
                            << QStringList { "1: id: \"Disk_Cleanup\" must be 1 to 64 lower-case letters, digits and "
                                             "'-', starting with a letter or digit" };
}

void TestPlaybookLoader::badPlaybook()
{
    QFETCH(QByteArray, yaml);
    QFETCH(QStringList, expected);
    const QString file = path("bad.yaml");
    writeFile(file, yaml);
    QStringList withFile;
    for (const QString& line : std::as_const(expected))
        withFile.append(file + ':' + line);
    QCOMPARE(errorLines(PlaybookLoader::load(file)), withFile);
}

void TestPlaybookLoader::everyProblemOfAFileAtOnce()
{
    const QString file = path("many.yaml");
    writeFile(file,
        "id: Many\n"
        "title: T\n"
        "risk: severe\n"
        "trigger: {alert: X}\n"
        "steps:\n"
        "  - name: a\n"
        "    run: {executor: ssh}\n"
        "  - name: b\n"
        "    run: {executor: shell, argv: [rm, '{{ labels.pod }}'], timeout: soon}\n");
    QCOMPARE(errorLines(PlaybookLoader::load(file)),
        QStringList({
            file
                + ":1: id: \"Many\" must be 1 to 64 lower-case letters, digits and '-', starting with a letter or "
                  "digit",
            file + ":3: risk: \"severe\" is not a risk level; expected low, medium, high or critical",
            file
                + ":7: steps[0].run.executor: unknown executor \"ssh\"; known executors: shell, http, kubernetes, "
                  "rundeck, stackstorm, sandbox",
            file
                + ":9: steps[1].run.timeout: invalid duration \"soon\"; expected a number with a unit, such as 250ms, "
                  "30s, 5m, 1h30m",
        }));
}

void TestPlaybookLoader::duplicateIdsAcrossADirectory()
{
    QTemporaryDir dir;
    writeFile(dir.filePath("a.yaml"), Base);
    writeFile(dir.filePath("b.yml"), "\n" + Base);
    writeFile(dir.filePath("notes.txt"), "not a playbook");
    const auto result = PlaybookLoader::loadDirectory(dir.path());
    QVERIFY(std::holds_alternative<QList<ConfigError>>(result));
    const QList<ConfigError> errors = std::get<QList<ConfigError>>(result);
    QCOMPARE(errors.size(), 1);
    QCOMPARE(errors.first().toString(),
        dir.filePath("b.yml") + ":2: id: duplicate playbook id \"t\"; " + dir.filePath("a.yaml") + ":1 already has it");

    // All errors of all files come back, not only the first file's.
    writeFile(dir.filePath("b.yml"), replaced("id: t", "id: u").replace("risk: low", "risk: no"));
    writeFile(dir.filePath("c.yaml"), replaced("id: t", "id: v").replace("executor: sandbox", "executor: x"));
    const auto both = PlaybookLoader::loadDirectory(dir.path());
    QVERIFY(std::holds_alternative<QList<ConfigError>>(both));
    QCOMPARE(std::get<QList<ConfigError>>(both).size(), 2);
    QCOMPARE(std::get<QList<ConfigError>>(both).at(0).file, dir.filePath("b.yml"));
    QCOMPARE(std::get<QList<ConfigError>>(both).at(1).file, dir.filePath("c.yaml"));
}

void TestPlaybookLoader::directoryErrors()
{
    const auto missing = PlaybookLoader::loadDirectory(path("no-such-dir"));
    QVERIFY(std::holds_alternative<QList<ConfigError>>(missing));
    QCOMPARE(
        std::get<QList<ConfigError>>(missing).first().toString(), path("no-such-dir") + ": no such playbook directory");
    const auto unreadable = PlaybookLoader::load(path("absent.yaml"));
    QCOMPARE(errorLines(unreadable),
        QStringList { path("absent.yaml") + ": cannot read the playbook: No such file or directory" });
}

void TestPlaybookLoader::triggerGuaranteesAndMatches()
{
    PlaybookTrigger trigger;
    trigger.alertname = "CacheDown";
    trigger.match = { { "service", "cache" } };
    trigger.matchRegex = { { "instance", "cache-.+" }, { "zone", "a|" } };
    trigger.requiredLabels = { "region" };
    QCOMPARE(trigger.guaranteedLabels(), QStringList({ "alertname", "instance", "region", "service" }));
    LabelSet labels { { "alertname", "CacheDown" }, { "service", "cache" }, { "instance", "cache-eu-1" },
        { "region", "eu" } };
    QVERIFY(trigger.matches(labels));
    labels["zone"] = "b";
    QVERIFY(!trigger.matches(labels));
    labels["zone"] = "a";
    QVERIFY(trigger.matches(labels));
    labels["instance"] = "xcache-eu-1"; // anchored at both ends
    QVERIFY(!trigger.matches(labels));
    labels["instance"] = "cache-eu-1";
    labels.remove("region");
    QVERIFY(!trigger.matches(labels));
    labels["region"] = "eu";
    labels["alertname"] = "CacheSlow";
    QVERIFY(!trigger.matches(labels));
}

QTEST_GUILESS_MAIN(TestPlaybookLoader)
#include "tst_playbookloader.moc"
