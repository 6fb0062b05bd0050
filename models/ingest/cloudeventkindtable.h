#pragma once

#include <QString>
#include <QVector>

namespace firebreak {

// Which timeline kind a CloudEvent `type` becomes. A table rather than code so that a
// configuration can later add rules for a site's own event types in front of the built-in ones.
//
// Built-in rules, first match wins, compared case-insensitively:
//   change.deploy  CDEvents dev.cdevents.service.{deployed,upgraded,rolledback,removed}.*, the older
//                  CDF sig-events cd.service.{deployed,upgraded,rolledback}.*, Keptn
//                  sh.keptn.event.{deployment,rollback}.*, the CloudEvents GitHub adapter's
//                  com.github.deployment and com.github.deployment_status.*, and any type with a
//                  dot-separated segment deploy, deployed, deployment, rollout, rollback or rolledback
//   change.cron    Knative PingSource dev.knative.sources.ping, and any type with a segment cron,
//                  cronjob, cronjobs, scheduledjob, scheduled_job or scheduled-job
//   change.event   every other dev.cdevents.* type (pipeline runs, artifacts, incidents...) and
//                  everything else; the original type stays in the event body
class CloudEventKindTable {
public:
    enum class Match {
        Exact, // the whole type
        Prefix, // the type starts with the pattern
        Segment, // one of the type's dot-separated segments equals the pattern
    };
    struct Rule {
        Match match = Match::Exact;
        QString pattern;
        QString kind;
    };

    CloudEventKindTable(); // the built-in rules
    CloudEventKindTable(QVector<Rule> rules, QString fallbackKind);

    static QVector<Rule> builtInRules();
    // Puts `rule` before every existing one (site rules override the built-in ones).
    void prepend(const Rule& rule);
    QString kindOf(const QString& type) const;

    const QVector<Rule>& rules() const { return m_rules; }
    const QString& fallbackKind() const { return m_fallback; }

private:
    QVector<Rule> m_rules;
    QString m_fallback;
};

} // namespace firebreak
