#include "roster/passphrasehash.h"
#include "roster/pbkdf2.h"

#include <QElapsedTimer>
#include <QTest>

using namespace firebreak;

// Known answers for PBKDF2-HMAC-SHA256 and the stored passphrase form built on it.
class TestPbkdf2 : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void vectors_data();
    void vectors();
    void refusesNonsenseParameters();

    void storedFormRoundTrips();
    void knownStoredForm();
    void verifyRejectsOtherPassphrases();
    void createUsesFreshSalt();
    void unicodeIsNormalised();
    void parseErrors_data();
    void parseErrors();
    void defaultStrength();
};

void TestPbkdf2::vectors_data()
{
    QTest::addColumn<QByteArray>("password");
    QTest::addColumn<QByteArray>("salt");
    QTest::addColumn<int>("iterations");
    QTest::addColumn<QByteArray>("expectedHex");

    // RFC 7914 (scrypt), section 11 "Test Vectors for PBKDF2 with HMAC-SHA-256": both vectors.
    QTest::newRow("RFC 7914 s11 #1 passwd/salt c=1 dkLen=64")
        << QByteArray("passwd") << QByteArray("salt") << 1
        << QByteArray("55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
                      "49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783");
    QTest::newRow("RFC 7914 s11 #2 Password/NaCl c=80000 dkLen=64")
        << QByteArray("Password") << QByteArray("NaCl") << 80000
        << QByteArray("4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56"
                      "a1d425a1225833549adb841b51c9b3176a272bdebba1d078478f62b397f33c8d");
    // The RFC 6070 inputs (written for SHA-1) run with SHA-256, as widely published for PBKDF2-HMAC-SHA256
    // and checked here against Python's hashlib.pbkdf2_hmac (OpenSSL): one and several iterations, a
    // result shorter than, equal to and longer than one SHA-256 block, and NUL bytes in both inputs.
    QTest::newRow("password/salt c=1 dkLen=32")
        << QByteArray("password") << QByteArray("salt") << 1
        << QByteArray("120fb6cffcf8b32c43e7225256c4f837a86548c92ccc35480805987cb70be17b");
    QTest::newRow("password/salt c=2 dkLen=32")
        << QByteArray("password") << QByteArray("salt") << 2
        << QByteArray("ae4d0c95af6b46d32d0adff928f06dd02a303f8ef3c251dfd6e2d85a95474c43");
    QTest::newRow("password/salt c=4096 dkLen=32")
        << QByteArray("password") << QByteArray("salt") << 4096
        << QByteArray("c5e478d59288c841aa530db6845c4c8d962893a001ce4e11a4963873aa98134a");
    QTest::newRow("long inputs c=4096 dkLen=40")
        << QByteArray("passwordPASSWORDpassword") << QByteArray("saltSALTsaltSALTsaltSALTsaltSALTsalt") << 4096
        << QByteArray("348c89dbcbd32b2f32d814b8116e84cf2b17347ebc1800181c4e2a1fb8dd53e1c635518c7dac47e9");
    QTest::newRow("NUL bytes c=4096 dkLen=16") << QByteArray("pass\0word", 9) << QByteArray("sa\0lt", 5) << 4096
                                               << QByteArray("89b69d0516f829893c696226650a8687");
    // A key longer than the SHA-256 block (64 bytes) is hashed first by HMAC (RFC 2104 section 2).
    QTest::newRow("100-byte password c=3 dkLen=32")
        << QByteArray(100, 'k') << QByteArray("salt") << 3
        << QByteArray("219c68bb88f1010f4a763b7c8fd58639c2280baf6820814c6d404891fcd85c3d");
}

void TestPbkdf2::vectors()
{
    QFETCH(QByteArray, password);
    QFETCH(QByteArray, salt);
    QFETCH(int, iterations);
    QFETCH(QByteArray, expectedHex);
    const QByteArray derived = Pbkdf2::derive(password, salt, iterations, int(expectedHex.size() / 2));
    QCOMPARE(derived.toHex(), expectedHex);
}

