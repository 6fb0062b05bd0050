#pragma once

#include <cstdio>

namespace firebreak {

struct CommandLineOptions;

// `firebreak audit verify [--db PATH]`: checks the stored audit log's hash chain from the first
// entry to the last, so that an operator (or a cron job) can prove nobody edited the record of
// approvals and actions. Exit 0 with the count and head hash; 1 naming the first broken entry, or
// when the store cannot be read. Opens the store read-only: checking never changes it.
class AuditCommand {
public:
    static int verify(const CommandLineOptions& options, std::FILE* out, std::FILE* err);
};

} // namespace firebreak
