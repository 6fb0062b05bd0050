#pragma once

#include "domain/labelset.h"

#include <QString>

namespace firebreak {

// One alert of one rule for one series, through its life: pending from activeAtMs, firing from
// firedAtMs (its Alertmanager startsAt), resolved at resolvedAtMs (its endsAt; 0 while firing).
struct AlertInstance {
    LabelSet labels; // alertname, the rule's labels and the series' labels
    LabelSet annotations;
    QString fingerprint;
    QString generatorUrl;
    double value = 0;
    qint64 activeAtMs = 0;
    qint64 firedAtMs = 0;
    qint64 resolvedAtMs = 0;
    bool firing = false;
};

} // namespace firebreak
