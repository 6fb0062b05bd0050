#include "tokenfile.h"

#include <QFile>
#include <QFileInfo>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace firebreak {

namespace {

// A token is a line, not a document; anything larger is the wrong file.
constexpr qint64 MaxTokenBytes = 64 * 1024;

QString systemError()
{
    return QString::fromLocal8Bit(std::strerror(errno));
}

bool writeAll(int fd, const QByteArray& data)
{
    qsizetype done = 0;
    while (done < data.size()) {
        const ssize_t n = ::write(fd, data.constData() + done, std::size_t(data.size() - done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        done += n;
    }
    return true;
}

} // namespace

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

std::optional<QString> TokenFile::write(const QString& absolutePath, const QByteArray& token)
{
    const QByteArray trimmed = token.trimmed();
    if (trimmed.isEmpty())
        return QStringLiteral("token for %1 is empty").arg(absolutePath);
    if (trimmed.contains('\n') || trimmed.contains('\r'))
        return QStringLiteral("token for %1 holds a line break; a token is one line").arg(absolutePath);
    if (trimmed.size() > MaxTokenBytes)
        return QStringLiteral("token for %1 is larger than %2 bytes").arg(absolutePath).arg(MaxTokenBytes);

    const QFileInfo target(absolutePath);
    const QString directory = target.absolutePath();
    struct stat dirInfo { };
    if (::stat(QFile::encodeName(directory).constData(), &dirInfo) != 0)
        return QStringLiteral("cannot store token file %1: directory %2: %3")
            .arg(absolutePath, directory, systemError());
    if (!S_ISDIR(dirInfo.st_mode))
        return QStringLiteral("cannot store token file %1: %2 is not a directory").arg(absolutePath, directory);
    // A sticky directory (/tmp) lets others create files but not rename theirs over ours.
    if ((dirInfo.st_mode & (S_IWGRP | S_IWOTH)) != 0 && (dirInfo.st_mode & S_ISVTX) == 0) {
        return QStringLiteral("refusing to store token file %1: directory %2 is writable by group or others (mode "
                              "%3), so they could replace it; chmod go-w it")
            .arg(absolutePath, directory)
            .arg(uint(dirInfo.st_mode & 07777), 4, 8, QLatin1Char('0'));
    }
    struct stat existing { };
    if (::lstat(QFile::encodeName(target.absoluteFilePath()).constData(), &existing) == 0 && S_ISDIR(existing.st_mode))
        return QStringLiteral("cannot store token file %1: it is a directory").arg(absolutePath);

    // mkostemp creates the file with O_EXCL and mode 0600: it is never readable by others, not even briefly.
    QByteArray temporary = QFile::encodeName(directory + QStringLiteral("/.") + target.fileName()) + ".XXXXXX";
    const int fd = ::mkostemp(temporary.data(), O_CLOEXEC);
    if (fd < 0)
        return QStringLiteral("cannot store token file %1: cannot create a file in %2: %3")
            .arg(absolutePath, directory, systemError());
    const auto fail = [&](const QString& what) {
        const QString reason = systemError();
        ::close(fd);
        ::unlink(temporary.constData());
        return QStringLiteral("cannot store token file %1: %2: %3").arg(absolutePath, what, reason);
    };
    // Belt and braces: the mode must not depend on the C library's choice.
    if (::fchmod(fd, S_IRUSR | S_IWUSR) != 0)
        return fail(QStringLiteral("chmod 600"));
    if (!writeAll(fd, trimmed + '\n'))
        return fail(QStringLiteral("write"));
    if (::fsync(fd) != 0)
        return fail(QStringLiteral("fsync"));
    if (::close(fd) != 0) {
        const QString reason = systemError();
        ::unlink(temporary.constData());
        return QStringLiteral("cannot store token file %1: close: %2").arg(absolutePath, reason);
    }
    if (::rename(temporary.constData(), QFile::encodeName(target.absoluteFilePath()).constData()) != 0) {
        const QString reason = systemError();
        ::unlink(temporary.constData());
        return QStringLiteral("cannot store token file %1: rename: %2").arg(absolutePath, reason);
    }
    // The rename itself is durable only once the directory is.
    const int dirFd = ::open(QFile::encodeName(directory).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dirFd >= 0) {
        ::fsync(dirFd);
        ::close(dirFd);
    }
    auto check = read(target.absoluteFilePath());
    if (auto* message = std::get_if<QString>(&check))
        return *message;
    if (std::get<QByteArray>(check) != trimmed)
        return QStringLiteral("token file %1 does not hold what was written").arg(absolutePath);
    return std::nullopt;
}

} // namespace firebreak
