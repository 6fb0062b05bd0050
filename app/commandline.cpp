#include "commandline.h"

#include "sandbox/sandboxplatform.h"

#include <QCommandLineParser>
#include <QHostAddress>

namespace firebreak {

namespace {
CommandLineError error(const QString& message)
{
    return CommandLineError {
        QStringLiteral("firebreak: ") + message + QStringLiteral("\nTry 'firebreak --help' for more information."), 2
    };
}

QString usage()
{
    return QStringLiteral(
        "Forms:\n"
        "  firebreak [--demo] [--scenario NAME] [--speed N] [--seed N] [--db PATH]\n"
        "  firebreak --config FILE [--db PATH]\n"
        "  firebreak --headless --config FILE [--for SECONDS] [--json] [--db PATH]\n"
        "  firebreak --headless --demo --for SECONDS [--json] [--scenario NAME] [--db PATH]\n"
        "  firebreak --wall [--demo | --config FILE] [--db PATH]\n"
        "  firebreak --screenshot FILE [--demo | --config FILE] [--view main|approval|run|wall] [--after SECONDS]\n"
        "  firebreak timeline --db PATH [--incident ID] [--json]\n"
        "  firebreak playbook check FILE|DIR...\n"
        "  firebreak audit verify [--db PATH]\n"
        "  firebreak review export INCIDENT --format md|html|pdf -o FILE [--db PATH]\n"
        "  firebreak --serve-metrics HOST:PORT [--scenario NAME] [--speed N] [--seed N] [--for SECONDS]\n\n"
        "Firebreak gathers alerts, live metrics and automation runs into one incident timeline.\n"
        "Without a configuration it runs on its built-in sandbox: a simulated two-region shop.\n\n");
}

// HOST:PORT with an IPv4 literal, "localhost" or a bracketed IPv6 literal; false if it is none of them.
bool splitHostPort(const QString& text, QString* host, quint16* port)
{
    const qsizetype colon = text.lastIndexOf(QLatin1Char(':'));
    if (colon <= 0)
        return false;
    QString hostPart = text.left(colon);
    if (hostPart.startsWith(QLatin1Char('[')) && hostPart.endsWith(QLatin1Char(']')))
        hostPart = hostPart.mid(1, hostPart.size() - 2);
    else if (hostPart.contains(QLatin1Char(':')))
        return false; // an IPv6 address needs brackets
    bool ok = false;
    const uint number = text.mid(colon + 1).toUInt(&ok);
    if (!ok || number > 65535)
        return false;
    // QHostAddress also takes shorthand like "1.2.3" (= 1.2.0.3); only dotted quads are meant here.
    const bool ipv6 = hostPart.contains(QLatin1Char(':'));
    if (hostPart != QLatin1String("localhost")
        && (QHostAddress(hostPart).isNull() || (!ipv6 && hostPart.count(QLatin1Char('.')) != 3)))
        return false;
    *host = hostPart;
    *port = quint16(number);
    return true;
}
QStringList screenshotViews()
{
    return { QStringLiteral("main"), QStringLiteral("approval"), QStringLiteral("run"), QStringLiteral("wall") };
}

// `playbook check FILE|DIR...`, which takes no options.
std::variant<CommandLineOptions, CommandLineError> playbookCheck(
    const QCommandLineParser& parser, const QStringList& positional)
{
    if (positional.size() < 2 || positional.at(1) != QLatin1String("check"))
        return error(QStringLiteral("playbook needs a subcommand: playbook check FILE|DIR..."));
    if (positional.size() < 3)
        return error(QStringLiteral("playbook check needs at least one playbook file or directory"));
    if (!parser.optionNames().isEmpty())
        return error(QStringLiteral("playbook check takes no options, only files and directories"));
    CommandLineOptions options;
    options.mode = CommandLineOptions::Mode::PlaybookCheck;
    options.playbookPaths = positional.mid(2);
    return options;
}

// `review export INCIDENT --format md|html|pdf -o FILE [--db PATH]`.
std::variant<CommandLineOptions, CommandLineError> reviewExport(const QCommandLineParser& parser,
    const QStringList& positional, const QCommandLineOption& format, const QCommandLineOption& output,
    const QCommandLineOption& db)
{
    const QString form = QStringLiteral("review export INCIDENT --format md|html|pdf -o FILE [--db PATH]");
    if (positional.size() < 2 || positional.at(1) != QLatin1String("export"))
        return error(QStringLiteral("review needs a subcommand: %1").arg(form));
    if (positional.size() < 3)
        return error(QStringLiteral("review export needs an incident id: %1").arg(form));
    if (positional.size() > 3)
        return error(QStringLiteral("review export takes one incident id, not '%1'")
                         .arg(positional.mid(2).join(QLatin1Char(' '))));
    for (const QString& name : parser.optionNames()) {
        if (name != QLatin1String("format") && name != QLatin1String("o") && name != QLatin1String("output")
            && name != QLatin1String("db"))
            return error(QStringLiteral("review export takes only --format, -o and --db, not --%1").arg(name));
    }
    CommandLineOptions options;
    bool ok = false;
    options.incidentId = positional.at(2).toLongLong(&ok);
    if (!ok || options.incidentId <= 0)
        return error(
            QStringLiteral("review export: INCIDENT must be a positive incident id, not '%1'").arg(positional.at(2)));
    if (!parser.isSet(format))
        return error(QStringLiteral("review export needs --format md|html|pdf"));
    options.exportFormat = parser.value(format).trimmed().toLower();
    if (options.exportFormat == QLatin1String("markdown"))
        options.exportFormat = QStringLiteral("md");
    if (!QStringList { QStringLiteral("md"), QStringLiteral("html"), QStringLiteral("pdf") }.contains(
            options.exportFormat))
        return error(QStringLiteral("unknown export format '%1' (known: md, html, pdf)").arg(parser.value(format)));
    if (!parser.isSet(output))
        return error(QStringLiteral("review export needs -o FILE"));
    options.outputPath = parser.value(output);
    if (options.outputPath.isEmpty())
        return error(QStringLiteral("-o needs a file name"));
    options.dbPath = parser.value(db);
    if (parser.isSet(db) && options.dbPath.isEmpty())
        return error(QStringLiteral("--db needs a path"));
    options.mode = CommandLineOptions::Mode::ReviewExport;
    return options;
}
} // namespace

std::variant<CommandLineOptions, CommandLineError> CommandLine::parse(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    parser.setApplicationDescription(usage());
    const QCommandLineOption help({ QStringLiteral("h"), QStringLiteral("help") }, QStringLiteral("Show this help."));
    const QCommandLineOption version(QStringLiteral("version"), QStringLiteral("Show the version."));
    const QCommandLineOption demo(
        QStringLiteral("demo"), QStringLiteral("Run on the built-in sandbox, cycling all scenarios (default)."));
    const QCommandLineOption requireApproval(QStringLiteral("require-approval"),
        QStringLiteral("Sandbox: low-risk playbooks wait for an approval too (by default they run without one)."));
    const QCommandLineOption scenario(QStringLiteral("scenario"),
        QStringLiteral("Run only this sandbox scenario: %1.")
            .arg(SandboxPlatform::scenarioNames().join(QStringLiteral(", "))),
        QStringLiteral("NAME"));
    const QCommandLineOption speed(QStringLiteral("speed"),
        QStringLiteral("Sandbox clock speed, simulated seconds per second (default 60)."), QStringLiteral("N"));
    const QCommandLineOption seed(
        QStringLiteral("seed"), QStringLiteral("Sandbox random seed (default 1)."), QStringLiteral("N"));
    const QCommandLineOption config(QStringLiteral("config"),
        QStringLiteral("Use the real sources (Alertmanager, Prometheus, feeds) named in this YAML file."),
        QStringLiteral("FILE"));
    const QCommandLineOption db(QStringLiteral("db"), QStringLiteral("SQLite store to use."), QStringLiteral("PATH"));
    const QCommandLineOption headless(QStringLiteral("headless"), QStringLiteral("Run the engine without a window."));
    const QCommandLineOption forOption(
        QStringLiteral("for"), QStringLiteral("Headless: stop after SECONDS of wall time."), QStringLiteral("SECONDS"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print events as JSON lines."));
    const QCommandLineOption screenshot(QStringLiteral("screenshot"),
        QStringLiteral("Render the main window to a PNG and exit."), QStringLiteral("FILE"));
    const QCommandLineOption after(QStringLiteral("after"),
        QStringLiteral("Screenshot: simulated seconds of activity first (default 600)."), QStringLiteral("SECONDS"));
    const QCommandLineOption incident(
        QStringLiteral("incident"), QStringLiteral("Timeline: only this incident."), QStringLiteral("ID"));
    const QCommandLineOption serveMetrics(QStringLiteral("serve-metrics"),
        QStringLiteral("Run only the simulated shop, headless, publishing its metrics for Prometheus at "
                       "http://HOST:PORT/metrics (port 0 picks a free one)."),
        QStringLiteral("HOST:PORT"));
    const QCommandLineOption wall(QStringLiteral("wall"),
        QStringLiteral("War-room wall display: full screen, read-only, one big tile per open incident."));
    const QCommandLineOption view(QStringLiteral("view"),
        QStringLiteral("Screenshot: what to render, one of %1 (default main).")
            .arg(screenshotViews().join(QStringLiteral(", "))),
        QStringLiteral("NAME"));
    const QCommandLineOption format(QStringLiteral("format"),
        QStringLiteral("Review export: md (pastes into wikis), html (one self-contained file) or pdf."),
        QStringLiteral("FORMAT"));
    const QCommandLineOption output({ QStringLiteral("o"), QStringLiteral("output") },
        QStringLiteral("Review export: the file to write."), QStringLiteral("FILE"));
    parser.addOptions({ help, version, demo, requireApproval, config, scenario, speed, seed, db, headless, forOption,
        json, screenshot, after, incident, serveMetrics, wall, view, format, output });
    parser.addPositionalArgument(QStringLiteral("command"),
        QStringLiteral("Optional subcommand: timeline, runs, audit verify, playbook check FILE|DIR..., review export "
                       "INCIDENT, or roster hash (reads a passphrase on standard input and prints the line for a "
                       "roster file)."),
        QStringLiteral("[timeline | runs | audit verify | playbook check FILE|DIR... | review export INCIDENT | "
                       "roster hash]"));

    if (!parser.parse(arguments))
        return error(parser.errorText());

    CommandLineOptions options;
    // Parsed before any QCoreApplication exists, so Qt does not know the program name yet.
    options.helpText = parser.helpText().replace(QStringLiteral("<executable_name>"), QStringLiteral("firebreak"));
    if (parser.isSet(help)) {
        options.mode = CommandLineOptions::Mode::Help;
        return options;
    }
    if (parser.isSet(version)) {
        options.mode = CommandLineOptions::Mode::Version;
        return options;
    }

    const QStringList positional = parser.positionalArguments();
    if (!positional.isEmpty() && positional.first() == QLatin1String("playbook"))
        return playbookCheck(parser, positional);
    if (!positional.isEmpty() && positional.first() == QLatin1String("review"))
        return reviewExport(parser, positional, format, output, db);
    if (parser.isSet(format) || parser.isSet(output))
        return error(QStringLiteral("--format and -o only apply to review export"));
    const QString command = positional.join(QLatin1Char(' '));
    if (command == QLatin1String("roster"))
        return error(QStringLiteral("roster needs a subcommand: roster hash"));
    if (command == QLatin1String("roster hash")) {
        if (!parser.optionNames().isEmpty())
            return error(QStringLiteral("roster hash takes no options; it reads the passphrase from standard input"));
        options.mode = CommandLineOptions::Mode::RosterHash;
        return options;
    }
    if (command == QLatin1String("runs")) {
        for (const QString& name : parser.optionNames()) {
            if (name != QLatin1String("db") && name != QLatin1String("json"))
                return error(QStringLiteral("runs takes only --db PATH and --json, not --%1").arg(name));
        }
        options.dbPath = parser.value(db);
        if (parser.isSet(db) && options.dbPath.isEmpty())
            return error(QStringLiteral("--db needs a path"));
        options.json = parser.isSet(json);
        options.mode = CommandLineOptions::Mode::Runs;
        return options;
    }
    if (command == QLatin1String("audit"))
        return error(QStringLiteral("audit needs a subcommand: audit verify"));
    if (!command.isEmpty() && command != QLatin1String("timeline") && command != QLatin1String("audit verify"))
        return error(QStringLiteral(
            "unknown command '%1' (known: timeline, runs, audit verify, playbook check, review export, roster hash)")
                         .arg(command));
    const bool timeline = command == QLatin1String("timeline");
    if (command == QLatin1String("audit verify")) {
        for (const QString& name : parser.optionNames()) {
            if (name != QLatin1String("db"))
                return error(QStringLiteral("audit verify takes only --db PATH, not --%1").arg(name));
        }
        options.dbPath = parser.value(db);
        if (parser.isSet(db) && options.dbPath.isEmpty())
            return error(QStringLiteral("--db needs a path"));
        options.mode = CommandLineOptions::Mode::AuditVerify;
        return options;
    }

    options.dbPath = parser.value(db);
    options.json = parser.isSet(json);
    if (parser.isSet(db) && options.dbPath.isEmpty())
        return error(QStringLiteral("--db needs a path"));

    if (parser.isSet(config)) {
        options.configPath = parser.value(config);
        if (options.configPath.isEmpty())
            return error(QStringLiteral("--config needs a file"));
        for (const QCommandLineOption* sandboxOnly : { &demo, &requireApproval, &scenario, &speed, &seed }) {
            if (parser.isSet(*sandboxOnly))
                return error(QStringLiteral("--%1 is for the built-in sandbox and cannot be combined with --config")
                                 .arg(sandboxOnly->names().constLast()));
        }
        options.demo = false;
    }
    options.requireApproval = parser.isSet(requireApproval);
    if (parser.isSet(speed)) {
        bool ok = false;
        options.speed = parser.value(speed).toDouble(&ok);
        if (!ok || !(options.speed > 0) || options.speed > 100000)
            return error(QStringLiteral("--speed must be a number above 0 and at most 100000, not '%1'")
                             .arg(parser.value(speed)));
    }
    if (parser.isSet(seed)) {
        bool ok = false;
        options.seed = parser.value(seed).toULongLong(&ok);
        if (!ok)
            return error(QStringLiteral("--seed must be a non-negative integer, not '%1'").arg(parser.value(seed)));
    }
    if (parser.isSet(scenario)) {
        options.scenario = parser.value(scenario);
        if (!SandboxPlatform::scenarioNames().contains(options.scenario))
            return error(QStringLiteral("unknown scenario '%1' (known: %2)")
                             .arg(options.scenario, SandboxPlatform::scenarioNames().join(QStringLiteral(", "))));
    }
    if (parser.isSet(forOption)) {
        bool ok = false;
        options.forSeconds = parser.value(forOption).toDouble(&ok);
        if (!ok || options.forSeconds < 0)
            return error(
                QStringLiteral("--for must be a number of seconds >= 0, not '%1'").arg(parser.value(forOption)));
        if (!parser.isSet(headless) && !parser.isSet(serveMetrics))
            return error(QStringLiteral("--for only applies to --headless and --serve-metrics"));
    }
    if (parser.isSet(after)) {
        bool ok = false;
        options.afterSeconds = parser.value(after).toDouble(&ok);
        if (!ok || options.afterSeconds < 0)
            return error(QStringLiteral("--after must be a number of seconds >= 0, not '%1'").arg(parser.value(after)));
        if (!parser.isSet(screenshot))
            return error(QStringLiteral("--after only applies to --screenshot"));
    }
    if (parser.isSet(incident)) {
        bool ok = false;
        options.incidentId = parser.value(incident).toLongLong(&ok);
        if (!ok || options.incidentId <= 0)
            return error(
                QStringLiteral("--incident must be a positive incident id, not '%1'").arg(parser.value(incident)));
        if (!timeline)
            return error(QStringLiteral("--incident only applies to the timeline command"));
    }

    if ((parser.isSet(wall) || parser.isSet(view)) && (timeline || parser.isSet(serveMetrics)))
        return error(QStringLiteral("--wall and --view only apply to the console"));
    if (parser.isSet(serveMetrics)) {
        if (timeline || parser.isSet(headless) || parser.isSet(screenshot) || parser.isSet(db) || options.json
            || parser.isSet(config))
            return error(QStringLiteral(
                "--serve-metrics runs the simulated shop alone; it cannot be combined with timeline, --headless, "
                "--screenshot, --db, --json or --config"));
        if (!splitHostPort(parser.value(serveMetrics), &options.serveHost, &options.servePort))
            return error(QStringLiteral("--serve-metrics needs HOST:PORT (for example 127.0.0.1:9101 or [::1]:9101), "
                                        "not '%1'")
                             .arg(parser.value(serveMetrics)));
        options.mode = CommandLineOptions::Mode::ServeMetrics;
        return options;
    }
    if (timeline) {
        if (options.dbPath.isEmpty())
            return error(QStringLiteral("timeline needs --db PATH"));
        if (parser.isSet(headless) || parser.isSet(screenshot) || parser.isSet(config))
            return error(QStringLiteral("timeline cannot be combined with --headless, --screenshot or --config"));
        options.mode = CommandLineOptions::Mode::Timeline;
        return options;
    }
    if (parser.isSet(headless) && parser.isSet(screenshot))
        return error(QStringLiteral("--headless and --screenshot cannot be combined"));
    if (parser.isSet(wall) && (parser.isSet(headless) || parser.isSet(screenshot)))
        return error(QStringLiteral("--wall is a display; it cannot be combined with --headless or --screenshot "
                                    "(use --screenshot FILE --view wall)"));
    if (parser.isSet(view)) {
        if (!parser.isSet(screenshot))
            return error(QStringLiteral("--view only applies to --screenshot"));
        options.view = parser.value(view);
        if (!screenshotViews().contains(options.view))
            return error(QStringLiteral("unknown view '%1' (known: %2)")
                             .arg(options.view, screenshotViews().join(QStringLiteral(", "))));
    }
    options.wall = parser.isSet(wall) || options.view == QLatin1String("wall");
    if (parser.isSet(headless)) {
        options.mode = CommandLineOptions::Mode::Headless;
    } else if (parser.isSet(screenshot)) {
        options.mode = CommandLineOptions::Mode::Screenshot;
        options.screenshotPath = parser.value(screenshot);
        if (options.screenshotPath.isEmpty())
            return error(QStringLiteral("--screenshot needs a file name"));
    } else if (options.json) {
        return error(QStringLiteral("--json only applies to --headless and timeline"));
    }
    return options;
}

} // namespace firebreak
