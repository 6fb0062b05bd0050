#pragma once

#include "domain/receiverstats.h"

#include <QString>

namespace firebreak {

class BannerBar;

// Turns the receiver's refusals into banners. Alertmanager never retries a 4xx, so every refused
// delivery is alerts nobody will see; the commander must be told how many, why, and the latest
// cause, in words that point at the fix (a token, a size limit), not at HTTP.
class ReceiverBanners {
public:
    static void apply(BannerBar& banners, const ReceiverStats& stats);

    // The banner keys, for tests.
    static QString lossKey() { return QStringLiteral("receiver:lost"); }
    static QString quarantineKey() { return QStringLiteral("receiver:quarantine"); }
    static QString retryKey() { return QStringLiteral("receiver:retry"); }
    static QString catchUpKey() { return QStringLiteral("receiver:catch-up"); }
    // The timeline is said to trail once the oldest alert not yet on it has waited this long.
    static constexpr qint64 CatchUpAfterMs = 1000;
};

} // namespace firebreak
