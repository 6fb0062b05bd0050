#include "backtestwindow.h"

#include "backtestchart.h"
#include "backtestcontrols.h"
#include "backtestlegend.h"
#include "backtestresultpane.h"
#include "correlation/correlationevents.h"
#include "interfaces/clock.h"
#include "itemmodels/requestids.h"
#include "learning/backtestservice.h"
#include "learning/incidentlabelchoices.h"
#include "learning/playbookfilesaver.h"
#include "learning/suggestionsentence.h"
#include "playbook/templaterenderer.h"
#include "roster/operatorsession.h"
#include "status/bannerbar.h"
#include "store/storereader.h"
#include "style/panestyle.h"
#include "suggestionpanel.h"
#include "suggestionsaver.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QShortcut>
#include <QSplitter>
#include <QVBoxLayout>

namespace firebreak {

// What one Run was asked with, kept for the answers and for Save.
struct BacktestWindow::Prepared {
    int playbook = -1;
    PlaybookGate sustained;
    std::optional<PlaybookGate> confirm;
    QString sustainedQuery;
    QString confirmQuery;
    LabelSet values;
    qint64 startMs = 0;
    qint64 endMs = 0;
    QString path;
    QByteArray text; // the file as the backtest read it; empty when it could not be read
    QString sha256;
};

namespace {

const QString BannerKey = QStringLiteral("backtest");

QString clockText(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("MM-dd HH:mm"));
}

} // namespace

BacktestWindow::BacktestWindow(const Theme& theme, const Clock& clock, OperatorSession& session, StoreReader& reader,
    BacktestService* service, QVector<Playbook> playbooks, QWidget* parent)
    : QWidget(parent, Qt::Window)
    , m_theme(theme)
    , m_clock(clock)
    , m_session(session)
    , m_reader(reader)
    , m_service(service)
    , m_playbooks(std::move(playbooks))
    , m_banners(new BannerBar(theme, this))
    , m_controls(new BacktestControls(theme, this))
    , m_caption(new QLabel(this))
    , m_chart(new BacktestChart(theme, this))
    , m_legend(new BacktestLegend(theme, this))
    , m_resultPane(new BacktestResultPane(theme, this))
    , m_suggestionPanel(new SuggestionPanel(theme, this))
    , m_saver(new SuggestionSaver(session, this))
{
    setWindowTitle(tr("Backtest a gate \u2014 Firebreak"));
    resize(1280, 880);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_banners);
    auto* body = new QWidget(this);
    auto* inner = new QVBoxLayout(body);
    inner->setContentsMargins(12, 10, 12, 10);
    inner->setSpacing(8);
    inner->addWidget(m_controls);

    auto* chartPane = new QWidget(this);
    auto* chartLayout = new QVBoxLayout(chartPane);
    chartLayout->setContentsMargins(0, 0, 0, 0);
    chartLayout->setSpacing(4);
    m_caption->setWordWrap(true);
    PaneStyle::muted(*m_caption, theme);
    chartLayout->addWidget(m_caption);
    chartLayout->addWidget(m_chart, 1);
    chartLayout->addWidget(m_legend);
    auto* lower = new QSplitter(Qt::Horizontal, this);
    lower->addWidget(m_resultPane);
    lower->addWidget(m_suggestionPanel);
    lower->setStretchFactor(0, 1);
    lower->setStretchFactor(1, 1);
    lower->setSizes({ 700, 560 });
    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(chartPane);
    split->addWidget(lower);
    split->setStretchFactor(0, 5);
    split->setStretchFactor(1, 4);
    split->setSizes({ 470, 390 });
    split->setChildrenCollapsible(false);
    inner->addWidget(split, 1);
    layout->addWidget(body, 1);

    for (const auto key : { QKeyCombination(Qt::CTRL, Qt::Key_Return), QKeyCombination(Qt::CTRL, Qt::Key_Enter) })
        connect(new QShortcut(QKeySequence(key), this), &QShortcut::activated, this, &BacktestWindow::run);
    connect(m_controls, &BacktestControls::runRequested, this, &BacktestWindow::run);
    connect(m_controls, &BacktestControls::cancelRequested, this, &BacktestWindow::cancel);
    connect(m_controls, &BacktestControls::selectionChanged, this, &BacktestWindow::refreshChoices);
    connect(m_controls, &BacktestControls::spanChanged, this, &BacktestWindow::refreshChoices);
    connect(m_resultPane, &BacktestResultPane::incidentSelected, m_chart, &BacktestChart::setHighlight);
    connect(m_suggestionPanel, &SuggestionPanel::saveRequested, this, &BacktestWindow::requestSave);
    connect(m_saver, &SuggestionSaver::permissionChanged, this, &BacktestWindow::updateSaveState);
    connect(m_saver, &SuggestionSaver::saved, this, &BacktestWindow::onSaved);
    connect(m_saver, &SuggestionSaver::failed, this, [this](const QString& error) { fail(tr("Not saved"), error); });
    connect(&m_reader, &StoreReader::backtestIncidentsFetched, this, &BacktestWindow::onIncidents);
    connect(&m_reader, &StoreReader::failed, this, &BacktestWindow::onReaderFailed);
    if (m_service) {
        connect(m_service, &BacktestService::progress, this, &BacktestWindow::onProgress);
        connect(m_service, &BacktestService::finished, this, &BacktestWindow::onFinished);
        connect(m_service, &BacktestService::suggested, this, &BacktestWindow::onSuggested);
    }
    m_controls->setPlaybooks(m_playbooks);
    m_caption->setText(tr("Choose a playbook and a span, then Run (Ctrl+Enter)."));
    refreshChoices();
    updateSaveState();
}

