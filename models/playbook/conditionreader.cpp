#include "conditionreader.h"

#include <QRegularExpression>
#include <cmath>

namespace firebreak {

namespace {

using Field = ConfigReader::Field;
using Fields = ConfigReader::Fields;

YAML::Mark markOf(const Field& field)
{
    return ConfigReader::markOf(field);
}

int lineOf(const YAML::Mark& mark)
{
    return mark.line >= 0 ? mark.line + 1 : 0;
}

double number(const Field& field)
{
    const QString text = ConfigReader::string(field);
    bool ok = false;
    const double value = text.toDouble(&ok);
    if (!ok || !std::isfinite(value))
        ConfigReader::fail(markOf(field), QStringLiteral("%1: expected a number, got \"%2\"").arg(field.path, text));
    return value;
}

int count(const ConfigReader& reader, const Field& field, qint64 max, bool zeroAllowed)
{
    if (zeroAllowed && ConfigReader::string(field) == QLatin1String("0"))
        return 0;
    return int(reader.positiveInteger(field, max, QStringLiteral("times")));
}

} // namespace

ConditionReader::ConditionReader(const ConfigReader& reader, const StepRequestReader& requests)
    : m_reader(reader)
    , m_requests(requests)
{
}

PlaybookGate ConditionReader::gate(const Field& item, QList<PlaybookGate::Kind>& seen) const
{
    static const QList<PlaybookGate::Kind> Kinds { PlaybookGate::Kind::Sustained, PlaybookGate::Kind::Quiet,
        PlaybookGate::Kind::Confirm, PlaybookGate::Kind::Approval, PlaybookGate::Kind::RateLimit,
        PlaybookGate::Kind::BlastRadius };
    QStringList names;
    for (PlaybookGate::Kind kind : Kinds)
        names.append(playbookGateKindName(kind));
    const YAML::Mark mark = markOf(item);
    const Fields outer = m_reader.mapping(item.value, item.path, names, mark);
    if (outer.size() != 1) {
        ConfigReader::fail(mark,
            QStringLiteral("%1: each gate is a mapping with exactly one of: %2")
                .arg(item.path, names.join(QStringLiteral(", "))));
    }
    const Field& body = outer.first();
    PlaybookGate gate;
    gate.kind = Kinds.at(names.indexOf(outer.firstKey()));
    gate.line = lineOf(body.key.Mark());
    const bool repeatable = gate.kind == PlaybookGate::Kind::Sustained || gate.kind == PlaybookGate::Kind::Confirm;
    if (!repeatable && seen.contains(gate.kind))
        ConfigReader::fail(body.key.Mark(), QStringLiteral("%1: a second %2 gate").arg(item.path, outer.firstKey()));
    seen.append(gate.kind);
    const auto section
        = [&](const QStringList& keys) { return m_reader.mapping(body.value, body.path, keys, body.key.Mark()); };
    const auto required = [&](const Fields& f, const QString& key) -> const Field& {
        return ConfigReader::require(f, key, body.path, markOf(body));
    };
    switch (gate.kind) {
    case PlaybookGate::Kind::Sustained:
    case PlaybookGate::Kind::Confirm: {
        const Fields f = section(
            { QStringLiteral("query"), QStringLiteral("above"), QStringLiteral("below"), QStringLiteral("for") });
        gate.query = m_requests.query(required(f, QStringLiteral("query")));
        threshold(f, body, gate);
        if (gate.kind == PlaybookGate::Kind::Sustained || f.contains(QStringLiteral("for")))
            gate.forMs = m_reader.positiveDurationMs(required(f, QStringLiteral("for")));
        break;
    }
    case PlaybookGate::Kind::Quiet: {
        const Fields f = section({ QStringLiteral("no_change_within"), QStringLiteral("kinds") });
        gate.windowMs = m_reader.positiveDurationMs(required(f, QStringLiteral("no_change_within")));
        const Field& kinds = required(f, QStringLiteral("kinds"));
        gate.changeKinds = m_reader.stringList(kinds, false);
        const QStringList known { QStringLiteral("deploy"), QStringLiteral("cron"), QStringLiteral("maintenance") };
        for (const QString& kind : std::as_const(gate.changeKinds)) {
            if (!known.contains(kind)) {
                ConfigReader::fail(markOf(kinds),
                    QStringLiteral("%1: unknown change kind \"%2\"; known kinds: %3")
                        .arg(kinds.path, kind, known.join(QStringLiteral(", "))));
            }
        }
        break;
    }
    case PlaybookGate::Kind::Approval: {
        const Fields f = section({ QStringLiteral("role"), QStringLiteral("approvers"), QStringLiteral("expires") });
        const Field& role = required(f, QStringLiteral("role"));
        gate.role = ConfigReader::string(role);
        const QStringList roles { QStringLiteral("responder"), QStringLiteral("commander"), QStringLiteral("admin") };
        if (!roles.contains(gate.role)) {
            ConfigReader::fail(markOf(role),
                QStringLiteral("%1: \"%2\" cannot approve; expected responder, commander or admin")
                    .arg(role.path, gate.role));
        }
        gate.approvers = count(m_reader, required(f, QStringLiteral("approvers")), 5, false);
        gate.expiresMs = m_reader.positiveDurationMs(required(f, QStringLiteral("expires")));
        break;
    }
    case PlaybookGate::Kind::RateLimit: {
        const Fields f = section({ QStringLiteral("max_runs"), QStringLiteral("per") });
        gate.maxRuns = count(m_reader, required(f, QStringLiteral("max_runs")), 1000, false);
        gate.perMs = m_reader.positiveDurationMs(required(f, QStringLiteral("per")));
        break;
    }
    case PlaybookGate::Kind::BlastRadius: {
        const Fields f = section({ QStringLiteral("max_targets") });
        gate.maxTargets = count(m_reader, required(f, QStringLiteral("max_targets")), 10000, false);
        break;
    }
    }
    return gate;
}

void ConditionReader::threshold(const Fields& f, const Field& gate, PlaybookGate& result) const
{
    const bool above = f.contains(QStringLiteral("above"));
    if (above == f.contains(QStringLiteral("below"))) {
        ConfigReader::fail(
            markOf(gate), QStringLiteral("%1: give exactly one of \"above\" and \"below\"").arg(gate.path));
    }
    result.comparison = above ? PlaybookGate::Comparison::Above : PlaybookGate::Comparison::Below;
    result.threshold = number(f[above ? QStringLiteral("above") : QStringLiteral("below")]);
}

VerifyCheck ConditionReader::check(const Field& item) const
{
    const YAML::Mark mark = markOf(item);
    const Fields f = m_reader.mapping(item.value, item.path,
        { QStringLiteral("name"), QStringLiteral("query"), QStringLiteral("success"), QStringLiteral("interval"),
            QStringLiteral("initial_delay"), QStringLiteral("count"), QStringLiteral("failure_limit"),
            QStringLiteral("inconclusive_limit") },
        mark);
    const auto required
        = [&](const QString& key) -> const Field& { return ConfigReader::require(f, key, item.path, mark); };
    VerifyCheck check;
    check.line = lineOf(mark);
    check.name = m_reader.nonEmptyString(required(QStringLiteral("name")));
    check.query = m_requests.query(required(QStringLiteral("query")));
    const Field& success = required(QStringLiteral("success"));
    check.success = ConfigReader::string(success).trimmed();
    static const QRegularExpression Condition(QStringLiteral(R"(^(<=|>=|==|!=|<|>) *(-?[0-9]+(?:\.[0-9]+)?)$)"));
    const QRegularExpressionMatch match = Condition.match(check.success);
    if (!match.hasMatch()) {
        ConfigReader::fail(markOf(success),
            QStringLiteral("%1: expected a comparison such as '< 80' (one of < <= > >= == != and a number), got \"%2\"")
                .arg(success.path, check.success));
    }
    static const QMap<QString, VerifyCheck::Operator> Operators { { QStringLiteral("<"), VerifyCheck::Operator::Less },
        { QStringLiteral("<="), VerifyCheck::Operator::LessOrEqual },
        { QStringLiteral(">"), VerifyCheck::Operator::Greater },
        { QStringLiteral(">="), VerifyCheck::Operator::GreaterOrEqual },
        { QStringLiteral("=="), VerifyCheck::Operator::Equal },
        { QStringLiteral("!="), VerifyCheck::Operator::NotEqual } };
    check.op = Operators.value(match.captured(1));
    check.threshold = match.captured(2).toDouble();
    check.intervalMs = m_reader.positiveDurationMs(required(QStringLiteral("interval")));
    if (f.contains(QStringLiteral("initial_delay")))
        check.initialDelayMs = m_reader.positiveDurationMs(f[QStringLiteral("initial_delay")]);
    check.count = count(m_reader, required(QStringLiteral("count")), 1000, false);
    for (const auto& [key, target] : { std::pair { QStringLiteral("failure_limit"), &check.failureLimit },
             std::pair { QStringLiteral("inconclusive_limit"), &check.inconclusiveLimit } }) {
        if (!f.contains(key))
            continue;
        *target = count(m_reader, f[key], 1000, true);
        if (*target >= check.count) {
            ConfigReader::fail(markOf(f[key]),
                QStringLiteral("%1: %2 must be smaller than count (%3), or the check could never fail")
                    .arg(f[key].path)
                    .arg(*target)
                    .arg(check.count));
        }
    }
    return check;
}

} // namespace firebreak
