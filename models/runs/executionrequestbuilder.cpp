#include "executionrequestbuilder.h"

namespace firebreak {

namespace {

QVariantMap variantMap(const QMap<QString, QString>& values)
{
    QVariantMap out;
    for (auto it = values.cbegin(); it != values.cend(); ++it)
        out.insert(it.key(), it.value());
    return out;
}

} // namespace

ExecutionRequest ExecutionRequestBuilder::build(const PlaybookRequest& request, const QString& tag)
{
    ExecutionRequest out;
    out.action = request.action;
    out.timeoutMs = request.timeoutMs;
    out.tag = tag;
    const QString& executor = request.executor;
    if (executor == QLatin1String("shell")) {
        out.params.insert(QStringLiteral("argv"), request.argv);
        if (!request.env.isEmpty())
            out.params.insert(QStringLiteral("env"), variantMap(request.env));
    } else if (executor == QLatin1String("http")) {
        out.params.insert(QStringLiteral("url"), request.url);
        out.params.insert(QStringLiteral("query"), variantMap(request.query));
        out.params.insert(QStringLiteral("headers"), variantMap(request.headers));
        out.params.insert(QStringLiteral("body"), variantMap(request.params));
        QVariantList statuses;
        for (int status : request.expectStatus)
            statuses.append(status);
        out.params.insert(QStringLiteral("expect_status"), statuses);
    } else if (executor == QLatin1String("rundeck")) {
        out.params.insert(QStringLiteral("options"), variantMap(request.params));
    } else if (executor == QLatin1String("stackstorm")) {
        out.params.insert(QStringLiteral("parameters"), variantMap(request.params));
    } else {
        out.params = variantMap(request.params); // sandbox, kubernetes
    }
    return out;
}

} // namespace firebreak
