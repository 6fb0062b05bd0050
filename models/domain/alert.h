#pragma once

#include "labelset.h"

#include <QMetaType>
#include <QString>
#include <QVector>

namespace firebreak {

enum class AlertStatus { Firing, Resolved };

// One alert as Alertmanager describes it (webhook v4 / API v2). Identity for deduplication is
// fingerprint + startsAt + status: Alertmanager delivers at least once and HA peers both send.
struct Alert {
    QString fingerprint;
    LabelSet labels;
    LabelSet annotations;
    qint64 startsAtMs = 0;
    qint64 endsAtMs = 0; // 0 = unset (Alertmanager sends 0001-01-01T00:00:00Z for "no end")
    AlertStatus status = AlertStatus::Firing;
    QString source; // which receiver or sandbox delivered it
    QString generatorUrl;
    qint64 incidentId = 0; // set by correlation

    QString name() const { return labels.value(QStringLiteral("alertname")); }
    bool operator==(const Alert&) const = default;
};

QString alertStatusName(AlertStatus status);

} // namespace firebreak

Q_DECLARE_METATYPE(firebreak::Alert)
