#include "steprequestreader.h"

#include "playbooktemplate.h"

#include <QRegularExpression>

namespace firebreak {

namespace {

using Field = ConfigReader::Field;
using Fields = ConfigReader::Fields;

const QString Executor = QStringLiteral("executor");
const QString Timeout = QStringLiteral("timeout");

struct SandboxAction {
    QString name;
    QStringList params;
    QStringList required;
};

// The actions of backend-adapters/sandbox/sandboxexecutor.cpp and the parameters each accepts.
const QVector<SandboxAction>& sandboxTable()
{
    static const QVector<SandboxAction> Table {
        { QStringLiteral("cleanup-logs"), { QStringLiteral("instance") }, { QStringLiteral("instance") } },
        { QStringLiteral("restart-pods"), { QStringLiteral("region"), QStringLiteral("service") }, {} },
        { QStringLiteral("rollback-deploy"), { QStringLiteral("region"), QStringLiteral("service") }, {} },
        { QStringLiteral("promote-replica"), { QStringLiteral("instance") }, {} },
        { QStringLiteral("kill-slow-queries"), { QStringLiteral("instance") }, {} },
        { QStringLiteral("restart-cache"), { QStringLiteral("instance"), QStringLiteral("region") }, {} },
        { QStringLiteral("failover-region"), { QStringLiteral("region") }, { QStringLiteral("region") } },
    };
    return Table;
}

QStringList executorKeys(const QString& executor)
{
    QStringList keys { Executor, Timeout };
    if (executor == QLatin1String("shell"))
        keys << QStringLiteral("argv") << QStringLiteral("env");
    else if (executor == QLatin1String("http"))
        keys << QStringLiteral("method") << QStringLiteral("url") << QStringLiteral("query")
             << QStringLiteral("headers") << QStringLiteral("body") << QStringLiteral("expect_status");
    else if (executor == QLatin1String("kubernetes"))
        keys << QStringLiteral("action") << QStringLiteral("namespace") << QStringLiteral("name")
             << QStringLiteral("replicas") << QStringLiteral("to_revision");
    else if (executor == QLatin1String("rundeck"))
        keys << QStringLiteral("job") << QStringLiteral("options");
    else if (executor == QLatin1String("stackstorm"))
        keys << QStringLiteral("action") << QStringLiteral("parameters");
    else if (executor == QLatin1String("sandbox"))
        keys << QStringLiteral("action") << QStringLiteral("params");
    return keys;
}

const QString AnyName = QStringLiteral("^[A-Za-z_][A-Za-z0-9_.-]*$");

} // namespace

StepRequestReader::StepRequestReader(const ConfigReader& reader, QVector<TemplateUse>& uses)
    : m_reader(reader)
    , m_uses(uses)
{
}

QStringList StepRequestReader::executors()
{
    return { QStringLiteral("shell"), QStringLiteral("http"), QStringLiteral("kubernetes"), QStringLiteral("rundeck"),
        QStringLiteral("stackstorm"), QStringLiteral("sandbox") };
}

QStringList StepRequestReader::sandboxActions()
{
    QStringList names;
    for (const SandboxAction& action : sandboxTable())
        names.append(action.name);
    return names;
}

QString StepRequestReader::templatedValue(const Field& field) const
{
    const QString text = ConfigReader::string(field);
    const PlaybookTemplate::Value parsed = PlaybookTemplate::parseValue(text);
    if (!parsed.error.isEmpty())
        ConfigReader::fail(ConfigReader::markOf(field), QStringLiteral("%1: %2").arg(field.path, parsed.error));
    if (parsed.isTemplate())
        m_uses.append(TemplateUse { parsed.label, ConfigReader::markOf(field), field.path });
    return text;
}

QString StepRequestReader::fixedValue(const Field& field) const
{
    const QString text = m_reader.nonEmptyString(field);
    if (text.contains(QLatin1String("{{")) || text.contains(QLatin1String("}}"))) {
        ConfigReader::fail(ConfigReader::markOf(field),
            QStringLiteral("%1: a template is not allowed here; only argument values may hold one").arg(field.path));
    }
    return text;
}

QMap<QString, QString> StepRequestReader::valueMap(const Field& field, const QString& namePattern) const
{
    if (!field.value.IsMap()) {
        ConfigReader::fail(
            ConfigReader::markOf(field), QStringLiteral("%1: expected a mapping of names to values").arg(field.path));
    }
    const QRegularExpression names(namePattern);
    QMap<QString, QString> values;
    for (auto it = field.value.begin(); it != field.value.end(); ++it) {
        const QString name = ConfigReader::string(it->first, field.path, ConfigReader::markOf(field));
        if (!names.match(name).hasMatch()) {
            ConfigReader::fail(it->first.Mark(),
                QStringLiteral("%1: \"%2\" is not a valid name here (expected %3)").arg(field.path, name, namePattern));
        }
        if (values.contains(name))
            ConfigReader::fail(it->first.Mark(), QStringLiteral("%1: \"%2\" is listed twice").arg(field.path, name));
        values.insert(name, templatedValue(Field { it->first, it->second, field.path + QLatin1Char('.') + name }));
    }
    return values;
}

QString StepRequestReader::query(const Field& field) const
{
    const QString text = m_reader.nonEmptyString(field);
    const PlaybookTemplate::Query parsed = PlaybookTemplate::parseQuery(text);
    if (!parsed.error.isEmpty())
        ConfigReader::fail(ConfigReader::markOf(field), QStringLiteral("%1: %2").arg(field.path, parsed.error));
    for (const QString& label : parsed.labels)
        m_uses.append(TemplateUse { label, ConfigReader::markOf(field), field.path });
    return text;
}

QString StepRequestReader::action(const Field& field, const QStringList& known) const
{
    const QString name = fixedValue(field);
    if (!known.contains(name)) {
        ConfigReader::fail(ConfigReader::markOf(field),
            QStringLiteral("%1: unknown action \"%2\"; known actions: %3")
                .arg(field.path, name, known.join(QStringLiteral(", "))));
    }
    return name;
}

PlaybookRequest StepRequestReader::read(const Field& run) const
{
    const YAML::Mark mark = ConfigReader::markOf(run);
    if (!run.value.IsMap())
        ConfigReader::fail(
            mark, QStringLiteral("%1: expected a mapping such as {executor: sandbox, action: ...}").arg(run.path));
    const YAML::Node node = run.value;
    const YAML::Node executorNode = node[Executor.toStdString()];
    if (!executorNode.IsDefined())
        ConfigReader::fail(mark, QStringLiteral("%1: missing required key \"executor\"").arg(run.path));
    PlaybookRequest request;
    request.executor = ConfigReader::string(executorNode, run.path + QStringLiteral(".executor"), mark);
    if (!executors().contains(request.executor)) {
        ConfigReader::fail(executorNode.Mark(),
            QStringLiteral("%1.executor: unknown executor \"%2\"; known executors: %3")
                .arg(run.path, request.executor, executors().join(QStringLiteral(", "))));
    }
    const Fields f = m_reader.mapping(node, run.path, executorKeys(request.executor), mark);
    if (f.contains(Timeout))
        request.timeoutMs = m_reader.positiveDurationMs(f[Timeout]);
    const QString& executor = request.executor;
    if (executor == QLatin1String("shell")) {
        shell(f, run, request);
    } else if (executor == QLatin1String("http")) {
        http(f, run, request);
    } else if (executor == QLatin1String("kubernetes")) {
        kubernetes(f, run, request);
    } else if (executor == QLatin1String("rundeck")) {
        request.action = fixedValue(ConfigReader::require(f, QStringLiteral("job"), run.path, mark));
        if (f.contains(QStringLiteral("options")))
            request.params = valueMap(f[QStringLiteral("options")], AnyName);
    } else if (executor == QLatin1String("stackstorm")) {
        const Field& ref = ConfigReader::require(f, QStringLiteral("action"), run.path, mark);
        request.action = fixedValue(ref);
        static const QRegularExpression Reference(QStringLiteral("^[A-Za-z0-9_-]+\\.[A-Za-z0-9_.-]+$"));
        if (!Reference.match(request.action).hasMatch()) {
            ConfigReader::fail(ConfigReader::markOf(ref),
                QStringLiteral("%1: expected an action reference PACK.ACTION, got \"%2\"")
                    .arg(ref.path, request.action));
        }
        if (f.contains(QStringLiteral("parameters")))
            request.params = valueMap(f[QStringLiteral("parameters")], AnyName);
    } else {
        sandbox(f, run, request);
    }
    return request;
}

void StepRequestReader::shell(const Fields& f, const Field& run, PlaybookRequest& request) const
{
    const Field& argv = ConfigReader::require(f, QStringLiteral("argv"), run.path, ConfigReader::markOf(run));
    if (!argv.value.IsSequence() || argv.value.size() == 0) {
        ConfigReader::fail(ConfigReader::markOf(argv),
            QStringLiteral("%1: expected a non-empty list, the program first, such as [archive-logs, --host, "
                           "'{{ labels.instance }}']")
                .arg(argv.path));
    }
    for (std::size_t i = 0; i < argv.value.size(); ++i) {
        const Field item { argv.key, argv.value[i], QStringLiteral("%1[%2]").arg(argv.path).arg(i) };
        // The program is fixed: a label must never choose what runs.
        request.argv.append(i == 0 ? fixedValue(item) : templatedValue(item));
    }
    if (f.contains(QStringLiteral("env")))
        request.env = valueMap(f[QStringLiteral("env")], QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));
}

