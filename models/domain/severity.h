#pragma once

#include <QString>
#include <optional>

namespace firebreak {

// Severity of a single timeline event or alert. Ordered so that comparisons mean "worse than".
// Incidents use SEV1..SEV4 instead (see incident.h); severityToIncidentLevel() maps between them.
enum class Severity { Info = 0, Warning = 1, Error = 2, Critical = 3 };

QString severityName(Severity severity);
std::optional<Severity> severityFromName(const QString& name);
// Alertmanager severity labels are free text; anything unknown is treated as a warning.
Severity severityFromLabel(const QString& label);
// critical -> SEV2, error -> SEV3, warning -> SEV3, info -> SEV4. SEV1 is reserved for incidents
// that span services or regions, which correlation decides, not a single alert.
int severityToIncidentLevel(Severity severity);

} // namespace firebreak
