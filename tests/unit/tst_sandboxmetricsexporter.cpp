#include "commandline.h"
#include "sandbox/sandboxmetricsexporter.h"
#include "sandbox/sandboxworld.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <limits>

using namespace firebreak;

namespace {
const qint64 T0 = QDateTime(QDate(2026, 11, 21), QTime(3, 0)).toMSecsSinceEpoch();

QNetworkReply* fetch(QNetworkAccessManager& network, const QByteArray& method, const QString& url)
{
    QNetworkReply* reply = network.sendCustomRequest(QNetworkRequest(QUrl(url)), method);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!reply->isFinished() && !finished.wait(5000))
        qWarning("no answer from %s", qPrintable(url));
    return reply;
}
} // namespace

class TestSandboxMetricsExporter : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // The text exposition format 0.0.4: one HELP and TYPE per family, its samples together even when
    // the points interleave, label values escaped, special values spelled as Prometheus reads them.
    void rendersTheTextFormat()
    {
        auto point = [](const QString& name, LabelSet labels, double value) {
            labels.insert(QStringLiteral("__name__"), name);
            return MetricPoint { labels, value };
        };
        const QVector<MetricPoint> points {
            point(QStringLiteral("disk_used_percent"), { { QStringLiteral("instance"), QStringLiteral("db-eu-1") } },
                91.5),
            point(QStringLiteral("kube_pod_container_status_restarts_total"),
                { { QStringLiteral("pod"), QStringLiteral("web-1") } }, 3),
            point(QStringLiteral("disk_used_percent"),
                { { QStringLiteral("instance"), QStringLiteral("db \"us\"\\1\nx") } },
                std::numeric_limits<double>::infinity()),
            point(QStringLiteral("weird"), {}, std::numeric_limits<double>::quiet_NaN()),
            point(QStringLiteral("weird"), { { QStringLiteral("a"), QStringLiteral("1") } },
                -std::numeric_limits<double>::infinity()),
            MetricPoint { { { QStringLiteral("instance"), QStringLiteral("nameless") } }, 1 },
        };
        const QByteArray expected = "# HELP disk_used_percent Share of the database host's disk in use, in percent.\n"
                                    "# TYPE disk_used_percent gauge\n"
                                    "disk_used_percent{instance=\"db-eu-1\"} 91.5\n"
                                    "disk_used_percent{instance=\"db \\\"us\\\"\\\\1\\nx\"} +Inf\n"
                                    "# HELP kube_pod_container_status_restarts_total Restarts of the pod's container.\n"
                                    "# TYPE kube_pod_container_status_restarts_total counter\n"
                                    "kube_pod_container_status_restarts_total{pod=\"web-1\"} 3\n"
                                    "# HELP weird Simulated by the Firebreak sandbox.\n"
                                    "# TYPE weird gauge\n"
                                    "weird NaN\n"
                                    "weird{a=\"1\"} -Inf\n";
        QCOMPARE(SandboxMetricsExporter::render(points), expected);
    }

    void servesTheWorldsCurrentValues()
    {
        SandboxWorld world(1, T0, { QStringLiteral("disk-full") });
        world.step(0);
        SandboxMetricsExporter exporter(world);
        QString error;
        QVERIFY2(exporter.listen(QHostAddress::LocalHost, 0, &error), qPrintable(error));
        QVERIFY(exporter.port() != 0);
        const QString base = QStringLiteral("http://127.0.0.1:%1").arg(exporter.port());
        QNetworkAccessManager network;

        std::unique_ptr<QNetworkReply> reply(fetch(network, "GET", base + QStringLiteral("/metrics")));
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
        QCOMPARE(reply->header(QNetworkRequest::ContentTypeHeader).toByteArray(),
            QByteArray("text/plain; version=0.0.4; charset=utf-8"));
        const QByteArray first = reply->readAll();
        QCOMPARE(first, SandboxMetricsExporter::render(world.currentPoints()));
        const double disk = world
                                .value(QStringLiteral("disk_used_percent"),
                                    { { QStringLiteral("instance"), QStringLiteral("db-eu-1") } })
                                .value();
        const QByteArray line = QByteArray("disk_used_percent{instance=\"db-eu-1\",region=\"eu\",service=\"db\"} ")
            + QString::number(disk, 'g', QLocale::FloatingPointShortest).toLatin1() + '\n';
        QVERIFY(first.contains(line));

        // Ten simulated minutes later the disk has filled: the next scrape shows the new value.
        world.step(10 * 60 * 1000);
        reply.reset(fetch(network, "GET", base + QStringLiteral("/metrics")));
        const QByteArray later = reply->readAll();
        QVERIFY(later != first);
        QCOMPARE(later, SandboxMetricsExporter::render(world.currentPoints()));
        QVERIFY(world
                    .value(QStringLiteral("disk_used_percent"),
                        { { QStringLiteral("instance"), QStringLiteral("db-eu-1") } })
                    .value()
            > disk + 20);
        QCOMPARE(exporter.scrapes(), 2);

        reply.reset(fetch(network, "GET", base + QStringLiteral("/")));
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 404);
        reply.reset(fetch(network, "DELETE", base + QStringLiteral("/metrics")));
        QVERIFY(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() >= 400);
        QCOMPARE(exporter.scrapes(), 2);

        // A port that is taken is refused with the address in the message.
        SandboxMetricsExporter second(world);
        QVERIFY(!second.listen(QHostAddress::LocalHost, exporter.port(), &error));
        QVERIFY2(error.contains(QStringLiteral("127.0.0.1:%1").arg(exporter.port())), qPrintable(error));
    }

    // Prometheus' own linter accepts the exposition; its one remark is the recording rule's name,
    // which the sandbox publishes as a series on purpose (see the README of the sandbox).
    void promtoolAcceptsTheExposition()
    {
        const QString promtool = QStandardPaths::findExecutable(QStringLiteral("promtool"));
        if (promtool.isEmpty())
            QSKIP("promtool is not installed (Debian package prometheus)");
        SandboxWorld world(1, T0, {});
        world.step(40 * 60 * 1000); // through every scenario of the cycle, so every series exists
        QProcess process;
        process.start(promtool, { QStringLiteral("check"), QStringLiteral("metrics") });
        QVERIFY(process.waitForStarted());
        process.write(SandboxMetricsExporter::render(world.currentPoints()));
        process.closeWriteChannel();
        QVERIFY(process.waitForFinished(10'000));
        const QString output = QString::fromUtf8(process.readAllStandardOutput() + process.readAllStandardError());
        const QStringList remarks = output.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(remarks,
            QStringList { QStringLiteral(
                "pod:kube_pod_container_status_restarts:increase15m metric names should not contain ':'") });
    }

    void commandLine_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("host"); // empty: refused
        QTest::addColumn<int>("port");
        QTest::addColumn<QString>("error");
        QTest::newRow("ipv4") << QStringList { QStringLiteral("--serve-metrics"), QStringLiteral("127.0.0.1:9101"),
            QStringLiteral("--scenario"), QStringLiteral("disk-full"), QStringLiteral("--speed"), QStringLiteral("10"),
            QStringLiteral("--for"), QStringLiteral("30") }
                              << QStringLiteral("127.0.0.1") << 9101 << QString();
        QTest::newRow("ipv6") << QStringList { QStringLiteral("--serve-metrics"), QStringLiteral("[::1]:0") }
                              << QStringLiteral("::1") << 0 << QString();
        QTest::newRow("localhost") << QStringList { QStringLiteral("--serve-metrics"),
            QStringLiteral("localhost:9101") }
                                   << QStringLiteral("localhost") << 9101 << QString();
        QTest::newRow("no port") << QStringList { QStringLiteral("--serve-metrics"), QStringLiteral("127.0.0.1") }
                                 << QString() << 0
                                 << QStringLiteral("--serve-metrics needs HOST:PORT (for example 127.0.0.1:9101 or "
                                                   "[::1]:9101), not '127.0.0.1'");
        QTest::newRow("port too big") << QStringList { QStringLiteral("--serve-metrics"),
            QStringLiteral("127.0.0.1:70000") }
                                      << QString() << 0 << QStringLiteral("not '127.0.0.1:70000'");
        QTest::newRow("short ipv4") << QStringList { QStringLiteral("--serve-metrics"), QStringLiteral("1.2.3:80") }
                                    << QString() << 0 << QStringLiteral("not '1.2.3:80'");
        QTest::newRow("ipv6 without brackets")
            << QStringList { QStringLiteral("--serve-metrics"), QStringLiteral("::1:80") } << QString() << 0
            << QStringLiteral("not '::1:80'");
        QTest::newRow("with a store") << QStringList { QStringLiteral("--serve-metrics"), QStringLiteral("127.0.0.1:1"),
            QStringLiteral("--db"), QStringLiteral("/tmp/x.db") }
                                      << QString() << 0 << QStringLiteral("cannot be combined with");
        QTest::newRow("with headless") << QStringList { QStringLiteral("--serve-metrics"),
            QStringLiteral("127.0.0.1:1"), QStringLiteral("--headless") }
                                       << QString() << 0 << QStringLiteral("cannot be combined with");
    }

    void commandLine()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, host);
        QFETCH(int, port);
        QFETCH(QString, error);
        const auto parsed = CommandLine::parse(QStringList { QStringLiteral("firebreak") } + arguments);
        if (host.isEmpty()) {
            const auto* refused = std::get_if<CommandLineError>(&parsed);
            QVERIFY(refused);
            QVERIFY2(refused->message.contains(error), qPrintable(refused->message));
            QCOMPARE(refused->exitCode, 2);
            return;
        }
        const auto* options = std::get_if<CommandLineOptions>(&parsed);
        QVERIFY2(options, options ? "" : qPrintable(std::get<CommandLineError>(parsed).message));
        QCOMPARE(options->mode, CommandLineOptions::Mode::ServeMetrics);
        QCOMPARE(options->serveHost, host);
        QCOMPARE(int(options->servePort), port);
    }
};

QTEST_GUILESS_MAIN(TestSandboxMetricsExporter)
#include "tst_sandboxmetricsexporter.moc"
