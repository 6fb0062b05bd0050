#include "labeljson.h"

namespace firebreak {

void LabelJson::appendString(QByteArray& out, const QString& text)
{
    static constexpr char Hex[] = "0123456789abcdef";
    out += '"';
    const QByteArray utf8 = text.toUtf8();
    for (const char ch : utf8) {
        const auto byte = static_cast<unsigned char>(ch);
        if (byte == '"' || byte == '\\') {
            out += '\\';
            out += ch;
        } else if (byte < 0x20) {
            out += "\\u00";
            out += Hex[byte >> 4];
            out += Hex[byte & 0xF];
        } else {
            out += ch;
        }
    }
    out += '"';
}

void LabelJson::appendObject(QByteArray& out, const LabelSet& labels)
{
    out += '{';
    for (auto it = labels.constBegin(); it != labels.constEnd(); ++it) {
        if (it != labels.constBegin())
            out += ',';
        appendString(out, it.key());
        out += ':';
        appendString(out, it.value());
    }
    out += '}';
}

QByteArray LabelJson::object(const LabelSet& labels)
{
    QByteArray out;
    out.reserve(32 + labels.size() * 32);
    appendObject(out, labels);
    return out;
}

} // namespace firebreak
