#pragma once

#include <cstdio>

namespace firebreak {

// `firebreak roster hash`: reads a passphrase from standard input (without echo on a terminal) and
// prints the PBKDF2 form a roster file stores, so that nobody ever writes a passphrase into the file.
class RosterCommand {
public:
    static int hash(std::FILE* in, std::FILE* out, std::FILE* err);
};

} // namespace firebreak
