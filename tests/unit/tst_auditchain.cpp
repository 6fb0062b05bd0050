// The audit hash chain and its canonical forms: that every kind of tampering is found and named,
// and that the hashed bytes are exactly the documented form (checked against hashes computed
// independently, with Python's hashlib, from that documentation).
#include "audit/auditchain.h"
#include "audit/canonicaljson.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>
#include <functional>

using namespace firebreak;

namespace {

AuditEntry unsealed(qint64 timeMs, const QString& actor, const QString& action, const QString& subject,
    const QByteArray& details = "{}")
{
    AuditEntry entry;
    entry.timeMs = timeMs;
    entry.actor = actor;
    entry.action = action;
    entry.subject = subject;
    entry.details = details;
    return entry;
}

// Five sealed entries; the fourth goes back in time, which is allowed.
QVector<AuditEntry> chainOfFive()
{
    const QVector<AuditEntry> raw {
        unsealed(1000, QStringLiteral("alice"), QStringLiteral("approval.requested"), QStringLiteral("run:1"),
            "{\"plan\":\"3f2a\"}"),
        unsealed(2000, QStringLiteral("bob"), QStringLiteral("approval.granted"), QStringLiteral("run:1")),
        unsealed(3000, QStringLiteral("carol"), QStringLiteral("approval.granted"), QStringLiteral("run:1")),
        unsealed(
            2500, QStringLiteral("firebreak"), QStringLiteral("run.executed"), QStringLiteral("run:1"), "{\"exit\":0}"),
        unsealed(4000, QStringLiteral("alice"), QStringLiteral("automation.frozen"), QStringLiteral("global")),
    };
    QVector<AuditEntry> chain;
    QString head = AuditChain::GenesisHash;
    for (AuditEntry entry : raw) {
        AuditChain::seal(&entry, chain.size(), head);
        head = entry.hash;
        chain.append(entry);
    }
    return chain;
}

using Tamper = std::function<void(AuditEntry&)>;

} // namespace

// Declared before the test class uses it in a data table (a later declaration is an error at -O2).
Q_DECLARE_METATYPE(Tamper)

