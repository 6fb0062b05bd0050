#include "tokenfile.h"

#include <QFile>
#include <cerrno>
#include <cstring>
#include <sys/stat.h>

namespace firebreak {

std::variant<QByteArray, QString> TokenFile::read(const QString& absolutePath)
{
    struct stat info { };
    const QByteArray native = QFile::encodeName(absolutePath);
    if (::stat(native.constData(), &info) != 0) {
        return QStringLiteral("token file %1 cannot be read: %2")
            .arg(absolutePath, QString::fromLocal8Bit(std::strerror(errno)));
    }
    if (!S_ISREG(info.st_mode))
        return QStringLiteral("token file %1 is not a regular file").arg(absolutePath);
    if ((info.st_mode & 077) != 0) {
        return QStringLiteral("token file %1 is readable by group or others (mode %2); chmod 600 it")
            .arg(absolutePath)
            .arg(uint(info.st_mode & 07777), 4, 8, QLatin1Char('0'));
    }
    QFile file(absolutePath);
    if (!file.open(QIODevice::ReadOnly))
        return QStringLiteral("token file %1 cannot be read: %2").arg(absolutePath, file.errorString());
    // A token is a line, not a document; anything larger is the wrong file.
    constexpr qint64 MaxTokenBytes = 64 * 1024;
    const QByteArray content = file.read(MaxTokenBytes + 1);
    if (content.size() > MaxTokenBytes)
        return QStringLiteral("token file %1 is larger than %2 bytes").arg(absolutePath).arg(MaxTokenBytes);
    QByteArray token = content.trimmed();
    if (token.isEmpty())
        return QStringLiteral("token file %1 is empty").arg(absolutePath);
    // The token goes into an HTTP header; a line break there would split the header.
    if (token.contains('\n') || token.contains('\r'))
        return QStringLiteral("token file %1 holds more than one line; put the token alone on one line")
            .arg(absolutePath);
    return token;
}

} // namespace firebreak
