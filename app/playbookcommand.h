#pragma once

#include <QStringList>
#include <cstdio>

namespace firebreak {

// `firebreak playbook check FILE|DIR...`: validates playbooks without running anything, for editors
// and CI. A directory stands for its *.yaml and *.yml files; ids must be unique across everything
// named. Prints to `out` one line per file, "FILE: ok" or one "FILE:LINE: message" per problem, in
// the order given; on failure a one-line summary goes to `err`. Returns 0 when every file is valid,
// 2 otherwise (an unreadable file or an empty directory included).
class PlaybookCommand {
public:
    static int check(const QStringList& paths, std::FILE* out, std::FILE* err);
};

} // namespace firebreak
