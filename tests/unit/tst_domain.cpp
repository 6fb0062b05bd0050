// The domain's small rules that everything else leans on: the incident lifecycle and its
// milestones, severity names, the one textual form of an event, and the alert expressions the
// charts are drawn from.
#include "domain/event.h"
#include "domain/eventformat.h"
#include "domain/incident.h"
#include "domain/severity.h"
#include "metrics/alertexpression.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace firebreak;

class TestDomain : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void lifecycleStampsEachMilestone();
    void lifecycleNeverGoesBack();
    void skippingAheadStampsOnlyWhatHappened();
    void statusAndSeverityNamesRoundTrip();
    void severityFromFreeTextLabels_data();
    void severityFromFreeTextLabels();
    void eventJsonLineCarriesTheContract();
    void eventTextLine();
    void alertExpressions_data();
    void alertExpressions();
    void generatorUrlRoundTrip();
};

void TestDomain::lifecycleStampsEachMilestone()
{
    Incident incident;
    incident.detectedMs = 1000;
    QVERIFY(incident.transitionTo(IncidentStatus::Acknowledged, 2000));
    QVERIFY(incident.transitionTo(IncidentStatus::Mitigated, 3000));
    QVERIFY(incident.transitionTo(IncidentStatus::Resolved, 4000));
    QCOMPARE(incident.status, IncidentStatus::Resolved);
    QCOMPARE(incident.acknowledgedMs, 2000);
    QCOMPARE(incident.mitigatedMs, 3000);
    QCOMPARE(incident.resolvedMs, 4000);
    QCOMPARE(incident.updatedMs, 4000);
    QVERIFY(!incident.isActive());
    // MTTA and MTTR follow from the stamps.
    QCOMPARE(incident.acknowledgedMs - incident.detectedMs, 1000);
    QCOMPARE(incident.resolvedMs - incident.detectedMs, 3000);
}

void TestDomain::lifecycleNeverGoesBack()
{
    Incident incident;
    QVERIFY(incident.transitionTo(IncidentStatus::Mitigated, 5000));
    const Incident before = incident;
    QVERIFY(!incident.transitionTo(IncidentStatus::Acknowledged, 6000));
    QVERIFY(!incident.transitionTo(IncidentStatus::Mitigated, 7000));
    QVERIFY(!incident.transitionTo(IncidentStatus::Open, 8000));
    QCOMPARE(incident, before);
}

void TestDomain::skippingAheadStampsOnlyWhatHappened()
{
    // Resolved straight from open: nobody acknowledged it, and the figures must not pretend so.
    Incident incident;
    QVERIFY(incident.transitionTo(IncidentStatus::Resolved, 9000));
    QCOMPARE(incident.acknowledgedMs, 0);
    QCOMPARE(incident.mitigatedMs, 0);
    QCOMPARE(incident.resolvedMs, 9000);
}

void TestDomain::statusAndSeverityNamesRoundTrip()
{
    for (int i = 0; i <= int(IncidentStatus::Reviewed); ++i) {
        const auto status = IncidentStatus(i);
        QCOMPARE(incidentStatusFromName(incidentStatusName(status)), status);
    }
    QVERIFY(!incidentStatusFromName(QStringLiteral("closed")).has_value());
    for (auto severity : { Severity::Info, Severity::Warning, Severity::Error, Severity::Critical })
        QCOMPARE(severityFromName(severityName(severity)), severity);
    QVERIFY(!severityFromName(QStringLiteral("CRITICAL")).has_value());
    QVERIFY(Severity::Critical > Severity::Warning);
}

void TestDomain::severityFromFreeTextLabels_data()
{
    QTest::addColumn<QString>("label");
    QTest::addColumn<Severity>("severity");
    QTest::addColumn<int>("incidentLevel");
    QTest::newRow("critical") << QStringLiteral("critical") << Severity::Critical << 2;
    QTest::newRow("page, mixed case") << QStringLiteral(" Page ") << Severity::Critical << 2;
    QTest::newRow("error") << QStringLiteral("error") << Severity::Error << 3;
    QTest::newRow("warning") << QStringLiteral("warning") << Severity::Warning << 3;
    QTest::newRow("info") << QStringLiteral("info") << Severity::Info << 4;
    QTest::newRow("unknown is a warning") << QStringLiteral("sev-whatever") << Severity::Warning << 3;
    QTest::newRow("missing is a warning") << QString() << Severity::Warning << 3;
}

void TestDomain::severityFromFreeTextLabels()
{
    QFETCH(QString, label);
    QFETCH(Severity, severity);
    QFETCH(int, incidentLevel);
    QCOMPARE(severityFromLabel(label), severity);
    QCOMPARE(severityToIncidentLevel(severity), incidentLevel);
}