void StepRequestReader::http(const Fields& f, const Field& run, PlaybookRequest& request) const
{
    const YAML::Mark mark = ConfigReader::markOf(run);
    const Field& method = ConfigReader::require(f, QStringLiteral("method"), run.path, mark);
    request.action = action(method,
        { QStringLiteral("GET"), QStringLiteral("POST"), QStringLiteral("PUT"), QStringLiteral("PATCH"),
            QStringLiteral("DELETE") });
    const Field& url = ConfigReader::require(f, QStringLiteral("url"), run.path, mark);
    fixedValue(url);
    request.url = m_reader.url(url.value, url.path, { QStringLiteral("http"), QStringLiteral("https") }, url.key.Mark())
                      .toString();
    if (f.contains(QStringLiteral("query")))
        request.query = valueMap(f[QStringLiteral("query")], AnyName);
    if (f.contains(QStringLiteral("headers")))
        request.headers = valueMap(f[QStringLiteral("headers")], QStringLiteral("^[A-Za-z0-9-]+$"));
    if (f.contains(QStringLiteral("body")))
        request.params = valueMap(f[QStringLiteral("body")], AnyName);
    if (f.contains(QStringLiteral("expect_status"))) {
        const Field& expect = f[QStringLiteral("expect_status")];
        const QStringList codes = expect.value.IsSequence() ? m_reader.stringList(expect, false)
                                                            : QStringList { ConfigReader::string(expect) };
        for (const QString& code : codes) {
            bool ok = false;
            const int status = code.toInt(&ok);
            if (!ok || status < 100 || status > 599) {
                ConfigReader::fail(ConfigReader::markOf(expect),
                    QStringLiteral("%1: expected an HTTP status code from 100 to 599, got \"%2\"")
                        .arg(expect.path, code));
            }
            request.expectStatus.append(status);
        }
    }
}

