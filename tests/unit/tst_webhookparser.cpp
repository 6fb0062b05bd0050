#include "ingest/webhookparser.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTest>

using namespace firebreak;

namespace {

const QString Source = QStringLiteral("test-source");

qint64 utcMs(int year, int month, int day, int hour, int minute, int second, int ms = 0)
{
    return QDateTime(QDate(year, month, day), QTime(hour, minute, second, ms), Qt::UTC).toMSecsSinceEpoch();
}

QJsonObject baseAlert()
{
    return QJsonObject {
        { QStringLiteral("status"), QStringLiteral("firing") },
        { QStringLiteral("labels"),
            QJsonObject { { QStringLiteral("alertname"), QStringLiteral("DiskSpaceHigh") },
                { QStringLiteral("instance"), QStringLiteral("db-eu-1:9100") },
                { QStringLiteral("service"), QStringLiteral("db") } } },
        { QStringLiteral("annotations"),
            QJsonObject { { QStringLiteral("summary"), QStringLiteral("Disk almost full") } } },
        { QStringLiteral("startsAt"), QStringLiteral("2026-03-01T10:00:00Z") },
        { QStringLiteral("endsAt"), QStringLiteral("0001-01-01T00:00:00Z") },
        { QStringLiteral("generatorURL"), QStringLiteral("http://prometheus:9090/graph") },
        { QStringLiteral("fingerprint"), QStringLiteral("5e2c0a2b6fd3a1c4") },
    };
}

QJsonObject basePayload()
{
    return QJsonObject {
        { QStringLiteral("version"), QStringLiteral("4") },
        { QStringLiteral("groupKey"), QStringLiteral("{}:{service=\"db\"}") },
        { QStringLiteral("truncatedAlerts"), 0 },
        { QStringLiteral("status"), QStringLiteral("firing") },
        { QStringLiteral("receiver"), QStringLiteral("firebreak") },
        { QStringLiteral("groupLabels"), QJsonObject { { QStringLiteral("service"), QStringLiteral("db") } } },
        { QStringLiteral("commonLabels"), QJsonObject { { QStringLiteral("service"), QStringLiteral("db") } } },
        { QStringLiteral("commonAnnotations"), QJsonObject {} },
        { QStringLiteral("externalURL"), QStringLiteral("http://alertmanager:9093") },
        { QStringLiteral("alerts"), QJsonArray { baseAlert(), baseAlert(), baseAlert() } },
    };
}

QByteArray toBody(const QJsonObject& object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

// The base payload with one top-level field replaced (an undefined value removes it).
QByteArray withTop(const QString& key, const QJsonValue& value)
{
    QJsonObject root = basePayload();
    if (value.isUndefined())
        root.remove(key);
    else
        root.insert(key, value);
    return toBody(root);
}

// The base payload with one field of alerts[index] replaced (an undefined value removes it).
QByteArray withAlertField(int index, const QString& key, const QJsonValue& value)
{
    QJsonObject root = basePayload();
    QJsonArray alerts = root.value(QStringLiteral("alerts")).toArray();
    QJsonObject alert = alerts.at(index).toObject();
    if (value.isUndefined())
        alert.remove(key);
    else
        alert.insert(key, value);
    alerts.replace(index, alert);
    root.insert(QStringLiteral("alerts"), alerts);
    return toBody(root);
}

QByteArray withLabel(const QString& name, const QJsonValue& value, const QString& map = QStringLiteral("labels"))
{
    QJsonObject labels = baseAlert().value(map).toObject();
    labels.insert(name, value);
    return withAlertField(0, map, labels);
}

QJsonObject manyLabels(int count)
{
    QJsonObject labels;
    for (int i = 0; i < count; ++i)
        labels.insert(QStringLiteral("label_%1").arg(i), QStringLiteral("v"));
    return labels;
}

QByteArray readSample()
{
    QFile file(QStringLiteral(FIREBREAK_TEST_DATA "/webhook/alertmanager-v4-disk.json"));
    if (!file.open(QIODevice::ReadOnly))
        return QByteArray();
    return file.readAll();
}

} // namespace

class TestWebhookParser : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void realisticSample()
    {
        const QByteArray body = readSample();
        QVERIFY(!body.isEmpty());
        const WebhookParseResult result = WebhookParser::parse(body, Source);
        const auto* error = std::get_if<WebhookError>(&result);
        QVERIFY2(!error, error ? qPrintable(error->toString()) : "");
        const auto& payload = std::get<WebhookPayload>(result);
        QCOMPARE(payload.version, QStringLiteral("4"));
        QCOMPARE(payload.groupKey, QStringLiteral("{}/{team=\"storage\"}:{region=\"eu\", service=\"db\"}"));
        QCOMPARE(payload.truncatedAlerts, 0);
        QCOMPARE(payload.status, QStringLiteral("firing"));
        QCOMPARE(payload.receiver, QStringLiteral("firebreak"));
        QCOMPARE(payload.groupLabels,
            (LabelSet { { QStringLiteral("region"), QStringLiteral("eu") },
                { QStringLiteral("service"), QStringLiteral("db") } }));
        QCOMPARE(payload.commonLabels.size(), 6);
        QCOMPARE(payload.commonAnnotations.value(QStringLiteral("runbook_url")),
            QStringLiteral("https://runbooks.example.org/disk-space-high"));
        QCOMPARE(payload.externalUrl, QStringLiteral("http://alertmanager.example.org:9093"));
        QCOMPARE(payload.alerts.size(), 3);

