#pragma once

#include <QtGlobal>
#include <memory>

namespace firebreak {

// The store id of one review row as undo commands see it. Removing a row deletes it and undoing the
// removal stores it again under a new id; every command about that row shares one handle, so all of
// them follow it to the new id.
struct RowHandle {
    qint64 id = 0; // 0 while the row is not (or not yet) stored
};

using RowHandlePtr = std::shared_ptr<RowHandle>;

} // namespace firebreak
