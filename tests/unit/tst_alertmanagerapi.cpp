#include "domain/metatypes.h"
#include "domain/silence.h"
#include "engine/ingestpipeline.h"
#include "ingest/alertmanagerstatusparser.h"
#include "ingest/gettablealertsparser.h"
#include "ingest/silencecodec.h"
#include "interfaces/clock.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

using namespace firebreak;

namespace {

const QString Source = QStringLiteral("alertmanager 127.0.0.1:9093");

qint64 utcMs(const char* iso)
{
    return QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODateWithMs).toMSecsSinceEpoch();
}

// The fixtures were captured at about 07:19Z; the first alert's provisional endsAt is 07:22:41.314Z.
const qint64 CapturedAt = utcMs("2026-11-21T07:19:00.000Z");

QByteArray fixture(const QString& name)
{
    QFile file(QStringLiteral(FIREBREAK_TEST_DATA "/alertmanager-api/") + name);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read fixture %s", qPrintable(name));
    return file.readAll();
}

QJsonObject baseAlert()
{
    return QJsonDocument::fromJson(fixture(QStringLiteral("gettable-alerts.json"))).array().at(0).toObject();
}

QJsonObject baseSilence()
{
    return QJsonDocument::fromJson(fixture(QStringLiteral("gettable-silences.json"))).array().at(0).toObject();
}

QByteArray compact(const QJsonValue& value)
{
    return QJsonDocument(value.isArray() ? QJsonDocument(value.toArray()) : QJsonDocument(value.toObject()))
        .toJson(QJsonDocument::Compact);
}

// `object` with the member at dotted `path` replaced (an undefined value removes it).
QJsonObject with(QJsonObject object, const QString& path, const QJsonValue& value)
{
    const qsizetype dot = path.indexOf(QLatin1Char('.'));
    if (dot < 0) {
        if (value.isUndefined())
            object.remove(path);
        else
            object.insert(path, value);
        return object;
    }
    const QString head = path.left(dot);
    object.insert(head, with(object.value(head).toObject(), path.mid(dot + 1), value));
    return object;
}

QString errorOf(const GettableAlertsResult& result)
{
    const auto* error = std::get_if<ApiParseError>(&result);
    return error ? error->toString() : QStringLiteral("(no error)");
}

QString errorOf(const GettableSilencesResult& result)
{
    const auto* error = std::get_if<ApiParseError>(&result);
    return error ? error->toString() : QStringLiteral("(no error)");
}

class FixedClock final : public Clock {
public:
    qint64 nowMs() const override { return CapturedAt; }
};

} // namespace

