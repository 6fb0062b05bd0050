#pragma once

#include <cstdio>

namespace firebreak {

struct CommandLineOptions;

// `firebreak timeline --db PATH [--incident ID] [--json]`: prints stored events, oldest first, in
// the same format as `--headless`. Opens the store read-only: looking never changes it.
class TimelineCommand {
public:
    static int run(const CommandLineOptions& options, std::FILE* out, std::FILE* err);
};

} // namespace firebreak
