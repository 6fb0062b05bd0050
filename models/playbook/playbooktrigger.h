#pragma once

#include "domain/labelset.h"

#include <QMap>
#include <QMetaType>
#include <QString>
#include <QStringList>

namespace firebreak {

// Which alerts a playbook answers. It also decides which labels a template may use: only a label the
// trigger guarantees is present can fill an argument, so that a playbook never runs with a hole in
// its command line.
struct PlaybookTrigger {
    QString alertname;
    LabelSet match; // label = value
    QMap<QString, QString> matchRegex; // label =~ regex, anchored at both ends as in Prometheus
    QStringList requiredLabels; // label present and not empty

    // alertname, every `match` label, every `match_re` label whose regex cannot match the empty string
    // (an empty label is an absent label), and every required label; sorted, no duplicates.
    QStringList guaranteedLabels() const;
    bool matches(const LabelSet& labels) const;
    bool operator==(const PlaybookTrigger&) const = default;
};

} // namespace firebreak

Q_DECLARE_METATYPE(firebreak::PlaybookTrigger)
