#pragma once

#include "config/configerror.h"
#include "playbook.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <QVector>
#include <variant>

namespace firebreak {

// Reads playbook files and refuses anything doubtful with FILE:LINE: message, every problem of a file
// at once (one per broken section or list item). A playbook decides what automation does to
// production, so nothing is guessed: unknown keys, wrong types, unknown executors or actions, bad
// durations, and templates the trigger cannot fill are all errors.
//
// Schema (one playbook per file, one YAML document):
//   id:          required; 1-64 of [a-z0-9-], starting with a letter or digit; unique across a directory
//   title:       required;  description: optional
//   risk:        required; low | medium | high | critical
//                medium and above need an approval gate; high and critical one with role commander and
//                approvers >= 2
//   trigger:     required {alert: ALERTNAME, match: {LABEL: VALUE}, match_re: {LABEL: REGEX},
//                          requires_labels: [LABEL...]}
//                The trigger guarantees: alertname, every `match` label, every `match_re` label whose regex
//                cannot match the empty string, and every `requires_labels` label. A template may only
//                use a guaranteed label.
//   parameters:  optional {LABEL: {pattern: REGEX}}, the pattern a label's value must match in full
//                before it fills a template (default ^[A-Za-z0-9_.:/@-]{1,253}$); every LABEL must be used
//   gates:       optional list; each item a mapping with one key:
//                  sustained:    {query, above: N | below: N, for: DURATION}
//                  confirm:      {query, above: N | below: N, for: DURATION (optional)}
//                  quiet:        {no_change_within: DURATION, kinds: [deploy | cron | maintenance...]}
//                  approval:     {role: responder | commander | admin, approvers: 1-5, expires: DURATION}
//                  rate_limit:   {max_runs: N, per: DURATION}
//                  blast_radius: {max_targets: N}
//                sustained and confirm may repeat; the others appear at most once
//   steps:       required non-empty list of {name, run}, run being one of (timeout: DURATION optional):
//                  {executor: shell, argv: [PROGRAM, ARG...], env: {NAME: VALUE}}       PROGRAM fixed
//                  {executor: http, method: GET|POST|PUT|PATCH|DELETE, url: URL, query: {K: V},
//                   headers: {K: V}, body: {K: V}, expect_status: CODE | [CODE...]}    URL fixed
//                  {executor: kubernetes, action: rollout-restart | rollout-undo | scale | delete-pod,
//                   namespace, name, replicas (scale only, required), to_revision (rollout-undo only)}
//                  {executor: rundeck, job: JOB-ID, options: {K: V}}
//                  {executor: stackstorm, action: PACK.ACTION, parameters: {K: V}}
//                  {executor: sandbox, action: SANDBOX-ACTION, params: {K: V}} with the parameters of
//                   backend-adapters/sandbox/sandboxexecutor.cpp (StepRequestReader::sandboxActions())
//   verify:      optional list of {name, query, success: 'OP NUMBER' (OP one of < <= > >= == !=),
//                interval: DURATION, count: N, initial_delay: DURATION, failure_limit: N (default 0),
//                inconclusive_limit: N (default 0)}; the limits must be smaller than count
//   on_verify_failure: rollback | pause; required with verify; rollback needs rollback steps
//   rollback:    optional list of steps (as steps);  rollback_verify: optional checks (as verify)
//   suppress:    optional {for: DURATION, matchers: {LABEL: VALUE}}
//
// Templates: `{{ labels.NAME }}`, only as a whole value (an argv item, a params/env/query/header/body/
// matcher value), never mixed with text; in queries only as a whole quoted label value
// (instance="{{ labels.instance }}"). Keys, executors, actions, URLs, the program and trigger values
// are fixed text. Durations as in Prometheus (30s, 5m, 1h30m).
class PlaybookLoader {
public:
    using FileResult = std::variant<Playbook, QList<ConfigError>>;
    using SetResult = std::variant<QVector<Playbook>, QList<ConfigError>>;

    // `path` may be a ":/..." resource. Errors name the file as given.
    static FileResult load(const QString& path);
    // Every file, then ids unique across them; all errors of all files, sorted by file and line.
    static SetResult loadFiles(const QStringList& paths);
    // The *.yaml and *.yml files of `directory` (not its subdirectories), in name order.
    static SetResult loadDirectory(const QString& directory);
    // The playbook files of a directory, in name order, or an error when it cannot be read.
    static std::variant<QStringList, ConfigError> directoryFiles(const QString& directory);
    // An error at each playbook whose id an earlier one (in list order) already has.
    static QList<ConfigError> duplicateIds(const QVector<Playbook>& playbooks);
};

} // namespace firebreak
