#pragma once

#include <QString>
#include <QStringList>
#include <variant>

namespace firebreak {

// Everything the command line can ask for, validated. Parsing is separate from running so that the
// contract (including every error message and exit code 2) is testable without starting anything.
struct CommandLineOptions {
    enum class Mode {
        Gui,
        Headless,
        Timeline,
        AuditVerify,
        Screenshot,
        ServeMetrics,
        PlaybookCheck,
        RosterHash,
        Runs,
        Help,
        Version,
        ReviewExport
    };
    Mode mode = Mode::Gui;
    bool demo = true; // false when a configuration file names the real sources
    bool requireApproval = false; // sandbox: low-risk runs wait for an approval too
    QString configPath; // --config FILE: real sources instead of the sandbox
    QString scenario; // empty = cycle all
    double speed = 60;
    quint64 seed = 1;
    QString dbPath; // empty = default location (for audit verify: Database::defaultPath())
    double forSeconds = -1; // headless: < 0 runs until SIGINT/SIGTERM
    bool json = false;
    QString screenshotPath;
    QString view = QStringLiteral("main"); // screenshot: main | approval | run | wall
    bool wall = false; // --wall, or a screenshot of the wall view
    double afterSeconds = 600; // screenshot: simulated seconds of activity before rendering
    qint64 incidentId = 0; // timeline: 0 = all
    QString serveHost; // --serve-metrics: an IP literal (IPv6 without brackets) or "localhost"
    quint16 servePort = 0;
    QStringList playbookPaths; // playbook check: files and directories
    QString helpText;
    QString exportFormat; // review export: md | html | pdf
    QString outputPath; // review export: -o FILE
};

struct CommandLineError {
    QString message;
    int exitCode = 2;
};

class CommandLine {
public:
    // `arguments` includes the program name first, as QCoreApplication::arguments() does.
    static std::variant<CommandLineOptions, CommandLineError> parse(const QStringList& arguments);
};

} // namespace firebreak
