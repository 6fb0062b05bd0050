// Local suppression on the sandbox: SandboxSuppressor keeps silences on the sandbox's clock, and the
// sandbox's notifier leaves silenced alerts out of its webhooks the way Alertmanager does.
#include "interfaces/clock.h"
#include "sandbox/alertfingerprint.h"
#include "sandbox/alertnotifier.h"
#include "sandbox/ruleevaluator.h"
#include "sandbox/sandboxplatform.h"
#include "sandbox/sandboxsuppressor.h"
#include "sandbox/sandboxworld.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace firebreak;

namespace {

constexpr qint64 Minute = 60 * 1000;
constexpr qint64 Hour = 60 * Minute;
const qint64 Start = QDateTime(QDate(2026, 3, 10), QTime(9, 0), Qt::UTC).toMSecsSinceEpoch();

class ManualClock final : public Clock {
public:
    qint64 nowMs() const override { return m_nowMs; }
    void set(qint64 ms) { m_nowMs = ms; }

private:
    qint64 m_nowMs = Start;
};

const LabelSet DiskMatchers { { "alertname", "DiskSpaceHigh" }, { "instance", "db-eu-1" } };

LabelSet diskLabels(const QString& instance = QStringLiteral("db-eu-1"))
{
    return { { "alertname", "DiskSpaceHigh" }, { "instance", instance }, { "region", "eu" }, { "service", "db" },
        { "severity", "critical" } };
}

LabelSet cacheLabels()
{
    return { { "alertname", "CacheDown" }, { "instance", "cache-us-1" }, { "region", "us" }, { "service", "cache" },
        { "severity", "critical" } };
}

AlertInstance alert(const LabelSet& labels, bool firing, qint64 firedAtMs, qint64 resolvedAtMs = 0)
{
    AlertInstance instance;
    instance.labels = labels;
    instance.fingerprint = AlertFingerprint::of(labels);
    instance.firing = firing;
    instance.activeAtMs = firedAtMs;
    instance.firedAtMs = firedAtMs;
    instance.resolvedAtMs = resolvedAtMs;
    return instance;
}

SuppressionResult suppress(SandboxSuppressor& suppressor, const LabelSet& matchers, qint64 startsAtMs, qint64 endsAtMs,
    const QString& comment = QStringLiteral("incident 7, run 3: disk cleanup"))
{
    SuppressionResult result;
    int calls = 0;
    suppressor.suppress(
        matchers, startsAtMs, endsAtMs, QStringLiteral("firebreak"), comment, [&](const SuppressionResult& answer) {
            result = answer;
            ++calls;
        });
    if (calls != 1)
        QTest::qFail("done must be called exactly once, before suppress() returns", __FILE__, __LINE__);
    return result;
}

SuppressionResult expire(SandboxSuppressor& suppressor, const QString& id)
{
    SuppressionResult result;
    int calls = 0;
    suppressor.expire(id, [&](const SuppressionResult& answer) {
        result = answer;
        ++calls;
    });
    if (calls != 1)
        QTest::qFail("done must be called exactly once, before expire() returns", __FILE__, __LINE__);
    return result;
}

// "alertname status" for every alert of every body, in order, e.g. "CacheDown firing".
QStringList alertsIn(const QVector<QByteArray>& bodies)
{
    QStringList out;
    for (const QByteArray& body : bodies) {
        for (const QJsonValue& value : QJsonDocument::fromJson(body).object().value("alerts").toArray()) {
            const QJsonObject object = value.toObject();
            out.append(object.value("labels").toObject().value("alertname").toString() + QLatin1Char(' ')
                + object.value("status").toString());
        }
    }
    return out;
}

} // namespace

class TestSandboxSuppressor : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void suppressionMutesMatchingAlertsOnly();
    void suppressionEndsByTheSandboxClock();
    void expireEndsItAtOnce();
    void expireUnknownIdIsRefused();
    void refusedSuppressions_data();
    void refusedSuppressions();
    void notifierLeavesSuppressedAlertsOut();
    void notificationsResumeAfterExpire();
    void platformDoesNotNotifySuppressedAlerts();
};

