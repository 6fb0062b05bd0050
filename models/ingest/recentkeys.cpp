#include "recentkeys.h"

namespace firebreak {

RecentKeys::RecentKeys(int capacity)
    : m_capacity(qMax(1, capacity))
{
}

bool RecentKeys::insert(const QString& key)
{
    if (m_keys.contains(key))
        return false;
    if (int(m_order.size()) >= m_capacity) {
        m_keys.remove(m_order.front());
        m_order.pop_front();
    }
    m_keys.insert(key);
    m_order.push_back(key);
    return true;
}

} // namespace firebreak
