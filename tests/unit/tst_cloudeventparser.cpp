#include "ingest/cloudeventparser.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace firebreak;

namespace {

const QString Single = QStringLiteral("application/cloudevents+json");
const QString Batch = QStringLiteral("application/cloudevents-batch+json");

QByteArray readFile(const QString& name)
{
    QFile file(QStringLiteral(FIREBREAK_TEST_DATA "/cloudevents/") + name);
    if (!file.open(QIODevice::ReadOnly))
        return QByteArray();
    return file.readAll();
}

// A minimal valid event with `changes` applied (a null value removes the member).
QJsonObject sample(const QJsonObject& changes = {})
{
    QJsonObject object { { QStringLiteral("specversion"), QStringLiteral("1.0") },
        { QStringLiteral("id"), QStringLiteral("e-1") }, { QStringLiteral("source"), QStringLiteral("/ci/deployer") },
        { QStringLiteral("type"), QStringLiteral("com.example.deploy.finished") } };
    for (auto it = changes.constBegin(); it != changes.constEnd(); ++it) {
        if (it.value().isUndefined())
            object.remove(it.key());
        else
            object.insert(it.key(), it.value());
    }
    return object;
}

QJsonObject without(const QString& name)
{
    QJsonObject object = sample();
    object.remove(name);
    return object;
}

QByteArray json(const QJsonObject& object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

// What the parser said, for failure messages (QVERIFY2 evaluates its message even on success).
QByteArray errorText(const CloudEventParseResult& result)
{
    const auto* error = std::get_if<WebhookError>(&result);
    return error ? error->toString().toUtf8() : QByteArray("accepted");
}

QByteArray json(const QJsonArray& array)
{
    return QJsonDocument(array).toJson(QJsonDocument::Compact);
}

} // namespace

class TestCloudEventParser : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void singleCdEvent()
    {
        const auto result = CloudEventParser::parse(readFile(QStringLiteral("cdevents-service-deployed.json")), Single);
        QVERIFY2(std::holds_alternative<QVector<CloudEvent>>(result), errorText(result).constData());
        const auto events = std::get<QVector<CloudEvent>>(result);
        QCOMPARE(events.size(), 1);
        const CloudEvent& e = events.first();
        QCOMPARE(e.specVersion, QStringLiteral("1.0"));
        QCOMPARE(e.id, QStringLiteral("271069a8-fc18-44f1-b38f-9d70a1695819"));
        QCOMPARE(e.source, QStringLiteral("/event/source/123"));
        QCOMPARE(e.type, QStringLiteral("dev.cdevents.service.deployed.0.3.0"));
        QCOMPARE(e.subject, QStringLiteral("service/checkout"));
        QCOMPARE(e.dataContentType, QStringLiteral("application/json"));
        // 09:58:30.250 at +01:00 is 08:58:30.250 UTC.
        QCOMPARE(e.timeMs.value_or(0), qint64(1772355510250));
        QCOMPARE(e.extensions.value(QStringLiteral("region")).toString(), QStringLiteral("eu"));
        QCOMPARE(e.extensions.size(), 1);
        QVERIFY(e.data.isObject());
        QVERIFY(!e.hasDataBase64);
    }

    void batchWithBinaryData()
    {
        const auto result = CloudEventParser::parse(readFile(QStringLiteral("batch-github-knative.json")), Batch);
        QVERIFY(std::holds_alternative<QVector<CloudEvent>>(result));
        const auto events = std::get<QVector<CloudEvent>>(result);
        QCOMPARE(events.size(), 2);
        QCOMPARE(events.at(0).type, QStringLiteral("com.github.deployment_status.failure"));
        QCOMPARE(events.at(1).type, QStringLiteral("dev.knative.sources.ping"));
        QVERIFY(events.at(1).hasDataBase64);
        QCOMPARE(events.at(1).dataBase64, QByteArray("run nightly report"));
        QVERIFY(events.at(1).data.isUndefined());
    }

