#include "fieldcheck.h"

#include <QFileInfo>
#include <QRegularExpression>
#include <QUrl>
#include <algorithm>
#include <arpa/inet.h>

namespace firebreak {

QString FieldCheck::url(const QString& text, const QStringList& schemes)
{
    const QString expected = schemes.join(QStringLiteral("://, ")) + QStringLiteral("://");
    const QUrl url(text.trimmed(), QUrl::StrictMode);
    if (text.trimmed().isEmpty())
        return QStringLiteral("enter a URL starting with %1").arg(expected);
    if (!url.isValid() || !schemes.contains(url.scheme().toLower()))
        return QStringLiteral("must start with %1").arg(expected);
    if (url.host().isEmpty())
        return QStringLiteral("names no host");
    if (!url.userInfo().isEmpty())
        return QStringLiteral("holds a user name or password; use the token field");
    return QString();
}

QString FieldCheck::listen(const QString& text)
{
    static const QRegularExpression Pattern(QStringLiteral(R"(^(?:\[([^\]]+)\]|([^:\[\]]+)):([0-9]+)$)"));
    const QRegularExpressionMatch match = Pattern.match(text.trimmed());
    if (!match.hasMatch())
        return QStringLiteral("expected HOST:PORT such as 127.0.0.1:9095 or [::1]:9095");
    const QString host = match.capturedLength(1) > 0 ? match.captured(1) : match.captured(2);
    const QByteArray ascii = host.toLatin1();
    unsigned char buffer[16];
    const bool ip
        = ::inet_pton(AF_INET, ascii.constData(), buffer) == 1 || ::inet_pton(AF_INET6, ascii.constData(), buffer) == 1;
    if (host != QLatin1String("localhost") && !ip)
        return QStringLiteral("host \"%1\" is not an IP address or localhost").arg(host);
    bool ok = false;
    const int port = match.captured(3).toInt(&ok);
    if (!ok || port < 1 || port > 65535)
        return QStringLiteral("port must be between 1 and 65535");
    return QString();
}

QString FieldCheck::positiveBytes(const QString& text, qint64 max)
{
    const QString trimmed = text.trimmed();
    const bool digitsOnly = !trimmed.isEmpty() && std::all_of(trimmed.cbegin(), trimmed.cend(), [](QChar c) {
        return c >= QLatin1Char('0') && c <= QLatin1Char('9');
    });
    bool ok = false;
    const qint64 value = trimmed.toLongLong(&ok);
    if (!digitsOnly || !ok || value <= 0 || value > max)
        return QStringLiteral("a whole number of bytes from 1 to %1").arg(max);
    return QString();
}

QString FieldCheck::existingFile(const QString& absolutePath)
{
    const QFileInfo info(absolutePath);
    if (!info.exists())
        return QStringLiteral("%1 does not exist").arg(absolutePath);
    if (!info.isFile())
        return QStringLiteral("%1 is not a regular file").arg(absolutePath);
    if (!info.isReadable())
        return QStringLiteral("%1 cannot be read").arg(absolutePath);
    return QString();
}

QString FieldCheck::existingDirectory(const QString& absolutePath)
{
    const QFileInfo info(absolutePath);
    if (!info.exists())
        return QStringLiteral("%1 does not exist").arg(absolutePath);
    if (!info.isDir())
        return QStringLiteral("%1 is not a directory").arg(absolutePath);
    return QString();
}

} // namespace firebreak
