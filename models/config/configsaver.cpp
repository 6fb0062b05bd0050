#include "configsaver.h"

#include "configdiff.h"
#include "configloader.h"
#include "configwriter.h"
#include "tokenfile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QSaveFile>
#include <QTemporaryFile>
#include <cerrno>
#include <cstring>
#include <unistd.h>

namespace firebreak {

namespace {

// Token files replaced during one save, with hard links to what they held before, so that a failed
// save can put every one of them back byte for byte and mode for mode.
class TokenTransaction {
public:
    TokenTransaction() = default;
    TokenTransaction(const TokenTransaction&) = delete;
    TokenTransaction& operator=(const TokenTransaction&) = delete;
    ~TokenTransaction()
    {
        if (!m_committed)
            rollback();
    }

    std::optional<QString> write(const ConfigSaver::Token& token)
    {
        const QFileInfo target(token.file);
        Entry entry { target.absoluteFilePath(), QString() };
        if (target.exists() || target.isSymLink()) {
            const QByteArray from = QFile::encodeName(entry.target);
            for (int attempt = 0; attempt < 8 && entry.backup.isEmpty(); ++attempt) {
                const QString candidate = target.absolutePath() + QStringLiteral("/.") + target.fileName()
                    + QStringLiteral(".previous-%1")
                          .arg(QRandomGenerator::global()->generate(), 8, 16, QLatin1Char('0'));
                if (::link(from.constData(), QFile::encodeName(candidate).constData()) == 0)
                    entry.backup = candidate;
                else if (errno != EEXIST)
                    return QStringLiteral("cannot keep a copy of token file %1 before replacing it: %2")
                        .arg(entry.target, QString::fromLocal8Bit(std::strerror(errno)));
            }
            if (entry.backup.isEmpty())
                return QStringLiteral("cannot keep a copy of token file %1 before replacing it").arg(entry.target);
        }
        m_entries.append(entry);
        return TokenFile::write(entry.target, token.token);
    }

    void commit()
    {
        m_committed = true;
        for (const Entry& entry : std::as_const(m_entries)) {
            if (!entry.backup.isEmpty())
                QFile::remove(entry.backup);
        }
    }

private:
    struct Entry {
        QString target;
        QString backup; // empty: the file did not exist before
    };

    void rollback()
    {
        for (auto it = m_entries.crbegin(); it != m_entries.crend(); ++it) {
            const QByteArray target = QFile::encodeName(it->target);
            if (it->backup.isEmpty())
                ::unlink(target.constData());
            else
                ::rename(QFile::encodeName(it->backup).constData(), target.constData());
        }
    }

    QVector<Entry> m_entries;
    bool m_committed = false;
};

} // namespace

std::variant<FirebreakConfig, QString> ConfigSaver::save(
    const FirebreakConfig& config, const QString& path, const QVector<Token>& tokens)
{
    const QFileInfo info(path);
    const QString file = info.absoluteFilePath();
    const QDir directory = info.absoluteDir();
    if (!directory.exists()) {
        if (!QDir().mkpath(directory.absolutePath()))
            return QStringLiteral("cannot create directory %1").arg(directory.absolutePath());
        // Token files go here too.
        QFile::setPermissions(
            directory.absolutePath(), QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    }

    TokenTransaction transaction;
    for (const Token& token : tokens) {
        if (const std::optional<QString> error = transaction.write(token))
            return *error + QStringLiteral("; nothing was saved");
    }

    const QByteArray text = ConfigWriter::toYaml(config, file);
    // Read back from the directory it will live in, so that relative paths resolve as they will.
    QTemporaryFile probe(directory.filePath(QStringLiteral(".firebreak-check-XXXXXX.yaml")));
    if (!probe.open() || probe.write(text) != text.size() || !probe.flush())
        return QStringLiteral("cannot write a trial copy next to %1: %2").arg(file, probe.errorString());
    const auto loaded = ConfigLoader::load(probe.fileName());
    if (const auto* error = std::get_if<ConfigError>(&loaded)) {
        ConfigError placed = *error;
        placed.file = file;
        return QStringLiteral("Firebreak would refuse this configuration, so nothing was saved: %1")
            .arg(placed.toString());
    }
    FirebreakConfig result = std::get<FirebreakConfig>(loaded);
    const QString difference = ConfigDiff::firstDifference(config, result);
    if (!difference.isEmpty()) {
        return QStringLiteral("the written configuration would read back differently (%1), so nothing was saved")
            .arg(difference);
    }

    QSaveFile output(file);
    if (!output.open(QIODevice::WriteOnly) || output.write(text) != text.size() || !output.commit())
        return QStringLiteral("cannot save %1: %2; nothing was saved").arg(file, output.errorString());
    transaction.commit();
    result.sourceFile = file;
    return result;
}

} // namespace firebreak
