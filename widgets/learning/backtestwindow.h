#pragma once

#include "learning/backtestinput.h"
#include "learning/backtestresult.h"
#include "learning/playbookfilesaver.h"
#include "learning/thresholdsuggestion.h"
#include "playbook/playbook.h"

#include <QPointer>
#include <QVector>
#include <QWidget>
#include <memory>
#include <optional>

class QLabel;
class QMessageBox;

namespace firebreak {

class BacktestChart;
class BacktestControls;
class BacktestLegend;
class BacktestResultPane;
class BacktestService;
class BannerBar;
class Clock;
class OperatorSession;
class StoreReader;
class SuggestionPanel;
class SuggestionSaver;
struct IncidentVerdict;
struct Theme;

// Where an SRE learns from the reviews before touching an alert: pick a playbook's sustained gate,
// replay it over the metric's history beside the real incidents and the reviews' verdicts (chart and
// table), and read the threshold suggestion as a diff of the playbook file. Nothing changes unless a
// signed-in commander clicks Save and confirms; the file is then checked against what the backtest
// read, replaced atomically, and must load, or the original is put back (PlaybookFileSaver).
//
// Reads go to the StoreReader's thread and backtests to the BacktestService on the metric source's
// thread, both by queued call; this window only renders answers.
class BacktestWindow final : public QWidget {
    Q_OBJECT
public:
    // `service` null: no metric source is configured, and Run says so. `playbooks` with their files.
    BacktestWindow(const Theme& theme, const Clock& clock, OperatorSession& session, StoreReader& reader,
        BacktestService* service, QVector<Playbook> playbooks, QWidget* parent = nullptr);
    ~BacktestWindow() override;

    const QVector<Playbook>& playbooks() const { return m_playbooks; }
    bool isRunning() const { return m_running; }
    const BacktestResult& lastResult() const { return m_result; }
    const std::optional<ThresholdSuggestion>& suggestion() const { return m_suggestion; }

    BacktestControls* controls() const { return m_controls; }
    BannerBar* banners() const { return m_banners; }
    BacktestChart* chart() const { return m_chart; }
    BacktestLegend* legend() const { return m_legend; }
    BacktestResultPane* resultPane() const { return m_resultPane; }
    SuggestionPanel* suggestionPanel() const { return m_suggestionPanel; }
    QMessageBox* saveConfirmation() const;

public Q_SLOTS:
    void run();
    void cancel();
    // Asks for confirmation (default Cancel), then saves the suggestion (SuggestionSaver).
    void requestSave();

Q_SIGNALS:
    // A playbook file was changed by Save: for the audit log, with the SHA-256 (hex) before and after.
    void playbookChanged(
        const QString& path, const QString& oldSha256, const QString& newSha256, const QString& author);

private:
    struct Prepared;

    void refreshChoices();
    void onIncidents(quint64 requestId, const QVector<IncidentVerdict>& incidents);
    void onReaderFailed(quint64 requestId, const QString& error);
    void onProgress(quint64 requestId, int done, int total);
    void onFinished(quint64 requestId, const BacktestResult& result, const BacktestInput& input);
    void onSuggested(quint64 requestId, const ThresholdSuggestion& suggestion);
    void startBacktest(const QVector<IncidentVerdict>& incidents);
    void onSaved(const PlaybookFileSaver::Outcome& outcome, const QString& author);
    void updateSaveState();
    void stop(const QString& status);
    void fail(const QString& title, const QString& detail);

    const Theme& m_theme;
    const Clock& m_clock;
    OperatorSession& m_session;
    StoreReader& m_reader;
    QPointer<BacktestService> m_service;
    QVector<Playbook> m_playbooks;
    BannerBar* m_banners = nullptr;
    BacktestControls* m_controls = nullptr;
    QLabel* m_caption = nullptr;
    BacktestChart* m_chart = nullptr;
    BacktestLegend* m_legend = nullptr;
    BacktestResultPane* m_resultPane = nullptr;
    SuggestionPanel* m_suggestionPanel = nullptr;
    SuggestionSaver* m_saver = nullptr;

    std::unique_ptr<Prepared> m_prepared; // the run in flight or last shown
    quint64 m_choicesRequest = 0;
    quint64 m_incidentsRequest = 0;
    quint64 m_backtestRequest = 0;
    bool m_running = false;
    BacktestResult m_result;
    std::optional<ThresholdSuggestion> m_suggestion;
};

} // namespace firebreak
