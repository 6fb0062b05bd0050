#pragma once

#include <cstdio>

namespace firebreak {

struct CommandLineOptions;

// `firebreak review export INCIDENT --format md|html|pdf -o FILE [--db PATH]`: writes one incident's
// post-incident review as a file to paste into a wiki, mail, or circulate, from a store opened
// read-only (exporting never changes it). Exit 0 naming the file, 1 for a missing store, an unknown
// incident or a file that cannot be written. Needs a QGuiApplication (fonts for charts and PDF).
class ReviewCommand {
public:
    static int exportReview(const CommandLineOptions& options, std::FILE* out, std::FILE* err);
};

} // namespace firebreak