BacktestWindow::~BacktestWindow()
{
    cancel();
}

void BacktestWindow::refreshChoices()
{
    const int index = m_controls->playbookIndex();
    if (index < 0)
        return;
    const auto [startMs, endMs] = m_controls->span(m_clock.nowMs());
    m_choicesRequest = RequestIds::next();
    StoreReader* reader = &m_reader;
    const Playbook& playbook = m_playbooks.at(index);
    QMetaObject::invokeMethod(
        reader,
        [reader, id = m_choicesRequest, playbookId = playbook.id, trigger = playbook.trigger, startMs, endMs] {
            reader->fetchBacktestIncidents(id, playbookId, trigger, startMs, endMs);
        },
        Qt::QueuedConnection);
}

void BacktestWindow::run()
{
    if (m_running)
        return;
    cancel(); // a suggestion still being worked out for the last run is no longer wanted
    m_banners->clearBanner(BannerKey);
    const int index = m_controls->playbookIndex();
    if (!m_service)
        return fail(tr("No metric source"),
            tr("Backtests replay a metric's history, and this console has no metric source (Prometheus or the "
               "sandbox) to read it from."));
    if (index < 0)
        return fail(tr("No playbook"), tr("There is no playbook to backtest."));
    const Playbook& playbook = m_playbooks.at(index);
    const std::optional<PlaybookGate> sustained = m_controls->sustainedGate();
    if (!sustained)
        return fail(tr("Gate not sustained"),
            tr("%1 has no sustained gate: only a query held above or below a threshold for a duration can be "
               "replayed.")
                .arg(playbook.id));
    auto prepared = std::make_unique<Prepared>();
    prepared->playbook = index;
    prepared->sustained = *sustained;
    prepared->confirm = m_controls->confirmGate();
    prepared->values = m_controls->labelValues();
    QStringList missing;
    for (const QString& label : m_controls->templateLabels()) {
        if (!prepared->values.contains(label))
            missing.append(label);
    }
    if (!missing.isEmpty())
        return fail(tr("Label values missing"),
            tr("The gate's query needs a value for %1: type it, or pick a past incident.")
                .arg(missing.join(QStringLiteral(", "))));
    const TemplateRenderer renderer(playbook.parameterPatterns);
    for (const auto& [gate, into] : { std::pair { std::optional(prepared->sustained), &prepared->sustainedQuery },
             std::pair { prepared->confirm, &prepared->confirmQuery } }) {
        if (!gate)
            continue;
        const auto rendered = renderer.renderQuery(gate->query, prepared->values);
        if (const auto* refusal = std::get_if<TemplateRefusal>(&rendered))
            return fail(tr("Label value refused"), tr("Line %1: %2").arg(gate->line).arg(refusal->reason));
        *into = std::get<QString>(rendered);
    }
    std::tie(prepared->startMs, prepared->endMs) = m_controls->span(m_clock.nowMs());
    if (prepared->endMs <= prepared->startMs)
        return fail(tr("Empty span"), tr("The span ends before it starts: choose a later end."));
    prepared->path = playbook.sourceFile;
    QFile file(prepared->path);
    if (file.open(QIODevice::ReadOnly)) {
        prepared->text = file.readAll();
        prepared->sha256 = PlaybookFileSaver::sha256(prepared->text);
    }
    m_prepared = std::move(prepared);
    m_suggestion.reset();
    m_saver->clearTarget();
    m_running = true;
    m_controls->setRunning(true);
    m_controls->setProgress(tr("Reading incidents\u2026"), 0, 0);
    m_suggestionPanel->clear(tr("The suggestion follows the backtest."));
    updateSaveState();
    m_incidentsRequest = RequestIds::next();
    StoreReader* reader = &m_reader;
    QMetaObject::invokeMethod(
        reader,
        [reader, id = m_incidentsRequest, playbookId = playbook.id, trigger = playbook.trigger,
            startMs = m_prepared->startMs,
            endMs = m_prepared->endMs] { reader->fetchBacktestIncidents(id, playbookId, trigger, startMs, endMs); },
        Qt::QueuedConnection);
}

