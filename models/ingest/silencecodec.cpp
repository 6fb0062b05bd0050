#include "silencecodec.h"

#include "jsonpathreader.h"

#include <QDateTime>
#include <QJsonDocument>

namespace firebreak {

namespace {

const QString Document = QStringLiteral("gettableSilences");

QString rfc3339(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
}

bool readMatcher(JsonPathReader& in, const QJsonValue& value, const QString& path, SilenceMatcher& matcher)
{
    QJsonObject object;
    if (!in.object(value, path, object)
        || !in.string(object, QStringLiteral("name"), path + QStringLiteral(".name"), true, matcher.name))
        return false;
    if (matcher.name.isEmpty())
        return in.fail(path + QStringLiteral(".name"), QStringLiteral("must not be empty"));
    return in.string(object, QStringLiteral("value"), path + QStringLiteral(".value"), true, matcher.value)
        && in.boolean(object, QStringLiteral("isRegex"), path + QStringLiteral(".isRegex"), true, matcher.isRegex)
        && in.boolean(object, QStringLiteral("isEqual"), path + QStringLiteral(".isEqual"), false, matcher.isEqual);
}

bool readState(JsonPathReader& in, const QJsonObject& object, const QString& path, SilenceState& out)
{
    static const QStringList states { QStringLiteral("pending"), QStringLiteral("active"), QStringLiteral("expired") };
    QJsonObject status;
    QString state;
    if (!in.objectMember(object, QStringLiteral("status"), path, status)
        || !in.oneOf(status, QStringLiteral("state"), path + QStringLiteral(".state"), states, state))
        return false;
    out = state == states.at(0) ? SilenceState::Pending
        : state == states.at(1) ? SilenceState::Active
                                : SilenceState::Expired;
    return true;
}

bool readSilence(JsonPathReader& in, const QJsonValue& value, const QString& path, Silence& silence)
{
    QJsonObject object;
    if (!in.object(value, path, object))
        return false;
    const QString dot = path + QLatin1Char('.');
    if (!in.string(object, QStringLiteral("id"), dot + QStringLiteral("id"), true, silence.id))
        return false;
    if (silence.id.isEmpty())
        return in.fail(dot + QStringLiteral("id"), QStringLiteral("must not be empty"));
    if (!readState(in, object, dot + QStringLiteral("status"), silence.state)
        || !in.time(object, QStringLiteral("updatedAt"), dot + QStringLiteral("updatedAt"), true, silence.updatedAtMs))
        return false;

    QJsonArray matchers;
    const QString matchersPath = dot + QStringLiteral("matchers");
    if (!in.arrayMember(object, QStringLiteral("matchers"), matchersPath, true, matchers))
        return false;
    if (matchers.isEmpty())
        return in.fail(matchersPath, QStringLiteral("expected at least one matcher"));
    for (qsizetype i = 0; i < matchers.size(); ++i) {
        SilenceMatcher matcher;
        if (!readMatcher(in, matchers.at(i), QStringLiteral("%1[%2]").arg(matchersPath).arg(i), matcher))
            return false;
        silence.matchers.append(matcher);
    }
    return in.time(object, QStringLiteral("startsAt"), dot + QStringLiteral("startsAt"), true, silence.startsAtMs)
        && in.time(object, QStringLiteral("endsAt"), dot + QStringLiteral("endsAt"), true, silence.endsAtMs)
        && in.string(object, QStringLiteral("createdBy"), dot + QStringLiteral("createdBy"), true, silence.createdBy)
        && in.string(object, QStringLiteral("comment"), dot + QStringLiteral("comment"), true, silence.comment);
}

} // namespace

GettableSilencesResult SilenceCodec::parseSilences(const QByteArray& body)
{
    ApiParseError error;
    const std::optional<QJsonValue> document = JsonPathReader::parse(body, Document, error);
    if (!document)
        return error;
    JsonPathReader in;
    QJsonArray items;
    if (!in.array(*document, Document, items))
        return *in.error();
    QVector<Silence> silences;
    silences.reserve(items.size());
    for (qsizetype i = 0; i < items.size(); ++i) {
        Silence silence;
        if (!readSilence(in, items.at(i), QStringLiteral("%1[%2]").arg(Document).arg(i), silence))
            return *in.error();
        silences.append(std::move(silence));
    }
    return silences;
}

SilenceIdResult SilenceCodec::parseSilenceId(const QByteArray& body)
{
    const QString document = QStringLiteral("postSilences response");
    ApiParseError error;
    const std::optional<QJsonValue> root = JsonPathReader::parse(body, document, error);
    if (!root)
        return error;
    JsonPathReader in;
    QJsonObject object;
    QString id;
    if (!in.object(*root, document, object)
        || !in.string(object, QStringLiteral("silenceID"), QStringLiteral("silenceID"), true, id))
        return *in.error();
    if (id.isEmpty())
        return ApiParseError { QStringLiteral("silenceID"), QStringLiteral("must not be empty") };
    return id;
}

QString SilenceCodec::validate(const Silence& silence)
{
    if (silence.matchers.isEmpty())
        return QStringLiteral("a silence needs at least one matcher");
    for (qsizetype i = 0; i < silence.matchers.size(); ++i) {
        if (silence.matchers.at(i).name.isEmpty())
            return QStringLiteral("matcher %1 has no label name").arg(i + 1);
    }
    if (silence.endsAtMs <= 0)
        return QStringLiteral("a silence needs an end time");
    if (silence.endsAtMs <= silence.startsAtMs)
        return QStringLiteral("the end time %1 is not after the start time %2")
            .arg(rfc3339(silence.endsAtMs), rfc3339(silence.startsAtMs));
    if (silence.createdBy.trimmed().isEmpty())
        return QStringLiteral("a silence needs its author (createdBy)");
    return QString();
}

QByteArray SilenceCodec::toPostable(const Silence& silence)
{
    QJsonArray matchers;
    for (const SilenceMatcher& matcher : silence.matchers) {
        matchers.append(
            QJsonObject { { QStringLiteral("name"), matcher.name }, { QStringLiteral("value"), matcher.value },
                { QStringLiteral("isRegex"), matcher.isRegex }, { QStringLiteral("isEqual"), matcher.isEqual } });
    }
    QJsonObject object { { QStringLiteral("matchers"), matchers },
        { QStringLiteral("startsAt"), rfc3339(silence.startsAtMs) },
        { QStringLiteral("endsAt"), rfc3339(silence.endsAtMs) }, { QStringLiteral("createdBy"), silence.createdBy },
        { QStringLiteral("comment"), silence.comment } };
    if (!silence.id.isEmpty())
        object.insert(QStringLiteral("id"), silence.id);
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

} // namespace firebreak