        const Alert& first = payload.alerts.at(0);
        QCOMPARE(first.status, AlertStatus::Firing);
        QCOMPARE(first.fingerprint, QStringLiteral("5e2c0a2b6fd3a1c4"));
        QCOMPARE(first.name(), QStringLiteral("DiskSpaceHigh"));
        QCOMPARE(first.labels.value(QStringLiteral("instance")), QStringLiteral("db-eu-1:9100"));
        QCOMPARE(first.labels.value(QStringLiteral("severity")), QStringLiteral("critical"));
        QCOMPARE(first.labels.size(), 8);
        QCOMPARE(
            first.annotations.value(QStringLiteral("summary")), QStringLiteral("Disk almost full on db-eu-1:9100"));
        QCOMPARE(first.startsAtMs, utcMs(2026, 3, 1, 8, 0, 0, 123));
        QCOMPARE(first.endsAtMs, qint64(0));
        QCOMPARE(first.generatorUrl,
            QStringLiteral("http://prometheus.example.org:9090/graph?g0.expr=disk_used_percent+%3E+90&g0.tab=1"));
        QCOMPARE(first.incidentId, qint64(0));

        QCOMPARE(payload.alerts.at(1).startsAtMs, utcMs(2026, 3, 1, 8, 1, 30, 500));
        const Alert& resolved = payload.alerts.at(2);
        QCOMPARE(resolved.status, AlertStatus::Resolved);
        QCOMPARE(resolved.startsAtMs, utcMs(2026, 3, 1, 7, 40, 0));
        QCOMPARE(resolved.endsAtMs, utcMs(2026, 3, 1, 8, 25, 15, 250));
        for (const Alert& alert : payload.alerts)
            QCOMPARE(alert.source, Source);
    }

    void valid_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("alertCount");
        QTest::addColumn<qint64>("startsAtMs"); // of alerts[0]
        QTest::addColumn<qint64>("endsAtMs"); // of alerts[0]

