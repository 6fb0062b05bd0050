#include "executorsupport.h"

#include <QFile>
#include <QHostAddress>
#include <QObject>
#include <QSslCertificate>
#include <climits>

namespace firebreak::executorsupport {

void deliverLater(QObject* context, Executor::Callback done, const ExecutionResult& result)
{
    QMetaObject::invokeMethod(
        context, [done = std::move(done), result] { done(result); }, Qt::QueuedConnection);
}

ExecutionResult failure(const QString& message)
{
    ExecutionResult result;
    result.error = message;
    result.summary = message;
    return result;
}

QString resolveTimeout(const ExecutionRequest& request, qint64 defaultMs, qint64& timeoutMs)
{
    if (request.timeoutMs < 0)
        return QStringLiteral("timeout %1 ms is negative").arg(request.timeoutMs);
    timeoutMs = request.timeoutMs > 0 ? request.timeoutMs : defaultMs;
    if (timeoutMs <= 0 || timeoutMs > INT_MAX)
        return QStringLiteral("timeout %1 ms is outside 1 ms to %2 ms").arg(timeoutMs).arg(INT_MAX);
    return {};
}

QString checkParamNames(const QVariantMap& params, const QStringList& accepted)
{
    for (auto it = params.cbegin(); it != params.cend(); ++it) {
        if (!accepted.contains(it.key()))
            return QStringLiteral("unknown parameter '%1' (accepted: %2)")
                .arg(it.key(), accepted.join(QStringLiteral(", ")));
    }
    return {};
}

QString readString(const QVariant& value, const QString& what, QString& out)
{
    switch (value.typeId()) {
    case QMetaType::QString:
    case QMetaType::QByteArray:
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::LongLong:
    case QMetaType::ULongLong:
        out = value.toString();
        return {};
    default:
        return QStringLiteral("%1 must be a string, got %2")
            .arg(what, QString::fromLatin1(value.isValid() ? value.typeName() : "nothing"));
    }
}

QString readStringMap(const QVariant& value, const QString& what, QVariantMap& out)
{
    if (!value.isValid())
        return {};
    if (value.typeId() != QMetaType::QVariantMap)
        return QStringLiteral("%1 must be a map of names to strings, got %2")
            .arg(what, QString::fromLatin1(value.typeName()));
    const QVariantMap map = value.toMap();
    for (auto it = map.cbegin(); it != map.cend(); ++it) {
        QString text;
        if (const QString error = readString(it.value(), what + QLatin1Char('.') + it.key(), text); !error.isEmpty())
            return error;
        if (it.key().isEmpty())
            return QStringLiteral("%1 has an empty name").arg(what);
        out.insert(it.key(), text);
    }
    return {};
}

bool isLoopbackHost(const QString& host)
{
    if (host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0)
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

QString checkBaseUrl(const QUrl& url, bool requireHttps, bool allowHttpOnLoopback)
{
    if (!url.isValid() || url.isRelative())
        return QStringLiteral("'%1' is not an absolute URL with a host").arg(url.toString());
    const QString scheme = url.scheme();
    if (scheme != QLatin1String("http") && scheme != QLatin1String("https"))
        return QStringLiteral("'%1' must use http or https, not '%2'").arg(url.toDisplayString(), scheme);
    if (url.host().isEmpty())
        return QStringLiteral("'%1' is not an absolute URL with a host").arg(url.toString());
    if (!url.userInfo().isEmpty())
        return QStringLiteral("'%1' carries user information; credentials belong in the options")
            .arg(url.toDisplayString(QUrl::RemoveUserInfo));
    if (url.hasQuery() || url.hasFragment())
        return QStringLiteral("'%1' must not have a query or fragment").arg(url.toDisplayString());
    if (requireHttps && scheme != QLatin1String("https") && !(allowHttpOnLoopback && isLoopbackHost(url.host())))
        return QStringLiteral("'%1' must use https (plain http is only allowed on loopback when the insecure "
                              "loopback option is set)")
            .arg(url.toDisplayString());
    return {};
}

QUrl endpoint(const QUrl& base, const QString& path)
{
    QUrl url = base;
    QString prefix = base.path();
    while (prefix.endsWith(QLatin1Char('/')))
        prefix.chop(1);
    url.setPath(prefix + path);
    return url;
}

QString loadCaConfiguration(const QString& caFile, QSslConfiguration& configuration)
{
    QFile file(caFile);
    if (!file.open(QIODevice::ReadOnly))
        return QStringLiteral("CA certificate file %1: %2").arg(caFile, file.errorString());
    const QList<QSslCertificate> certificates = QSslCertificate::fromData(file.readAll(), QSsl::Pem);
    if (certificates.isEmpty())
        return QStringLiteral("CA certificate file %1 holds no PEM certificate").arg(caFile);
    configuration = QSslConfiguration::defaultConfiguration();
    configuration.setCaCertificates(certificates);
    return {};
}

QString snippet(const QByteArray& body, int maxChars)
{
    QString text = QString::fromUtf8(body.left(qsizetype(maxChars) * 4)).simplified();
    if (text.size() > maxChars)
        text = text.left(maxChars) + QStringLiteral("...");
    return text;
}

QString describe(const HttpCall& call)
{
    return QStringLiteral("%1 %2").arg(QString::fromLatin1(call.method), call.url.path());
}

QString seconds(qint64 ms)
{
    return QString::number(static_cast<double>(ms) / 1000.0, 'g', 6);
}

} // namespace firebreak::executorsupport
