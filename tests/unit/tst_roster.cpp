#include "roster/rosterloader.h"

#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <sys/stat.h>

using namespace firebreak;

namespace {

constexpr auto OwnerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;

// Hashes made once per run at a low iteration count, so that the roster tests stay fast; the demo
// roster covers full strength.
const QString& aliceHash()
{
    static const QString hash = PassphraseHash::create(QStringLiteral("alice-pass"), 100);
    return hash;
}

const QString& bobHash()
{
    static const QString hash = PassphraseHash::create(QStringLiteral("bob-pass"), 100);
    return hash;
}

QByteArray validYaml()
{
    return QStringLiteral("users:\n"
                          "  - {name: alice, display: Alice Ng, roles: [commander], passphrase: \"%1\"}\n"
                          "  - name: bob\n"
                          "    roles: [viewer, admin]\n"
                          "    passphrase: \"%2\"\n")
        .arg(aliceHash(), bobHash())
        .toUtf8();
}

} // namespace

// The roster file: what it accepts, how it refuses, and the questions the approval rules ask of it.
class TestRoster : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    QString write(const QString& name, const QByteArray& content, QFileDevice::Permissions permissions = OwnerOnly)
    {
        const QString path = m_dir.filePath(name);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(content) != content.size())
            qFatal("cannot write %s", qPrintable(path));
        file.close();
        if (!file.setPermissions(permissions))
            qFatal("cannot chmod %s", qPrintable(path));
        return path;
    }

    static QStringList errorsOf(const RosterLoader::Result& result)
    {
        QStringList lines;
        if (const auto* errors = std::get_if<QList<ConfigError>>(&result)) {
            for (const ConfigError& error : *errors)
                lines.append(error.toString());
        }
        return lines;
    }

private Q_SLOTS:
    void loadsAValidRoster();
    void demoRoster();
    void loaderErrors_data();
    void loaderErrors();
    void everyBrokenUserIsReported();
    void permissions_data();
    void permissions();
    void unreadableFile();
    void contentHashFollowsTheBytes();
    void roleOrder_data();
    void roleOrder();
    void rosterRoles();
    void verifyPassphrase();
    void unknownUserCostsADerivation();
};

void TestRoster::loadsAValidRoster()
{
    const QString path = write(QStringLiteral("valid.yaml"), validYaml());
    const auto result = RosterLoader::load(path);
    QVERIFY2(std::holds_alternative<Roster>(result), qPrintable(errorsOf(result).join(QLatin1Char('\n'))));
    const Roster roster = std::get<Roster>(result);
    QCOMPARE(roster.users().size(), 2);
    QCOMPARE(roster.sourceFile(), path);

    const RosterUser alice = roster.user(QStringLiteral("alice")).value();
    QCOMPARE(alice.displayName, QStringLiteral("Alice Ng"));
    QCOMPARE(alice.roles, QList<Role> { Role::Commander });
    QCOMPARE(alice.passphrase.toString(), aliceHash());
    QCOMPARE(alice.line, 2);

    // Without `display` the name is shown.
    const RosterUser bob = roster.user(QStringLiteral("bob")).value();
    QCOMPARE(bob.displayName, QStringLiteral("bob"));
    QCOMPARE(bob.roles, (QList<Role> { Role::Viewer, Role::Admin }));
    QCOMPARE(bob.highestRole(), Role::Admin);
    QCOMPARE(bob.line, 3);

    QVERIFY(!roster.user(QStringLiteral("carol")));
    QVERIFY(!roster.user(QStringLiteral("Alice"))); // names are exact
}

