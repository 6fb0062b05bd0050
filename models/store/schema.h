#pragma once

#include <QSqlDatabase>
#include <QString>

namespace firebreak {

// The store's schema as a list of forward-only steps keyed by PRAGMA user_version. Keeping every
// step (not only the latest CREATE statements) is what lets an old file be brought up to date
// without losing a row, and lets tests create a file at any earlier version.
class Schema {
public:
    // Applies the step that takes a file from version `toVersion - 1` to `toVersion`, inside the
    // caller's transaction. Returns false with `error` naming the step and SQLite's message.
    static bool applyStep(QSqlDatabase& db, int toVersion, QString* error);
    static int userVersion(QSqlDatabase& db, QString* error); // -1 on failure
};

} // namespace firebreak