void TestSandboxSuppressor::suppressionMutesMatchingAlertsOnly()
{
    ManualClock clock;
    SandboxSuppressor suppressor(clock);
    QCOMPARE(suppressor.name(), QStringLiteral("sandbox"));
    const SuppressionResult result = suppress(suppressor, DiskMatchers, Start, Start + Hour);
    QVERIFY2(result.ok, qPrintable(result.error));
    QVERIFY(!result.id.isEmpty());

    QVERIFY(suppressor.mutes(diskLabels(), Start));
    QVERIFY(suppressor.mutes(diskLabels(), Start + Hour - 1));
    QVERIFY(!suppressor.mutes(diskLabels(), Start + Hour));
    QVERIFY(!suppressor.mutes(diskLabels(QStringLiteral("db-us-1")), Start));
    QVERIFY(!suppressor.mutes(cacheLabels(), Start));
    LabelSet noInstance = diskLabels();
    noInstance.remove("instance");
    QVERIFY(!suppressor.mutes(noInstance, Start));

    const QVector<Silence> silences = suppressor.silences();
    QCOMPARE(silences.size(), 1);
    QCOMPARE(silences.at(0).id, result.id);
    QCOMPARE(silences.at(0).state, SilenceState::Active);
    QCOMPARE(silences.at(0).createdBy, QStringLiteral("firebreak"));
    QCOMPARE(silences.at(0).comment, QStringLiteral("incident 7, run 3: disk cleanup"));
    QCOMPARE(silences.at(0).matchers,
        (QVector<SilenceMatcher> {
            { "alertname", "DiskSpaceHigh", false, true }, { "instance", "db-eu-1", false, true } }));
    QCOMPARE(silences.at(0).startsAtMs, Start);
    QCOMPARE(silences.at(0).endsAtMs, Start + Hour);

    // Two silences get two ids.
    const SuppressionResult second = suppress(suppressor, { { "alertname", "CacheDown" } }, Start, Start + Hour);
    QVERIFY(second.ok);
    QVERIFY(second.id != result.id);
    QVERIFY(suppressor.mutes(cacheLabels(), Start));
}

void TestSandboxSuppressor::suppressionEndsByTheSandboxClock()
{
    ManualClock clock;
    SandboxSuppressor suppressor(clock);
    // Starting in the future: pending until then.
    const SuppressionResult result = suppress(suppressor, DiskMatchers, Start + Minute, Start + 10 * Minute);
    QVERIFY(result.ok);
    QCOMPARE(suppressor.silences().at(0).state, SilenceState::Pending);
    QVERIFY(!suppressor.mutes(diskLabels(), Start));
    clock.set(Start + Minute);
    QCOMPARE(suppressor.silences().at(0).state, SilenceState::Active);
    QVERIFY(suppressor.mutes(diskLabels(), clock.nowMs()));
    clock.set(Start + 10 * Minute);
    QCOMPARE(suppressor.silences().at(0).state, SilenceState::Expired);
    QVERIFY(!suppressor.mutes(diskLabels(), clock.nowMs()));

    // A start in the past is taken as now, as Alertmanager does.
    const SuppressionResult late = suppress(suppressor, DiskMatchers, Start, Start + 20 * Minute);
    QVERIFY(late.ok);
    QCOMPARE(suppressor.silences().at(1).startsAtMs, Start + 10 * Minute);
}

void TestSandboxSuppressor::expireEndsItAtOnce()
{
    ManualClock clock;
    SandboxSuppressor suppressor(clock);
    const SuppressionResult created = suppress(suppressor, DiskMatchers, Start, Start + Hour);
    clock.set(Start + 5 * Minute);
    const SuppressionResult expired = expire(suppressor, created.id);
    QVERIFY2(expired.ok, qPrintable(expired.error));
    QCOMPARE(expired.id, created.id);
    QVERIFY(!suppressor.mutes(diskLabels(), clock.nowMs()));
    QVERIFY(suppressor.mutes(diskLabels(), clock.nowMs() - 1)); // it was active until now
    QCOMPARE(suppressor.silences().at(0).state, SilenceState::Expired);
    QCOMPARE(suppressor.silences().at(0).endsAtMs, Start + 5 * Minute);

    // Alertmanager 0.25 answers 200 to expiring an expired silence; so does the sandbox.
    clock.set(Start + 6 * Minute);
    QVERIFY(expire(suppressor, created.id).ok);
    QCOMPARE(suppressor.silences().at(0).endsAtMs, Start + 5 * Minute);

    // A pending silence expires without ever having been active.
    const SuppressionResult pending = suppress(suppressor, DiskMatchers, Start + Hour, Start + 2 * Hour);
    QVERIFY(expire(suppressor, pending.id).ok);
    QVERIFY(!suppressor.mutes(diskLabels(), Start + Hour));
}