void BacktestWindow::onIncidents(quint64 requestId, const QVector<IncidentVerdict>& incidents)
{
    if (requestId == m_incidentsRequest && m_running) {
        m_incidentsRequest = 0;
        startBacktest(IncidentLabelChoices::matching(incidents, m_prepared->values));
        return;
    }
    if (requestId != m_choicesRequest)
        return;
    const IncidentLabelChoices choices = IncidentLabelChoices::from(incidents, m_controls->templateLabels());
    m_controls->setIncidentChoices(choices.values, choices.texts);
}

void BacktestWindow::onReaderFailed(quint64 requestId, const QString& error)
{
    if (requestId == m_incidentsRequest && m_running) {
        m_incidentsRequest = 0;
        stop(QString());
        fail(tr("Could not read the incidents"), error);
    } else if (requestId == m_choicesRequest) {
        m_banners->showBanner(BannerKey, BannerBar::Level::Warning, tr("Could not list past incidents"), error);
    }
}

void BacktestWindow::startBacktest(const QVector<IncidentVerdict>& incidents)
{
    BacktestRequest request;
    request.run.sustained = m_prepared->sustained;
    request.run.sustainedQuery = m_prepared->sustainedQuery;
    request.run.confirm = m_prepared->confirm;
    request.run.confirmQuery = m_prepared->confirmQuery;
    request.run.startMs = m_prepared->startMs;
    request.run.endMs = m_prepared->endMs;
    request.run.incidents = incidents;
    request.playbookText = m_prepared->text;
    request.fileName = QFileInfo(m_prepared->path).fileName();
    m_backtestRequest = RequestIds::next();
    m_controls->setProgress(tr("Fetching the metric's history\u2026"), 0, 0);
    QMetaObject::invokeMethod(
        m_service.data(),
        [service = m_service, id = m_backtestRequest, request] {
            if (service)
                service->start(id, request);
        },
        Qt::QueuedConnection);
}

void BacktestWindow::onProgress(quint64 requestId, int done, int total)
{
    if (requestId == m_backtestRequest && m_running)
        m_controls->setProgress(tr("Fetching history: %1 of %2 queries").arg(done).arg(total), done, total);
}