void TestRoster::demoRoster()
{
    Q_INIT_RESOURCE(firebreak);
    const QString path = QStringLiteral(":/roster/demo-roster.yaml");
    const auto result = RosterLoader::load(path);
    QVERIFY2(std::holds_alternative<Roster>(result), qPrintable(errorsOf(result).join(QLatin1Char('\n'))));
    const Roster roster = std::get<Roster>(result);
    QStringList names;
    for (const RosterUser& user : roster.users())
        names.append(user.name + QLatin1Char(':') + roleName(user.highestRole()));
    QCOMPARE(names,
        (QStringList { QStringLiteral("alice:commander"), QStringLiteral("bob:commander"),
            QStringLiteral("carol:responder"), QStringLiteral("dave:viewer") }));
    for (const RosterUser& user : roster.users())
        QCOMPARE(user.passphrase.iterations(), PassphraseHash::DefaultIterations);

    // The passphrase documented in the file works, at full strength; the on-disk copy is the same file.
    QVERIFY(roster.verifyPassphrase(QStringLiteral("alice"), QStringLiteral("alice-demo-passphrase")));
    QVERIFY(!roster.verifyPassphrase(QStringLiteral("alice"), QStringLiteral("bob-demo-passphrase")));
    QFile onDisk(QStringLiteral(FIREBREAK_TEST_DATA "/../../resources/roster/demo-roster.yaml"));
    QVERIFY(onDisk.open(QIODevice::ReadOnly));
    QCOMPARE(roster.contentHash(),
        QString::fromLatin1(QCryptographicHash::hash(onDisk.readAll(), QCryptographicHash::Sha256).toHex()));
}

