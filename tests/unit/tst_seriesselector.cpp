#include "metrics/seriesselector.h"

#include <QTest>

using namespace firebreak;

Q_DECLARE_METATYPE(firebreak::LabelSet)

class TestSeriesSelector : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void parsesValidSelectors_data();
    void parsesValidSelectors();
    void rejectsInvalidSelectors_data();
    void rejectsInvalidSelectors();
    void matchesLikePrometheus_data();
    void matchesLikePrometheus();
    void decodesQuotedValues();
};

void TestSeriesSelector::parsesValidSelectors_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("canonical");
    QTest::addColumn<QString>("metricName");
    QTest::addColumn<int>("matcherCount");

    QTest::newRow("bare name") << "up"
                               << "up"
                               << "up" << 1;
    QTest::newRow("surrounding whitespace") << "  up \n"
                                            << "up"
                                            << "up" << 1;
    QTest::newRow("one label") << R"(disk_used_percent{instance="db-eu-1"})"
                               << R"(disk_used_percent{instance="db-eu-1"})"
                               << "disk_used_percent" << 2;
    QTest::newRow("recording rule name with colons")
        << R"(pod:kube_pod_container_status_restarts:increase15m{service="web"})"
        << R"(pod:kube_pod_container_status_restarts:increase15m{service="web"})"
        << "pod:kube_pod_container_status_restarts:increase15m" << 2;
    QTest::newRow("no name") << R"({job="x"})"
                             << R"({job="x"})"
                             << "" << 1;
    QTest::newRow("name as matcher") << R"({__name__="up"})"
                                     << "up"
                                     << "up" << 1;
    QTest::newRow("empty braces after a name") << "up{}"
                                               << "up"
                                               << "up" << 1;
    QTest::newRow("trailing comma") << R"(up{a="1",})"
                                    << R"(up{a="1"})"
                                    << "up" << 2;
    QTest::newRow("all operators, spaces, quote styles") << "up { a = \"1\" , b != '2' , c =~ \"x.*\" , d !~ `raw\\d` }"
                                                         << R"(up{a="1",b!="2",c=~"x.*",d!~"raw\\d"})"
                                                         << "up" << 5;
    QTest::newRow("regex only") << R"({a=~".+"})"
                                << R"({a=~".+"})"
                                << "" << 1;
    QTest::newRow("same label twice") << R"(up{a!="1",a!="2"})"
                                      << R"(up{a!="1",a!="2"})"
                                      << "up" << 3;
}

void TestSeriesSelector::parsesValidSelectors()
{
    QFETCH(QString, text);
    QFETCH(QString, canonical);
    QFETCH(QString, metricName);
    QFETCH(int, matcherCount);

    const auto result = SeriesSelector::parse(text);
    const auto* error = std::get_if<SelectorError>(&result);
    QVERIFY2(!error, qPrintable(error ? error->toString() : QString()));
    const auto& selector = std::get<SeriesSelector>(result);
    QCOMPARE(selector.toString(), canonical);
    QCOMPARE(selector.metricName(), metricName);
    QCOMPARE(selector.matchers().size(), matcherCount);
}

void TestSeriesSelector::rejectsInvalidSelectors_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("error");

    QTest::newRow("empty") << ""
                           << "column 1: empty selector; expected a metric name or '{'";
    QTest::newRow("only spaces") << "   "
                                 << "column 4: empty selector; expected a metric name or '{'";
    QTest::newRow("function") << "rate(up[5m])"
                              << "column 5: unexpected '(' after 'rate': function calls are not supported";
    QTest::newRow("range") << "up[5m]"
                           << "column 3: unexpected '[': range selectors are not supported";
    QTest::newRow("range after braces") << R"(up{a="b"}[5m])"
                                        << "column 10: unexpected '[': range selectors are not supported";
    QTest::newRow("comparison")
        << "up > 5"
        << "column 4: unexpected '> 5' after the selector; only a plain series selector is supported";
    QTest::newRow("offset modifier")
        << "up offset 5m"
        << "column 4: unexpected 'offset 5m' after the selector; only a plain series selector is supported";
    QTest::newRow("long rest is shortened") << "sum by (instance) (disk_used_percent)"
                                            << "column 5: unexpected 'by (instance) (disk_used...' after the selector; "
                                               "only a plain series selector is supported";
    QTest::newRow("number first") << "1 + up"
                                  << "column 1: unexpected '1'; expected a metric name or '{'";
    QTest::newRow("missing operator") << "up{a}"
                                      << "column 5: expected one of =, !=, =~, !~ after label 'a', found '}'";
    QTest::newRow("unquoted value") << "up{a=b}"
                                    << "column 6: expected a quoted string after 'a=', found 'b'";
    QTest::newRow("unterminated string") << R"(up{a="x})"
                                         << "column 6: unterminated string";
    QTest::newRow("missing comma") << R"(up{a="x" b="y"})"
                                   << "column 10: expected ',' or '}' after a matcher, found 'b'";
    QTest::newRow("missing brace") << R"(up{a="x")"
                                   << "column 9: expected ',' or '}' after a matcher, found end of input";
    QTest::newRow("label starting with digit") << R"(up{1a="x"})"
                                               << "column 4: expected a label name or '}', found '1'";
    QTest::newRow("bad regex") << R"(up{a=~"("})"
                               << "column 7: invalid regular expression '(': missing closing parenthesis";
    QTest::newRow("unknown escape") << R"(up{a="\q"})"
                                    << "column 7: unknown escape sequence '\\q'";
    QTest::newRow("empty braces")
        << "{}"
        << "column 1: a selector needs a metric name or at least one matcher that does not match the empty string";
    QTest::newRow("only empty matchers")
        << R"({a="",b=~".*"})"
        << "column 1: a selector needs a metric name or at least one matcher that does not match the empty string";
    QTest::newRow("name twice") << R"(up{__name__="x"})"
                                << "column 1: metric name must not be set twice: 'up' and a __name__ matcher";
}

