#pragma once

#include <QObject>
#include <QTimer>
#include <cstdio>

namespace firebreak {

class EngineHost;
struct CommittedBatch;
struct StoreOpenResult;

// `firebreak --headless`: the same engine as the GUI, printing every timeline event as it is
// committed (so what is printed is exactly what is stored), for SECONDS of wall time or until
// SIGINT/SIGTERM.
class HeadlessRunner : public QObject {
    Q_OBJECT
public:
    HeadlessRunner(EngineHost& host, std::FILE* out, bool json, double forSeconds, QObject* parent = nullptr);
    void start();

Q_SIGNALS:
    void finished(int exitCode);

private:
    void print(const CommittedBatch& batch);
    void onStoreOpened(const StoreOpenResult& result);
    void finish(int exitCode);

    EngineHost& m_host;
    std::FILE* m_out;
    bool m_json;
    double m_forSeconds;
    QTimer m_signalPoll;
    bool m_finished = false;
};

} // namespace firebreak
