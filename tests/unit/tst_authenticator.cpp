// The passphrase check behind sign-in and high-risk approvals: right and wrong passphrases, an
// unknown name answered exactly like a wrong passphrase, a name refused for a while after five
// failures in a minute, and the caller's event loop running while the ~1 s derivation happens.
#include "domain/metatypes.h"
#include "roster/authenticator.h"
#include "roster/rosterloader.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>
#include <QThread>
#include <QTimer>
#include <memory>

using namespace firebreak;

namespace {

struct Answer {
    quint64 requestId = 0;
    QString name;
    bool accepted = false;
    QString message;
};

Roster fastRoster()
{
    // Low iteration counts keep the lockout cases quick; the demo roster covers full strength.
    const QVector<RosterUser> users {
        RosterUser { QStringLiteral("alice"), QStringLiteral("Alice"), { Role::Commander },
            std::get<PassphraseHash>(PassphraseHash::parse(PassphraseHash::create(QStringLiteral("alice-pass"), 50))) },
        RosterUser { QStringLiteral("bob"), QStringLiteral("Bob"), { Role::Commander },
            std::get<PassphraseHash>(PassphraseHash::parse(PassphraseHash::create(QStringLiteral("bob-pass"), 50))) },
    };
    return Roster(users);
}

} // namespace

class TstAuthenticator : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<QThread> m_thread;
    Authenticator* m_authenticator = nullptr;

    void start(const Roster& roster, const Authenticator::Limits& limits = {})
    {
        m_thread = std::make_unique<QThread>();
        m_authenticator = new Authenticator(roster, limits);
        m_authenticator->moveToThread(m_thread.get());
        connect(m_thread.get(), &QThread::finished, m_authenticator, &QObject::deleteLater);
        m_thread->start();
    }

    Answer ask(quint64 requestId, const QString& name, const QString& passphrase)
    {
        QSignalSpy verified(m_authenticator, &Authenticator::verified);
        QMetaObject::invokeMethod(m_authenticator, "verify", Qt::QueuedConnection, Q_ARG(quint64, requestId),
            Q_ARG(QString, name), Q_ARG(QString, passphrase));
        // The spy records on the authenticator's thread, possibly before wait() would start.
        if (!QTest::qWaitFor([&] { return !verified.isEmpty(); }, 20000))
            return {};
        const QList<QVariant> args = verified.first();
        return Answer { args.at(0).toULongLong(), args.at(1).toString(), args.at(2).toBool(), args.at(3).toString() };
    }

private Q_SLOTS:
    void initTestCase()
    {
        registerMetaTypes();
        Q_INIT_RESOURCE(firebreak);
    }

    void cleanup()
    {
        if (m_thread) {
            m_thread->quit();
            m_thread->wait();
            m_thread.reset();
        }
        m_authenticator = nullptr;
    }

    void demoRosterAtFullStrengthOffTheCallersThread()
    {
        const auto loaded = RosterLoader::load(QStringLiteral(":/roster/demo-roster.yaml"));
        QVERIFY(std::holds_alternative<Roster>(loaded));
        start(std::get<Roster>(loaded));

        // The caller's loop keeps turning while PBKDF2 runs on the authenticator's thread.
        int ticks = 0;
        QTimer ticker;
        ticker.setInterval(20);
        connect(&ticker, &QTimer::timeout, this, [&ticks] { ++ticks; });
        ticker.start();
        QElapsedTimer elapsed;
        elapsed.start();
        const Answer right = ask(1, QStringLiteral("alice"), QStringLiteral("alice-demo-passphrase"));
        const qint64 ms = elapsed.elapsed();
        QCOMPARE(right.requestId, quint64(1));
        QCOMPARE(right.name, QStringLiteral("alice"));
        QVERIFY(right.accepted);
        QVERIFY2(ticks >= int(ms / 20) / 3 && ticks >= 3,
            qPrintable(QStringLiteral("%1 ticks in %2 ms").arg(ticks).arg(ms)));

        const Answer wrong = ask(2, QStringLiteral("alice"), QStringLiteral("bob-demo-passphrase"));
        QCOMPARE(wrong.requestId, quint64(2));
        QVERIFY(!wrong.accepted);
        const Answer unknown = ask(3, QStringLiteral("mallory"), QStringLiteral("alice-demo-passphrase"));
        QVERIFY(!unknown.accepted);
        // Nothing in the answer tells a wrong passphrase from a name nobody has.
        QCOMPARE(unknown.message, wrong.message);
        QVERIFY(!wrong.message.contains(QStringLiteral("alice")));
    }

    void fiveFailuresLockTheNameForAWhile()
    {
        Authenticator::Limits limits;
        limits.lockoutMs = 1500;
        start(fastRoster(), limits);
        const QString wrongMessage = ask(1, QStringLiteral("alice"), QStringLiteral("nope")).message;
        for (int i = 2; i <= 4; ++i)
            QCOMPARE(ask(quint64(i), QStringLiteral("alice"), QStringLiteral("nope")).message, wrongMessage);
        const Answer fifth = ask(5, QStringLiteral("alice"), QStringLiteral("nope"));
        QVERIFY(!fifth.accepted);
        QVERIFY2(fifth.message.contains(QStringLiteral("Wait 2 s")), qPrintable(fifth.message));

        // Locked: even the right passphrase is refused, with the same "wait" answer.
        const Answer locked = ask(6, QStringLiteral("alice"), QStringLiteral("alice-pass"));
        QVERIFY(!locked.accepted);
        QVERIFY2(locked.message.startsWith(QStringLiteral("Too many wrong passphrases")), qPrintable(locked.message));
        // Only that name: bob signs in meanwhile.
        QVERIFY(ask(7, QStringLiteral("bob"), QStringLiteral("bob-pass")).accepted);

        QTest::qWait(1600);
        QVERIFY(ask(8, QStringLiteral("alice"), QStringLiteral("alice-pass")).accepted);
        // A success clears the count: one more failure is just a failure.
        QCOMPARE(ask(9, QStringLiteral("alice"), QStringLiteral("nope")).message, wrongMessage);
    }

    void unknownNamesAreLockedOutAlike()
    {
        start(fastRoster());
        Answer last;
        for (int i = 1; i <= 5; ++i)
            last = ask(quint64(i), QStringLiteral("mallory"), QStringLiteral("guess"));
        QVERIFY(!last.accepted);
        QVERIFY2(last.message.contains(QStringLiteral("Wait 30 s")), qPrintable(last.message));
    }

    void failuresOlderThanTheWindowDoNotCount()
    {
        Authenticator::Limits limits;
        limits.windowMs = 400;
        start(fastRoster(), limits);
        const QString wrongMessage = ask(1, QStringLiteral("alice"), QStringLiteral("nope")).message;
        for (int i = 2; i <= 4; ++i)
            ask(quint64(i), QStringLiteral("alice"), QStringLiteral("nope"));
        QTest::qWait(500);
        // Four failures, but all outside the window: the fifth is an ordinary failure.
        QCOMPARE(ask(5, QStringLiteral("alice"), QStringLiteral("nope")).message, wrongMessage);
        QVERIFY(ask(6, QStringLiteral("alice"), QStringLiteral("alice-pass")).accepted);
    }
};

QTEST_GUILESS_MAIN(TstAuthenticator)
#include "tst_authenticator.moc"
