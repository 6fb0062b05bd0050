#include "prng.h"

namespace firebreak {

Prng::Prng(quint64 seed)
    : m_state(seed)
{
}

quint64 Prng::next()
{
    m_state += 0x9E3779B97F4A7C15ULL;
    quint64 z = m_state;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

double Prng::uniform()
{
    return static_cast<double>(next() >> 11) * (1.0 / 9007199254740992.0);
}

double Prng::uniform(double low, double high)
{
    return low + (high - low) * uniform();
}

double Prng::noise(double amplitude)
{
    return amplitude * (uniform() + uniform() - 1.0);
}

int Prng::below(int bound)
{
    if (bound <= 0)
        return 0;
    return static_cast<int>(next() % static_cast<quint64>(bound));
}

} // namespace firebreak
