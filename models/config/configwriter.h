#pragma once

#include "firebreakconfig.h"

#include <QByteArray>
#include <QString>

namespace firebreak {

// The inverse of ConfigLoader: a FirebreakConfig as the YAML text the command line reads, so that the
// settings dialog can rewrite a file without dropping the sections it does not edit (correlation rules,
// automation brakes, executors). Every section the loader knows is written; ConfigLoader reading the
// text back gives an equal configuration (see ConfigDiff). Token values are never written, only the
// token_file paths: the secrets stay in their mode-0600 files. What the struct no longer holds is
// written in canonical form: durations as "1h30m", times in UTC, paths inside the file's directory
// relative to it and others absolute. Comments and key order of a hand-written file are not kept.
class ConfigWriter {
public:
    // `configFilePath` is where the text will be stored; relative paths are relative to its directory.
    static QByteArray toYaml(const FirebreakConfig& config, const QString& configFilePath);

    // Milliseconds as a Prometheus-style duration, largest unit first ("1h30m", "1500ms"); "0" for zero.
    static QString formatDuration(qint64 ms);
};

} // namespace firebreak