void BacktestWindow::onFinished(quint64 requestId, const BacktestResult& result, const BacktestInput& input)
{
    if (requestId != m_backtestRequest || !m_running)
        return;
    stop(QString());
    m_result = result;
    if (!result.ok()) {
        m_chart->clear();
        m_resultPane->clear();
        m_suggestionPanel->clear(tr("No suggestion: the backtest did not run."));
        return fail(tr("Backtest failed"), result.error);
    }
    const Prepared& p = *m_prepared;
    if (input.history.series.isEmpty())
        m_banners->showBanner(BannerKey, BannerBar::Level::Warning, tr("No data"),
            tr("'%1' returned no series from %2 to %3: check the label values and the span.")
                .arg(p.sustainedQuery, clockText(p.startMs), clockText(p.endMs)));
    m_chart->setBacktest(result, input, p.sustained, p.startMs, p.endMs);
    m_resultPane->setResult(result, input.history.stepMs);
    QString caption = p.sustainedQuery + QLatin1Char(' ') + BacktestControls::conditionText(p.sustained);
    if (p.confirm)
        caption += tr(", confirmed by %1 %2").arg(p.confirmQuery, BacktestControls::conditionText(*p.confirm));
    caption += tr(" \u00b7 %1 series, one sample every %2")
                   .arg(input.history.series.size())
                   .arg(CorrelationEvents::durationText(input.history.stepMs));
    if (m_chart->seriesLeftOut() > 0)
        caption += tr(" (%1 not drawn)").arg(m_chart->seriesLeftOut());
    m_caption->setText(caption);
    m_suggestionPanel->setWorking();
}

void BacktestWindow::onSuggested(quint64 requestId, const ThresholdSuggestion& suggestion)
{
    if (requestId != m_backtestRequest || m_running)
        return;
    m_backtestRequest = 0;
    if (!suggestion.ok()) {
        m_suggestionPanel->clear(suggestion.error);
    } else {
        m_suggestion = suggestion;
        const QString sentence = SuggestionSentence::of(m_result, suggestion);
        m_suggestionPanel->setSuggestion(sentence, suggestion.reasoning, suggestion.diff);
        m_saver->setTarget(m_prepared->path, m_prepared->text, suggestion, sentence);
    }
    updateSaveState();
}

void BacktestWindow::cancel()
{
    if (m_backtestRequest != 0 && m_service) {
        QMetaObject::invokeMethod(
            m_service.data(),
            [service = m_service, id = m_backtestRequest] {
                if (service)
                    service->cancel(id);
            },
            Qt::QueuedConnection);
    }
    m_backtestRequest = 0;
    m_incidentsRequest = 0;
    if (m_running) {
        stop(tr("Cancelled."));
        m_suggestionPanel->clear(tr("Cancelled: run the backtest again to see a suggestion."));
    }
}

void BacktestWindow::stop(const QString& status)
{
    m_running = false;
    m_controls->setRunning(false);
    m_controls->statusLabel()->setText(status);
}

void BacktestWindow::fail(const QString& title, const QString& detail)
{
    m_banners->showBanner(BannerKey, BannerBar::Level::Error, title, detail);
}

QMessageBox* BacktestWindow::saveConfirmation() const
{
    return m_saver->confirmation();
}

void BacktestWindow::requestSave()
{
    m_saver->request();
}

void BacktestWindow::updateSaveState()
{
    const QString refusal = m_saver->refusal();
    m_suggestionPanel->setSaveAllowed(refusal.isEmpty(), refusal);
}

void BacktestWindow::onSaved(const PlaybookFileSaver::Outcome& outcome, const QString& author)
{
    m_banners->clearBanner(BannerKey);
    const ThresholdSuggestion applied = m_suggestion.value_or(ThresholdSuggestion {});
    const QString path = m_prepared->path;
    m_suggestion.reset();
    if (m_prepared->playbook >= 0 && m_prepared->playbook < m_playbooks.size() && outcome.playbook) {
        m_playbooks[m_prepared->playbook] = *outcome.playbook;
        m_prepared->text.clear(); // no longer what the file holds
        m_controls->setPlaybooks(m_playbooks);
    }
    m_suggestionPanel->clear(tr("Saved: line %1 of %2 now reads \u201c%3: %4\u201d. Run the backtest again to see "
                                "the gate as it is now.")
                                 .arg(applied.line)
                                 .arg(QFileInfo(path).fileName(), applied.key, applied.newValue));
    updateSaveState();
    Q_EMIT playbookChanged(path, outcome.oldSha256, outcome.newSha256, author);
}

} // namespace firebreak