        const qint64 ten = utcMs(2026, 3, 1, 10, 0, 0);
        QTest::newRow("base") << toBody(basePayload()) << 3 << ten << qint64(0);
        QTest::newRow("no truncatedAlerts (before Alertmanager 0.22)")
            << withTop(QStringLiteral("truncatedAlerts"), QJsonValue::Undefined) << 3 << ten << qint64(0);
        QTest::newRow("truncatedAlerts counted")
            << withTop(QStringLiteral("truncatedAlerts"), 12) << 3 << ten << qint64(0);
        QTest::newRow("optional maps null")
            << withTop(QStringLiteral("commonAnnotations"), QJsonValue::Null) << 3 << ten << qint64(0);
        QTest::newRow("optional maps absent")
            << withTop(QStringLiteral("groupLabels"), QJsonValue::Undefined) << 3 << ten << qint64(0);
        QTest::newRow("unknown fields ignored")
            << withAlertField(0, QStringLiteral("silenceURL"), QStringLiteral("http://x")) << 3 << ten << qint64(0);
        QTest::newRow("no alerts") << withTop(QStringLiteral("alerts"), QJsonArray {}) << 0 << qint64(0) << qint64(0);
        QTest::newRow("resolved alert") << withAlertField(
            0, QStringLiteral("endsAt"), QStringLiteral("2026-03-01T10:05:00Z"))
                                        << 3 << ten << utcMs(2026, 3, 1, 10, 5, 0);
        QTest::newRow("endsAt absent = unset")
            << withAlertField(0, QStringLiteral("endsAt"), QJsonValue::Undefined) << 3 << ten << qint64(0);
        QTest::newRow("endsAt zero time with fraction = unset")
            << withAlertField(0, QStringLiteral("endsAt"), QStringLiteral("0001-01-01T00:00:00.000000000Z")) << 3 << ten
            << qint64(0);
        QTest::newRow("nanoseconds and positive offset")
            << withAlertField(0, QStringLiteral("startsAt"), QStringLiteral("2026-03-01T10:00:00.123456789+02:00")) << 3
            << utcMs(2026, 3, 1, 8, 0, 0, 123) << qint64(0);
        QTest::newRow("negative offset with minutes")
            << withAlertField(0, QStringLiteral("startsAt"), QStringLiteral("2026-02-28T23:30:00-05:30")) << 3
            << utcMs(2026, 3, 1, 5, 0, 0) << qint64(0);
        QTest::newRow("one fractional digit")
            << withAlertField(0, QStringLiteral("startsAt"), QStringLiteral("2026-03-01T10:00:00.5Z")) << 3
            << utcMs(2026, 3, 1, 10, 0, 0, 500) << qint64(0);
        QTest::newRow("lower-case t and z")
            << withAlertField(0, QStringLiteral("startsAt"), QStringLiteral("2026-03-01t10:00:00.25z")) << 3
            << utcMs(2026, 3, 1, 10, 0, 0, 250) << qint64(0);
        QTest::newRow("the epoch itself")
            << withAlertField(0, QStringLiteral("startsAt"), QStringLiteral("1970-01-01T00:00:00Z")) << 3 << qint64(0)
            << qint64(0);
        QTest::newRow("leap day") << withAlertField(
            0, QStringLiteral("startsAt"), QStringLiteral("2000-02-29T00:00:00Z"))
                                  << 3 << utcMs(2000, 2, 29, 0, 0, 0) << qint64(0);
        QTest::newRow("before the epoch")
            << withAlertField(0, QStringLiteral("startsAt"), QStringLiteral("1969-12-31T23:59:59.999Z")) << 3
            << qint64(-1) << qint64(0);
        QTest::newRow("label value at the size limit")
            << withLabel(QStringLiteral("instance"), QString(WebhookParser::MaxLabelValueBytes, QLatin1Char('x'))) << 3
            << ten << qint64(0);
        QTest::newRow("as many labels as allowed")
            << withAlertField(0, QStringLiteral("labels"), manyLabels(WebhookParser::MaxLabels)) << 3 << ten
            << qint64(0);
        QTest::newRow("underscore label names")
            << withLabel(QStringLiteral("_private_9"), QStringLiteral("x")) << 3 << ten << qint64(0);
    }

    void valid()
    {
        QFETCH(QByteArray, body);
        QFETCH(int, alertCount);
        QFETCH(qint64, startsAtMs);
        QFETCH(qint64, endsAtMs);

        const WebhookParseResult result = WebhookParser::parse(body, Source);
        const auto* error = std::get_if<WebhookError>(&result);
        QVERIFY2(!error, error ? qPrintable(error->toString()) : "");
        const auto& payload = std::get<WebhookPayload>(result);
        QCOMPARE(payload.alerts.size(), alertCount);
        if (alertCount > 0) {
            QCOMPARE(payload.alerts.at(0).startsAtMs, startsAtMs);
            QCOMPARE(payload.alerts.at(0).endsAtMs, endsAtMs);
            QCOMPARE(payload.alerts.at(0).source, Source);
        }
    }

    void hostileValuesStayInert()
    {
        // Control characters, NULs, bidi overrides and markup are data, kept exactly as sent.
        const QString hostile = QStringLiteral("a\u0000b\u0007\u001b[31m\u202e<script>\r\n");
        const WebhookParseResult result = WebhookParser::parse(withLabel(QStringLiteral("instance"), hostile), Source);
        QVERIFY(std::holds_alternative<WebhookPayload>(result));
        QCOMPARE(std::get<WebhookPayload>(result).alerts.at(0).labels.value(QStringLiteral("instance")), hostile);
    }

    void invalid_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("message");
        QTest::addColumn<bool>("unknownVersion");

        const QString missing = QStringLiteral("required field is missing");
        const QString timeExpected
            = QStringLiteral("expected an RFC 3339 time such as 2026-03-01T10:00:00.123Z, found ");

        // The document itself
        QTest::newRow("empty body") << QByteArray("  \n") << QString() << QStringLiteral("body is empty") << false;
        QTest::newRow("latin-1 byte") << QByteArray("{\"version\":\"4\",\"x\":\"caf\xe9\"}") << QString()
                                      << QStringLiteral("body is not valid UTF-8 at byte offset 23") << false;
        QTest::newRow("overlong encoding") << QByteArray("{\"a\":\"\xc0\xaf\"}") << QString()
                                           << QStringLiteral("body is not valid UTF-8 at byte offset 6") << false;
        QTest::newRow("encoded surrogate") << QByteArray("{\"a\":\"\xed\xa0\x80\"}") << QString()
                                           << QStringLiteral("body is not valid UTF-8 at byte offset 6") << false;
        QTest::newRow("truncated sequence at end")
            << QByteArray("{\"a\":\"\xe2\x82") << QString()
            << QStringLiteral("body is not valid UTF-8 at byte offset 6") << false;
        QTest::newRow("beyond U+10FFFF") << QByteArray("{\"a\":\"\xf4\x90\x80\x80\"}") << QString()
                                         << QStringLiteral("body is not valid UTF-8 at byte offset 6") << false;
        QTest::newRow("unterminated object")
            << QByteArray("{\"version\": \"4\",") << QString()
            << QStringLiteral("body is not valid JSON: unterminated object at byte offset 16") << false;
        QTest::newRow("trailing comma")
            << QByteArray("{\"version\": \"4\",}") << QString()
            << QStringLiteral("body is not valid JSON: object is missing after a comma at byte offset 17") << false;
        QTest::newRow("garbage after document")
            << QByteArray("{} {}") << QString()
            << QStringLiteral("body is not valid JSON: garbage at the end of the document at byte offset 3") << false;
        QTest::newRow("top-level array") << QByteArray("[{\"version\":\"4\"}]") << QString()
                                         << QStringLiteral("expected a JSON object at the top level, found an array")
                                         << false;
        QTest::newRow("top-level string")
            << QByteArray("\"4\"") << QString()
            << QStringLiteral("expected a JSON object at the top level, found a string") << false;
        QTest::newRow("top-level number")
            << QByteArray("4") << QString() << QStringLiteral("expected a JSON object at the top level, found a number")
            << false;

        // Version
        QTest::newRow("missing version") << withTop(QStringLiteral("version"), QJsonValue::Undefined)
                                         << QStringLiteral("version") << missing << false;
        QTest::newRow("numeric version") << withTop(QStringLiteral("version"), 4) << QStringLiteral("version")
                                         << QStringLiteral("expected a string, found a number") << false;
        QTest::newRow("version 3") << withTop(QStringLiteral("version"), QStringLiteral("3"))
                                   << QStringLiteral("version")
                                   << QStringLiteral("unsupported webhook version \"3\" (only \"4\" is understood)")
                                   << true;
        QTest::newRow("version 5 with another shape")
            << QByteArray("{\"version\":\"5\",\"notifications\":[]}") << QStringLiteral("version")
            << QStringLiteral("unsupported webhook version \"5\" (only \"4\" is understood)") << true;

        // Top-level fields
        QTest::newRow("missing groupKey") << withTop(QStringLiteral("groupKey"), QJsonValue::Undefined)
                                          << QStringLiteral("groupKey") << missing << false;
        QTest::newRow("negative truncatedAlerts")
            << withTop(QStringLiteral("truncatedAlerts"), -1) << QStringLiteral("truncatedAlerts")
            << QStringLiteral("expected a non-negative integer, found -1") << false;
        QTest::newRow("fractional truncatedAlerts")
            << withTop(QStringLiteral("truncatedAlerts"), 1.5) << QStringLiteral("truncatedAlerts")
            << QStringLiteral("expected a non-negative integer, found 1.5") << false;
        QTest::newRow("string truncatedAlerts")
            << withTop(QStringLiteral("truncatedAlerts"), QStringLiteral("2")) << QStringLiteral("truncatedAlerts")
            << QStringLiteral("expected a non-negative integer, found a string") << false;
        QTest::newRow("status pending") << withTop(QStringLiteral("status"), QStringLiteral("pending"))
                                        << QStringLiteral("status")
                                        << QStringLiteral("expected \"firing\" or \"resolved\", found \"pending\"")
                                        << false;
        QTest::newRow("status with control characters")
            << withTop(QStringLiteral("status"), QStringLiteral("fir\u0007ing\n")) << QStringLiteral("status")
            << QStringLiteral("expected \"firing\" or \"resolved\", found \"fir\\u0007ing\\u000a\"") << false;
        QTest::newRow("status huge") << withTop(QStringLiteral("status"), QString(100000, QLatin1Char('f')))
                                     << QStringLiteral("status")
                                     << QStringLiteral("expected \"firing\" or \"resolved\", found \"")
                + QString(64, QLatin1Char('f')) + QStringLiteral("\"... (100000 characters)")
                                     << false;
        QTest::newRow("missing status") << withTop(QStringLiteral("status"), QJsonValue::Undefined)
                                        << QStringLiteral("status") << missing << false;
        QTest::newRow("missing receiver") << withTop(QStringLiteral("receiver"), QJsonValue::Undefined)
                                          << QStringLiteral("receiver") << missing << false;
        QTest::newRow("receiver null") << withTop(QStringLiteral("receiver"), QJsonValue::Null)
                                       << QStringLiteral("receiver") << QStringLiteral("expected a string, found null")
                                       << false;
        QTest::newRow("groupLabels array")
            << withTop(QStringLiteral("groupLabels"), QJsonArray {}) << QStringLiteral("groupLabels")
            << QStringLiteral("expected an object, found an array") << false;
        QTest::newRow("commonLabels value number")
            << withTop(QStringLiteral("commonLabels"), QJsonObject { { QStringLiteral("severity"), 2 } })
            << QStringLiteral("commonLabels.severity") << QStringLiteral("expected a string, found a number") << false;
        QTest::newRow("externalURL boolean")
            << withTop(QStringLiteral("externalURL"), true) << QStringLiteral("externalURL")
            << QStringLiteral("expected a string, found a boolean") << false;
        QTest::newRow("missing alerts") << withTop(QStringLiteral("alerts"), QJsonValue::Undefined)
                                        << QStringLiteral("alerts") << missing << false;
        QTest::newRow("alerts object") << withTop(QStringLiteral("alerts"), QJsonObject {}) << QStringLiteral("alerts")
                                       << QStringLiteral("expected an array, found an object") << false;
        QTest::newRow("alerts null") << withTop(QStringLiteral("alerts"), QJsonValue::Null) << QStringLiteral("alerts")
                                     << QStringLiteral("expected an array, found null") << false;
        QTest::newRow("alert not an object")
            << withTop(QStringLiteral("alerts"), QJsonArray { baseAlert(), QStringLiteral("DiskSpaceHigh") })
            << QStringLiteral("alerts[1]") << QStringLiteral("expected an object, found a string") << false;

        // Alert fields
        QTest::newRow("alert status missing") << withAlertField(0, QStringLiteral("status"), QJsonValue::Undefined)
                                              << QStringLiteral("alerts[0].status") << missing << false;
        QTest::newRow("alert status bad")
            << withAlertField(1, QStringLiteral("status"), QStringLiteral("active"))
            << QStringLiteral("alerts[1].status")
            << QStringLiteral("expected \"firing\" or \"resolved\", found \"active\"") << false;
        QTest::newRow("labels missing") << withAlertField(0, QStringLiteral("labels"), QJsonValue::Undefined)
                                        << QStringLiteral("alerts[0].labels") << missing << false;
        QTest::newRow("labels empty") << withAlertField(0, QStringLiteral("labels"), QJsonObject {})
                                      << QStringLiteral("alerts[0].labels")
                                      << QStringLiteral("expected at least one label") << false;
        QTest::newRow("labels string") << withAlertField(0, QStringLiteral("labels"), QStringLiteral("a=b"))
                                       << QStringLiteral("alerts[0].labels")
                                       << QStringLiteral("expected an object, found a string") << false;
        QTest::newRow("label name with dash")
            << withLabel(QStringLiteral("bad-name"), QStringLiteral("x")) << QStringLiteral("alerts[0].labels")
            << QStringLiteral("invalid label name \"bad-name\" (expected [a-zA-Z_][a-zA-Z0-9_]*)") << false;
        QTest::newRow("label name starting with a digit")
            << withLabel(QStringLiteral("1st"), QStringLiteral("x")) << QStringLiteral("alerts[0].labels")
            << QStringLiteral("invalid label name \"1st\" (expected [a-zA-Z_][a-zA-Z0-9_]*)") << false;
        QTest::newRow("empty label name")
            << withLabel(QString(), QStringLiteral("x")) << QStringLiteral("alerts[0].labels")
            << QStringLiteral("invalid label name \"\" (expected [a-zA-Z_][a-zA-Z0-9_]*)") << false;
        QTest::newRow("label name with control character")
            << withLabel(QStringLiteral("a\u001bb"), QStringLiteral("x")) << QStringLiteral("alerts[0].labels")
            << QStringLiteral("invalid label name \"a\\u001bb\" (expected [a-zA-Z_][a-zA-Z0-9_]*)") << false;
        QTest::newRow("label value number")
            << withLabel(QStringLiteral("instance"), 9100) << QStringLiteral("alerts[0].labels.instance")
            << QStringLiteral("expected a string, found a number") << false;
        QTest::newRow("label value null")
            << withLabel(QStringLiteral("instance"), QJsonValue::Null) << QStringLiteral("alerts[0].labels.instance")
            << QStringLiteral("expected a string, found null") << false;
        QTest::newRow("label value object")
            << withLabel(QStringLiteral("instance"), QJsonObject {}) << QStringLiteral("alerts[0].labels.instance")
            << QStringLiteral("expected a string, found an object") << false;
        QTest::newRow("huge label value")
            << withLabel(QStringLiteral("instance"), QString(WebhookParser::MaxLabelValueBytes + 1, QLatin1Char('x')))
            << QStringLiteral("alerts[0].labels.instance")
            << QStringLiteral("value is 16385 bytes, more than the limit of 16384") << false;
        QTest::newRow("huge multi-byte label value (limit is in UTF-8 bytes)")
            << withLabel(QStringLiteral("instance"), QString(6000, QChar(0x20AC)))
            << QStringLiteral("alerts[0].labels.instance")
            << QStringLiteral("value is 18000 bytes, more than the limit of 16384") << false;
        QTest::newRow("ten megabyte label value")
            << withLabel(QStringLiteral("instance"), QString(10 * 1024 * 1024, QLatin1Char('x')))
            << QStringLiteral("alerts[0].labels.instance")
            << QStringLiteral("value is 10485760 bytes, more than the limit of 16384") << false;
        QTest::newRow("too many labels") << withAlertField(
            0, QStringLiteral("labels"), manyLabels(WebhookParser::MaxLabels + 1))
                                         << QStringLiteral("alerts[0].labels")
                                         << QStringLiteral("has 129 labels, more than the limit of 128") << false;
        QTest::newRow("annotation value array")
            << withLabel(QStringLiteral("summary"), QJsonArray {}, QStringLiteral("annotations"))
            << QStringLiteral("alerts[0].annotations.summary") << QStringLiteral("expected a string, found an array")
            << false;
        QTest::newRow("annotation name invalid")
            << withLabel(QStringLiteral("run book"), QStringLiteral("x"), QStringLiteral("annotations"))
            << QStringLiteral("alerts[0].annotations")
            << QStringLiteral("invalid annotation name \"run book\" (expected [a-zA-Z_][a-zA-Z0-9_]*)") << false;
        QTest::newRow("too many annotations")
            << withAlertField(0, QStringLiteral("annotations"), manyLabels(WebhookParser::MaxLabels + 10))
            << QStringLiteral("alerts[0].annotations")
            << QStringLiteral("has 138 annotations, more than the limit of 128") << false;
        QTest::newRow("startsAt missing") << withAlertField(0, QStringLiteral("startsAt"), QJsonValue::Undefined)
                                          << QStringLiteral("alerts[0].startsAt") << missing << false;
        QTest::newRow("startsAt number") << withAlertField(0, QStringLiteral("startsAt"), 1772359200)
                                         << QStringLiteral("alerts[0].startsAt")
                                         << QStringLiteral("expected a string, found a number") << false;
        QTest::newRow("startsAt prose") << withAlertField(0, QStringLiteral("startsAt"), QStringLiteral("yesterday"))
                                        << QStringLiteral("alerts[0].startsAt")
                                        << timeExpected + QStringLiteral("\"yesterday\" (date must be YYYY-MM-DD)")
                                        << false;
        QTest::newRow("startsAt without zone")
            << withAlertField(0, QStringLiteral("startsAt"), QStringLiteral("2026-03-01T10:00:00"))
            << QStringLiteral("alerts[0].startsAt")
            << timeExpected + QStringLiteral("\"2026-03-01T10:00:00\" (missing time zone (Z or +hh:mm))") << false;
        QTest::newRow("startsAt with space")
            << withAlertField(0, QStringLiteral("startsAt"), QStringLiteral("2026-03-01 10:00:00Z"))
            << QStringLiteral("alerts[0].startsAt")
            << timeExpected + QStringLiteral("\"2026-03-01 10:00:00Z\" (expected 'T' between date and time)") << false;
        QTest::newRow("startsAt month 13")
            << withAlertField(0, QStringLiteral("startsAt"), QStringLiteral("2026-13-01T10:00:00Z"))
            << QStringLiteral("alerts[0].startsAt")
            << timeExpected + QStringLiteral("\"2026-13-01T10:00:00Z\" (month 13 out of range)") << false;
        QTest::newRow("startsAt 30 February")
            << withAlertField(0, QStringLiteral("startsAt"), QStringLiteral("2026-02-30T10:00:00Z"))
            << QStringLiteral("alerts[0].startsAt")
            << timeExpected + QStringLiteral("\"2026-02-30T10:00:00Z\" (day 30 out of range for month 2)") << false;
        QTest::newRow("startsAt 29 February of a common year")
            << withAlertField(0, QStringLiteral("startsAt"), QStringLiteral("2100-02-29T10:00:00Z"))
            << QStringLiteral("alerts[0].startsAt")
            << timeExpected + QStringLiteral("\"2100-02-29T10:00:00Z\" (day 29 out of range for month 2)") << false;
        QTest::newRow("startsAt hour 24")
            << withAlertField(0, QStringLiteral("startsAt"), QStringLiteral("2026-03-01T24:00:00Z"))
            << QStringLiteral("alerts[0].startsAt")
            << timeExpected + QStringLiteral("\"2026-03-01T24:00:00Z\" (hour 24 out of range)") << false;
        QTest::newRow("startsAt empty fraction")
            << withAlertField(0, QStringLiteral("startsAt"), QStringLiteral("2026-03-01T10:00:00.Z"))
            << QStringLiteral("alerts[0].startsAt")
            << timeExpected + QStringLiteral("\"2026-03-01T10:00:00.Z\" (expected digits after '.')") << false;
        QTest::newRow("startsAt offset without colon")
            << withAlertField(0, QStringLiteral("startsAt"), QStringLiteral("2026-03-01T10:00:00+0200"))
            << QStringLiteral("alerts[0].startsAt")
            << timeExpected + QStringLiteral("\"2026-03-01T10:00:00+0200\" (time zone offset must be +hh:mm or -hh:mm)")
            << false;
        QTest::newRow("startsAt trailing text")
            << withAlertField(0, QStringLiteral("startsAt"), QStringLiteral("2026-03-01T10:00:00Z[UTC]"))
            << QStringLiteral("alerts[0].startsAt")
            << timeExpected + QStringLiteral("\"2026-03-01T10:00:00Z[UTC]\" (unexpected text at character 21)")
            << false;
        QTest::newRow("startsAt zero time")
            << withAlertField(0, QStringLiteral("startsAt"), QStringLiteral("0001-01-01T00:00:00Z"))
            << QStringLiteral("alerts[0].startsAt") << QStringLiteral("must be set, found the zero time") << false;
        QTest::newRow("endsAt garbage") << withAlertField(2, QStringLiteral("endsAt"), QStringLiteral("never"))
                                        << QStringLiteral("alerts[2].endsAt")
                                        << timeExpected + QStringLiteral("\"never\" (date must be YYYY-MM-DD)")
                                        << false;
        QTest::newRow("generatorURL number")
            << withAlertField(0, QStringLiteral("generatorURL"), 1) << QStringLiteral("alerts[0].generatorURL")
            << QStringLiteral("expected a string, found a number") << false;
        QTest::newRow("fingerprint missing") << withAlertField(2, QStringLiteral("fingerprint"), QJsonValue::Undefined)
                                             << QStringLiteral("alerts[2].fingerprint") << missing << false;
        QTest::newRow("fingerprint empty")
            << withAlertField(0, QStringLiteral("fingerprint"), QString()) << QStringLiteral("alerts[0].fingerprint")
            << QStringLiteral("must not be empty") << false;
        QTest::newRow("fingerprint number")
            << withAlertField(0, QStringLiteral("fingerprint"), 42) << QStringLiteral("alerts[0].fingerprint")
            << QStringLiteral("expected a string, found a number") << false;
    }

    void invalid()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, field);
        QFETCH(QString, message);
        QFETCH(bool, unknownVersion);

        const WebhookParseResult result = WebhookParser::parse(body, Source);
        QVERIFY2(std::holds_alternative<WebhookError>(result), "the payload was accepted");
        const auto& error = std::get<WebhookError>(result);
        QCOMPARE(error.field, field);
        QCOMPARE(error.message, message);
        QCOMPARE(error.unknownVersion, unknownVersion);
        QCOMPARE(error.toString(), field.isEmpty() ? message : field + QStringLiteral(": ") + message);
    }

    // Every prefix of a real payload, and payloads with random bytes overwritten, either parse or
    // give an error with a message: no crash, no hang, no empty explanation.
    void mangledPayloadsNeverCrash()
    {
        const QByteArray sample = readSample().trimmed();
        QVERIFY(!sample.isEmpty());
        int rejected = 0;
        for (qsizetype length = 0; length < sample.size(); ++length) {
            const WebhookParseResult result = WebhookParser::parse(sample.left(length), Source);
            QVERIFY2(std::holds_alternative<WebhookError>(result), qPrintable(QStringLiteral("prefix %1").arg(length)));
            QVERIFY(!std::get<WebhookError>(result).message.isEmpty());
            ++rejected;
        }
        QCOMPARE(rejected, sample.size());

        QRandomGenerator random(20260301);
        for (int round = 0; round < 3000; ++round) {
            QByteArray mangled = sample;
            const int flips = 1 + random.bounded(4);
            for (int i = 0; i < flips; ++i)
                mangled[random.bounded(int(mangled.size()))] = char(random.bounded(256));
            const WebhookParseResult result = WebhookParser::parse(mangled, Source);
            if (const auto* error = std::get_if<WebhookError>(&result))
                QVERIFY(!error->message.isEmpty());
        }
    }
};

QTEST_GUILESS_MAIN(TestWebhookParser)
#include "tst_webhookparser.moc"
