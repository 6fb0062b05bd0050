#pragma once

#include "domain/alert.h"
#include "domain/event.h"
#include "domain/incident.h"

#include <QJsonObject>
#include <QString>

namespace firebreak {

// The keys, titles and timeline events correlation writes, kept out of Correlator so that its
// file reads as the grouping logic only. Titles are what a commander reads on the timeline.
namespace CorrelationEvents {

inline const QString Actor = QStringLiteral("correlator");

QString alertKey(const QString& fingerprint, qint64 startsAtMs); // "fingerprint@startsAt"
QString alertKey(const Alert& alert);
Severity alertSeverity(const Alert& alert);
QString displayName(const Alert& alert);
QJsonObject toJson(const LabelSet& labels);
QByteArray compact(const QJsonObject& object);
Event alertFiring(const Alert& alert);
Event alertResolved(const Alert& alert, const QString& source, bool superseded);
QString incidentTitle(const Alert& alert, const LabelSet& groupLabels);
QString ruleIncidentTitle(const QString& hypothesis, const LabelSet& shared);
QString labelText(const LabelSet& labels); // "region=eu, service=db", empty values left out
QString durationText(qint64 ms); // "5m", "1h30m", "250ms"
QString sevName(int level);
// An incident.status event for `incident` (already in its new status); `body` gets from and to.
Event statusEvent(const Incident& incident, qint64 timeMs, const QString& source, IncidentStatus from,
    const QString& title, QJsonObject body);

} // namespace CorrelationEvents

} // namespace firebreak
