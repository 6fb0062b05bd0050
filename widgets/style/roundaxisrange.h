#pragma once

// RoundAxisRange moved to models (charts/roundaxisrange.h) so that exported review charts, painted
// without widgets, share the console's axes. This header keeps includes written before the move
// building; new code includes "charts/roundaxisrange.h".
#include "charts/roundaxisrange.h"