void StepRequestReader::kubernetes(const Fields& f, const Field& run, PlaybookRequest& request) const
{
    const YAML::Mark mark = ConfigReader::markOf(run);
    request.action = action(ConfigReader::require(f, QStringLiteral("action"), run.path, mark),
        { QStringLiteral("rollout-restart"), QStringLiteral("rollout-undo"), QStringLiteral("scale"),
            QStringLiteral("delete-pod") });
    for (const QString& key : { QStringLiteral("namespace"), QStringLiteral("name") })
        request.params.insert(key, templatedValue(ConfigReader::require(f, key, run.path, mark)));
    const auto number = [&](const QString& key, const QString& onlyFor) {
        if (!f.contains(key))
            return;
        const Field& field = f[key];
        if (request.action != onlyFor) {
            ConfigReader::fail(
                field.key.Mark(), QStringLiteral("%1: only the %2 action takes \"%3\"").arg(run.path, onlyFor, key));
        }
        const QString value = templatedValue(field);
        static const QRegularExpression Digits(QStringLiteral("^[0-9]{1,6}$"));
        if (!PlaybookTemplate::parseValue(value).isTemplate() && !Digits.match(value).hasMatch()) {
            ConfigReader::fail(ConfigReader::markOf(field),
                QStringLiteral("%1: expected a whole number or a template, got \"%2\"").arg(field.path, value));
        }
        request.params.insert(key, value);
    };
    number(QStringLiteral("replicas"), QStringLiteral("scale"));
    number(QStringLiteral("to_revision"), QStringLiteral("rollout-undo"));
    if (request.action == QLatin1String("scale") && !f.contains(QStringLiteral("replicas")))
        ConfigReader::fail(mark, QStringLiteral("%1: the scale action needs \"replicas\"").arg(run.path));
}

void StepRequestReader::sandbox(const Fields& f, const Field& run, PlaybookRequest& request) const
{
    request.action = action(
        ConfigReader::require(f, QStringLiteral("action"), run.path, ConfigReader::markOf(run)), sandboxActions());
    const SandboxAction* spec = nullptr;
    for (const SandboxAction& entry : sandboxTable()) {
        if (entry.name == request.action)
            spec = &entry;
    }
    if (f.contains(QStringLiteral("params"))) {
        const Field& params = f[QStringLiteral("params")];
        request.params = valueMap(params, AnyName);
        for (auto it = params.value.begin(); it != params.value.end(); ++it) {
            const QString name = QString::fromStdString(it->first.Scalar());
            if (!spec->params.contains(name)) {
                ConfigReader::fail(it->first.Mark(),
                    QStringLiteral("%1: the %2 action takes no parameter \"%3\"; it takes: %4")
                        .arg(params.path, request.action, name,
                            spec->params.isEmpty() ? QStringLiteral("none") : spec->params.join(QStringLiteral(", "))));
            }
        }
    }
    for (const QString& name : spec->required) {
        if (!request.params.contains(name)) {
            ConfigReader::fail(ConfigReader::markOf(run),
                QStringLiteral("%1: the %2 action needs params.%3").arg(run.path, request.action, name));
        }
    }
}

} // namespace firebreak