void TestRoster::loaderErrors_data()
{
    QTest::addColumn<QString>("yaml");
    QTest::addColumn<QStringList>("errors"); // "FILE" stands for the file's path

    const QString hash = aliceHash();
    const auto user = [&hash](const QString& extra) {
        return QStringLiteral("users:\n  - {name: alice, roles: [commander], passphrase: \"%1\"%2}\n").arg(hash, extra);
    };

    QTest::newRow("empty file") << QString()
                                << QStringList { "FILE:1: the file holds no roster; expected a mapping with users" };
    QTest::newRow("syntax error") << QStringLiteral("users: [\n")
                                  << QStringList { "FILE:2: YAML syntax error: end of sequence flow not found" };
    QTest::newRow("two documents") << QStringLiteral("users: []\n---\nusers: []\n")
                                   << QStringList { "FILE:3: the file holds 2 YAML documents; expected one roster" };
    QTest::newRow("unknown top key") << QStringLiteral("users: []\ngroups: []\n")
                                     << QStringList {
                                            "FILE:2: unknown key \"groups\" at the top level; known keys: users"
                                        };
    QTest::newRow("no users key") << QStringLiteral("# nobody\n{}\n")
                                  << QStringList { "FILE:2: the roster: missing required key \"users\"" };
    QTest::newRow("empty users") << QStringLiteral("users: []\n")
                                 << QStringList { "FILE:1: users: expected a non-empty list of users" };
    QTest::newRow("users not a list") << QStringLiteral("users:\n  alice: commander\n")
                                      << QStringList { "FILE:2: users: expected a non-empty list of users" };
    QTest::newRow("user not a mapping") << QStringLiteral("users:\n  - alice\n")
                                        << QStringList { "FILE:2: users[0]: expected a mapping, got a string" };
    QTest::newRow("unknown user key")
        << user(QStringLiteral(", email: a@example.com"))
        << QStringList { "FILE:2: unknown key \"email\" in users[0]; known keys: name, display, roles, passphrase" };
    QTest::newRow("missing name") << QStringLiteral("users:\n  - {roles: [viewer], passphrase: \"%1\"}\n").arg(hash)
                                  << QStringList { "FILE:2: users[0]: missing required key \"name\"" };
    QTest::newRow("missing roles") << QStringLiteral("users:\n  - name: alice\n    passphrase: \"%1\"\n").arg(hash)
                                   << QStringList { "FILE:2: users[0]: missing required key \"roles\"" };
    QTest::newRow("missing passphrase") << QStringLiteral("users:\n  - name: alice\n    roles: [viewer]\n")
                                        << QStringList { "FILE:2: users[0]: missing required key \"passphrase\"" };
    QTest::newRow("bad name")
        << QStringLiteral("users:\n  - {name: Alice Ng, roles: [viewer], passphrase: \"%1\"}\n").arg(hash)
        << QStringList { "FILE:2: users[0].name: \"Alice Ng\" must be 1 to 64 lower-case letters, "
                         "digits, '.', '_' and '-', starting with a letter" };
    QTest::newRow("reserved name")
        << QStringLiteral("users:\n  - {name: firebreak, roles: [admin], passphrase: \"%1\"}\n").arg(hash)
        << QStringList { "FILE:2: users[0].name: \"firebreak\" is reserved for runs that Firebreak proposes itself" };
    QTest::newRow("empty display") << user(QStringLiteral(", display: \"\""))
                                   << QStringList { "FILE:2: users[0].display: must not be empty" };
    QTest::newRow("bad role")
        << QStringLiteral("users:\n  - name: alice\n    roles: [viewer,\n            boss]\n    passphrase: \"%1\"\n")
               .arg(hash)
        << QStringList { "FILE:4: users[0].roles[1]: \"boss\" is not a role; expected viewer, responder, commander or "
                         "admin" };
    QTest::newRow("role twice")
        << QStringLiteral("users:\n  - {name: alice, roles: [commander, commander], passphrase: \"%1\"}\n").arg(hash)
        << QStringList { "FILE:2: users[0].roles[1]: \"commander\" is listed twice" };
    QTest::newRow("no roles") << QStringLiteral("users:\n  - {name: alice, roles: [], passphrase: \"%1\"}\n").arg(hash)
                              << QStringList { "FILE:2: users[0].roles: the list is empty" };
    QTest::newRow("role not a list")
        << QStringLiteral("users:\n  - {name: alice, roles: commander, passphrase: \"%1\"}\n").arg(hash)
        << QStringList { "FILE:2: users[0].roles: expected a list of strings, got a string" };
    QTest::newRow("plain passphrase") << QStringLiteral(
        "users:\n  - name: alice\n    roles: [viewer]\n    passphrase: hunter2\n")
                                      << QStringList { "FILE:4: users[0].passphrase: not a passphrase hash; expected "
                                                       "pbkdf2-sha256$ITERATIONS$SALT$HASH (salt and hash in base64)" };
    QTest::newRow("hash cut short")
        << QStringLiteral("users:\n  - name: alice\n    roles: [viewer]\n    passphrase: \"%1\"\n").arg(hash.chopped(1))
        << QStringList { "FILE:4: users[0].passphrase: the hash is not valid base64; expected "
                         "pbkdf2-sha256$ITERATIONS$SALT$HASH (salt and hash in base64)" };
    QTest::newRow("hash cut to 27 bytes")
        << QStringLiteral("users:\n  - name: alice\n    roles: [viewer]\n    passphrase: \"%1\"\n").arg(hash.chopped(8))
        << QStringList { "FILE:4: users[0].passphrase: the hash is 27 bytes; expected 32" };
    QTest::newRow("duplicate key") << QStringLiteral(
        "users:\n  - name: alice\n    name: bob\n    roles: [viewer]\n    passphrase: \"%1\"\n")
                                          .arg(hash)
                                   << QStringList { "FILE:3: duplicate key \"name\" in users[0]" };
    QTest::newRow("duplicate user") << QStringLiteral("users:\n"
                                                      "  - {name: alice, roles: [viewer], passphrase: \"%1\"}\n"
                                                      "  - {name: bob, roles: [viewer], passphrase: \"%1\"}\n"
                                                      "  - {name: alice, roles: [admin], passphrase: \"%1\"}\n")
                                           .arg(hash)
                                    << QStringList {
                                           "FILE:4: users[2].name: duplicate user \"alice\"; line 2 already has it"
                                       };
}

void TestRoster::loaderErrors()
{
    QFETCH(QString, yaml);
    QFETCH(QStringList, errors);
    const QString path = write(QStringLiteral("roster.yaml"), yaml.toUtf8());
    QStringList expected;
    for (const QString& error : errors)
        expected.append(QString(error).replace(QStringLiteral("FILE"), path));
    QCOMPARE(errorsOf(RosterLoader::load(path)), expected);
}

