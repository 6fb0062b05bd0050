#include "auditcommand.h"
#include "commandline.h"
#include "config/configloader.h"
#include "domain/metatypes.h"
#include "enginehost.h"
#include "guirunner.h"
#include "headlessrunner.h"
#include "playbookcommand.h"
#include "reviewcommand.h"
#include "rostercommand.h"
#include "runscommand.h"
#include "shopserver.h"
#include "store/database.h"
#include "timelinecommand.h"

#include <QApplication>
#include <QCoreApplication>
#include <QGuiApplication>
#include <cstdio>
#include <memory>
#include <optional>

using namespace firebreak;

namespace {

void describeApplication()
{
    QCoreApplication::setOrganizationName(QStringLiteral("Firebreak"));
    QCoreApplication::setApplicationName(QStringLiteral("firebreak"));
    QCoreApplication::setApplicationVersion(QStringLiteral(FIREBREAK_VERSION));
}

// Reads the configuration, if one was named, before anything starts: a bad file is reported as
// FILE:LINE and exit code 2 instead of an engine that runs without the sources the user meant.
std::optional<EngineOptions> engineOptions(const CommandLineOptions& options)
{
    EngineOptions engine;
    if (!options.configPath.isEmpty()) {
        auto loaded = ConfigLoader::load(options.configPath);
        if (const auto* error = std::get_if<ConfigError>(&loaded)) {
            std::fprintf(stderr, "firebreak: %s\n", qPrintable(error->toString()));
            return std::nullopt;
        }
        engine.config = std::get<FirebreakConfig>(std::move(loaded));
    }
    // Real sources and the sandbox keep separate stores, so demo data never mixes with real incidents.
    if (!options.dbPath.isEmpty())
        engine.dbPath = options.dbPath;
    else if (engine.config && engine.config->store)
        engine.dbPath = engine.config->store->path;
    else
        engine.dbPath = engine.config ? Database::defaultPath() : Database::defaultSandboxPath();
    auto automation = engine.config ? AutomationSetup::forConfig(*engine.config)
                                    : AutomationSetup::forDemo(options.requireApproval);
    if (const auto* errors = std::get_if<QStringList>(&automation)) {
        for (const QString& error : *errors)
            std::fprintf(stderr, "firebreak: %s\n", qPrintable(error));
        return std::nullopt;
    }
    engine.automation = std::get<AutomationSetup>(std::move(automation));
    engine.scenario = options.scenario;
    engine.speed = options.speed;
    engine.seed = options.seed;
    return engine;
}

int runHeadless(int argc, char** argv, const CommandLineOptions& options)
{
    QCoreApplication app(argc, argv);
    describeApplication();
    auto engine = engineOptions(options);
    if (!engine)
        return 2;
    EngineHost host(std::move(*engine));
    HeadlessRunner runner(host, stdout, options.json, options.forSeconds);
    QObject::connect(&runner, &HeadlessRunner::finished, &app, &QCoreApplication::exit, Qt::QueuedConnection);
    runner.start();
    return app.exec();
}

int runShopServer(int argc, char** argv, const CommandLineOptions& options)
{
    QCoreApplication app(argc, argv);
    describeApplication();
    SandboxOptions sandbox;
    sandbox.seed = options.seed;
    sandbox.speed = options.speed;
    if (!options.scenario.isEmpty())
        sandbox.scenarios = QStringList { options.scenario };
    const QHostAddress address = options.serveHost == QLatin1String("localhost") ? QHostAddress(QHostAddress::LocalHost)
                                                                                 : QHostAddress(options.serveHost);
    ShopServer server(sandbox, address, options.servePort, options.forSeconds, stdout, stderr);
    QObject::connect(&server, &ShopServer::finished, &app, &QCoreApplication::exit, Qt::QueuedConnection);
    server.start();
    return app.exec();
}

int runGui(int argc, char** argv, const CommandLineOptions& options)
{
    QApplication app(argc, argv);
    describeApplication();
    QApplication::setApplicationDisplayName(QStringLiteral("Firebreak"));
    auto engine = engineOptions(options);
    if (!engine)
        return 2;
    EngineHost host(std::move(*engine));
    GuiRunner gui(host, options);
    QObject::connect(&gui, &GuiRunner::finished, &app, &QCoreApplication::exit, Qt::QueuedConnection);
    gui.start();
    const int code = app.exec();
    host.stop();
    return code;
}

} // namespace

int main(int argc, char** argv)
{
    registerMetaTypes();
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);
    const auto parsed = CommandLine::parse(arguments);
    if (const auto* error = std::get_if<CommandLineError>(&parsed)) {
        std::fprintf(stderr, "%s\n", qPrintable(error->message));
        return error->exitCode;
    }
    const auto& options = std::get<CommandLineOptions>(parsed);
    switch (options.mode) {
    case CommandLineOptions::Mode::Help:
        std::fprintf(stdout, "%s", qPrintable(options.helpText));
        return 0;
    case CommandLineOptions::Mode::Version:
        std::fprintf(stdout, "firebreak %s\n", FIREBREAK_VERSION);
        return 0;
    case CommandLineOptions::Mode::Timeline: {
        QCoreApplication app(argc, argv);
        describeApplication();
        return TimelineCommand::run(options, stdout, stderr);
    }
    case CommandLineOptions::Mode::RosterHash:
        return RosterCommand::hash(stdin, stdout, stderr);
    case CommandLineOptions::Mode::Runs: {
        QCoreApplication app(argc, argv);
        describeApplication();
        return RunsCommand::run(options, stdout, stderr);
    }
    case CommandLineOptions::Mode::PlaybookCheck:
        return PlaybookCommand::check(options.playbookPaths, stdout, stderr);
    case CommandLineOptions::Mode::AuditVerify: {
        QCoreApplication app(argc, argv);
        describeApplication();
        return AuditCommand::verify(options, stdout, stderr);
    }
    case CommandLineOptions::Mode::ReviewExport: {
        // Charts and PDF pages need fonts, not a display: an export also runs over ssh or in cron.
        if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
            qputenv("QT_QPA_PLATFORM", "offscreen");
        QGuiApplication app(argc, argv);
        describeApplication();
        return ReviewCommand::exportReview(options, stdout, stderr);
    }
    case CommandLineOptions::Mode::Headless:
        return runHeadless(argc, argv, options);
    case CommandLineOptions::Mode::ServeMetrics:
        return runShopServer(argc, argv, options);
    case CommandLineOptions::Mode::Gui:
    case CommandLineOptions::Mode::Screenshot:
        return runGui(argc, argv, options);
    }
    return 0;
}