void TestSandboxSuppressor::expireUnknownIdIsRefused()
{
    ManualClock clock;
    SandboxSuppressor suppressor(clock);
    const SuppressionResult result = expire(suppressor, QStringLiteral("sandbox-silence-99"));
    QVERIFY(!result.ok);
    QCOMPARE(result.error, QStringLiteral("silence sandbox-silence-99 not expired: silence not found"));
}

void TestSandboxSuppressor::refusedSuppressions_data()
{
    QTest::addColumn<LabelSet>("matchers");
    QTest::addColumn<qint64>("startsAtMs");
    QTest::addColumn<qint64>("endsAtMs");
    QTest::addColumn<QString>("error");

    QTest::newRow("no matchers") << LabelSet() << Start << Start + Hour
                                 << "silence not created: matchers in body should have at least 1 items";
    QTest::newRow("only empty values") << LabelSet { { "instance", "" } } << Start << Start + Hour
                                       << "silence not created: silence invalid: at least one matcher must not "
                                          "match the empty string";
    QTest::newRow("empty label name") << LabelSet { { "", "x" } } << Start << Start + Hour
                                      << "silence not created: silence invalid: invalid label name \"\"";
    QTest::newRow("ends before it starts")
        << DiskMatchers << Start + Hour << Start + Minute
        << "silence not created: Failed to create silence: start time must be before end time";
    QTest::newRow("ended already") << DiskMatchers << Start - Hour << Start - Minute
                                   << "silence not created: Failed to create silence: start time must be before end "
                                      "time";
}

void TestSandboxSuppressor::refusedSuppressions()
{
    QFETCH(LabelSet, matchers);
    QFETCH(qint64, startsAtMs);
    QFETCH(qint64, endsAtMs);
    QFETCH(QString, error);
    ManualClock clock;
    SandboxSuppressor suppressor(clock);
    const SuppressionResult result = suppress(suppressor, matchers, startsAtMs, endsAtMs);
    QVERIFY(!result.ok);
    QCOMPARE(result.error, error);
    QVERIFY(suppressor.silences().isEmpty());
}

void TestSandboxSuppressor::notifierLeavesSuppressedAlertsOut()
{
    ManualClock clock;
    SandboxSuppressor suppressor(clock);
    AlertNotifier notifier([&](const LabelSet& labels, qint64 atMs) { return suppressor.mutes(labels, atMs); });
    QVERIFY(suppress(suppressor, DiskMatchers, Start, Start + 10 * Minute).ok);

    // Both fire: only the cache alert is sent.
    QCOMPARE(alertsIn(notifier.notify({ alert(diskLabels(), true, Start), alert(cacheLabels(), true, Start) }, Start)),
        QStringList { "CacheDown firing" });
    // Nothing new but the silenced alert resolving: nothing is sent, not even its resolution.
    QCOMPARE(notifier.notify({ alert(diskLabels(), false, Start, Start + Minute) }, Start + Minute).size(), 0);
    // It fires again while silenced: still nothing.
    QCOMPARE(notifier.notify({ alert(diskLabels(), true, Start + 2 * Minute) }, Start + 2 * Minute).size(), 0);
    // Another instance of the same rule is not silenced.
    QCOMPARE(alertsIn(notifier.notify(
                 { alert(diskLabels(QStringLiteral("db-us-1")), true, Start + 3 * Minute) }, Start + 3 * Minute)),
        QStringList { "DiskSpaceHigh firing" });

    // The silence ends by the clock: the alert that fired while silenced is sent at the next
    // evaluation, though nothing about it changed then (Alertmanager sends it at the next flush).
    clock.set(Start + 10 * Minute);
    const QVector<QByteArray> after = notifier.notify({}, Start + 10 * Minute);
    QCOMPARE(after.size(), 1);
    QCOMPARE(alertsIn(after), (QStringList { "DiskSpaceHigh firing", "DiskSpaceHigh firing" }));
    QCOMPARE(QJsonDocument::fromJson(after.at(0)).object().value("status").toString(), QStringLiteral("firing"));
    QCOMPARE(notifier.notify({}, Start + 11 * Minute).size(), 0); // and only once
    // Its resolution is sent as well now.
    QCOMPARE(alertsIn(notifier.notify(
                 { alert(diskLabels(), false, Start + 2 * Minute, Start + 12 * Minute) }, Start + 12 * Minute)),
        (QStringList { "DiskSpaceHigh firing", "DiskSpaceHigh resolved" }));
}

