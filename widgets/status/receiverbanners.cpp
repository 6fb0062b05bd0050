#include "receiverbanners.h"

#include "bannerbar.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QLocale>
#include <QStringList>
#include <array>
#include <utility>

namespace firebreak {

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("ReceiverBanners", text);
}

quint64 sum(const ReceiverStats& stats, std::initializer_list<const char*> reasons)
{
    quint64 total = 0;
    for (const char* reason : reasons)
        total += stats.rejected(QString::fromLatin1(reason));
    return total;
}

// The latest refusal, when it was one of `reasons`: a banner cites only its own kind of refusal.
QString latest(const ReceiverStats& stats, const QStringList& reasons)
{
    if (stats.lastReason.isEmpty() || !reasons.contains(stats.lastReason))
        return {};
    const QString at = QDateTime::fromMSecsSinceEpoch(stats.lastRejectionMs).toString(QStringLiteral("HH:mm:ss"));
    return tr("Latest at %1: %2").arg(at, stats.lastMessage.isEmpty() ? stats.lastReason : stats.lastMessage);
}
} // namespace

void ReceiverBanners::apply(BannerBar& banners, const ReceiverStats& stats)
{
    // Refusals the sender will not retry: lost unless someone acts.
    static const std::array<std::pair<const char*, const char*>, 5> lost { {
        { "unauthorized",
            QT_TRANSLATE_NOOP(
                "ReceiverBanners", "%n without valid credentials (check the token in the sender's http_config)") },
        { "too_large", QT_TRANSLATE_NOOP("ReceiverBanners", "%n over the size limit") },
        { "header_too_large", QT_TRANSLATE_NOOP("ReceiverBanners", "%n with oversized headers") },
        { "unsupported_media_type", QT_TRANSLATE_NOOP("ReceiverBanners", "%n not JSON") },
        { "malformed", QT_TRANSLATE_NOOP("ReceiverBanners", "%n malformed") },
    } };
    QStringList parts;
    QStringList lostReasons;
    quint64 lostTotal = 0;
    for (const auto& [reason, text] : lost) {
        lostReasons << QString::fromLatin1(reason);
        const quint64 count = stats.rejected(QString::fromLatin1(reason));
        if (count == 0)
            continue;
        lostTotal += count;
        parts << QCoreApplication::translate("ReceiverBanners", text, nullptr, int(count));
    }
    if (lostTotal > 0) {
        banners.showBanner(lossKey(), BannerBar::Level::Error,
            lostTotal == 1 ? tr("1 alert delivery refused — the sender will not retry it; its alerts are lost.")
                           : tr("%1 alert deliveries refused — the senders will not retry them; their alerts are lost.")
                                 .arg(lostTotal),
            parts.join(QStringLiteral(", ")) + QStringLiteral(". ") + latest(stats, lostReasons));
    } else {
        banners.clearBanner(lossKey());
    }

    const quint64 quarantined = stats.rejected(QStringLiteral("quarantined"));
    if (quarantined > 0) {
        banners.showBanner(quarantineKey(), BannerBar::Level::Warning,
            quarantined == 1 ? tr("1 delivery of an unknown payload version was kept in quarantine, not ingested.")
                             : tr("%1 deliveries of an unknown payload version were kept in quarantine, not ingested.")
                                   .arg(quarantined),
            tr("Stored unread; check the sender's version. ") + latest(stats, { QStringLiteral("quarantined") }));
    } else {
        banners.clearBanner(quarantineKey());
    }

    // 503s: Alertmanager retries these, so they are a warning about delay, not loss.
    const quint64 retried = sum(stats, { "store_unavailable", "timeout", "overloaded" });
    if (retried > 0) {
        banners.showBanner(retryKey(), BannerBar::Level::Warning,
            retried == 1
                ? tr("1 delivery was turned away because the store could not take it in time.")
                : tr("%1 deliveries were turned away because the store could not take them in time.").arg(retried),
            tr("Alertmanager retries these; alerts arrive late rather than not at all."));
    } else {
        banners.clearBanner(retryKey());
    }

    // Stored and answered, not lost: only the timeline is behind, so a commander knows to wait.
    if (stats.waitingAlerts > 0 && stats.waitingForMs >= CatchUpAfterMs) {
        banners.showBanner(catchUpKey(), BannerBar::Level::Warning,
            stats.waitingAlerts == 1 ? tr("Timeline catching up: 1 alert received and stored is not on it yet.")
                                     : tr("Timeline catching up: %1 alerts received and stored are not on it yet.")
                                           .arg(QLocale().toString(stats.waitingAlerts)),
            tr("The oldest arrived %1 s ago; they appear as they are correlated.")
                .arg(QString::number(double(stats.waitingForMs) / 1000.0, 'f', 1)));
    } else {
        banners.clearBanner(catchUpKey());
    }
}

} // namespace firebreak