void TestRoster::everyBrokenUserIsReported()
{
    // One pass shows every problem, in line order, not only the first.
    const QString yaml = QStringLiteral("users:\n"
                                        "  - {name: alice, roles: [chief], passphrase: \"%1\"}\n"
                                        "  - {name: bob, roles: [viewer], passphrase: \"%1\"}\n"
                                        "  - name: carol\n"
                                        "    roles: [viewer]\n"
                                        "    passphrase: \"plain\"\n"
                                        "    team: db\n"
                                        "  - {name: bob, display: Bobby, roles: [admin]}\n")
                             .arg(aliceHash());
    const QString path = write(QStringLiteral("broken.yaml"), yaml.toUtf8());
    QCOMPARE(errorsOf(RosterLoader::load(path)),
        (QStringList {
            path + ":2: users[0].roles[0]: \"chief\" is not a role; expected viewer, responder, commander or admin",
            path + ":7: unknown key \"team\" in users[2]; known keys: name, display, roles, passphrase",
            path + ":8: users[3].name: duplicate user \"bob\"; line 3 already has it",
            path + ":8: users[3]: missing required key \"passphrase\"",
        }));
}

void TestRoster::permissions_data()
{
    QTest::addColumn<int>("mode");
    QTest::addColumn<QString>("error"); // empty when the roster loads

    QTest::newRow("0600") << 0600 << QString();
    QTest::newRow("0400") << 0400 << QString();
    QTest::newRow("0640") << 0640
                          << QStringLiteral("the roster is readable by group or others (mode 0640); chmod 600 it");
    QTest::newRow("0604") << 0604
                          << QStringLiteral("the roster is readable by group or others (mode 0604); chmod 600 it");
    QTest::newRow("0620") << 0620
                          << QStringLiteral("the roster is readable by group or others (mode 0620); chmod 600 it");
}

void TestRoster::permissions()
{
    QFETCH(int, mode);
    QFETCH(QString, error);
    const QString path = write(QStringLiteral("perm.yaml"), validYaml());
    QCOMPARE(::chmod(QFile::encodeName(path).constData(), mode_t(mode)), 0);
    const auto result = RosterLoader::load(path);
    if (error.isEmpty())
        QVERIFY2(std::holds_alternative<Roster>(result), qPrintable(errorsOf(result).join(QLatin1Char('\n'))));
    else
        QCOMPARE(errorsOf(result), QStringList { path + QStringLiteral(": ") + error });
    ::chmod(QFile::encodeName(path).constData(), 0600);
}

void TestRoster::unreadableFile()
{
    const QString path = m_dir.filePath(QStringLiteral("absent.yaml"));
    QCOMPARE(errorsOf(RosterLoader::load(path)),
        QStringList { path + QStringLiteral(": cannot read the roster: No such file or directory") });
    const QString large = write(QStringLiteral("large.yaml"), QByteArray(RosterLoader::MaxFileBytes + 1, '#'));
    QCOMPARE(errorsOf(RosterLoader::load(large)),
        QStringList { large + QStringLiteral(": the roster is larger than 1048576 bytes") });
}

void TestRoster::contentHashFollowsTheBytes()
{
    const QByteArray yaml = validYaml();
    const QString path = write(QStringLiteral("hash.yaml"), yaml);
    const Roster first = std::get<Roster>(RosterLoader::load(path));
    QCOMPARE(
        first.contentHash(), QString::fromLatin1(QCryptographicHash::hash(yaml, QCryptographicHash::Sha256).toHex()));
    QCOMPARE(first.contentHash().size(), 64);
    // A comment changes no user but is still a change to audit.
    write(QStringLiteral("hash.yaml"), yaml + "# edited\n");
    const Roster second = std::get<Roster>(RosterLoader::load(path));
    QCOMPARE(second.users(), first.users());
    QVERIFY(second.contentHash() != first.contentHash());
}

void TestRoster::roleOrder_data()
{
    QTest::addColumn<Role>("held");
    QTest::addColumn<Role>("required");
    QTest::addColumn<bool>("includes");

    const QList<Role> order { Role::Viewer, Role::Responder, Role::Commander, Role::Admin };
    for (qsizetype h = 0; h < order.size(); ++h) {
        for (qsizetype r = 0; r < order.size(); ++r) {
            const QByteArray name = (roleName(order[h]) + QStringLiteral(" for ") + roleName(order[r])).toUtf8();
            QTest::newRow(name.constData()) << order[h] << order[r] << (h >= r);
        }
    }
}

