#include "exportfile.h"

#include <QSaveFile>

namespace firebreak {

bool ExportFile::open(QSaveFile& file, QString* error)
{
    if (file.open(QIODevice::WriteOnly))
        return true;
    if (error)
        *error = QStringLiteral("cannot write %1: %2").arg(file.fileName(), file.errorString());
    return false;
}

bool ExportFile::commit(QSaveFile& file, QString* error)
{
    if (file.commit())
        return true;
    if (error)
        *error = QStringLiteral("cannot write %1: %2").arg(file.fileName(), file.errorString());
    return false;
}

bool ExportFile::write(const QString& path, const QByteArray& bytes, QString* error)
{
    QSaveFile file(path);
    if (!open(file, error))
        return false;
    if (file.write(bytes) != bytes.size()) {
        if (error)
            *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        file.cancelWriting();
        return false;
    }
    return commit(file, error);
}

} // namespace firebreak
