// fb_marker: the remediation step of the crash test (tests/crash/tst_runcrash.cpp). Each time a
// playbook step runs it leaves exactly one durable line behind, so that the test can count how many
// times each step ran across SIGKILLs of Firebreak. The sleep afterwards keeps the step busy, so that
// kills also land while a step is running.
//
// Usage: fb_marker [--sleep-ms N] FILE WORD...
// Appends the WORDs joined by single spaces and a newline to FILE (created with mode 0600), in one
// write() with O_APPEND, then fsync()s, then sleeps N milliseconds. Exits 0 on success, 2 on bad
// usage, 1 when the line could not be written durably.

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <string>
#include <thread>
#include <unistd.h>

namespace {

int usage(const char* why)
{
    std::fprintf(stderr, "fb_marker: %s\nusage: fb_marker [--sleep-ms N] FILE WORD...\n", why);
    return 2;
}

} // namespace

int main(int argc, char** argv)
{
    int next = 1;
    long sleepMs = 0;
    if (next < argc && std::strcmp(argv[next], "--sleep-ms") == 0) {
        if (next + 1 >= argc)
            return usage("--sleep-ms needs a number of milliseconds");
        char* end = nullptr;
        errno = 0;
        sleepMs = std::strtol(argv[next + 1], &end, 10);
        if (errno != 0 || end == argv[next + 1] || *end != '\0' || sleepMs < 0 || sleepMs > 600'000)
            return usage("--sleep-ms takes 0 to 600000");
        next += 2;
    }
    if (argc - next < 2)
        return usage("a FILE and at least one WORD are needed");
    const char* path = argv[next++];
    std::string line;
    for (int i = next; i < argc; ++i) {
        if (!line.empty())
            line += ' ';
        line += argv[i];
    }
    line += '\n';

    const int fd = ::open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) {
        std::fprintf(stderr, "fb_marker: cannot open %s: %s\n", path, std::strerror(errno));
        return 1;
    }
    // One write: with O_APPEND the line lands whole at the end even if several steps append at once.
    const ssize_t written = ::write(fd, line.data(), line.size());
    if (written != static_cast<ssize_t>(line.size())) {
        std::fprintf(stderr, "fb_marker: writing %s: %s\n", path, written < 0 ? std::strerror(errno) : "short write");
        ::close(fd);
        return 1;
    }
    if (::fsync(fd) != 0) {
        std::fprintf(stderr, "fb_marker: fsync %s: %s\n", path, std::strerror(errno));
        ::close(fd);
        return 1;
    }
    ::close(fd);
    if (sleepMs > 0)
        std::this_thread::sleep_for(std::chrono::milliseconds(sleepMs));
    return 0;
}