void TestRoster::roleOrder()
{
    QFETCH(Role, held);
    QFETCH(Role, required);
    QFETCH(bool, includes);
    QCOMPARE(roleIncludes(held, required), includes);
    QCOMPARE(roleFromName(roleName(held)), held);
}

void TestRoster::rosterRoles()
{
    const Roster roster = std::get<Roster>(RosterLoader::load(write(QStringLiteral("roles.yaml"), validYaml())));
    QVERIFY(roster.hasRole(QStringLiteral("alice"), Role::Viewer));
    QVERIFY(roster.hasRole(QStringLiteral("alice"), Role::Responder));
    QVERIFY(roster.hasRole(QStringLiteral("alice"), Role::Commander));
    QVERIFY(!roster.hasRole(QStringLiteral("alice"), Role::Admin));
    // bob lists viewer and admin: the highest role held decides.
    QVERIFY(roster.hasRole(QStringLiteral("bob"), Role::Commander));
    QVERIFY(roster.hasRole(QStringLiteral("bob"), Role::Admin));
    QVERIFY(!roster.hasRole(QStringLiteral("mallory"), Role::Viewer));
    QVERIFY(!roleFromName(QStringLiteral("Commander")));
    QVERIFY(!Roster().hasRole(QStringLiteral("alice"), Role::Viewer));
}

void TestRoster::verifyPassphrase()
{
    const Roster roster = std::get<Roster>(RosterLoader::load(write(QStringLiteral("verify.yaml"), validYaml())));
    QVERIFY(roster.verifyPassphrase(QStringLiteral("alice"), QStringLiteral("alice-pass")));
    QVERIFY(roster.verifyPassphrase(QStringLiteral("bob"), QStringLiteral("bob-pass")));
    QVERIFY(!roster.verifyPassphrase(QStringLiteral("alice"), QStringLiteral("bob-pass")));
    QVERIFY(!roster.verifyPassphrase(QStringLiteral("alice"), QString()));
    QVERIFY(!roster.verifyPassphrase(QStringLiteral("mallory"), QStringLiteral("alice-pass")));
    QVERIFY(!roster.verifyPassphrase(QString(), QStringLiteral("alice-pass")));
    QVERIFY(!Roster().verifyPassphrase(QStringLiteral("alice"), QStringLiteral("alice-pass")));
}

void TestRoster::unknownUserCostsADerivation()
{
    // An unknown name must not answer measurably faster than a wrong passphrase for a real user. The
    // best of five of each is compared, which filters out scheduling noise on a busy machine.
    constexpr int Iterations = 20000;
    const QString yaml = QStringLiteral("users:\n  - {name: alice, roles: [viewer], passphrase: \"%1\"}\n")
                             .arg(PassphraseHash::create(QStringLiteral("alice-pass"), Iterations));
    const Roster roster = std::get<Roster>(RosterLoader::parse(yaml.toUtf8(), QStringLiteral("inline")));
    const auto fastest = [&roster](const QString& name) {
        qint64 best = std::numeric_limits<qint64>::max();
        for (int i = 0; i < 5; ++i) {
            QElapsedTimer timer;
            timer.start();
            const bool ok = roster.verifyPassphrase(name, QStringLiteral("guess"));
            best = std::min(best, timer.nsecsElapsed());
            if (ok)
                qFatal("a guess verified");
        }
        return best;
    };
    const qint64 known = fastest(QStringLiteral("alice"));
    const qint64 unknown = fastest(QStringLiteral("nobody"));
    qInfo("wrong passphrase: known user %lld us, unknown user %lld us", known / 1000, unknown / 1000);
    QVERIFY2(unknown * 2 > known, "an unknown user was answered without a comparable derivation");
}

QTEST_GUILESS_MAIN(TestRoster)
#include "tst_roster.moc"