void TestSeriesSelector::rejectsInvalidSelectors()
{
    QFETCH(QString, text);
    QFETCH(QString, error);

    const auto result = SeriesSelector::parse(text);
    const auto* found = std::get_if<SelectorError>(&result);
    QVERIFY2(found, qPrintable(QStringLiteral("accepted: ") + text));
    QCOMPARE(found->toString(), error);
}

void TestSeriesSelector::matchesLikePrometheus_data()
{
    QTest::addColumn<QString>("selector");
    QTest::addColumn<LabelSet>("labels");
    QTest::addColumn<bool>("matches");

    const QString name = QStringLiteral("__name__");
    const LabelSet upA { { name, "up" }, { "job", "a" } };
    const LabelSet upB { { name, "up" }, { "job", "b" } };
    const LabelSet upAbc { { name, "up" }, { "job", "abc" } };
    const LabelSet upNoJob { { name, "up" } };
    const LabelSet downA { { name, "down" }, { "job", "a" } };

    QTest::newRow("name equal") << "up" << upNoJob << true;
    QTest::newRow("name differs") << "up" << downA << false;
    QTest::newRow("equal") << R"(up{job="a"})" << upA << true;
    QTest::newRow("equal, other value") << R"(up{job="a"})" << upB << false;
    QTest::newRow("equal, label missing") << R"(up{job="a"})" << upNoJob << false;
    QTest::newRow("not equal, label missing") << R"(up{job!="a"})" << upNoJob << true;
    QTest::newRow("empty value matches a missing label") << R"(up{job=""})" << upNoJob << true;
    QTest::newRow("empty value, label set") << R"(up{job=""})" << upA << false;
    QTest::newRow("regex alternative") << R"(up{job=~"a|b"})" << upB << true;
    QTest::newRow("regex anchored at the end") << R"(up{job=~"a|b"})" << upAbc << false;
    QTest::newRow("regex anchored at the start") << R"(up{job=~"bc"})" << upAbc << false;
    QTest::newRow("regex prefix") << R"(up{job=~"a.*"})" << upAbc << true;
    QTest::newRow("negative regex, matching value") << R"(up{job!~"a.*"})" << upAbc << false;
    QTest::newRow("negative regex, other value") << R"(up{job!~"a.*"})" << upB << true;
    QTest::newRow("negative regex, label missing") << R"(up{job!~"a.*"})" << upNoJob << true;
    QTest::newRow("no name, any metric") << R"({job=~".+"})" << downA << true;
    QTest::newRow("no name, label missing") << R"({job=~".+"})" << upNoJob << false;
    QTest::newRow("contradiction") << R"(up{job="a",job!="a"})" << upA << false;
    QTest::newRow("dot matches newline") << R"({job=~"x.y"})" << LabelSet { { name, "m" }, { "job", "x\ny" } } << true;
}

void TestSeriesSelector::matchesLikePrometheus()
{
    QFETCH(QString, selector);
    QFETCH(LabelSet, labels);
    QFETCH(bool, matches);

    const auto result = SeriesSelector::parse(selector);
    QVERIFY(std::holds_alternative<SeriesSelector>(result));
    QCOMPARE(std::get<SeriesSelector>(result).matches(labels), matches);
}

void TestSeriesSelector::decodesQuotedValues()
{
    const auto result = SeriesSelector::parse(QStringLiteral(R"(m{a="q\"uote\\",b='it\'s',c=`\d+\n`,d="tab\there"})"));
    QVERIFY(std::holds_alternative<SeriesSelector>(result));
    const auto& matchers = std::get<SeriesSelector>(result).matchers();
    QCOMPARE(matchers.size(), 5);
    QCOMPARE(matchers.at(1).value, QStringLiteral("q\"uote\\"));
    QCOMPARE(matchers.at(2).value, QStringLiteral("it's"));
    QCOMPARE(matchers.at(3).value, QStringLiteral("\\d+\\n")); // raw strings keep backslashes
    QCOMPARE(matchers.at(4).value, QStringLiteral("tab\there"));
}

QTEST_GUILESS_MAIN(TestSeriesSelector)
#include "tst_seriesselector.moc"
