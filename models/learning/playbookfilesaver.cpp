#include "playbookfilesaver.h"

#include "playbook/playbookloader.h"

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

namespace firebreak {

QString PlaybookFileSaver::sha256(const QByteArray& text)
{
    return QString::fromLatin1(QCryptographicHash::hash(text, QCryptographicHash::Sha256).toHex());
}

QString PlaybookFileSaver::write(const QString& path, const QByteArray& text)
{
    const QFileDevice::Permissions permissions = QFileInfo(path).permissions();
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return QStringLiteral("%1: cannot write beside it: %2").arg(path, file.errorString());
    if (permissions != QFileDevice::Permissions())
        file.setPermissions(permissions);
    if (file.write(text) != text.size() || !file.commit())
        return QStringLiteral("%1: writing failed: %2").arg(path, file.errorString());
    return {};
}

PlaybookFileSaver::Outcome PlaybookFileSaver::save(
    const QString& path, const QString& expectedSha256, const QByteArray& newText)
{
    Outcome outcome;
    if (path.startsWith(QLatin1Char(':'))) {
        outcome.error = QStringLiteral("%1 is compiled into Firebreak and cannot be changed").arg(path);
        return outcome;
    }
    QFile current(path);
    if (!current.open(QIODevice::ReadOnly)) {
        outcome.error = QStringLiteral("%1: cannot read it: %2").arg(path, current.errorString());
        return outcome;
    }
    const QByteArray original = current.readAll();
    current.close();
    outcome.oldSha256 = sha256(original);
    if (outcome.oldSha256 != expectedSha256) {
        outcome.error = QStringLiteral("%1 changed on disk since the backtest read it (SHA-256 %2, now %3); "
                                       "nothing was written: run the backtest again on the file as it is now")
                            .arg(path, expectedSha256.left(12), outcome.oldSha256.left(12));
        return outcome;
    }
    if (const QString error = write(path, newText); !error.isEmpty()) {
        outcome.error = error;
        return outcome;
    }
    const PlaybookLoader::FileResult loaded = PlaybookLoader::load(path);
    if (const auto* errors = std::get_if<QList<ConfigError>>(&loaded)) {
        const QString why = errors->isEmpty() ? QStringLiteral("it does not load") : errors->first().toString();
        const QString restore = write(path, original);
        outcome.error = restore.isEmpty()
            ? QStringLiteral("the changed playbook does not load (%1); the original is back in place").arg(why)
            : QStringLiteral("the changed playbook does not load (%1), and putting the original back failed: %2")
                  .arg(why, restore);
        return outcome;
    }
    outcome.saved = true;
    outcome.newSha256 = sha256(newText);
    outcome.playbook = std::get<Playbook>(loaded);
    return outcome;
}

} // namespace firebreak
