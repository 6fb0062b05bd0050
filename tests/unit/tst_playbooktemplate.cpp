// Templates are where alert labels, which anyone who can fire an alert controls, meet command lines.
// These tests feed hostile label values and check that the argument vector never carries them.
#include "playbook/playbooktemplate.h"
#include "playbook/templaterenderer.h"

#include <QTest>

using namespace firebreak;

namespace {
const QStringList Argv { "archive-logs", "--older-than", "30d", "--host", "{{ labels.instance }}" };

LabelSet alertWith(const QString& instance)
{
    return { { "alertname", "DiskSpaceHigh" }, { "service", "db" }, { "instance", instance } };
}
} // namespace

class TestPlaybookTemplate : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void parseValue_data();
    void parseValue();
    void parseQuery_data();
    void parseQuery();
    void hostileValuesAreRefused_data();
    void hostileValuesAreRefused();
    void goodValuesFillWholeArguments_data();
    void goodValuesFillWholeArguments();
    void patternOverride();
    void broadPatternKeepsTheFixedChecks();
    void missingLabel();
    void requestRendersEveryValue();
    void queryValuesAreEscaped();
};

void TestPlaybookTemplate::parseValue_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("label");
    QTest::addColumn<QString>("error");
    const QString mixed = "\"%1\" mixes text and a template; a template must be the whole value (make it a separate "
                          "argument)";
    const QString malformed = "malformed template in \"%1\"; the only form is {{ labels.NAME }}";
    QTest::newRow("fixed text") << "--older-than" << QString() << QString();
    QTest::newRow("fixed text with braces") << "{a}" << QString() << QString();
    QTest::newRow("whole template") << "{{ labels.instance }}"
                                    << "instance" << QString();
    QTest::newRow("whole template without spaces") << "{{labels.instance}}"
                                                   << "instance" << QString();
    QTest::newRow("text before") << "--host={{ labels.instance }}" << QString()
                                 << mixed.arg("--host={{ labels.instance }}");
    QTest::newRow("text after") << "{{ labels.instance }}.example" << QString()
                                << mixed.arg("{{ labels.instance }}.example");
    QTest::newRow("two templates") << "{{ labels.a }}{{ labels.b }}" << QString()
                                   << mixed.arg("{{ labels.a }}{{ labels.b }}");
    QTest::newRow("surrounding space") << " {{ labels.instance }}" << QString() << mixed.arg(" {{ labels.instance }}");
    QTest::newRow("annotations") << "{{ annotations.summary }}" << QString()
                                 << malformed.arg("{{ annotations.summary }}");
    QTest::newRow("Go template") << "{{ .Labels.instance }}" << QString() << malformed.arg("{{ .Labels.instance }}");
    QTest::newRow("pipeline") << "{{ labels.instance | quote }}" << QString()
                              << malformed.arg("{{ labels.instance | quote }}");
    QTest::newRow("unclosed") << "{{ labels.instance" << QString() << malformed.arg("{{ labels.instance");
    QTest::newRow("stray close") << "instance }}" << QString() << malformed.arg("instance }}");
    QTest::newRow("bad label name") << "{{ labels.1abc }}" << QString() << malformed.arg("{{ labels.1abc }}");
}

void TestPlaybookTemplate::parseValue()
{
    QFETCH(QString, text);
    QFETCH(QString, label);
    QFETCH(QString, error);
    const PlaybookTemplate::Value value = PlaybookTemplate::parseValue(text);
    QCOMPARE(value.label, label);
    QCOMPARE(value.error, error);
    QCOMPARE(value.isTemplate(), !label.isEmpty());
}

void TestPlaybookTemplate::parseQuery_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QStringList>("labels");
    QTest::addColumn<bool>("ok");
    QTest::newRow("no template") << "db_primary_up{service=\"db\"}" << QStringList() << true;
    QTest::newRow("quoted") << "disk_used_percent{instance=\"{{ labels.instance }}\"}" << QStringList { "instance" }
                            << true;
    QTest::newRow("two") << "x{from=\"{{ labels.from }}\",to=~\"{{ labels.to }}\"}" << QStringList { "from", "to" }
                         << true;
    QTest::newRow("unquoted") << "x{instance={{ labels.instance }}}" << QStringList() << false;
    QTest::newRow("part of a string") << "x{instance=\"db-{{ labels.instance }}\"}" << QStringList() << false;
    QTest::newRow("after an escaped quote") << "x{a=\"b\\\"{{ labels.a }}\"}" << QStringList() << false;
    QTest::newRow("outside any matcher") << "x > {{ labels.threshold }}" << QStringList() << false;
    QTest::newRow("malformed") << "x{a=\"{{ label.a }}\"}" << QStringList() << false;
}

void TestPlaybookTemplate::parseQuery()
{
    QFETCH(QString, query);
    QFETCH(QStringList, labels);
    QFETCH(bool, ok);
    const PlaybookTemplate::Query parsed = PlaybookTemplate::parseQuery(query);
    QCOMPARE(parsed.error.isEmpty(), ok);
    QCOMPARE(parsed.labels, labels);
}

