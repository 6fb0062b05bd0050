#include "automationsetup.h"

#include "playbook/playbookloader.h"
#include "roster/rosterloader.h"

namespace firebreak {

namespace {

QStringList messages(const QList<ConfigError>& errors)
{
    QStringList out;
    for (const ConfigError& error : errors)
        out << error.toString();
    return out;
}

bool loadPlaybooks(const QString& directory, AutomationSetup* setup, QStringList* errors)
{
    auto files = PlaybookLoader::directoryFiles(directory);
    if (const auto* error = std::get_if<ConfigError>(&files)) {
        *errors << error->toString();
        return false;
    }
    setup->playbookFiles = std::get<QStringList>(files);
    auto loaded = PlaybookLoader::loadDirectory(directory);
    if (const auto* failures = std::get_if<QList<ConfigError>>(&loaded)) {
        *errors << messages(*failures);
        return false;
    }
    setup->playbooks = std::get<QVector<Playbook>>(loaded);
    return true;
}

bool loadRoster(const QString& path, AutomationSetup* setup, QStringList* errors)
{
    auto loaded = RosterLoader::load(path);
    if (const auto* failures = std::get_if<QList<ConfigError>>(&loaded)) {
        *errors << messages(*failures);
        return false;
    }
    setup->roster = std::make_shared<const Roster>(std::get<Roster>(loaded));
    return true;
}

} // namespace

std::variant<AutomationSetup, QStringList> AutomationSetup::forDemo(bool requireApproval)
{
    AutomationSetup setup;
    QStringList errors;
    if (!loadPlaybooks(QStringLiteral(":/playbooks"), &setup, &errors)
        || !loadRoster(QStringLiteral(":/roster/demo-roster.yaml"), &setup, &errors))
        return errors;
    setup.settings.autoApproveLow = !requireApproval;
    return setup;
}

std::variant<AutomationSetup, QStringList> AutomationSetup::forConfig(const FirebreakConfig& config)
{
    AutomationSetup setup;
    if (!config.automation)
        return setup;
    const AutomationSettings& automation = *config.automation;
    QStringList errors;
    if (!automation.playbooksDir.isEmpty() && !loadPlaybooks(automation.playbooksDir, &setup, &errors))
        return errors;
    if (!automation.rosterFile.isEmpty() && !loadRoster(automation.rosterFile, &setup, &errors))
        return errors;
    setup.settings.frozen = automation.frozen;
    setup.settings.autoApproveLow = automation.autoApproveLow;
    if (automation.rateLimit) {
        setup.settings.globalMaxRuns = automation.rateLimit->maxRuns;
        setup.settings.globalPerMs = automation.rateLimit->perMs;
    }
    setup.settings.maintenance = automation.maintenance;
    return setup;
}

} // namespace firebreak
