#include "pbkdf2.h"

#include <QMessageAuthenticationCode>
#include <QtEndian>

namespace firebreak {

QByteArray Pbkdf2::derive(const QByteArray& password, const QByteArray& salt, int iterations, int length)
{
    if (iterations <= 0 || length <= 0 || length > MaxLength)
        return {};
    QMessageAuthenticationCode hmac(QCryptographicHash::Sha256, password);
    QByteArray derived;
    derived.reserve(length);
    // T_i = U_1 xor U_2 xor ... xor U_c, with U_1 = PRF(P, S || INT(i)) and U_j = PRF(P, U_{j-1}).
    for (quint32 block = 1; derived.size() < length; ++block) {
        uchar index[4];
        qToBigEndian(block, index);
        hmac.reset();
        hmac.addData(salt);
        hmac.addData(reinterpret_cast<const char*>(index), sizeof index);
        QByteArray u = hmac.result();
        QByteArray t = u;
        char* sum = t.data();
        for (int round = 1; round < iterations; ++round) {
            hmac.reset();
            hmac.addData(u);
            u = hmac.result();
            const char* next = u.constData();
            for (qsizetype i = 0; i < t.size(); ++i)
                sum[i] = char(sum[i] ^ next[i]);
        }
        derived.append(t.left(length - derived.size()));
    }
    return derived;
}

} // namespace firebreak
