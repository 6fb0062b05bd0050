#include "runenginesettings.h"

#include <algorithm>

namespace firebreak {

int RunEngineSettings::wallMs(qint64 clockMs, double timeScale)
{
    constexpr double Day = 24.0 * 3600 * 1000;
    return int(std::clamp<double>(double(clockMs) / (timeScale > 0 ? timeScale : 1), 0, Day));
}

} // namespace firebreak
