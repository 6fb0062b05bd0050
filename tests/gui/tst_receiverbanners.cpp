// What the commander reads when the receiver refuses deliveries: the loss banner (senders never
// retry a 4xx), the quarantine note, and the retry warning, each appearing and going with the counts.
#include "status/bannerbar.h"
#include "status/receiverbanners.h"
#include "style/theme.h"

#include <QApplication>
#include <QLocale>
#include <QTest>

using namespace firebreak;

class TestReceiverBanners : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void nothingRefusedShowsNothing()
    {
        const Theme theme = Theme::darkTheme();
        BannerBar banners(theme);
        ReceiverStats stats;
        stats.accepted = 40;
        stats.rejectedByReason.insert(QStringLiteral("unauthorized"), 0);
        ReceiverBanners::apply(banners, stats);
        QVERIFY(!banners.hasBanner(ReceiverBanners::lossKey()));
        QVERIFY(!banners.hasBanner(ReceiverBanners::quarantineKey()));
        QVERIFY(!banners.hasBanner(ReceiverBanners::retryKey()));
    }

    void refusalsAreShownAsLossWithTheirCauses()
    {
        const Theme theme = Theme::darkTheme();
        BannerBar banners(theme);
        ReceiverStats stats;
        stats.rejectedByReason.insert(QStringLiteral("unauthorized"), 3);
        stats.rejectedByReason.insert(QStringLiteral("too_large"), 1);
        stats.lastReason = QStringLiteral("unauthorized");
        stats.lastMessage = QStringLiteral("wrong bearer token");
        stats.lastRejectionMs = 1'700'000'000'000;
        ReceiverBanners::apply(banners, stats);
        QVERIFY(banners.hasBanner(ReceiverBanners::lossKey()));
        const QString text = banners.bannerText(ReceiverBanners::lossKey());
        QVERIFY2(text.contains(QStringLiteral("4 alert deliveries refused")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("will not retry")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("3 without valid credentials")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("1 over the size limit")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("wrong bearer token")), qPrintable(text));
        QVERIFY(!banners.hasBanner(ReceiverBanners::retryKey()));
    }

    // Each banner cites only the latest refusal of its own kind: a quarantined delivery is not a loss.
    void latestCauseGoesToItsOwnBanner()
    {
        const Theme theme = Theme::darkTheme();
        BannerBar banners(theme);
        ReceiverStats stats;
        stats.rejectedByReason.insert(QStringLiteral("unauthorized"), 1);
        stats.rejectedByReason.insert(QStringLiteral("quarantined"), 1);
        stats.lastReason = QStringLiteral("quarantined");
        stats.lastMessage = QStringLiteral("unsupported webhook version \"5\"");
        stats.lastRejectionMs = 1'700'000'000'000;
        ReceiverBanners::apply(banners, stats);
        const QString loss = banners.bannerText(ReceiverBanners::lossKey());
        QVERIFY2(loss.contains(QStringLiteral("1 alert delivery refused")), qPrintable(loss));
        QVERIFY2(!loss.contains(QStringLiteral("version")), qPrintable(loss));
        const QString kept = banners.bannerText(ReceiverBanners::quarantineKey());
        QVERIFY2(kept.contains(QStringLiteral("1 delivery of an unknown payload version was kept")), qPrintable(kept));
        QVERIFY2(kept.contains(QStringLiteral("unsupported webhook version")), qPrintable(kept));
    }

    // Alerts answered and stored but not yet correlated: a warning that the timeline trails, only once
    // the oldest has waited a second (a delivery between two ticks is not news), gone when caught up.
    void timelineCatchingUpIsShownWhileItTrails()
    {
        const Theme theme = Theme::darkTheme();
        BannerBar banners(theme);
        ReceiverStats stats;
        stats.waitingAlerts = 300;
        stats.waitingForMs = 400;
        ReceiverBanners::apply(banners, stats);
        QVERIFY(!banners.hasBanner(ReceiverBanners::catchUpKey()));

        stats.waitingAlerts = 12'345;
        stats.waitingForMs = 1800;
        ReceiverBanners::apply(banners, stats);
        const QString text = banners.bannerText(ReceiverBanners::catchUpKey());
        QVERIFY2(text.contains(QStringLiteral("Timeline catching up")), qPrintable(text));
        QVERIFY2(text.contains(QLocale().toString(12'345)), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("1.8 s")), qPrintable(text));
        QVERIFY(!banners.hasBanner(ReceiverBanners::lossKey())); // nothing is lost

        stats.waitingAlerts = 0;
        stats.waitingForMs = 0;
        ReceiverBanners::apply(banners, stats);
        QVERIFY(!banners.hasBanner(ReceiverBanners::catchUpKey()));
    }

    void quarantineAndRetriesAreWarningsOfTheirOwn()
    {
        const Theme theme = Theme::darkTheme();
        BannerBar banners(theme);
        ReceiverStats stats;
        stats.rejectedByReason.insert(QStringLiteral("quarantined"), 2);
        stats.rejectedByReason.insert(QStringLiteral("store_unavailable"), 5);
        ReceiverBanners::apply(banners, stats);
        QVERIFY(!banners.hasBanner(ReceiverBanners::lossKey()));
        QVERIFY(banners.bannerText(ReceiverBanners::quarantineKey()).contains(QStringLiteral("2 deliveries")));
        QVERIFY(banners.bannerText(ReceiverBanners::retryKey()).contains(QStringLiteral("Alertmanager retries")));
        // Counts only grow in practice, but a reset receiver (restart) must clear what it no longer has.
        ReceiverBanners::apply(banners, ReceiverStats {});
        QVERIFY(!banners.hasBanner(ReceiverBanners::quarantineKey()));
        QVERIFY(!banners.hasBanner(ReceiverBanners::retryKey()));
    }
};

QTEST_MAIN(TestReceiverBanners)
#include "tst_receiverbanners.moc"
