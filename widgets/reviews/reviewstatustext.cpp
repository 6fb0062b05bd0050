#include "reviewstatustext.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QStringList>
#include <QTimeZone>

namespace firebreak {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("ReviewStatusText", text);
}

} // namespace

QString ReviewStatusText::utcClock(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::utc()).toString(QStringLiteral("HH:mm:ss"))
        + QStringLiteral(" UTC");
}

QString ReviewStatusText::text(const Facts& facts, bool* alarming)
{
    *alarming = false;
    QStringList parts;
    parts.append(facts.final ? tr("Final") : facts.reopened ? tr("Draft (reopened)") : tr("Draft"));
    parts.append(facts.version > 0 ? tr("version %1").arg(facts.version) : tr("no version saved yet"));
    if (facts.final)
        parts.append(tr("read-only until reopened as a draft"));
    else if (facts.readOnly)
        parts.append(tr("read-only"));

    if (facts.savingVersion) {
        parts.append(facts.savingFinal ? tr("Finalising…") : tr("Saving version…"));
    } else if (!facts.versionError.isEmpty()) {
        parts.append(tr("Version not saved: %1").arg(facts.versionError));
        *alarming = true;
    }
    switch (facts.autosave) {
    case ReviewAutosaver::State::Failed:
        parts.append(tr("Not saved: %1").arg(facts.autosaveError));
        *alarming = true;
        break;
    case ReviewAutosaver::State::Unsaved:
    case ReviewAutosaver::State::Saving:
        if (facts.autosavedMs > 0 && facts.nowMs - facts.autosavedMs <= RecentCopyMs)
            parts.append(tr("autosaved %1").arg(utcClock(facts.autosavedMs)));
        else
            parts.append(tr("Saving…"));
        break;
    case ReviewAutosaver::State::Saved:
        if (facts.autosavedMs > 0)
            parts.append(tr("autosaved %1").arg(utcClock(facts.autosavedMs)));
        break;
    }
    return parts.join(QStringLiteral(" · "));
}

} // namespace firebreak