    void contentTypeChoosesTheShape_data()
    {
        QTest::addColumn<QString>("contentType");
        QTest::addColumn<bool>("batch");
        QTest::addColumn<bool>("accepted");
        QTest::addColumn<QString>("error");
        QTest::newRow("single as single") << Single << false << true << QString();
        QTest::newRow("batch as batch") << Batch << true << true << QString();
        QTest::newRow("parameters and case")
            << QStringLiteral("Application/CloudEvents+JSON; charset=UTF-8") << false << true << QString();
        QTest::newRow("no type, object") << QString() << false << true << QString();
        QTest::newRow("no type, array") << QString() << true << true << QString();
        QTest::newRow("application/json array") << QStringLiteral("application/json") << true << true << QString();
        QTest::newRow("array sent as single") << Single << true << false << QStringLiteral("found an array");
        QTest::newRow("object sent as batch") << Batch << false << false << QStringLiteral("found an object");
        QTest::newRow("binary mode") << QStringLiteral("text/xml") << false << false
                                     << QStringLiteral("binary content mode is not supported");
        QTest::newRow("latin-1") << QStringLiteral("application/cloudevents+json; charset=iso-8859-1") << false << false
                                 << QStringLiteral("unsupported charset");
    }

    void contentTypeChoosesTheShape()
    {
        QFETCH(QString, contentType);
        QFETCH(bool, batch);
        QFETCH(bool, accepted);
        QFETCH(QString, error);
        const QByteArray body = batch ? json(QJsonArray { sample() }) : json(sample());
        const auto result = CloudEventParser::parse(body, contentType);
        QCOMPARE(std::holds_alternative<QVector<CloudEvent>>(result), accepted);
        if (!accepted) {
            QVERIFY2(std::get<WebhookError>(result).message.contains(error), errorText(result).constData());
        }
    }

    void nullMeansUnsetAndEmptyBatchIsValid()
    {
        auto result = CloudEventParser::parse(
            json(sample({ { QStringLiteral("subject"), QJsonValue::Null }, { QStringLiteral("time"), QJsonValue::Null },
                { QStringLiteral("comexampleunset"), QJsonValue::Null } })),
            Single);
        QVERIFY(std::holds_alternative<QVector<CloudEvent>>(result));
        const CloudEvent e = std::get<QVector<CloudEvent>>(result).first();
        QVERIFY(e.subject.isEmpty());
        QVERIFY(!e.timeMs);
        QVERIFY(e.extensions.isEmpty());

        result = CloudEventParser::parse("[]", Batch);
        QVERIFY(std::holds_alternative<QVector<CloudEvent>>(result));
        QCOMPARE(std::get<QVector<CloudEvent>>(result).size(), 0);

        // data: null is an explicit null payload, unlike a missing data member (json-format.md 3.1.1).
        result = CloudEventParser::parse(json(sample({ { QStringLiteral("data"), QJsonValue::Null } })), Single);
        QVERIFY(std::get<QVector<CloudEvent>>(result).first().data.isNull());
        QVERIFY(std::get<QVector<CloudEvent>>(result).first().hasData());
    }

    void refused_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("contentType");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("message");

