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
};

} // namespace firebreak

Q_DECLARE_METATYPE(firebreak::StoreOpenResult)
