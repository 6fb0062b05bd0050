#pragma once

#include <QByteArray>
#include <QMetaType>
#include <QString>
#include <optional>

namespace firebreak {

enum class ReviewStatus { Draft = 0, Final = 1 };

QString reviewStatusName(ReviewStatus status); // draft | final
std::optional<ReviewStatus> reviewStatusFromName(const QString& name);

// The post-incident review of one incident, as one saved version: what the commander wrote while
// the details were fresh. Sections are Markdown. The store keeps every version (review_versions,
// append-only) and numbers them itself, so `version` is 0 until the store has saved it.
struct Review {
    qint64 incidentId = 0; // one review per incident
    ReviewStatus status = ReviewStatus::Draft;
    int version = 0; // 1, 2, 3, ... as saved; 0 for an unsaved draft
    qint64 updatedMs = 0; // when this version was saved (UTC ms)
    QString author; // who saved this version
    QString summary;
    QString impact;
    QString timeline; // the narrative; the structured rows are ReviewTimelineEntry
    QString contributingFactors;
    QString wentWell;
    QString wentBadly;
    QString lessons;

    // The bytes a version's SHA-256 covers: canonical JSON of the status and every section, so an
    // audit entry can prove what was saved without repeating it.
    QByteArray canonicalContent() const;
    QString contentSha256() const; // lower-case hex
    bool operator==(const Review&) const = default;
};

} // namespace firebreak

Q_DECLARE_METATYPE(firebreak::Review)
