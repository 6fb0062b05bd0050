#pragma once

#include <cstdio>

namespace firebreak {

struct CommandLineOptions;

// `firebreak runs [--db PATH] [--json]`: the remediation runs in a store, newest first, with their
// state and why, so that a commander without the console (or a script after a crash) can see what
// automation did and which runs were interrupted. Read-only.
class RunsCommand {
public:
    static int run(const CommandLineOptions& options, std::FILE* out, std::FILE* err);
};

} // namespace firebreak