class TstAuditChain : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void hashIsTheDocumentedForm()
    {
        AuditEntry first = unsealed(1763700000000, QStringLiteral("alice"), QStringLiteral("approval.granted"),
            QStringLiteral("run:12"), "{\"plan\":\"ab12\",\"risk\":\"high\"}");
        AuditChain::seal(&first, 0, AuditChain::GenesisHash);
        QCOMPARE(first.id, 1);
        QCOMPARE(first.prevHash, QString(64, QLatin1Char('0')));
        QCOMPARE(AuditChain::canonicalForm(first),
            QByteArray("firebreak-audit-v1\n1:1;13:1763700000000;5:alice;16:approval.granted;6:run:12;"
                       "29:{\"plan\":\"ab12\",\"risk\":\"high\"};"
                       "64:0000000000000000000000000000000000000000000000000000000000000000;"));
        QCOMPARE(first.hash, QStringLiteral("087f026db10fabb592766300f6bba1c466b15aff9bcc48b66a9631f9372886b4"));

        // Multi-byte UTF-8 is counted in bytes; a negative time keeps its sign.
        AuditEntry second
            = unsealed(-5, QString::fromUtf8("zo\u00eb"), QStringLiteral("run.executed"), QStringLiteral("run:12"));
        AuditChain::seal(&second, first.id, first.hash);
        QCOMPARE(second.id, 2);
        QVERIFY(AuditChain::canonicalForm(second).startsWith("firebreak-audit-v1\n1:2;2:-5;4:zo\xc3\xab;"));
        QCOMPARE(second.hash, QStringLiteral("8fb5fe4d8cd1f49127ed39eeb9a567ff237d9150b89f6b4eddecc0513d74d962"));
    }

    // Moving a character from one field to the next changes the hash: the form has no ambiguity.
    void fieldBoundariesAreUnambiguous()
    {
        AuditEntry a = unsealed(1, QStringLiteral("ab"), QStringLiteral("c"), QStringLiteral("x"));
        AuditEntry b = unsealed(1, QStringLiteral("a"), QStringLiteral("bc"), QStringLiteral("x"));
        AuditEntry c = unsealed(1, QStringLiteral("a;1:b"), QStringLiteral("c"), QStringLiteral("x"));
        AuditEntry d = unsealed(1, QStringLiteral("a"), QStringLiteral("b;1:c"), QStringLiteral("x"));
        for (AuditEntry* entry : { &a, &b, &c, &d })
            AuditChain::seal(entry, 0, AuditChain::GenesisHash);
        QVERIFY(a.hash != b.hash);
        QVERIFY(c.hash != d.hash);
        QVERIFY(AuditChain::canonicalForm(c) != AuditChain::canonicalForm(d));
    }

    void intactChainVerifies()
    {
        const QVector<AuditEntry> chain = chainOfFive();
        const AuditVerification result = AuditChain::verify(chain);
        QVERIFY2(result.ok, qPrintable(result.message));
        QCOMPARE(result.count, 5);
        QCOMPARE(result.headHash, chain.last().hash);
        QCOMPARE(result.problem, AuditVerification::Problem::None);
        QVERIFY(chain.at(3).timeMs < chain.at(2).timeMs); // time going backwards is not an error
    }

    void emptyChainVerifiesToGenesis()
    {
        const AuditVerification result = AuditChain::verify({});
        QVERIFY(result.ok);
        QCOMPARE(result.count, 0);
        QCOMPARE(result.headHash, AuditChain::GenesisHash);
    }

    void tamperedFieldIsFound_data()
    {
        QTest::addColumn<int>("index");
        QTest::addColumn<Tamper>("tamper");
        QTest::addColumn<qint64>("brokenId");
        QTest::addColumn<int>("problem");
        QTest::addColumn<QString>("says");
        const auto content = int(AuditVerification::Problem::ContentHashMismatch);
        const auto link = int(AuditVerification::Problem::PrevLinkMismatch);
        const auto gap = int(AuditVerification::Problem::IdGap);
        QTest::newRow("time") << 2 << Tamper([](AuditEntry& e) { ++e.timeMs; }) << qint64(3) << content
                              << QStringLiteral("changed after it was written");
        QTest::newRow("actor") << 1 << Tamper([](AuditEntry& e) { e.actor = QStringLiteral("mallory"); }) << qint64(2)
                               << content << QStringLiteral("entry 2 (approval.granted on run:1)");
        QTest::newRow("action") << 3 << Tamper([](AuditEntry& e) { e.action = QStringLiteral("run.skipped"); })
                                << qint64(4) << content << QStringLiteral("does not match its hash");
        QTest::newRow("subject") << 0 << Tamper([](AuditEntry& e) { e.subject = QStringLiteral("run:2"); }) << qint64(1)
                                 << content << QStringLiteral("does not match its hash");
        QTest::newRow("details") << 3 << Tamper([](AuditEntry& e) { e.details = "{\"exit\":1}"; }) << qint64(4)
                                 << content << QStringLiteral("does not match its hash");
        QTest::newRow("details whitespace") << 0 << Tamper([](AuditEntry& e) { e.details = "{\"plan\": \"3f2a\"}"; })
                                            << qint64(1) << content << QStringLiteral("does not match its hash");
        QTest::newRow("stored hash") << 4 << Tamper([](AuditEntry& e) { e.hash[0] = e.hash[0] == u'a' ? u'b' : u'a'; })
                                     << qint64(5) << content << QStringLiteral("stored ");
        QTest::newRow("prev_hash") << 2 << Tamper([](AuditEntry& e) { e.prevHash = AuditChain::GenesisHash; })
                                   << qint64(3) << link << QStringLiteral("is not the hash");
        // Rewriting an entry and its own hash moves the break to the next entry's link.
        QTest::newRow("content and its hash") << 1 << Tamper([](AuditEntry& e) {
            e.actor = QStringLiteral("mallory");
            e.hash = AuditChain::computeHash(e);
        }) << qint64(3) << link << QStringLiteral("entry 2");
        QTest::newRow("id") << 2 << Tamper([](AuditEntry& e) { e.id = 7; }) << qint64(7) << gap
                            << QStringLiteral("id 7 follows id 2");
    }
    void tamperedFieldIsFound()
    {
        QFETCH(int, index);
        QFETCH(Tamper, tamper);
        QFETCH(qint64, brokenId);
        QFETCH(int, problem);
        QFETCH(QString, says);
        QVector<AuditEntry> chain = chainOfFive();
        tamper(chain[index]);
        const AuditVerification result = AuditChain::verify(chain);
        QVERIFY(!result.ok);
        QCOMPARE(result.brokenId, brokenId);
        QCOMPARE(int(result.problem), problem);
        QVERIFY2(result.message.contains(says), qPrintable(result.message));
        QCOMPARE(result.count, qint64(brokenId == 7 ? 2 : brokenId - 1)); // entries before the break were fine
    }

    void reorderedEntriesAreFound()
    {
        QVector<AuditEntry> chain = chainOfFive();
        chain.swapItemsAt(1, 2);
        const AuditVerification result = AuditChain::verify(chain);
        QVERIFY(!result.ok);
        QCOMPARE(result.brokenId, 3);
        QCOMPARE(result.problem, AuditVerification::Problem::IdGap);

        // Swapping only the contents, keeping the ids in order: the moved entry links to the wrong predecessor.
        chain = chainOfFive();
        std::swap(chain[1].id, chain[2].id);
        chain.swapItemsAt(1, 2);
        const AuditVerification swapped = AuditChain::verify(chain);
        QVERIFY(!swapped.ok);
        QCOMPARE(swapped.brokenId, 2);
        QCOMPARE(swapped.problem, AuditVerification::Problem::PrevLinkMismatch);
    }

    void deletedEntryIsFound()
    {
        QVector<AuditEntry> chain = chainOfFive();
        chain.removeAt(2);
        const AuditVerification middle = AuditChain::verify(chain);
        QVERIFY(!middle.ok);
        QCOMPARE(middle.brokenId, 4);
        QCOMPARE(middle.problem, AuditVerification::Problem::IdGap);
        QVERIFY2(middle.message.contains(QLatin1String("id 4 follows id 2")), qPrintable(middle.message));

        chain = chainOfFive();
        chain.removeFirst();
        const AuditVerification first = AuditChain::verify(chain);
        QVERIFY(!first.ok);
        QCOMPARE(first.brokenId, 2);
        QVERIFY2(first.message.contains(QLatin1String("starts at id 2")), qPrintable(first.message));

        // Renumbering after a deletion still breaks the link to the entry that is gone.
        chain = chainOfFive();
        chain.removeAt(2);
        chain[2].id = 3;
        chain[3].id = 4;
        const AuditVerification renumbered = AuditChain::verify(chain);
        QVERIFY(!renumbered.ok);
        QCOMPARE(renumbered.brokenId, 3);
    }

    // Cutting entries off the end leaves a shorter chain that links up perfectly: the chain alone
    // cannot notice. What does is the head hash: the one the console showed (and `audit verify`
    // printed) before no longer matches.
    void truncatedTailIsOnlyVisibleInTheHead()
    {
        QVector<AuditEntry> chain = chainOfFive();
        const QString headBefore = AuditChain::verify(chain).headHash;
        chain.removeLast();
        const AuditVerification result = AuditChain::verify(chain);
        QVERIFY(result.ok);
        QCOMPARE(result.count, 4);
        QVERIFY(result.headHash != headBefore);
    }

    void canonicalJsonSortsAndEscapes_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QByteArray>("canonical");
        QTest::newRow("empty input") << QByteArray() << QByteArray("{}");
        QTest::newRow("keys sorted, whitespace dropped")
            << QByteArray("{ \"b\" : 1, \"a\" : [true, false, null], \"C\": {\"y\": \"\", \"x\": 2}}")
            << QByteArray("{\"C\":{\"x\":2,\"y\":\"\"},\"a\":[true,false,null],\"b\":1}");
        QTest::newRow("escapes") << QByteArray("{\"s\":\"q\\\"b\\\\n\\nt\\tc\\u0001/\\u00e9\"}")
                                 << QByteArray("{\"s\":\"q\\\"b\\\\n\\nt\\tc\\u0001/\xc3\xa9\"}");
        QTest::newRow("numbers") << QByteArray("{\"i\":-42,\"big\":9007199254740992,\"f\":0.1,\"e\":1e300,\"w\":2.0}")
                                 << QByteArray("{\"big\":9007199254740992,\"e\":1e+300,\"f\":0.1,\"i\":-42,\"w\":2}");
        // Code point order, not UTF-16 order: U+FF5E sorts before U+1F600 by UTF-8 bytes.
        QTest::newRow("non-BMP keys") << QByteArray("{\"\xf0\x9f\x98\x80\":1,\"\xef\xbd\x9e\":2}")
                                      << QByteArray("{\"\xef\xbd\x9e\":2,\"\xf0\x9f\x98\x80\":1}");
    }
    void canonicalJsonSortsAndEscapes()
    {
        QFETCH(QByteArray, input);
        QFETCH(QByteArray, canonical);
        QByteArray out;
        QString error;
        QVERIFY2(CanonicalJson::canonicalise(input, &out, &error), qPrintable(error));
        QCOMPARE(out, canonical);
        QVERIFY(CanonicalJson::canonicalise(out, &out, &error));
        QCOMPARE(out, canonical); // a fixed point
    }

    void canonicalJsonIgnoresInsertionOrder()
    {
        QJsonObject a;
        a.insert(QStringLiteral("risk"), QStringLiteral("high"));
        a.insert(QStringLiteral("approvers"), QJsonArray { QStringLiteral("bob"), QStringLiteral("carol") });
        QJsonObject b;
        b.insert(QStringLiteral("approvers"), QJsonArray { QStringLiteral("bob"), QStringLiteral("carol") });
        b.insert(QStringLiteral("risk"), QStringLiteral("high"));
        QCOMPARE(CanonicalJson::write(a), CanonicalJson::write(b));
        QCOMPARE(CanonicalJson::write(a), QByteArray("{\"approvers\":[\"bob\",\"carol\"],\"risk\":\"high\"}"));
    }

    void canonicalJsonRefusesWhatIsNotAnObject_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QString>("says");
        QTest::newRow("array") << QByteArray("[1,2]") << QStringLiteral("JSON object was expected");
        QTest::newRow("broken") << QByteArray("{\"a\":") << QStringLiteral("not JSON at offset");
        QTest::newRow("text") << QByteArray("approved") << QStringLiteral("not JSON");
    }
    void canonicalJsonRefusesWhatIsNotAnObject()
    {
        QFETCH(QByteArray, input);
        QFETCH(QString, says);
        QByteArray out;
        QString error;
        QVERIFY(!CanonicalJson::canonicalise(input, &out, &error));
        QVERIFY2(error.contains(says), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TstAuditChain)
#include "tst_auditchain.moc"
