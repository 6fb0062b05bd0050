#include "cloudeventkindtable.h"

#include "domain/event.h"

namespace firebreak {

CloudEventKindTable::CloudEventKindTable()
    : CloudEventKindTable(builtInRules(), QString::fromLatin1(EventKind::ChangeEvent))
{
}

CloudEventKindTable::CloudEventKindTable(QVector<Rule> rules, QString fallbackKind)
    : m_rules(std::move(rules))
    , m_fallback(std::move(fallbackKind))
{
}

QVector<CloudEventKindTable::Rule> CloudEventKindTable::builtInRules()
{
    const QString deploy = QString::fromLatin1(EventKind::ChangeDeploy);
    const QString cron = QString::fromLatin1(EventKind::ChangeCron);
    QVector<Rule> rules;
    const auto add = [&rules](Match match, const char* pattern, const QString& kind) {
        rules.append(Rule { match, QString::fromLatin1(pattern), kind });
    };
    for (const char* prefix :
        { "dev.cdevents.service.deployed.", "dev.cdevents.service.upgraded.", "dev.cdevents.service.rolledback.",
            "dev.cdevents.service.removed.", "cd.service.deployed.", "cd.service.upgraded.", "cd.service.rolledback.",
            "sh.keptn.event.deployment.", "sh.keptn.event.rollback.", "com.github.deployment_status." })
        add(Match::Prefix, prefix, deploy);
    add(Match::Exact, "com.github.deployment", deploy);
    add(Match::Exact, "dev.knative.sources.ping", cron);
    // Other CDEvents (pipelinerun, taskrun, artifact, incident...) are not changes to what runs.
    add(Match::Prefix, "dev.cdevents.", QString::fromLatin1(EventKind::ChangeEvent));
    for (const char* segment : { "deploy", "deployed", "deployment", "rollout", "rollback", "rolledback" })
        add(Match::Segment, segment, deploy);
    for (const char* segment : { "cron", "cronjob", "cronjobs", "scheduledjob", "scheduled_job", "scheduled-job" })
        add(Match::Segment, segment, cron);
    return rules;
}

void CloudEventKindTable::prepend(const Rule& rule)
{
    m_rules.prepend(rule);
}

QString CloudEventKindTable::kindOf(const QString& type) const
{
    const QString lowered = type.toLower();
    QStringList segments;
    for (const Rule& rule : m_rules) {
        const QString pattern = rule.pattern.toLower();
        switch (rule.match) {
        case Match::Exact:
            if (lowered == pattern)
                return rule.kind;
            break;
        case Match::Prefix:
            if (lowered.startsWith(pattern))
                return rule.kind;
            break;
        case Match::Segment:
            if (segments.isEmpty())
                segments = lowered.split(QLatin1Char('.'));
            if (segments.contains(pattern))
                return rule.kind;
            break;
        }
    }
    return m_fallback;
}

} // namespace firebreak