void TestDomain::eventJsonLineCarriesTheContract()
{
    Event event;
    event.id = 42;
    event.incidentId = 7;
    event.timeMs = 1'795'236'328'758; // 2026-11-21T04:45:28.758Z
    event.source = QStringLiteral("sandbox");
    event.kind = QLatin1String(EventKind::AlertFiring);
    event.severity = Severity::Critical;
    event.title = QStringLiteral("DiskSpaceHigh firing: \"quoted\" \u00e9");
    event.body = R"({"labels":{"instance":"db-eu-1"}})";
    event.actor = QStringLiteral("alertmanager");
    const QByteArray line = EventFormat::toJsonLine(event);
    QVERIFY(!line.contains('\n'));
    const QJsonObject object = QJsonDocument::fromJson(line).object();
    QCOMPARE(object.value(QStringLiteral("time")).toString(), QStringLiteral("2026-11-21T04:45:28.758Z"));
    QCOMPARE(object.value(QStringLiteral("time_ms")).toInteger(), event.timeMs);
    QCOMPARE(object.value(QStringLiteral("id")).toInteger(), 42);
    QCOMPARE(object.value(QStringLiteral("incident")).toInteger(), 7);
    QCOMPARE(object.value(QStringLiteral("kind")).toString(), QStringLiteral("alert.firing"));
    QCOMPARE(object.value(QStringLiteral("severity")).toString(), QStringLiteral("critical"));
    QCOMPARE(object.value(QStringLiteral("source")).toString(), QStringLiteral("sandbox"));
    QCOMPARE(object.value(QStringLiteral("title")).toString(), event.title);
    QCOMPARE(object.value(QStringLiteral("actor")).toString(), QStringLiteral("alertmanager"));
    QCOMPARE(object.value(QStringLiteral("body"))
                 .toObject()
                 .value(QStringLiteral("labels"))
                 .toObject()
                 .value(QStringLiteral("instance")),
        QStringLiteral("db-eu-1"));

    // A body that is not a JSON object is left out rather than breaking the line.
    event.body = "not json";
    QVERIFY(!QJsonDocument::fromJson(EventFormat::toJsonLine(event)).object().contains(QStringLiteral("body")));
}

void TestDomain::eventTextLine()
{
    Event event;
    event.timeMs = 1'795'236'328'758;
    event.kind = QLatin1String(EventKind::ChangeDeploy);
    event.source = QStringLiteral("sandbox");
    event.title = QStringLiteral("Deploy: web v2.14.0 to eu");
    const QString line = EventFormat::toTextLine(event);
    QVERIFY2(line.startsWith(QLatin1String("2026-11-21T04:45:28.758Z  -  ")), qPrintable(line));
    QVERIFY(line.contains(QLatin1String("change.deploy")));
    QVERIFY(line.endsWith(event.title));
}

void TestDomain::alertExpressions_data()
{
    QTest::addColumn<QString>("expression");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QString>("selector");
    QTest::addColumn<QString>("op");
    QTest::addColumn<double>("threshold");
    QTest::newRow("above") << QStringLiteral("disk_used_percent{instance=\"db-eu-1\"} > 90") << true
                           << QStringLiteral("disk_used_percent{instance=\"db-eu-1\"}") << QStringLiteral(">") << 90.0;
    QTest::newRow("equal zero") << QStringLiteral("db_primary_up{service=\"db\"} == 0") << true
                                << QStringLiteral("db_primary_up{service=\"db\"}") << QStringLiteral("==") << 0.0;
    QTest::newRow("at least, scientific")
        << QStringLiteral("mem >= 4e8") << true << QStringLiteral("mem") << QStringLiteral(">=") << 4e8;
    QTest::newRow("operator inside a label value") << QStringLiteral("x{path=\"a>b\"} < 3") << true
                                                   << QStringLiteral("x{path=\"a>b\"}") << QStringLiteral("<") << 3.0;
    QTest::newRow("selector only") << QStringLiteral("up{job=\"node\"}") << true << QStringLiteral("up{job=\"node\"}")
                                   << QString() << 0.0;
    QTest::newRow("threshold not a number") << QStringLiteral("a > b") << false << QString() << QString() << 0.0;
    QTest::newRow("unbalanced braces") << QStringLiteral("a{b=\"c\" > 1") << false << QString() << QString() << 0.0;
    QTest::newRow("empty") << QStringLiteral("  ") << false << QString() << QString() << 0.0;
}

void TestDomain::alertExpressions()
{
    QFETCH(QString, expression);
    QFETCH(bool, valid);
    const auto parsed = AlertExpression::parse(expression);
    QCOMPARE(parsed.has_value(), valid);
    if (!valid)
        return;
    QFETCH(QString, selector);
    QFETCH(QString, op);
    QFETCH(double, threshold);
    QCOMPARE(parsed->selector, selector);
    QCOMPARE(parsed->op, op);
    QCOMPARE(parsed->hasThreshold(), !op.isEmpty());
    if (parsed->hasThreshold())
        QCOMPARE(parsed->threshold, threshold);
}

void TestDomain::generatorUrlRoundTrip()
{
    const QString expression
        = QStringLiteral("http_requests_error_ratio{service=\"checkout\",region=~\"eu|us\"} > 0.05");
    const QString url = AlertExpression::toGeneratorUrl(QStringLiteral("http://prometheus:9090"), expression);
    QVERIFY(url.startsWith(QLatin1String("http://prometheus:9090/graph?g0.expr=")));
    QVERIFY(!url.contains(QLatin1Char(' ')));
    QCOMPARE(AlertExpression::fromGeneratorUrl(url), expression);
    // The shape Prometheus itself sends, with '+' for spaces.
    QCOMPARE(AlertExpression::fromGeneratorUrl(
                 QStringLiteral("http://p:9090/graph?g0.expr=up%7Bjob%3D%22node%22%7D+%3D%3D+0&g0.tab=1")),
        QStringLiteral("up{job=\"node\"} == 0"));
    QCOMPARE(AlertExpression::fromGeneratorUrl(QStringLiteral("not a url at all")), QString());
}

QTEST_GUILESS_MAIN(TestDomain)
#include "tst_domain.moc"