void TestPlaybookTemplate::hostileValuesAreRefused_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("reason");
    const QString noMatch = "label \"instance\" value %1 does not match the pattern ^[A-Za-z0-9_.:/@-]{1,253}$";
    const QString invisible = "label \"instance\" holds a control or invisible character (U+%1): %2";
    QTest::newRow("command substitution") << "$(touch X)" << noMatch.arg("\"$(touch X)\"");
    QTest::newRow("semicolon") << "db-eu-1; touch X" << noMatch.arg("\"db-eu-1; touch X\"");
    QTest::newRow("backticks") << "`touch X`" << noMatch.arg("\"`touch X`\"");
    QTest::newRow("pipe") << "db-eu-1|sh" << noMatch.arg("\"db-eu-1|sh\"");
    QTest::newRow("ampersand") << "db-eu-1&&touch" << noMatch.arg("\"db-eu-1&&touch\"");
    QTest::newRow("space") << "db-eu-1 --force" << noMatch.arg("\"db-eu-1 --force\"");
    QTest::newRow("quote") << "db\"eu" << noMatch.arg("\"db\\u0022eu\"");
    QTest::newRow("newline") << "db-eu-1\ntouch X" << invisible.arg("000a", "\"db-eu-1\\u000atouch X\"");
    QTest::newRow("carriage return") << "db-eu-1\r" << invisible.arg("000d", "\"db-eu-1\\u000d\"");
    QTest::newRow("NUL") << QString("db-eu-1") + QChar(0) + "x" << invisible.arg("0000", "\"db-eu-1\\u0000x\"");
    QTest::newRow("zero-width space") << QString::fromUtf8("db-eu-1\u200b")
                                      << invisible.arg("200b", "\"db-eu-1\\u200b\"");
    QTest::newRow("right-to-left override")
        << QString::fromUtf8("db-\u202e1-ue") << invisible.arg("202e", "\"db-\\u202e1-ue\"");
    QTest::newRow("line separator") << QString::fromUtf8("db\u2028x") << invisible.arg("2028", "\"db\\u2028x\"");
    QTest::newRow("leading double dash") << "--delete-all"
                                         << "label \"instance\" starts with '-', which a program would take for an "
                                            "option: \"--delete-all\"";
    QTest::newRow("leading dash") << "-rf"
                                  << "label \"instance\" starts with '-', which a program would take for an option: "
                                     "\"-rf\"";
    QTest::newRow("unicode hyphen look-alike")
        << QString::fromUtf8("db\u2010eu\u20101") << noMatch.arg("\"db\\u2010eu\\u20101\"");
    QTest::newRow("cyrillic look-alike") << QString::fromUtf8("d\u0431-eu-1") << noMatch.arg("\"d\\u0431-eu-1\"");
    QTest::newRow("fullwidth letters") << QString::fromUtf8("\uff44\uff42-eu-1")
                                       << noMatch.arg("\"\\uff44\\uff42-eu-1\"");
    QTest::newRow("10 kB") << QString(10240, 'a')
                           << "label \"instance\" is 10240 characters long; at most 1024 are accepted";
    QTest::newRow("254 characters") << QString(254, 'a')
                                    << noMatch.arg("\"" + QString(40, 'a') + "... (254 characters)\"");
    QTest::newRow("empty") << ""
                           << "label \"instance\" is empty";
}

void TestPlaybookTemplate::hostileValuesAreRefused()
{
    QFETCH(QString, value);
    QFETCH(QString, reason);
    const TemplateRenderer renderer;
    const auto rendered = renderer.renderArgv(Argv, alertWith(value));
    QVERIFY(std::holds_alternative<TemplateRefusal>(rendered));
    QCOMPARE(std::get<TemplateRefusal>(rendered).label, QStringLiteral("instance"));
    QCOMPARE(std::get<TemplateRefusal>(rendered).reason, reason);
    // The same value anywhere else (a query, a named parameter) is refused the same way.
    QVERIFY(std::holds_alternative<TemplateRefusal>(
        renderer.renderQuery("disk_used_percent{instance=\"{{ labels.instance }}\"}", alertWith(value))));
    QVERIFY(std::holds_alternative<TemplateRefusal>(
        renderer.renderMap({ { "instance", "{{ labels.instance }}" } }, alertWith(value))));
}

void TestPlaybookTemplate::goodValuesFillWholeArguments_data()
{
    QTest::addColumn<QString>("value");
    QTest::newRow("host") << "db-eu-1";
    QTest::newRow("address and port") << "10.0.0.7:9100";
    QTest::newRow("user at host") << "deploy@db-eu-1";
    QTest::newRow("path-like") << "shop/web";
    QTest::newRow("253 characters") << QString(253, 'a');
}

void TestPlaybookTemplate::goodValuesFillWholeArguments()
{
    QFETCH(QString, value);
    const auto rendered = TemplateRenderer().renderArgv(Argv, alertWith(value));
    QVERIFY(std::holds_alternative<QStringList>(rendered));
    QCOMPARE(std::get<QStringList>(rendered), QStringList({ "archive-logs", "--older-than", "30d", "--host", value }));
}

