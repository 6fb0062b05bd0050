#pragma once

#include <QSet>
#include <QString>
#include <deque>

namespace firebreak {

// The last N keys seen, to recognise re-deliveries (a CloudEvent's source + id) in bounded memory:
// when full, the oldest key is forgotten first. A re-delivery later than N newer events gets
// through; N is sized so that only a sender replaying hours of history could cause that.
class RecentKeys {
public:
    explicit RecentKeys(int capacity);

    // True when `key` is new (and now remembered), false when it was seen within the last N keys.
    bool insert(const QString& key);
    bool contains(const QString& key) const { return m_keys.contains(key); }
    int size() const { return int(m_keys.size()); }
    int capacity() const { return m_capacity; }

private:
    int m_capacity;
    QSet<QString> m_keys;
    std::deque<QString> m_order; // oldest first
};

} // namespace firebreak
