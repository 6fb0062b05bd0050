#pragma once

#include <QString>

namespace firebreak {

// Why a configuration file was refused, placed the way editors and compilers place errors so that
// an operator can jump straight to the line. `line` and `column` are 1-based; 0 when the problem is
// the file as a whole (it cannot be read).
struct ConfigError {
    QString file;
    int line = 0;
    int column = 0;
    QString message;

    // "FILE:LINE: message", or "FILE: message" when there is no line.
    QString toString() const;
    bool operator==(const ConfigError&) const = default;
};

} // namespace firebreak