void TestSandboxSuppressor::notificationsResumeAfterExpire()
{
    ManualClock clock;
    SandboxSuppressor suppressor(clock);
    AlertNotifier notifier([&](const LabelSet& labels, qint64 atMs) { return suppressor.mutes(labels, atMs); });
    // Fired and notified before the silence.
    QCOMPARE(
        alertsIn(notifier.notify({ alert(diskLabels(), true, Start) }, Start)), QStringList { "DiskSpaceHigh firing" });
    const SuppressionResult created = suppress(suppressor, { { "alertname", "DiskSpaceHigh" } }, Start, Start + Hour);
    clock.set(Start + Minute);
    QCOMPARE(notifier.notify({ alert(diskLabels(), false, Start, Start + Minute) }, Start + Minute).size(), 0);
    QCOMPARE(notifier.notify({ alert(diskLabels(), true, Start + 2 * Minute) }, Start + 2 * Minute).size(), 0);

    clock.set(Start + 3 * Minute);
    QVERIFY(expire(suppressor, created.id).ok);
    QCOMPARE(alertsIn(notifier.notify({}, Start + 3 * Minute)), QStringList { "DiskSpaceHigh firing" });
    QCOMPARE(alertsIn(notifier.notify(
                 { alert(diskLabels(), false, Start + 2 * Minute, Start + 4 * Minute) }, Start + 4 * Minute)),
        QStringList { "DiskSpaceHigh resolved" });
    QCOMPARE(notifier.groupCount(), 0);
}

void TestSandboxSuppressor::platformDoesNotNotifySuppressedAlerts()
{
    SandboxOptions options;
    options.startMs = Start;
    options.scenarios = { QStringLiteral("disk-full") };

    // The same world twice, one of them with DiskSpaceHigh silenced for its first ten minutes.
    SandboxPlatform plain(options);
    SandboxPlatform silenced(options);
    const qint64 nowMs = silenced.clock().nowMs();
    const SuppressionResult created = suppress(silenced.suppressor(), { { "alertname", "DiskSpaceHigh" } }, nowMs,
        nowMs + 10 * Minute, QStringLiteral("incident 1, run 1"));
    QVERIFY(created.ok);

    QStringList plainAlerts;
    QStringList silencedAlerts;
    QObject scope;
    QObject::connect(&plain, &SandboxPlatform::webhook, &scope,
        [&](const QByteArray& body, const QString&) { plainAlerts += alertsIn({ body }); });
    QObject::connect(&silenced, &SandboxPlatform::webhook, &scope,
        [&](const QByteArray& body, const QString&) { silencedAlerts += alertsIn({ body }); });

    plain.fastForward(10 * Minute - 1);
    silenced.fastForward(10 * Minute - 1);
    QVERIFY(plainAlerts.contains(QStringLiteral("DiskSpaceHigh firing")));
    QVERIFY2(silencedAlerts.isEmpty(), qPrintable(silencedAlerts.join(", ")));
    // It does fire; it is only not notified.
    bool firing = false;
    for (const AlertInstance& instance : silenced.rules().firing())
        firing = firing || instance.labels.value("alertname") == QLatin1String("DiskSpaceHigh");
    QVERIFY(firing);

    silenced.fastForward(SandboxWorld::TickMs);
    QCOMPARE(silencedAlerts, QStringList { "DiskSpaceHigh firing" });
}

QTEST_GUILESS_MAIN(TestSandboxSuppressor)
#include "tst_sandboxsuppressor.moc"
