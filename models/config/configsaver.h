#pragma once

#include "firebreakconfig.h"

#include <QByteArray>
#include <QString>
#include <QVector>
#include <variant>

namespace firebreak {

// Saves a configuration the way the settings dialog promises: new tokens into their 0600 files, then the
// YAML (ConfigWriter) atomically, and only after the real ConfigLoader has read the text back to the very
// configuration that was meant. If anything fails, or the loader refuses or reads something else, the
// token files replaced so far are put back and the previous YAML is untouched, so a failed save leaves
// Firebreak exactly as it was.
class ConfigSaver {
public:
    struct Token {
        QString file; // absolute; a Credential in the configuration names it
        QByteArray token;
    };

    // The configuration as loaded from `path` after saving, or why nothing was saved. `config` must carry
    // the token values (as a loaded configuration does) so that the read-back can be compared in full.
    static std::variant<FirebreakConfig, QString> save(
        const FirebreakConfig& config, const QString& path, const QVector<Token>& tokens);
};

} // namespace firebreak
