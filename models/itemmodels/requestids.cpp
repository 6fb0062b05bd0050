#include "requestids.h"

#include <atomic>

namespace firebreak {

quint64 RequestIds::next()
{
    static std::atomic<quint64> counter { 0 };
    return ++counter;
}

} // namespace firebreak
