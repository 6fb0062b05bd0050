#include "reviewtemplates.h"

#include <QFile>
#include <QStringList>

namespace firebreak {

namespace {

QString* sectionOf(Review* review, const QString& heading)
{
    const QString name = heading.trimmed().toLower();
    if (name == QLatin1String("summary"))
        return &review->summary;
    if (name == QLatin1String("impact"))
        return &review->impact;
    if (name == QLatin1String("timeline"))
        return &review->timeline;
    if (name == QLatin1String("contributing factors"))
        return &review->contributingFactors;
    if (name == QLatin1String("what went well"))
        return &review->wentWell;
    if (name == QLatin1String("what went badly"))
        return &review->wentBadly;
    if (name == QLatin1String("lessons"))
        return &review->lessons;
    return nullptr;
}

} // namespace

ReviewTemplates::ReviewTemplates(QString directory)
    : m_directory(std::move(directory))
{
}

QString ReviewTemplates::templatePath(int severity) const
{
    const bool full = severity >= 1 && severity <= FullTemplateWorstSeverity;
    return m_directory + (full ? QStringLiteral("/full.md") : QStringLiteral("/short.md"));
}

std::optional<Review> ReviewTemplates::draftFor(qint64 incidentId, int severity, QString* error) const
{
    const QString path = templatePath(severity);
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("%1: cannot read the review template: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    std::optional<Review> review = parse(file.readAll(), path, error);
    if (review)
        review->incidentId = incidentId;
    return review;
}

std::optional<Review> ReviewTemplates::parse(const QByteArray& markdown, const QString& where, QString* error)
{
    Review review;
    QString* current = nullptr;
    QStringList seen;
    const QStringList lines = QString::fromUtf8(markdown).split(QLatin1Char('\n'));
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QString& line = lines.at(i);
        if (line.startsWith(QLatin1String("## "))) {
            const QString heading = line.mid(3).trimmed();
            current = sectionOf(&review, heading);
            if (!current) {
                *error = QStringLiteral("%1:%2: \"%3\" is not a review section (expected Summary, Impact, Timeline,"
                                        " Contributing factors, What went well, What went badly or Lessons)")
                             .arg(where)
                             .arg(i + 1)
                             .arg(heading);
                return std::nullopt;
            }
            if (seen.contains(heading.toLower())) {
                *error = QStringLiteral("%1:%2: section \"%3\" appears twice").arg(where).arg(i + 1).arg(heading);
                return std::nullopt;
            }
            seen.append(heading.toLower());
            continue;
        }
        if (current)
            current->append(line + QLatin1Char('\n'));
    }
    if (seen.isEmpty()) {
        *error = QStringLiteral("%1: the review template has no \"## \" section headings").arg(where);
        return std::nullopt;
    }
    for (QString* section : { &review.summary, &review.impact, &review.timeline, &review.contributingFactors,
             &review.wentWell, &review.wentBadly, &review.lessons }) {
        while (section->endsWith(QLatin1String("\n\n")))
            section->chop(1);
        if (section->trimmed().isEmpty())
            section->clear();
    }
    return review;
}

} // namespace firebreak