class TestAlertmanagerApi : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void capturedAlertsParse()
    {
        const GettableAlertsResult result
            = GettableAlertsParser::parse(fixture(QStringLiteral("gettable-alerts.json")), Source, CapturedAt);
        QVERIFY2(std::holds_alternative<QVector<Alert>>(result), qPrintable(errorOf(result)));
        const auto alerts = std::get<QVector<Alert>>(result);
        QCOMPARE(alerts.size(), 2);

        const Alert& disk = alerts.at(0);
        QCOMPARE(disk.fingerprint, QStringLiteral("8779c8b12ef052f0"));
        QCOMPARE(disk.labels,
            (LabelSet { { QStringLiteral("alertname"), QStringLiteral("DiskSpaceHigh") },
                { QStringLiteral("instance"), QStringLiteral("db-eu-1:9100") },
                { QStringLiteral("region"), QStringLiteral("eu") },
                { QStringLiteral("service"), QStringLiteral("db") } }));
        QCOMPARE(disk.annotations, (LabelSet { { QStringLiteral("summary"), QStringLiteral("Disk almost full") } }));
        QCOMPARE(disk.startsAtMs, utcMs("2026-11-21T07:00:00.000Z"));
        QCOMPARE(disk.status, AlertStatus::Firing);
        QCOMPARE(disk.endsAtMs, 0); // the provisional endsAt is not an end, as in the webhook
        QCOMPARE(disk.generatorUrl, QStringLiteral("http://prometheus:9090/graph?g0.expr=x"));
        QCOMPARE(disk.source, Source);

        // Suppressed by a silence, but still firing; the +01:00 offset is honoured; Go's \u0026 is '&'.
        const Alert& pods = alerts.at(1);
        QCOMPARE(pods.fingerprint, QStringLiteral("a60661146b458ad1"));
        QCOMPARE(pods.status, AlertStatus::Firing);
        QCOMPARE(pods.startsAtMs, utcMs("2026-11-21T06:05:00.123Z"));
        QCOMPARE(pods.annotations.value(QStringLiteral("runbook")), QStringLiteral("https://runbooks/pods?a=1&b=2"));
        QCOMPARE(pods.annotations.value(QStringLiteral("summary")), QStringLiteral("Pod restarts > 3 in 10m"));
        QCOMPARE(pods.generatorUrl, QStringLiteral("http://prometheus:9090/graph?g0.expr=rate(x[5m])&g0.tab=1"));
    }

    void alertPastItsEndIsResolved()
    {
        const qint64 later = utcMs("2026-11-21T07:23:00.000Z");
        const auto alerts = std::get<QVector<Alert>>(
            GettableAlertsParser::parse(fixture(QStringLiteral("gettable-alerts.json")), Source, later));
        QCOMPARE(alerts.at(0).status, AlertStatus::Resolved);
        QCOMPARE(alerts.at(0).endsAtMs, utcMs("2026-11-21T07:22:41.314Z"));
        QCOMPARE(alerts.at(1).status, AlertStatus::Firing); // ends at 07:23:58.461Z
    }

    // The same alert pushed by the webhook and then fetched on a resync is one alert: the API
    // path yields exactly the identity (fingerprint, startsAt, status) the webhook path does.
    void fetchedAlertDuplicatesWebhookAlert()
    {
        registerMetaTypes();
        FixedClock clock;
        IngestPipeline pipeline(clock, CorrelationConfig {});
        QSignalSpy batches(&pipeline, &IngestPipeline::batchReady);
        const QByteArray webhook = R"({"version":"4","groupKey":"{}:{}","status":"firing","receiver":"firebreak",
            "alerts":[{"status":"firing","labels":{"alertname":"DiskSpaceHigh","instance":"db-eu-1:9100",
            "region":"eu","service":"db"},"annotations":{"summary":"Disk almost full"},
            "startsAt":"2026-11-21T07:00:00Z","endsAt":"0001-01-01T00:00:00Z",
            "generatorURL":"http://prometheus:9090/graph?g0.expr=x","fingerprint":"8779c8b12ef052f0"}]})";
        pipeline.ingestWebhook(webhook, QStringLiteral("webhook"), 1);
        QCOMPARE(batches.at(0).at(0).value<WriteBatch>().alerts.size(), 1);

        const auto fetched = std::get<QVector<Alert>>(
            GettableAlertsParser::parse(fixture(QStringLiteral("gettable-alerts.json")), Source, CapturedAt));
        pipeline.ingestAlerts(fetched, Source, 2);
        QCOMPARE(batches.count(), 2);
        const auto batch = batches.at(1).at(0).value<WriteBatch>();
        QCOMPARE(batch.ticket, quint64(2));
        QCOMPARE(batch.alerts.size(), 1); // only PodCrashLooping is new
        QCOMPARE(batch.alerts.at(0).name(), QStringLiteral("PodCrashLooping"));
        QCOMPARE(batch.alerts.at(0).source, Source);
        QCOMPARE(pipeline.syncedDuplicates(), quint64(1));
    }

    void emptyListIsNoAlerts()
    {
        const auto result = GettableAlertsParser::parse("[]", Source, CapturedAt);
        QVERIFY(std::holds_alternative<QVector<Alert>>(result));
        QVERIFY(std::get<QVector<Alert>>(result).isEmpty());
    }

    void badAlerts_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("error");
        const QJsonObject alert = baseAlert();
        const auto one = [](const QJsonObject& object) { return compact(QJsonArray { object }); };
        QTest::newRow("empty body") << QByteArray("  ") << "gettableAlerts: response body is empty";
        QTest::newRow("truncated") << QByteArray(
            R"([{"labels":)") << "gettableAlerts: response is not valid JSON: unterminated object at byte offset 11";
        QTest::newRow("object") << QByteArray(R"({"alerts":[]})")
                                << "gettableAlerts: expected an array, found an object";
        QTest::newRow("number") << QByteArray("42") << "gettableAlerts: expected an array, found a number";
        QTest::newRow("element string") << QByteArray(R"(["x"])")
                                        << "gettableAlerts[0]: expected an object, found a string";
        QTest::newRow("no labels") << one(with(alert, QStringLiteral("labels"), QJsonValue::Undefined))
                                   << "gettableAlerts[0].labels: required field is missing";
        QTest::newRow("empty labels") << one(with(alert, QStringLiteral("labels"), QJsonObject {}))
                                      << "gettableAlerts[0].labels: expected at least one label";
        QTest::newRow("label number") << one(with(alert, QStringLiteral("labels.service"), 3))
                                      << "gettableAlerts[0].labels.service: expected a string, found a number";
        QTest::newRow("annotations array") << one(with(alert, QStringLiteral("annotations"), QJsonArray {}))
                                           << "gettableAlerts[0].annotations: expected an object, found an array";
        QTest::newRow("receivers missing") << one(with(alert, QStringLiteral("receivers"), QJsonValue::Undefined))
                                           << "gettableAlerts[0].receivers: required field is missing";
        QTest::newRow("receiver without name")
            << one(with(alert, QStringLiteral("receivers"), QJsonArray { QJsonObject {} }))
            << "gettableAlerts[0].receivers[0].name: required field is missing";
        QTest::newRow("no fingerprint") << one(with(alert, QStringLiteral("fingerprint"), QJsonValue::Undefined))
                                        << "gettableAlerts[0].fingerprint: required field is missing";
        QTest::newRow("empty fingerprint") << one(with(alert, QStringLiteral("fingerprint"), QString()))
                                           << "gettableAlerts[0].fingerprint: must not be empty";
        QTest::newRow("startsAt not a time")
            << one(with(alert, QStringLiteral("startsAt"), QStringLiteral("yesterday")))
            << "gettableAlerts[0].startsAt: expected an RFC 3339 time such as 2026-03-01T10:00:00.123Z, found "
               "\"yesterday\" (date must be YYYY-MM-DD)";
        QTest::newRow("startsAt zero") << one(
            with(alert, QStringLiteral("startsAt"), QStringLiteral("0001-01-01T00:00:00Z")))
                                       << "gettableAlerts[0].startsAt: must be set, found the zero time";
        QTest::newRow("endsAt number") << one(with(alert, QStringLiteral("endsAt"), 1))
                                       << "gettableAlerts[0].endsAt: expected a string, found a number";
        QTest::newRow("updatedAt missing") << one(with(alert, QStringLiteral("updatedAt"), QJsonValue::Undefined))
                                           << "gettableAlerts[0].updatedAt: required field is missing";
        QTest::newRow("unknown state")
            << one(with(alert, QStringLiteral("status.state"), QStringLiteral("firing")))
            << "gettableAlerts[0].status.state: expected one of \"active\", \"suppressed\", \"unprocessed\", found "
               "\"firing\"";
        QTest::newRow("silencedBy numbers")
            << one(with(alert, QStringLiteral("status.silencedBy"), QJsonArray { 1 }))
            << "gettableAlerts[0].status.silencedBy[0]: expected a string, found a number";
        QTest::newRow("inhibitedBy missing")
            << one(with(alert, QStringLiteral("status.inhibitedBy"), QJsonValue::Undefined))
            << "gettableAlerts[0].status.inhibitedBy: required field is missing";
        QTest::newRow("generatorURL number") << one(with(alert, QStringLiteral("generatorURL"), 5))
                                             << "gettableAlerts[0].generatorURL: expected a string, found a number";
        QTest::newRow("second element bad")
            << compact(QJsonArray { alert, with(alert, QStringLiteral("status"), QJsonValue::Undefined) })
            << "gettableAlerts[1].status: required field is missing";
    }

    void badAlerts()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, error);
        QCOMPARE(errorOf(GettableAlertsParser::parse(body, Source, CapturedAt)), error);
    }

    void capturedSilencesParse()
    {
        const GettableSilencesResult result
            = SilenceCodec::parseSilences(fixture(QStringLiteral("gettable-silences.json")));
        QVERIFY2(std::holds_alternative<QVector<Silence>>(result), qPrintable(errorOf(result)));
        const auto silences = std::get<QVector<Silence>>(result);
        QCOMPARE(silences.size(), 3);

        const Silence& active = silences.at(0);
        QCOMPARE(active.id, QStringLiteral("978ff126-e4c8-4810-a87e-fa2cb35f8550"));
        QCOMPARE(active.state, SilenceState::Active);
        QCOMPARE(active.createdBy, QStringLiteral("firebreak"));
        QCOMPARE(active.comment, QStringLiteral("restart run"));
        QCOMPARE(active.startsAtMs, utcMs("2026-11-21T07:18:58.532Z"));
        QCOMPARE(active.endsAtMs, utcMs("2026-11-21T10:00:00.000Z"));
        QCOMPARE(active.updatedAtMs, utcMs("2026-11-21T07:18:58.532Z"));
        QCOMPARE(active.matchers,
            (QVector<SilenceMatcher> {
                { QStringLiteral("alertname"), QStringLiteral("PodCrashLooping"), false, true } }));

        QCOMPARE(silences.at(1).state, SilenceState::Pending);
        QCOMPARE(silences.at(1).matchers.at(0).toString(), QStringLiteral("service!=\"web\""));

        const Silence& expired = silences.at(2);
        QCOMPARE(expired.state, SilenceState::Expired);
        QCOMPARE(expired.matchers.size(), 2);
        QCOMPARE(expired.matchers.at(1).toString(), QStringLiteral("instance=~\"db-eu-.*\""));
        QCOMPARE(expired.endsAtMs, utcMs("2026-11-21T07:17:52.203Z"));
    }

    void badSilences_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("error");
        const QJsonObject silence = baseSilence();
        const QJsonObject matcher = silence.value(QStringLiteral("matchers")).toArray().at(0).toObject();
        const auto one = [](const QJsonObject& object) { return compact(QJsonArray { object }); };
        QTest::newRow("object") << QByteArray("{}") << "gettableSilences: expected an array, found an object";
        QTest::newRow("no id") << one(with(silence, QStringLiteral("id"), QJsonValue::Undefined))
                               << "gettableSilences[0].id: required field is missing";
        QTest::newRow("empty id") << one(with(silence, QStringLiteral("id"), QString()))
                                  << "gettableSilences[0].id: must not be empty";
        QTest::newRow("unknown state") << one(with(silence, QStringLiteral("status.state"), QStringLiteral("gone")))
                                       << "gettableSilences[0].status.state: expected one of \"pending\", \"active\", "
                                          "\"expired\", found \"gone\"";
        QTest::newRow("status string") << one(with(silence, QStringLiteral("status"), QStringLiteral("active")))
                                       << "gettableSilences[0].status: expected an object, found a string";
        QTest::newRow("no matchers") << one(with(silence, QStringLiteral("matchers"), QJsonArray {}))
                                     << "gettableSilences[0].matchers: expected at least one matcher";
        QTest::newRow("isRegex as string")
            << one(with(silence, QStringLiteral("matchers"),
                   QJsonArray { with(matcher, QStringLiteral("isRegex"), QStringLiteral("true")) }))
            << "gettableSilences[0].matchers[0].isRegex: expected a boolean, found a string";
        QTest::newRow("matcher without name") << one(with(silence, QStringLiteral("matchers"),
            QJsonArray { matcher, with(matcher, QStringLiteral("name"), QString()) }))
                                              << "gettableSilences[0].matchers[1].name: must not be empty";
        QTest::newRow("no createdBy") << one(with(silence, QStringLiteral("createdBy"), QJsonValue::Undefined))
                                      << "gettableSilences[0].createdBy: required field is missing";
        QTest::newRow("endsAt without zone")
            << one(with(silence, QStringLiteral("endsAt"), QStringLiteral("2026-11-21T10:00:00")))
            << "gettableSilences[0].endsAt: expected an RFC 3339 time such as 2026-03-01T10:00:00.123Z, found "
               "\"2026-11-21T10:00:00\" (missing time zone (Z or +hh:mm))";
    }

    void badSilences()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, error);
        QCOMPARE(errorOf(SilenceCodec::parseSilences(body)), error);
    }

    void matcherWithoutIsEqualMeansEqual()
    {
        const QJsonObject silence = with(baseSilence(), QStringLiteral("matchers"),
            QJsonArray { QJsonObject { { QStringLiteral("name"), QStringLiteral("a") },
                { QStringLiteral("value"), QStringLiteral("b") }, { QStringLiteral("isRegex"), false } } });
        const auto silences = std::get<QVector<Silence>>(SilenceCodec::parseSilences(compact(QJsonArray { silence })));
        QCOMPARE(silences.at(0).matchers.at(0).isEqual, true);
    }

    void silenceIdAnswer()
    {
        const SilenceIdResult ok = SilenceCodec::parseSilenceId(fixture(QStringLiteral("post-silence-response.json")));
        QCOMPARE(std::get<QString>(ok), QStringLiteral("978ff126-e4c8-4810-a87e-fa2cb35f8550"));
        QCOMPARE(std::get<ApiParseError>(SilenceCodec::parseSilenceId(R"({"id":"x"})")).toString(),
            QStringLiteral("silenceID: required field is missing"));
        QCOMPARE(std::get<ApiParseError>(SilenceCodec::parseSilenceId(R"("silence not found")")).toString(),
            QStringLiteral("postSilences response: expected an object, found a string"));
    }

    void postableSilenceCarriesEveryField()
    {
        Silence silence;
        silence.matchers = { { QStringLiteral("alertname"), QStringLiteral("DiskSpaceHigh"), false, true },
            { QStringLiteral("instance"), QStringLiteral("db-eu-.*"), true, false } };
        silence.startsAtMs = utcMs("2026-03-01T10:00:00.000Z");
        silence.endsAtMs = utcMs("2026-03-01T11:00:00.250Z");
        silence.createdBy = QStringLiteral("firebreak (run 12)");
        silence.comment = QStringLiteral("after disk-cleanup");
        const QJsonObject body = QJsonDocument::fromJson(SilenceCodec::toPostable(silence)).object();
        QVERIFY(!body.contains(QStringLiteral("id")));
        QCOMPARE(body.value(QStringLiteral("startsAt")).toString(), QStringLiteral("2026-03-01T10:00:00.000Z"));
        QCOMPARE(body.value(QStringLiteral("endsAt")).toString(), QStringLiteral("2026-03-01T11:00:00.250Z"));
        QCOMPARE(body.value(QStringLiteral("createdBy")).toString(), silence.createdBy);
        QCOMPARE(body.value(QStringLiteral("comment")).toString(), silence.comment);
        const QJsonArray matchers = body.value(QStringLiteral("matchers")).toArray();
        QCOMPARE(matchers.size(), 2);
        QCOMPARE(matchers.at(1).toObject(),
            (QJsonObject { { QStringLiteral("name"), QStringLiteral("instance") },
                { QStringLiteral("value"), QStringLiteral("db-eu-.*") }, { QStringLiteral("isRegex"), true },
                { QStringLiteral("isEqual"), false } }));

        silence.id = QStringLiteral("abc");
        QCOMPARE(QJsonDocument::fromJson(SilenceCodec::toPostable(silence)).object().value(QStringLiteral("id")),
            QJsonValue(QStringLiteral("abc")));
    }

    void invalidSilencesAreRefusedBeforeSending_data()
    {
        QTest::addColumn<int>("change");
        QTest::addColumn<QString>("error");
        QTest::newRow("valid") << 0 << QString();
        QTest::newRow("no matchers") << 1 << "a silence needs at least one matcher";
        QTest::newRow("nameless matcher") << 2 << "matcher 1 has no label name";
        QTest::newRow("no end") << 3 << "a silence needs an end time";
        QTest::newRow("ends before start")
            << 4 << "the end time 2026-03-01T09:00:00.000Z is not after the start time 2026-03-01T10:00:00.000Z";
        QTest::newRow("no author") << 5 << "a silence needs its author (createdBy)";
    }

    void invalidSilencesAreRefusedBeforeSending()
    {
        QFETCH(int, change);
        QFETCH(QString, error);
        Silence silence;
        silence.matchers = { { QStringLiteral("alertname"), QStringLiteral("X"), false, true } };
        silence.startsAtMs = utcMs("2026-03-01T10:00:00.000Z");
        silence.endsAtMs = utcMs("2026-03-01T11:00:00.000Z");
        silence.createdBy = QStringLiteral("firebreak");
        switch (change) {
        case 1:
            silence.matchers.clear();
            break;
        case 2:
            silence.matchers[0].name.clear();
            break;
        case 3:
            silence.endsAtMs = 0;
            break;
        case 4:
            silence.endsAtMs = utcMs("2026-03-01T09:00:00.000Z");
            break;
        case 5:
            silence.createdBy = QStringLiteral("  ");
            break;
        default:
            break;
        }
        QCOMPARE(SilenceCodec::validate(silence), error);
    }

    void capturedStatusParses()
    {
        const ClusterStatusResult result = AlertmanagerStatusParser::parse(fixture(QStringLiteral("status.json")));
        QVERIFY(std::holds_alternative<ClusterStatus>(result));
        const auto status = std::get<ClusterStatus>(result);
        QCOMPARE(status.state, QStringLiteral("ready"));
        QCOMPARE(status.peerAddresses,
            (QStringList { QStringLiteral("127.0.0.1:39096"), QStringLiteral("127.0.0.1:39094") }));
        QCOMPARE(status.version, QStringLiteral("0.25.0"));

        QCOMPARE(
            std::get<ApiParseError>(AlertmanagerStatusParser::parse(R"({"cluster":{"status":"broken"}})")).toString(),
            QStringLiteral("cluster.status: expected one of \"ready\", \"settling\", \"disabled\", found \"broken\""));
        QCOMPARE(std::get<ApiParseError>(AlertmanagerStatusParser::parse("<html>")).path,
            QStringLiteral("alertmanagerStatus"));
    }
};

QTEST_GUILESS_MAIN(TestAlertmanagerApi)
#include "tst_alertmanagerapi.moc"
