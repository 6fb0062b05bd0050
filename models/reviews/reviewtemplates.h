#pragma once

#include "review.h"

#include <QByteArray>
#include <QString>
#include <optional>

namespace firebreak {

// Chooses and reads the section templates a new review starts from: a short one for minor
// incidents and a full one for SEV1/SEV2, kept as Markdown files (resources/reviews/) so that a
// team can change the prompts without touching code. A template is Markdown in which each
// "## Heading" starts one of the review's sections; text before the first heading (a comment) is ignored.
class ReviewTemplates {
public:
    static constexpr int FullTemplateWorstSeverity = 2; // SEV1 and SEV2 get the full template

    // `directory` holds short.md and full.md; the default is the compiled-in resources.
    explicit ReviewTemplates(QString directory = QStringLiteral(":/reviews"));

    QString templatePath(int severity) const;
    // A new, unsaved draft for the incident with every section taken from the chosen template.
    // On a missing or malformed template returns nothing and `error` names the file (and line).
    std::optional<Review> draftFor(qint64 incidentId, int severity, QString* error) const;
    // Splits a template into sections. `where` names it in errors. Headings must be the review's
    // section names (case-insensitive): Summary, Impact, Timeline, Contributing factors, What went
    // well, What went badly, Lessons.
    static std::optional<Review> parse(const QByteArray& markdown, const QString& where, QString* error);

private:
    QString m_directory;
};

} // namespace firebreak
