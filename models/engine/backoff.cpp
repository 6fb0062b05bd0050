#include "backoff.h"

#include <algorithm>
#include <cmath>

namespace firebreak {

Backoff::Backoff(const Policy& policy, quint32 seed)
    : m_policy(policy)
    , m_random(seed)
{
    m_policy.initialMs = std::max<qint64>(1, m_policy.initialMs);
    m_policy.maxMs = std::max(m_policy.initialMs, m_policy.maxMs);
    m_policy.jitter = std::clamp(m_policy.jitter, 0.0, 1.0);
}

qint64 Backoff::next()
{
    // 2^failures stops mattering once past the cap; the exponent is bounded so it cannot overflow.
    const int exponent = std::min(m_failures, 40);
    ++m_failures;
    const double base = std::min(
        static_cast<double>(m_policy.maxMs), static_cast<double>(m_policy.initialMs) * std::ldexp(1.0, exponent));
    const double spread = (m_random.generateDouble() * 2.0 - 1.0) * m_policy.jitter;
    const double delay = std::clamp(base * (1.0 + spread), 1.0, static_cast<double>(m_policy.maxMs));
    return std::llround(delay);
}

} // namespace firebreak
