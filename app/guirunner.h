#pragma once

#include <QObject>
#include <memory>

namespace firebreak {

class EngineHost;
class IncidentListModel;
class MainWindow;
class TimelineModel;
struct CommandLineOptions;

// Builds the console's window on top of an EngineHost and connects models to the store and engine
// by queued signals. In screenshot mode it fast-forwards the sandbox, renders and exits.
class GuiRunner : public QObject {
    Q_OBJECT
public:
    GuiRunner(EngineHost& host, const CommandLineOptions& options, QObject* parent = nullptr);
    ~GuiRunner() override;
    void start();
    // Valid after start(); for tests that drive the real console.
    MainWindow* window() const;
    IncidentListModel& incidents() const;
    TimelineModel& timeline() const;

Q_SIGNALS:
    void finished(int exitCode);

private:
    void saveScreenshot();

    struct Parts;
    EngineHost& m_host;
    std::unique_ptr<Parts> m_parts;
};

} // namespace firebreak
