#pragma once

#include "reviews/reviewautosaver.h"

#include <QString>

namespace firebreak {

// The one line under a review that says where the text stands: draft or final, which version, whether
// it can be typed in, and whether what is on screen is safe ("autosaved 14:02:11 UTC") or not ("Not
// saved: disk full"). Composed in one place so every state reads the same way.
class ReviewStatusText {
public:
    // While typing, a copy this recent is reported by its time rather than as "Saving…", so that the
    // line does not flicker at every autosave; a write that takes longer shows as "Saving…".
    static constexpr qint64 RecentCopyMs = 3000;

    struct Facts {
        bool final = false;
        bool reopened = false;
        int version = 0; // 0: none saved
        bool readOnly = false;
        bool savingVersion = false;
        bool savingFinal = false;
        QString versionError {};
        ReviewAutosaver::State autosave = ReviewAutosaver::State::Saved;
        qint64 autosavedMs = 0;
        QString autosaveError {};
        qint64 nowMs = 0;
    };

    // The line, and whether it reports trouble (shown in the theme's colour for it).
    static QString text(const Facts& facts, bool* alarming);
    static QString utcClock(qint64 ms); // "14:02:11 UTC"
};

} // namespace firebreak
