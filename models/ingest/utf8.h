#pragma once

#include <QByteArray>

namespace firebreak {

// UTF-8 validation that says where a body went wrong, which QString::fromUtf8 (it substitutes
// U+FFFD silently) and QStringDecoder (it says only "something") do not.
namespace Utf8 {
// Offset of the first byte that does not start a well-formed UTF-8 sequence (RFC 3629: no
// overlongs, no surrogates, nothing past U+10FFFF), or -1 when the whole buffer is valid.
qsizetype firstInvalidByte(const QByteArray& bytes);
} // namespace Utf8

} // namespace firebreak
