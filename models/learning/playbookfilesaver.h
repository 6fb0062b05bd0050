#pragma once

#include "playbook/playbook.h"

#include <QByteArray>
#include <QString>
#include <optional>

namespace firebreak {

// Writes a reviewed change into its playbook file without ever leaving a broken or half-written one
// behind: it refuses when the file changed since the person read it (someone else's edit would be
// lost silently), writes a temporary file beside it and renames it over (keeping the permissions),
// then loads the result with the real PlaybookLoader and puts the original back if it does not load.
// Only the person's click gets here; nothing calls it on its own.
class PlaybookFileSaver {
public:
    struct Outcome {
        bool saved = false;
        QString error; // why nothing changed, or why the original is back in place
        QString oldSha256; // lower-case hex of the text replaced
        QString newSha256; // of the text written
        std::optional<Playbook> playbook; // as loaded from the saved file
    };

    static QString sha256(const QByteArray& text); // lower-case hex

    // Replaces `path` with `newText` if it still hashes to `expectedSha256`.
    static Outcome save(const QString& path, const QString& expectedSha256, const QByteArray& newText);

private:
    static QString write(const QString& path, const QByteArray& text);
};

} // namespace firebreak
