#pragma once

#include <QByteArray>
#include <QString>

class QSaveFile;

namespace firebreak {

// Writes an export so that the file at `path` is either the old one or the complete new one, never
// half written: the bytes go to a temporary file in the same directory, which is renamed over the
// target once flushed (QSaveFile). Holds no state, so exports on several threads do not interfere.
class ExportFile {
public:
    static bool write(const QString& path, const QByteArray& bytes, QString* error);
    // Opens `file` for writing; false with `error` naming the path.
    static bool open(QSaveFile& file, QString* error);
    // Renames the temporary file over the target; false with `error` naming the path.
    static bool commit(QSaveFile& file, QString* error);
};

} // namespace firebreak
