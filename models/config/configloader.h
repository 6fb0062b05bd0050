#pragma once

#include "configerror.h"
#include "firebreakconfig.h"

#include <QString>
#include <variant>

namespace firebreak {

// Turns a Firebreak YAML file into a checked FirebreakConfig, or into one ConfigError that says
// FILE:LINE and what is wrong. Nothing is guessed: unknown keys, wrong types, bad durations,
// addresses and URLs, and token files others can read are all refused, because a typo in an
// alerting console's configuration otherwise shows up as alerts that silently never arrive.
//
// Schema (every section optional; see docs in firebreakconfig.h for the resulting values):
//   store:        {path}
//   receiver:     {listen: HOST:PORT, token_file, max_body_bytes}      (token_file required)
//   alertmanager: {peers: [URL...], token_file}
//   prometheus:   {url, token_file}
//   feeds:        [{websocket: URL, token_file}...]
//   correlation:  {group_by: [label...], window, resolve_after,
//                  rules: [{name, hypothesis, signals: [ALERTNAME | {alertname, label: value...}...],
//                           equal: [label...], within}...]}
//   automation:   {playbooks: DIR, roster: FILE, frozen: BOOL, auto_approve_low: BOOL,
//                  rate_limit: {max_runs, per: DURATION},
//                  maintenance: [{start: RFC3339, end: RFC3339, comment}...]}
//                 (every key optional; DIR and FILE must exist)
//   executors:    {shell, http, kubernetes, rundeck, stackstorm}  (see ExecutorSectionReader)
class ConfigLoader {
public:
    static std::variant<FirebreakConfig, ConfigError> load(const QString& path);
};

} // namespace firebreak
