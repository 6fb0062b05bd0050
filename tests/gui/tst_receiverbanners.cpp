// What the commander reads when the receiver refuses deliveries: the loss banner (senders never
// retry a 4xx), the quarantine note, and the retry warning, each appearing and going with the counts.
#include "status/bannerbar.h"
#include "status/receiverbanners.h"
#include "style/theme.h"

#include <QApplication>
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
