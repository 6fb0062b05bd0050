#pragma once

#include <QMetaType>
#include <QString>

namespace firebreak {

// How the store came up. A damaged file is opened read-only and never written over; the console
// says so on screen and on stderr.
struct StoreOpenResult {
    bool ok = false; // usable at all
    bool readOnly = false;
    QString path;
    QString problem; // empty when all is well; otherwise what is wrong, for the operator
    int schemaVersion = 0;
    // The audit log's last entry when the writer opened the store (lastId 0: empty log), shown in the
    // console so that anyone can compare it with `firebreak audit verify`.
    qint64 auditLastId = 0;
    QString auditHeadHash;
};

} // namespace firebreak

Q_DECLARE_METATYPE(firebreak::StoreOpenResult)
