#pragma once

#include <QtGlobal>

namespace firebreak {

// The sandbox's only source of randomness. SplitMix64 written out by hand, because the
// std::*_distribution classes may give different numbers on another standard library, and the same
// seed must give the same simulation everywhere.
class Prng {
public:
    explicit Prng(quint64 seed);

    quint64 next();
    // Uniform in [0, 1), from the top 53 bits.
    double uniform();
    double uniform(double low, double high);
    // Symmetric triangular noise in [-amplitude, amplitude]: cheap, bounded, no libm calls.
    double noise(double amplitude);
    // Uniform integer in [0, bound).
    int below(int bound);

private:
    quint64 m_state;
};

} // namespace firebreak
