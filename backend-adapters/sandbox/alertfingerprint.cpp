#include "alertfingerprint.h"

namespace firebreak {

namespace {
constexpr quint64 OffsetBasis = 14695981039346656037ULL;
constexpr quint64 Prime = 1099511628211ULL;
constexpr unsigned char Separator = 0xff;

void mix(quint64& hash, const QByteArray& bytes)
{
    for (const char c : bytes) {
        hash ^= static_cast<unsigned char>(c);
        hash *= Prime;
    }
    hash ^= Separator;
    hash *= Prime;
}
} // namespace

quint64 AlertFingerprint::hash(const LabelSet& labels)
{
    quint64 result = OffsetBasis;
    for (auto it = labels.cbegin(); it != labels.cend(); ++it) { // QMap iterates in name order
        mix(result, it.key().toUtf8());
        mix(result, it.value().toUtf8());
    }
    return result;
}

QString AlertFingerprint::of(const LabelSet& labels)
{
    return QStringLiteral("%1").arg(hash(labels), 16, 16, QLatin1Char('0'));
}

} // namespace firebreak
