#pragma once

#include <QObject>
#include <memory>

namespace firebreak {

class ConsoleSession;
class EngineHost;
class IncidentListModel;
class MainWindow;
class ReviewsConsole;
class RunsConsole;
class TimelineModel;
class WallWindow;
struct CommandLineOptions;

// Builds the console's window (or, with --wall, the war-room wall) on top of an EngineHost and
// connects models to the store and engine by queued signals. In screenshot mode it fast-forwards the
// sandbox, renders the asked-for view and exits.
class GuiRunner : public QObject {
    Q_OBJECT
public:
    GuiRunner(EngineHost& host, const CommandLineOptions& options, QObject* parent = nullptr);
    ~GuiRunner() override;
    void start();
    // Valid after start(); for tests that drive the real console. window() is null in wall mode and
    // wall() is null otherwise.
    MainWindow* window() const;
    WallWindow* wall() const;
    IncidentListModel& incidents() const;
    TimelineModel& timeline() const;
    RunsConsole& runs() const;
    ReviewsConsole& reviews() const;
    ConsoleSession& session() const;

Q_SIGNALS:
    void finished(int exitCode);

private:
    void startConsole();
    void startWall();
    void connectIncidents();
    void openSettings();
    void takeScreenshot();
    void saveScreenshot(QWidget* widget);

    struct Parts;
    EngineHost& m_host;
    std::unique_ptr<Parts> m_parts;
};

} // namespace firebreak
