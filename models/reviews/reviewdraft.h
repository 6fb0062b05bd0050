#pragma once

#include <QMetaType>
#include <QString>

namespace firebreak {

// What someone was typing in a review, kept so that a crash or a kill loses at most the last second
// of it: the raw Markdown document exactly as it stood, even when it does not parse as a review.
// One row per incident, overwritten by every autosave and never audited (an audit entry per second
// of typing would flood the chain); the versions a person saves are what is audited.
struct ReviewDraftText {
    qint64 incidentId = 0;
    QString author {}; // who was typing
    QString text {}; // the whole document
    int baseVersion = 0; // the saved version the text was edited from; 0 when none was saved yet
    qint64 savedMs = 0; // when the text was taken (UTC ms)

    bool operator==(const ReviewDraftText&) const = default;
};

} // namespace firebreak

Q_DECLARE_METATYPE(firebreak::ReviewDraftText)