void TestPbkdf2::refusesNonsenseParameters()
{
    QVERIFY(Pbkdf2::derive("p", "salt", 0, 32).isEmpty());
    QVERIFY(Pbkdf2::derive("p", "salt", -5, 32).isEmpty());
    QVERIFY(Pbkdf2::derive("p", "salt", 1, 0).isEmpty());
    QVERIFY(Pbkdf2::derive("p", "salt", 1, Pbkdf2::MaxLength + 1).isEmpty());
    QCOMPARE(Pbkdf2::derive("p", "salt", 1, Pbkdf2::MaxLength).size(), Pbkdf2::MaxLength);
}

void TestPbkdf2::storedFormRoundTrips()
{
    const QString stored = PassphraseHash::create(QStringLiteral("correct horse battery staple"), 1000);
    const QStringList parts = stored.split(QLatin1Char('$'));
    QCOMPARE(parts.size(), 4);
    QCOMPARE(parts.at(0), QStringLiteral("pbkdf2-sha256"));
    QCOMPARE(parts.at(1), QStringLiteral("1000"));
    QCOMPARE(QByteArray::fromBase64(parts.at(2).toLatin1()).size(), 16);
    QCOMPARE(QByteArray::fromBase64(parts.at(3).toLatin1()).size(), 32);

    const auto parsed = PassphraseHash::parse(stored);
    QVERIFY(std::holds_alternative<PassphraseHash>(parsed));
    const PassphraseHash hash = std::get<PassphraseHash>(parsed);
    QCOMPARE(hash.iterations(), 1000);
    QCOMPARE(hash.toString(), stored);
    QVERIFY(hash.verify(QStringLiteral("correct horse battery staple")));
}

void TestPbkdf2::knownStoredForm()
{
    // Salt 00 01 .. 0f, 1000 iterations; expected value from Python:
    // base64(hashlib.pbkdf2_hmac('sha256', 'café-passphrase'.encode(), bytes(range(16)), 1000, 32))
    QByteArray salt;
    for (char i = 0; i < 16; ++i)
        salt.append(i);
    const PassphraseHash hash = PassphraseHash::derive(QStringLiteral("café-passphrase"), salt, 1000);
    QCOMPARE(hash.toString(),
        QStringLiteral("pbkdf2-sha256$1000$AAECAwQFBgcICQoLDA0ODw==$GPsYbJQ54AAdSSWM+skhQYJnqOwNLDCdB0FcmXvqzRs="));
}

void TestPbkdf2::verifyRejectsOtherPassphrases()
{
    const auto parsed = PassphraseHash::parse(PassphraseHash::create(QStringLiteral("alice-demo-passphrase"), 500));
    const PassphraseHash hash = std::get<PassphraseHash>(parsed);
    QVERIFY(hash.verify(QStringLiteral("alice-demo-passphrase")));
    QVERIFY(!hash.verify(QStringLiteral("alice-demo-passphrasE")));
    QVERIFY(!hash.verify(QStringLiteral("alice-demo-passphrase ")));
    QVERIFY(!hash.verify(QStringLiteral("alice-demo-passphras")));
    QVERIFY(!hash.verify(QString()));
    QVERIFY(!PassphraseHash().verify(QStringLiteral("anything")));
    QVERIFY(PassphraseHash().isNull());
    // An empty passphrase is never hashed, so no roster line can make it valid.
    QVERIFY(PassphraseHash::create(QString(), 500).isEmpty());
    QVERIFY(PassphraseHash::create(QStringLiteral("x"), 0).isEmpty());
}

void TestPbkdf2::createUsesFreshSalt()
{
    const QString first = PassphraseHash::create(QStringLiteral("same"), 10);
    const QString second = PassphraseHash::create(QStringLiteral("same"), 10);
    QVERIFY(first != second);
    QCOMPARE(first.section(QLatin1Char('$'), 0, 1), second.section(QLatin1Char('$'), 0, 1));
    QVERIFY(first.section(QLatin1Char('$'), 2, 2) != second.section(QLatin1Char('$'), 2, 2));
}

void TestPbkdf2::unicodeIsNormalised()
{
    // "é" typed as one code point (U+00E9) or as e + combining acute (U+0301), and the "ﬁ" ligature
    // (U+FB01) against "fi": NFKC makes each pair the same passphrase.
    const QString composed = QStringLiteral("caf\u00e9 \ufb01re");
    const QString decomposed = QStringLiteral("cafe\u0301 fire");
    const PassphraseHash hash = std::get<PassphraseHash>(PassphraseHash::parse(PassphraseHash::create(composed, 50)));
    QVERIFY(hash.verify(decomposed));
    QVERIFY(!hash.verify(QStringLiteral("cafe fire")));
}

