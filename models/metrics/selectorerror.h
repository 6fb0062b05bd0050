#pragma once

#include <QString>

namespace firebreak {

// Why a series selector was refused: where (0-based character index into the text) and what was
// expected there. toString() reports the position 1-based, as editors count columns.
struct SelectorError {
    int position = 0;
    QString message;
    QString toString() const { return QStringLiteral("column %1: %2").arg(position + 1).arg(message); }
    bool operator==(const SelectorError&) const = default;
};

} // namespace firebreak
