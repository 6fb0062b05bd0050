#include "review.h"

#include "audit/canonicaljson.h"

#include <QCryptographicHash>
#include <QJsonObject>

namespace firebreak {

QString reviewStatusName(ReviewStatus status)
{
    return status == ReviewStatus::Final ? QStringLiteral("final") : QStringLiteral("draft");
}

std::optional<ReviewStatus> reviewStatusFromName(const QString& name)
{
    if (name == QLatin1String("draft"))
        return ReviewStatus::Draft;
    if (name == QLatin1String("final"))
        return ReviewStatus::Final;
    return std::nullopt;
}

QByteArray Review::canonicalContent() const
{
    return CanonicalJson::write(QJsonObject {
        { QStringLiteral("status"), reviewStatusName(status) },
        { QStringLiteral("summary"), summary },
        { QStringLiteral("impact"), impact },
        { QStringLiteral("timeline"), timeline },
        { QStringLiteral("contributing_factors"), contributingFactors },
        { QStringLiteral("went_well"), wentWell },
        { QStringLiteral("went_badly"), wentBadly },
        { QStringLiteral("lessons"), lessons },
    });
}

QString Review::contentSha256() const
{
    return QString::fromLatin1(QCryptographicHash::hash(canonicalContent(), QCryptographicHash::Sha256).toHex());
}

} // namespace firebreak