void TestPbkdf2::parseErrors_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("message");

    const QString salt = QStringLiteral("AAECAwQFBgcICQoLDA0ODw==");
    const QString hash = QStringLiteral("GPsYbJQ54AAdSSWM+skhQYJnqOwNLDCdB0FcmXvqzRs=");
    const QString expected = QStringLiteral("expected pbkdf2-sha256$ITERATIONS$SALT$HASH (salt and hash in base64)");
    QTest::newRow("plain text") << QStringLiteral("hunter2") << QStringLiteral("not a passphrase hash; ") + expected;
    QTest::newRow("empty") << QString() << QStringLiteral("not a passphrase hash; ") + expected;
    QTest::newRow("five parts") << QStringLiteral("pbkdf2-sha256$1000$%1$%2$x").arg(salt, hash)
                                << QStringLiteral("not a passphrase hash; ") + expected;
    QTest::newRow("other scheme") << QStringLiteral("bcrypt$1000$%1$%2").arg(salt, hash)
                                  << QStringLiteral("unknown hash scheme \"bcrypt\"; expected pbkdf2-sha256");
    const QString iterations = QStringLiteral("the iteration count must be a whole number from 1 to 10000000");
    QTest::newRow("zero iterations") << QStringLiteral("pbkdf2-sha256$0$%1$%2").arg(salt, hash) << iterations;
    QTest::newRow("signed iterations") << QStringLiteral("pbkdf2-sha256$+1000$%1$%2").arg(salt, hash) << iterations;
    QTest::newRow("too many iterations") << QStringLiteral("pbkdf2-sha256$10000001$%1$%2").arg(salt, hash)
                                         << iterations;
    QTest::newRow("salt not base64") << QStringLiteral("pbkdf2-sha256$1000$not*base64$%1").arg(hash)
                                     << QStringLiteral("the salt is not valid base64; ") + expected;
    QTest::newRow("salt missing padding") << QStringLiteral("pbkdf2-sha256$1000$AAECAwQFBgcICQoLDA0ODw$%1").arg(hash)
                                          << QStringLiteral("the salt is not valid base64; ") + expected;
    QTest::newRow("short salt") << QStringLiteral("pbkdf2-sha256$1000$AAECAw==$%1").arg(hash)
                                << QStringLiteral("the salt is 4 bytes; expected 8 to 64");
    QTest::newRow("empty hash") << QStringLiteral("pbkdf2-sha256$1000$%1$").arg(salt)
                                << QStringLiteral("the hash is not valid base64; ") + expected;
    QTest::newRow("short hash") << QStringLiteral("pbkdf2-sha256$1000$%1$%1").arg(salt)
                                << QStringLiteral("the hash is 16 bytes; expected 32");
}

void TestPbkdf2::parseErrors()
{
    QFETCH(QString, text);
    QFETCH(QString, message);
    const auto parsed = PassphraseHash::parse(text);
    QVERIFY(std::holds_alternative<QString>(parsed));
    QCOMPARE(std::get<QString>(parsed), message);
}

void TestPbkdf2::defaultStrength()
{
    // The one test at full strength: what `firebreak roster hash` prints.
    QCOMPARE(PassphraseHash::DefaultIterations, 210000);
    QElapsedTimer timer;
    timer.start();
    const QString stored = PassphraseHash::create(QStringLiteral("operator passphrase"));
    const qint64 createMs = timer.restart();
    QVERIFY(stored.startsWith(QStringLiteral("pbkdf2-sha256$210000$")));
    const PassphraseHash hash = std::get<PassphraseHash>(PassphraseHash::parse(stored));
    QVERIFY(hash.verify(QStringLiteral("operator passphrase")));
    QVERIFY(!hash.verify(QStringLiteral("operator passphrasf")));
    qInfo("210000 iterations: create %lld ms, two verifications %lld ms", createMs, timer.elapsed());
}

QTEST_GUILESS_MAIN(TestPbkdf2)
#include "tst_pbkdf2.moc"