void TestPlaybookTemplate::patternOverride()
{
    const TemplateRenderer renderer({ { "instance", "^db-[a-z]+-[0-9]+$" } });
    QCOMPARE(std::get<QString>(renderer.renderValue("{{ labels.instance }}", alertWith("db-eu-1"))),
        QStringLiteral("db-eu-1"));
    const auto refused = renderer.renderValue("{{ labels.instance }}", alertWith("cache-eu-1"));
    QVERIFY(std::holds_alternative<TemplateRefusal>(refused));
    QCOMPARE(std::get<TemplateRefusal>(refused).reason,
        QStringLiteral("label \"instance\" value \"cache-eu-1\" does not match the pattern ^db-[a-z]+-[0-9]+$"));
    // The pattern is matched in full even without anchors.
    const TemplateRenderer unanchored({ { "instance", "db-[a-z]+-[0-9]+" } });
    QVERIFY(std::holds_alternative<TemplateRefusal>(
        unanchored.renderValue("{{ labels.instance }}", alertWith("xdb-eu-1;touch"))));
    // Other labels keep the default.
    QVERIFY(std::holds_alternative<TemplateRefusal>(
        renderer.renderValue("{{ labels.service }}", LabelSet { { "service", "$(id)" } })));
}

void TestPlaybookTemplate::broadPatternKeepsTheFixedChecks()
{
    const TemplateRenderer renderer({ { "instance", ".*" } });
    // What the pattern allows stays one argument: nothing is split or interpreted.
    const auto spaced = renderer.renderArgv(Argv, alertWith("db eu; $(touch X)"));
    QVERIFY(std::holds_alternative<QStringList>(spaced));
    QCOMPARE(std::get<QStringList>(spaced).size(), Argv.size());
    QCOMPARE(std::get<QStringList>(spaced).last(), QStringLiteral("db eu; $(touch X)"));
    for (const QString& hostile :
        { QString("--force"), QString("a\nb"), QString(2000, 'x'), QString::fromUtf8("a\u200bb"), QString() }) {
        QVERIFY2(std::holds_alternative<TemplateRefusal>(renderer.renderArgv(Argv, alertWith(hostile))),
            qPrintable(hostile.left(20)));
    }
}

void TestPlaybookTemplate::missingLabel()
{
    const auto refused = TemplateRenderer().renderArgv(Argv, LabelSet { { "alertname", "DiskSpaceHigh" } });
    QVERIFY(std::holds_alternative<TemplateRefusal>(refused));
    QCOMPARE(
        std::get<TemplateRefusal>(refused), (TemplateRefusal { "instance", "the alert has no label \"instance\"" }));
}

void TestPlaybookTemplate::requestRendersEveryValue()
{
    PlaybookRequest request;
    request.executor = "http";
    request.action = "POST";
    request.url = "https://ops.example/hooks/{{ labels.instance }}"; // fixed text: never rendered
    request.params = { { "host", "{{ labels.instance }}" }, { "force", "false" } };
    request.env = { { "TARGET", "{{ labels.instance }}" } };
    request.query = { { "service", "{{ labels.service }}" } };
    request.headers = { { "X-Host", "{{ labels.instance }}" } };
    const auto rendered = TemplateRenderer().renderRequest(request, alertWith("db-eu-1"));
    QVERIFY(std::holds_alternative<PlaybookRequest>(rendered));
    const PlaybookRequest& done = std::get<PlaybookRequest>(rendered);
    QCOMPARE(done.params, (QMap<QString, QString> { { "host", "db-eu-1" }, { "force", "false" } }));
    QCOMPARE(done.env.value("TARGET"), QStringLiteral("db-eu-1"));
    QCOMPARE(done.query.value("service"), QStringLiteral("db"));
    QCOMPARE(done.headers.value("X-Host"), QStringLiteral("db-eu-1"));
    QCOMPARE(done.url, request.url);
    QCOMPARE(done.action, QStringLiteral("POST"));

    const auto refused = TemplateRenderer().renderRequest(request, alertWith("db-eu-1`id`"));
    QVERIFY(std::holds_alternative<TemplateRefusal>(refused));
}

void TestPlaybookTemplate::queryValuesAreEscaped()
{
    const LabelSet labels { { "instance", "db-eu-1" }, { "region", "eu.west" } };
    QCOMPARE(std::get<QString>(TemplateRenderer().renderQuery(
                 "disk_used_percent{instance=\"{{ labels.instance }}\",region=~\"{{ labels.region }}\"}", labels)),
        QStringLiteral("disk_used_percent{instance=\"db-eu-1\",region=~\"eu\\\\.west\"}"));
    // A pattern that lets quotes through still cannot close the string.
    const TemplateRenderer broad({ { "instance", ".*" } });
    QCOMPARE(std::get<QString>(broad.renderQuery(
                 "x{instance=\"{{ labels.instance }}\"}", LabelSet { { "instance", "a\"} or vector(1) #\\" } })),
        QStringLiteral("x{instance=\"a\\\"} or vector(1) #\\\\\"}"));
}

QTEST_GUILESS_MAIN(TestPlaybookTemplate)
#include "tst_playbooktemplate.moc"
