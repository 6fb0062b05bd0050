#include "engine/deliveryinbox.h"

#include <QTest>

using namespace firebreak;

namespace {

constexpr qint64 T0 = 1'000'000;

WebhookPayload payloadOf(int alerts, const QString& tag = QString())
{
    WebhookPayload payload;
    payload.groupKey = tag;
    for (int i = 0; i < alerts; ++i) {
        Alert alert;
        alert.fingerprint = QStringLiteral("%1-%2").arg(tag).arg(i);
        payload.alerts.append(alert);
    }
    return payload;
}

DeliveryInbox::Limits limits()
{
    DeliveryInbox::Limits limits;
    limits.idleMs = 20;
    limits.maxLagMs = 2000;
    limits.chunkAlerts = 400;
    limits.maxHeldAlerts = 1000;
    return limits;
}

QStringList tagsOf(const QVector<DeliveryInbox::Held>& taken)
{
    QStringList tags;
    for (const DeliveryInbox::Held& held : taken)
        tags.append(held.payload.groupKey);
    return tags;
}

} // namespace

// When the engine correlates deliveries it has already answered: never before the store has them,
// in the order they arrived, soon after senders pause, and no later than the lag bound in a storm.
class TestDeliveryInbox : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void nothingIsCorrelatedBeforeTheStoreHasIt()
    {
        DeliveryInbox inbox(limits());
        QVERIFY(inbox.hold(1, T0, QStringLiteral("am"), payloadOf(10, QStringLiteral("a")), T0));
        QCOMPARE(inbox.msUntilDue(T0 + 5000), qint64(-1)); // only the store's commit can make it due
        QVERIFY(inbox.take(T0 + 5000).isEmpty());
        QVERIFY(inbox.take(T0 + 5000, true).isEmpty()); // not even when everything is asked for
        inbox.committed(1, 77);
        const QVector<DeliveryInbox::Held> taken = inbox.take(T0 + 5000);
        QCOMPARE(taken.size(), 1);
        QCOMPARE(taken.first().id, qint64(77));
        QCOMPARE(taken.first().ticket, quint64(1));
        QCOMPARE(taken.first().payload.alerts.size(), 10);
    }

    void correlatedOnceSendersPause()
    {
        DeliveryInbox inbox(limits());
        inbox.hold(1, T0, QStringLiteral("am"), payloadOf(1, QStringLiteral("a")), T0);
        inbox.committed(1, 1);
        QCOMPARE(inbox.msUntilDue(T0 + 5), qint64(15));
        QVERIFY(inbox.take(T0 + 5).isEmpty());
        inbox.hold(2, T0 + 15, QStringLiteral("am"), payloadOf(1, QStringLiteral("b")), T0 + 15);
        QCOMPARE(inbox.msUntilDue(T0 + 20), qint64(15)); // another arrival: wait for the pause again
        QCOMPARE(tagsOf(inbox.take(T0 + 35)), QStringList { QStringLiteral("a") }); // b is not committed yet
    }

    void aStormThatNeverPausesWaitsNoLongerThanTheLagBound()
    {
        DeliveryInbox inbox(limits());
        quint64 ticket = 0;
        qint64 now = T0;
        for (; now < T0 + 1990; now += 10) {
            ++ticket;
            QVERIFY(inbox.hold(ticket, now, QStringLiteral("am"), payloadOf(1, QString::number(ticket)), now));
            inbox.committed(ticket, qint64(ticket));
            QVERIFY2(inbox.take(now).isEmpty(), qPrintable(QString::number(now - T0)));
        }
        QCOMPARE(inbox.msUntilDue(now), qint64(10)); // the first arrived at T0
        const QVector<DeliveryInbox::Held> taken = inbox.take(T0 + 2000);
        QVERIFY(!taken.isEmpty());
        QCOMPARE(taken.first().payload.groupKey, QStringLiteral("1"));
    }

    void deliveriesLeaveInOrderAndInChunks()
    {
        DeliveryInbox inbox(limits()); // chunks of 200 alerts, at most 400 in flight
        for (int i = 1; i <= 6; ++i) {
            inbox.hold(quint64(i), T0, QStringLiteral("am"), payloadOf(100, QString::number(i)), T0);
            inbox.committed(quint64(i), 10 + i);
        }
        QCOMPARE(inbox.heldAlerts(), qint64(600));
        QCOMPARE(tagsOf(inbox.take(T0 + 100)), (QStringList { QStringLiteral("1"), QStringLiteral("2") }));
        QCOMPARE(tagsOf(inbox.take(T0 + 100)), (QStringList { QStringLiteral("3"), QStringLiteral("4") }));
        // 400 alerts are with the store: nothing more until it has written some.
        QCOMPARE(inbox.msUntilDue(T0 + 100), qint64(-1));
        QVERIFY(inbox.take(T0 + 100).isEmpty());
        inbox.drained({ 11, 12 });
        QCOMPARE(inbox.heldAlerts(), qint64(400));
        QCOMPARE(tagsOf(inbox.take(T0 + 100)), (QStringList { QStringLiteral("5"), QStringLiteral("6") }));
        inbox.drained({ 13, 14, 15, 16 });
        QCOMPARE(inbox.heldAlerts(), qint64(0));
        QCOMPARE(inbox.heldDeliveries(), 0);
        QCOMPARE(inbox.msUntilDue(T0 + 100), qint64(-1));
    }

    void aDeliveryTheStoreRefusedIsForgotten()
    {
        DeliveryInbox inbox(limits());
        inbox.hold(1, T0, QStringLiteral("am"), payloadOf(5, QStringLiteral("a")), T0);
        inbox.hold(2, T0, QStringLiteral("am"), payloadOf(5, QStringLiteral("b")), T0);
        inbox.failed(1); // answered 503: the sender delivers it again
        inbox.committed(2, 9);
        QCOMPARE(inbox.heldAlerts(), qint64(5));
        QCOMPARE(tagsOf(inbox.take(T0 + 100)), QStringList { QStringLiteral("b") });
    }

    void pastTheLimitNewDeliveriesAreRefused()
    {
        DeliveryInbox inbox(limits()); // at most 1,000 alerts held
        QVERIFY(inbox.hold(1, T0, QStringLiteral("am"), payloadOf(600), T0));
        QVERIFY(!inbox.hold(2, T0, QStringLiteral("am"), payloadOf(600), T0));
        QVERIFY(inbox.hold(3, T0, QStringLiteral("am"), payloadOf(400), T0));
        QCOMPARE(inbox.heldAlerts(), qint64(1000));
        QCOMPARE(inbox.heldDeliveries(), 2);
        inbox.committed(1, 1);
        inbox.committed(3, 3);
        inbox.take(T0 + 100);
        inbox.drained({ 1 });
        QVERIFY(inbox.hold(4, T0, QStringLiteral("am"), payloadOf(600), T0)); // room again
    }

    void replayedDeliveriesAreDueAtOnceAndFirst()
    {
        DeliveryInbox inbox(limits());
        // Received (wall time) in the future of this process's monotonic time: still due at once.
        inbox.holdReplayed(3, T0 + 3'600'000, QStringLiteral("am"), payloadOf(1, QStringLiteral("old")));
        inbox.hold(9, T0, QStringLiteral("am"), payloadOf(1, QStringLiteral("new")), T0);
        QCOMPARE(inbox.oldestReceivedMs(), T0 + 3'600'000);
        QCOMPARE(inbox.msUntilDue(T0), qint64(0));
        QCOMPARE(tagsOf(inbox.take(T0)), QStringList { QStringLiteral("old") });
    }

    // The lag is measured on the caller's monotonic time, not on when the sender says it was
    // received: a wall clock stepped back an hour does not hold deliveries for an hour.
    void theLagBoundFollowsArrivalNotTheWallClock()
    {
        DeliveryInbox inbox(limits());
        inbox.hold(1, T0 + 3'600'000, QStringLiteral("am"), payloadOf(1, QStringLiteral("a")), T0);
        inbox.committed(1, 1);
        for (qint64 now = T0 + 10; now < T0 + 2000; now += 10)
            inbox.hold(quint64(now), T0 + 3'600'000, QStringLiteral("am"), payloadOf(1), now); // no pause
        QCOMPARE(inbox.msUntilDue(T0 + 2000), qint64(0));
        QCOMPARE(inbox.oldestReceivedMs(), T0 + 3'600'000);
        QCOMPARE(tagsOf(inbox.take(T0 + 2000)), QStringList { QStringLiteral("a") });
        QCOMPARE(inbox.oldestReceivedMs(), T0 + 3'600'000); // the next one, received at the same time
    }

    void everythingCommittedCanBeTakenAtOnce()
    {
        DeliveryInbox inbox(limits());
        for (int i = 1; i <= 5; ++i) {
            inbox.hold(quint64(i), T0, QStringLiteral("am"), payloadOf(150, QString::number(i)), T0);
            inbox.committed(quint64(i), i);
        }
        inbox.hold(6, T0, QStringLiteral("am"), payloadOf(1, QStringLiteral("6")), T0);
        // Not due yet (no pause), and more than a chunk: all five committed ones still go.
        QCOMPARE(inbox.take(T0, true).size(), 5);
        QCOMPARE(inbox.heldDeliveries(), 6);
        QCOMPARE(inbox.heldAlerts(), qint64(751));
    }
};

QTEST_GUILESS_MAIN(TestDeliveryInbox)
#include "tst_deliveryinbox.moc"
