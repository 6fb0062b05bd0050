#include "rostercommand.h"

#include "roster/passphrasehash.h"

#include <QByteArray>
#include <termios.h>
#include <unistd.h>

namespace firebreak {

int RosterCommand::hash(std::FILE* in, std::FILE* out, std::FILE* err)
{
    const int fd = fileno(in);
    termios saved {};
    const bool terminal = isatty(fd) && tcgetattr(fd, &saved) == 0;
    if (terminal) {
        termios quiet = saved;
        quiet.c_lflag &= ~tcflag_t(ECHO);
        tcsetattr(fd, TCSAFLUSH, &quiet);
        std::fprintf(err, "Passphrase: ");
        std::fflush(err);
    }
    QByteArray line;
    for (int c = std::fgetc(in); c != EOF && c != '\n'; c = std::fgetc(in))
        line.append(char(c));
    if (terminal) {
        tcsetattr(fd, TCSAFLUSH, &saved);
        std::fprintf(err, "\n");
    }
    if (line.endsWith('\r'))
        line.chop(1);
    const QString passphrase = QString::fromUtf8(line);
    line.fill('\0');
    if (passphrase.isEmpty()) {
        std::fprintf(err, "firebreak: roster hash: the passphrase is empty (it is read from standard input)\n");
        return 2;
    }
    std::fprintf(out, "%s\n", qPrintable(PassphraseHash::create(passphrase)));
    return 0;
}

} // namespace firebreak
