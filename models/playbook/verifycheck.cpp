#include "verifycheck.h"

namespace firebreak {

bool VerifyCheck::holds(double value) const
{
    switch (op) {
    case Operator::Less:
        return value < threshold;
    case Operator::LessOrEqual:
        return value <= threshold;
    case Operator::Greater:
        return value > threshold;
    case Operator::GreaterOrEqual:
        return value >= threshold;
    case Operator::Equal:
        return value == threshold;
    case Operator::NotEqual:
        return value != threshold;
    }
    return false;
}

} // namespace firebreak