        for (const char* name : { "specversion", "id", "source", "type" }) {
            QTest::addRow("%s missing", name)
                << json(without(QLatin1String(name))) << Single << QString::fromLatin1(name)
                << QStringLiteral("required attribute is missing");
            QTest::addRow("%s null", name) << json(sample({ { QLatin1String(name), QJsonValue::Null } })) << Single
                                           << QString::fromLatin1(name) << QStringLiteral("required attribute is null");
            QTest::addRow("%s empty", name) << json(sample({ { QLatin1String(name), QString() } })) << Single
                                            << QString::fromLatin1(name) << QStringLiteral("must not be empty");
        }
        QTest::newRow("id a number") << json(sample({ { QStringLiteral("id"), 7 } })) << Single << QStringLiteral("id")
                                     << QStringLiteral("expected a string, found a number");
        QTest::newRow("specversion 0.3 in a batch")
            << json(QJsonArray {
                   sample(), sample(), sample(), sample({ { QStringLiteral("specversion"), QStringLiteral("0.3") } }) })
            << Batch << QStringLiteral("[3].specversion") << QStringLiteral("expected \"1.0\", found \"0.3\"");
        QTest::newRow("time not RFC 3339")
            << json(QJsonArray { sample({ { QStringLiteral("time"), QStringLiteral("yesterday") } }) }) << Batch
            << QStringLiteral("[0].time") << QStringLiteral("not RFC 3339: \"yesterday\"");
        QTest::newRow("time without zone")
            << json(sample({ { QStringLiteral("time"), QStringLiteral("2026-03-01T10:00:00") } })) << Single
            << QStringLiteral("time") << QStringLiteral("missing time zone");
        QTest::newRow("data and data_base64")
            << json(sample({ { QStringLiteral("data"), QJsonObject { { QStringLiteral("a"), 1 } } },
                   { QStringLiteral("data_base64"), QStringLiteral("aGk=") } }))
            << Single << QStringLiteral("data_base64") << QStringLiteral("must not appear together with \"data\"");
        QTest::newRow("data_base64 not base64")
            << json(sample({ { QStringLiteral("data_base64"), QStringLiteral("%%%") } })) << Single
            << QStringLiteral("data_base64") << QStringLiteral("not valid Base64");
        QTest::newRow("event not an object")
            << QByteArray(R"([{"specversion":"1.0","id":"a","source":"/s","type":"t"}, 42])") << Batch
            << QStringLiteral("[1]") << QStringLiteral("expected a CloudEvent (a JSON object), found a number");
        QTest::newRow("source with a space")
            << json(sample({ { QStringLiteral("source"), QStringLiteral("my source") } })) << Single
            << QStringLiteral("source") << QStringLiteral("not a URI-reference");
        QTest::newRow("source bad scheme")
            << json(sample({ { QStringLiteral("source"), QStringLiteral("1ab:x") } })) << Single
            << QStringLiteral("source") << QStringLiteral("not a valid URI scheme");
        QTest::newRow("dataschema relative")
            << json(sample({ { QStringLiteral("dataschema"), QStringLiteral("/schemas/x") } })) << Single
            << QStringLiteral("dataschema") << QStringLiteral("not an absolute URI");
        QTest::newRow("datacontenttype not a media type")
            << json(sample({ { QStringLiteral("datacontenttype"), QStringLiteral("json") } })) << Single
            << QStringLiteral("datacontenttype") << QStringLiteral("expected a media type");
        QTest::newRow("upper-case extension")
            << json(sample({ { QStringLiteral("Region"), QStringLiteral("eu") } })) << Single
            << QStringLiteral("Region") << QStringLiteral("invalid attribute name");
        QTest::newRow("extension with underscore")
            << json(sample({ { QStringLiteral("my_ext"), QStringLiteral("x") } })) << Single << QStringLiteral("my_ext")
            << QStringLiteral("lower-case a-z and 0-9 only");
        QTest::newRow("extension an object")
            << json(sample({ { QStringLiteral("ext"), QJsonObject() } })) << Single << QStringLiteral("ext")
            << QStringLiteral("must be a string, integer or boolean, found an object");
        QTest::newRow("extension a fraction") << json(sample({ { QStringLiteral("ext"), 1.5 } })) << Single
                                              << QStringLiteral("ext") << QStringLiteral("expected an Integer");
        QTest::newRow("extension name too long")
            << json(sample({ { QString(65, QLatin1Char('a')), 1 } })) << Single
            << QString(64, QLatin1Char('a')) + QStringLiteral("...") << QStringLiteral("65 characters");
        QTest::newRow("control character in subject")
            << json(sample({ { QStringLiteral("subject"), QStringLiteral("a\nb") } })) << Single
            << QStringLiteral("subject") << QStringLiteral("control character U+000a");
        QTest::newRow("unpaired surrogate")
            << QByteArray(R"({"specversion":"1.0","id":"\udead","source":"/s","type":"t"})") << Single
            << QStringLiteral("id") << QStringLiteral("unpaired surrogate");
        QTest::newRow("attribute too large")
            << json(sample({ { QStringLiteral("type"), QString(5000, QLatin1Char('t')) } })) << Single
            << QStringLiteral("type") << QStringLiteral("5000 bytes, more than the limit of 4096");
        QTest::newRow("not UTF-8") << QByteArray("{\"specversion\":\"1.0\",\"id\":\"\xff\"}") << Single << QString()
                                   << QStringLiteral("not valid UTF-8 at byte offset 27");
        QTest::newRow("overlong UTF-8") << QByteArray("[\"\xc0\xaf\"]") << Batch << QString()
                                        << QStringLiteral("not valid UTF-8 at byte offset 2");
        QTest::newRow("truncated JSON") << QByteArray(R"({"specversion":"1.0","id":)") << Single << QString()
                                        << QStringLiteral("not valid JSON");
        QTest::newRow("empty body") << QByteArray("  \n") << Single << QString() << QStringLiteral("body is empty");
        QTest::newRow("deep nesting in data")
            << QByteArray(R"({"specversion":"1.0","id":"a","source":"/s","type":"t","data":)") + QByteArray(100, '[')
                + QByteArray(100, ']') + '}'
            << Single << QString() << QStringLiteral("nested deeper than 64 levels at byte offset 125");
        QTest::newRow("brackets inside strings do not count")
            << json(sample({ { QStringLiteral("subject"), QString(200, QLatin1Char('[')) },
                   { QStringLiteral("specversion"), QStringLiteral("2.0") } }))
            << Single << QStringLiteral("specversion") << QStringLiteral("expected \"1.0\"");
        QJsonArray huge;
        for (int i = 0; i <= CloudEventParser::MaxEventsPerBatch; ++i)
            huge.append(sample({ { QStringLiteral("id"), QString::number(i) } }));
        QTest::newRow("huge batch") << json(huge) << Batch << QString()
                                    << QStringLiteral("batch holds 1001 events, more than the limit of 1000");
    }

    void refused()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, contentType);
        QFETCH(QString, field);
        QFETCH(QString, message);
        const auto result = CloudEventParser::parse(body, contentType);
        QVERIFY2(std::holds_alternative<WebhookError>(result), "accepted a bad body");
        const WebhookError error = std::get<WebhookError>(result);
        QCOMPARE(error.field, field);
        QVERIFY2(error.message.contains(message), qPrintable(error.toString()));
        QVERIFY(!error.unknownVersion);
    }

    void fullBatchAtTheLimitIsAccepted()
    {
        QJsonArray batch;
        for (int i = 0; i < CloudEventParser::MaxEventsPerBatch; ++i)
            batch.append(sample({ { QStringLiteral("id"), QString::number(i) } }));
        const auto result = CloudEventParser::parse(json(batch), Batch);
        QVERIFY(std::holds_alternative<QVector<CloudEvent>>(result));
        QCOMPARE(std::get<QVector<CloudEvent>>(result).size(), CloudEventParser::MaxEventsPerBatch);
    }

    void uriReferencesFromTheSpecAreAccepted_data()
    {
        QTest::addColumn<QString>("source");
        for (const char* source : { "https://github.com/cloudevents", "mailto:cncf-wg-serverless@lists.cncf.io",
                 "urn:uuid:6e8bc430-9c3a-11d9-9669-0800200c9a66", "/cloudevents/spec/pull/123",
                 "/sensors/tn-1234567/alerts", "1-555-123-4567", "a/b:c", "/x%20y" })
            QTest::newRow(source) << QString::fromLatin1(source);
    }

    void uriReferencesFromTheSpecAreAccepted()
    {
        QFETCH(QString, source);
        const auto result = CloudEventParser::parse(json(sample({ { QStringLiteral("source"), source } })), Single);
        QVERIFY2(std::holds_alternative<QVector<CloudEvent>>(result), errorText(result).constData());
    }
};

QTEST_GUILESS_MAIN(TestCloudEventParser)
#include "tst_cloudeventparser.moc"
