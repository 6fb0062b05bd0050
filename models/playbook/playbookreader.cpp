#include "playbookreader.h"

#include <QRegularExpression>

namespace firebreak {

namespace {

using Field = ConfigReader::Field;
using Fields = ConfigReader::Fields;

const QStringList TopKeys { QStringLiteral("id"), QStringLiteral("title"), QStringLiteral("description"),
    QStringLiteral("risk"), QStringLiteral("trigger"), QStringLiteral("parameters"), QStringLiteral("gates"),
    QStringLiteral("steps"), QStringLiteral("verify"), QStringLiteral("on_verify_failure"), QStringLiteral("rollback"),
    QStringLiteral("rollback_verify"), QStringLiteral("suppress") };

const QString LabelName = QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$");

YAML::Mark markOf(const Field& field)
{
    return ConfigReader::markOf(field);
}

void checkLabelName(const QString& label, const QString& path, const YAML::Mark& mark)
{
    static const QRegularExpression Pattern(LabelName);
    if (!Pattern.match(label).hasMatch())
        ConfigReader::fail(mark, QStringLiteral("%1: \"%2\" is not a valid label name").arg(path, label));
}

QRegularExpression checkedRegex(const Field& field, const QString& pattern)
{
    const QRegularExpression regex(QRegularExpression::anchoredPattern(pattern));
    if (!regex.isValid()) {
        ConfigReader::fail(markOf(field),
            QStringLiteral("%1: invalid regular expression \"%2\": %3").arg(field.path, pattern, regex.errorString()));
    }
    return regex;
}

Field itemOf(const Field& list, std::size_t i)
{
    return Field { list.key, list.value[i], QStringLiteral("%1[%2]").arg(list.path).arg(i) };
}

int lineOf(const YAML::Mark& mark)
{
    return mark.line >= 0 ? mark.line + 1 : 0;
}

void requireList(const Field& field, const QString& what)
{
    if (!field.value.IsSequence() || field.value.size() == 0)
        ConfigReader::fail(markOf(field), QStringLiteral("%1: expected a non-empty list of %2").arg(field.path, what));
}

} // namespace

PlaybookReader::PlaybookReader(const QDir& fileDir)
    : m_reader(fileDir)
    , m_requests(m_reader, m_uses)
    , m_conditions(m_reader, m_requests)
{
}

template <typename Function> bool PlaybookReader::attempt(Function&& function)
{
    try {
        function();
        return true;
    } catch (const ConfigFailure& failure) {
        m_failures.append(failure);
        return false;
    }
}

std::optional<Playbook> PlaybookReader::read(const YAML::Node& root)
{
    Playbook playbook;
    Fields top;
    const bool structured = attempt([&] {
        if (!root.IsDefined() || root.IsNull()) {
            ConfigReader::fail(YAML::Mark(),
                QStringLiteral(
                    "the file holds no playbook; expected a mapping with id, title, risk, trigger and steps"));
        }
        top = m_reader.mapping(root, QString(), TopKeys, root.Mark());
    });
    if (!structured)
        return std::nullopt;
    const YAML::Mark start = root.Mark();
    const auto required = [&](const QString& key) -> const Field& {
        return ConfigReader::require(top, key, QStringLiteral("the playbook"), start);
    };
    attempt([&] {
        const Field& id = required(QStringLiteral("id"));
        playbook.id = m_reader.nonEmptyString(id);
        playbook.idLine = lineOf(markOf(id));
        static const QRegularExpression Id(QStringLiteral("^[a-z0-9][a-z0-9-]{0,63}$"));
        if (!Id.match(playbook.id).hasMatch()) {
            ConfigReader::fail(markOf(id),
                QStringLiteral("id: \"%1\" must be 1 to 64 lower-case letters, digits and '-', starting with a letter "
                               "or digit")
                    .arg(playbook.id));
        }
    });
    attempt([&] { playbook.title = m_reader.nonEmptyString(required(QStringLiteral("title"))); });
    if (top.contains(QStringLiteral("description")))
        attempt([&] { playbook.description = ConfigReader::string(top[QStringLiteral("description")]); });
    const bool riskRead = attempt([&] {
        const Field& risk = required(QStringLiteral("risk"));
        const auto value = playbookRiskFromName(ConfigReader::string(risk));
        if (!value) {
            ConfigReader::fail(markOf(risk),
                QStringLiteral("risk: \"%1\" is not a risk level; expected low, medium, high or critical")
                    .arg(ConfigReader::string(risk)));
        }
        playbook.risk = *value;
    });
    const bool triggerRead = attempt([&] { playbook.trigger = trigger(required(QStringLiteral("trigger"))); });
    if (top.contains(QStringLiteral("parameters")))
        attempt([&] { playbook.parameterPatterns = parameters(top[QStringLiteral("parameters")]); });
    bool gatesRead = true;
    if (top.contains(QStringLiteral("gates")))
        gatesRead = attempt([&] { playbook.gates = gates(top[QStringLiteral("gates")]); });
    attempt([&] { playbook.steps = steps(required(QStringLiteral("steps"))); });
    if (top.contains(QStringLiteral("verify")))
        attempt([&] { playbook.verify = checks(top[QStringLiteral("verify")]); });
    if (top.contains(QStringLiteral("rollback")))
        attempt([&] { playbook.rollback = steps(top[QStringLiteral("rollback")]); });
    if (top.contains(QStringLiteral("rollback_verify"))) {
        attempt([&] {
            const Field& field = top[QStringLiteral("rollback_verify")];
            if (!top.contains(QStringLiteral("rollback")))
                ConfigReader::fail(
                    field.key.Mark(), QStringLiteral("rollback_verify: there are no rollback steps to verify"));
            playbook.rollbackVerify = checks(field);
        });
    }
    attempt([&] {
        const auto onFailure = top.constFind(QStringLiteral("on_verify_failure"));
        if (onFailure == top.constEnd()) {
            if (top.contains(QStringLiteral("verify"))) {
                ConfigReader::fail(top[QStringLiteral("verify")].key.Mark(),
                    QStringLiteral(
                        "on_verify_failure: missing; say what a failed verification does: rollback or pause"));
            }
            return;
        }
        const QString action = ConfigReader::string(*onFailure);
        if (action == QLatin1String("rollback"))
            playbook.onVerifyFailure = VerifyFailureAction::Rollback;
        else if (action != QLatin1String("pause"))
            ConfigReader::fail(markOf(*onFailure),
                QStringLiteral("on_verify_failure: expected rollback or pause, got \"%1\"").arg(action));
        if (playbook.onVerifyFailure == VerifyFailureAction::Rollback && !top.contains(QStringLiteral("rollback")))
            ConfigReader::fail(markOf(*onFailure),
                QStringLiteral("on_verify_failure: rollback is asked for but the playbook has no rollback steps"));
    });
    if (top.contains(QStringLiteral("suppress")))
        attempt([&] { playbook.suppress = suppression(top[QStringLiteral("suppress")]); });
    if (riskRead && gatesRead)
        checkRisk(playbook, top);
    if (triggerRead)
        checkTemplates(playbook, top[QStringLiteral("trigger")]);
    if (!m_failures.isEmpty())
        return std::nullopt;
    return playbook;
}

PlaybookTrigger PlaybookReader::trigger(const Field& field) const
{
    const Fields f = m_reader.mapping(field.value, field.path,
        { QStringLiteral("alert"), QStringLiteral("match"), QStringLiteral("match_re"),
            QStringLiteral("requires_labels") },
        field.key.Mark());
    PlaybookTrigger trigger;
    const Field& alert = ConfigReader::require(f, QStringLiteral("alert"), field.path, markOf(field));
    trigger.alertname = m_requests.fixedValue(alert);
    const auto labelMap = [&](const QString& key) {
        QMap<QString, QString> values;
        if (!f.contains(key))
            return values;
        const Field& map = f[key];
        if (!map.value.IsMap())
            ConfigReader::fail(
                markOf(map), QStringLiteral("%1: expected a mapping of label names to values").arg(map.path));
        for (auto it = map.value.begin(); it != map.value.end(); ++it) {
            const QString label = ConfigReader::string(it->first, map.path, markOf(map));
            checkLabelName(label, map.path, it->first.Mark());
            if (label == QLatin1String("alertname"))
                ConfigReader::fail(
                    it->first.Mark(), QStringLiteral("%1: give the alert name as trigger.alert").arg(map.path));
            if (values.contains(label))
                ConfigReader::fail(it->first.Mark(), QStringLiteral("%1: \"%2\" is listed twice").arg(map.path, label));
            const Field value { it->first, it->second, map.path + QLatin1Char('.') + label };
            values.insert(label, m_requests.fixedValue(value));
            if (key == QLatin1String("match_re"))
                checkedRegex(value, values.value(label));
        }
        return values;
    };
    trigger.match = labelMap(QStringLiteral("match"));
    trigger.matchRegex = labelMap(QStringLiteral("match_re"));
    for (auto it = trigger.matchRegex.cbegin(); it != trigger.matchRegex.cend(); ++it) {
        if (trigger.match.contains(it.key())) {
            ConfigReader::fail(markOf(f[QStringLiteral("match_re")]),
                QStringLiteral("%1: label \"%2\" is in both match and match_re").arg(field.path, it.key()));
        }
    }
    if (f.contains(QStringLiteral("requires_labels"))) {
        const Field& required = f[QStringLiteral("requires_labels")];
        trigger.requiredLabels = m_reader.stringList(required, false);
        for (const QString& label : std::as_const(trigger.requiredLabels))
            checkLabelName(label, required.path, markOf(required));
    }
    return trigger;
}

QMap<QString, QString> PlaybookReader::parameters(const Field& field) const
{
    if (!field.value.IsMap()) {
        ConfigReader::fail(markOf(field),
            QStringLiteral("parameters: expected a mapping such as {instance: {pattern: '^db-[a-z]+-[0-9]+$'}}"));
    }
    QMap<QString, QString> patterns;
    for (auto it = field.value.begin(); it != field.value.end(); ++it) {
        const QString label = ConfigReader::string(it->first, field.path, markOf(field));
        checkLabelName(label, field.path, it->first.Mark());
        if (patterns.contains(label))
            ConfigReader::fail(it->first.Mark(), QStringLiteral("parameters: \"%1\" is listed twice").arg(label));
        const Field entry { it->first, it->second, field.path + QLatin1Char('.') + label };
        const Fields f = m_reader.mapping(entry.value, entry.path, { QStringLiteral("pattern") }, entry.key.Mark());
        const Field& pattern = ConfigReader::require(f, QStringLiteral("pattern"), entry.path, markOf(entry));
        checkedRegex(pattern, m_reader.nonEmptyString(pattern));
        patterns.insert(label, ConfigReader::string(pattern));
    }
    return patterns;
}

QVector<PlaybookGate> PlaybookReader::gates(const Field& field)
{
    if (!field.value.IsSequence())
        ConfigReader::fail(markOf(field), QStringLiteral("gates: expected a list such as [{sustained: {...}}, ...]"));
    QVector<PlaybookGate> result;
    QList<PlaybookGate::Kind> seen;
    bool ok = true;
    for (std::size_t i = 0; i < field.value.size(); ++i)
        ok = attempt([&] { result.append(m_conditions.gate(itemOf(field, i), seen)); }) && ok;
    if (!ok)
        throw ConfigFailure { m_failures.takeLast() };
    return result;
}

QVector<PlaybookStep> PlaybookReader::steps(const Field& field)
{
    requireList(field, QStringLiteral("steps, each {name, run}"));
    QVector<PlaybookStep> result;
    bool ok = true;
    for (std::size_t i = 0; i < field.value.size(); ++i) {
        ok = attempt([&] {
            const Field item = itemOf(field, i);
            const YAML::Mark mark = markOf(item);
            const Fields f
                = m_reader.mapping(item.value, item.path, { QStringLiteral("name"), QStringLiteral("run") }, mark);
            PlaybookStep step;
            step.line = lineOf(mark);
            step.name = m_reader.nonEmptyString(ConfigReader::require(f, QStringLiteral("name"), item.path, mark));
            step.run = m_requests.read(ConfigReader::require(f, QStringLiteral("run"), item.path, mark));
            result.append(step);
        }) && ok;
    }
    if (!ok)
        throw ConfigFailure { m_failures.takeLast() };
    return result;
}

QVector<VerifyCheck> PlaybookReader::checks(const Field& field)
{
    requireList(field, QStringLiteral("checks, each {name, query, success, interval, count}"));
    QVector<VerifyCheck> result;
    bool ok = true;
    for (std::size_t i = 0; i < field.value.size(); ++i)
        ok = attempt([&] { result.append(m_conditions.check(itemOf(field, i))); }) && ok;
    if (!ok)
        throw ConfigFailure { m_failures.takeLast() };
    return result;
}

PlaybookSuppression PlaybookReader::suppression(const Field& field) const
{
    const Fields f = m_reader.mapping(
        field.value, field.path, { QStringLiteral("for"), QStringLiteral("matchers") }, field.key.Mark());
    PlaybookSuppression suppress;
    suppress.line = lineOf(field.key.Mark());
    suppress.forMs
        = m_reader.positiveDurationMs(ConfigReader::require(f, QStringLiteral("for"), field.path, markOf(field)));
    const Field& matchers = ConfigReader::require(f, QStringLiteral("matchers"), field.path, markOf(field));
    suppress.matchers = m_requests.valueMap(matchers, LabelName);
    if (suppress.matchers.isEmpty())
        ConfigReader::fail(markOf(matchers), QStringLiteral("%1: name at least one label").arg(matchers.path));
    for (auto it = suppress.matchers.cbegin(); it != suppress.matchers.cend(); ++it) {
        if (it.value().isEmpty())
            ConfigReader::fail(
                markOf(matchers), QStringLiteral("%1.%2: must not be empty").arg(matchers.path, it.key()));
    }
    return suppress;
}

void PlaybookReader::checkRisk(const Playbook& playbook, const Fields& top)
{
    attempt([&] {
        const Field& risk = top[QStringLiteral("risk")];
        const QString name = playbookRiskName(playbook.risk);
        const PlaybookGate* approval = playbook.approvalGate();
        if (playbook.risk == PlaybookRisk::Low)
            return;
        if (!approval) {
            ConfigReader::fail(
                markOf(risk), QStringLiteral("risk: a %1-risk playbook needs an approval gate").arg(name));
        }
        const bool twoPerson = playbook.risk == PlaybookRisk::High || playbook.risk == PlaybookRisk::Critical;
        if (twoPerson && (approval->approvers < 2 || approval->role != QLatin1String("commander"))) {
            YAML::Mark at = YAML::Mark::null_mark();
            at.line = approval->line - 1;
            ConfigReader::fail(at,
                QStringLiteral("gates: a %1-risk playbook needs approval by at least 2 commanders (role: commander, "
                               "approvers: 2)")
                    .arg(name));
        }
    });
}

void PlaybookReader::checkTemplates(const Playbook& playbook, const Field& trigger)
{
    const QStringList guaranteed = playbook.trigger.guaranteedLabels();
    for (const TemplateUse& use : std::as_const(m_uses)) {
        if (guaranteed.contains(use.label))
            continue;
        m_failures.append(ConfigFailure { use.mark,
            QStringLiteral("%1: the template uses label \"%2\", which the trigger does not guarantee (it guarantees: "
                           "%3); match it in trigger.match or trigger.match_re, or list it in "
                           "trigger.requires_labels")
                .arg(use.path, use.label, guaranteed.join(QStringLiteral(", "))) });
    }
    for (auto it = playbook.parameterPatterns.cbegin(); it != playbook.parameterPatterns.cend(); ++it) {
        const bool used = std::any_of(
            m_uses.cbegin(), m_uses.cend(), [&](const TemplateUse& use) { return use.label == it.key(); });
        if (!used) {
            m_failures.append(ConfigFailure {
                trigger.key.Mark(), QStringLiteral("parameters.%1: no template uses label \"%1\"").arg(it.key()) });
        }
    }
}

} // namespace firebreak