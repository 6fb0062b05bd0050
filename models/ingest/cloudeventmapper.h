#pragma once

#include "cloudevent.h"
#include "cloudeventkindtable.h"
#include "domain/event.h"
#include "domain/labelset.h"

namespace firebreak {

// A CloudEvent as the timeline shows it, with the labels correlation matches on.
struct MappedCloudEvent {
    Event event;
    LabelSet labels;
};

// Turns a CloudEvent into a timeline Event (kind from the type table, title, body, severity, time)
// and the labels (service, region, environment...) that let Correlator::attach put a deploy onto
// the incident it may have caused. Pure: no clock, no state.
//
// Labels, later sources overriding earlier ones: a CDEvents subject (data.subject.id as service,
// its last path segment; data.subject.content.environment.id as environment), the well-known data
// fields (service, region, environment or env, cluster, namespace, zone, team, version), the
// data.labels object, and last the extension attributes, which are the sender's explicit metadata.
//
// Severity: Warning for a rollback and for anything whose type or data says it failed (a type
// segment failed/failure/error, data.outcome, data.status, data.state, data.result or
// data.conclusion of failed/failure/error, or a CDEvents data.subject.content.outcome); Info otherwise.
class CloudEventMapper {
public:
    static constexpr int MaxLabels = 64;
    static constexpr int MaxLabelValueChars = 256;

    explicit CloudEventMapper(CloudEventKindTable table = CloudEventKindTable());

    // `source` is the Firebreak source (feed or receiver) stamped on the event; `receivedMs` is the
    // time used when the CloudEvent has no `time` attribute.
    MappedCloudEvent map(const CloudEvent& cloudEvent, const QString& source, qint64 receivedMs) const;

    // The event body: the CloudEvent in its JSON format (attributes, extensions, data), compact.
    static QByteArray body(const CloudEvent& cloudEvent);
    static LabelSet labels(const CloudEvent& cloudEvent);

    const CloudEventKindTable& table() const { return m_table; }

private:
    CloudEventKindTable m_table;
};

} // namespace firebreak
