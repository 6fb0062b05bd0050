#include "reviewsconsole.h"

#include "audit/canonicaljson.h"
#include "consolesession.h"
#include "interfaces/clock.h"
#include "learning/backtestservice.h"
#include "learning/backtestwindow.h"
#include "reviews/actionitemseditor.h"
#include "reviews/export/reviewexporter.h"
#include "reviews/reviewlistview.h"
#include "reviews/reviewtemplates.h"
#include "reviews/reviewtimelineeditor.h"
#include "reviews/reviewwindow.h"
#include "reviews/verdictseditor.h"
#include "store/storereader.h"
#include "store/storewriter.h"
#include "style/theme.h"

#include <QFileDialog>
#include <QFileInfo>
#include <QJsonObject>
#include <QMainWindow>
#include <QMessageBox>
#include <QStatusBar>
#include <QThreadPool>
#include <QVBoxLayout>

namespace firebreak {

ReviewsConsole::ReviewsConsole(const Clock& clock, const Theme& theme, ConsoleSession& session, StoreReader& reader,
    StoreWriter& writer, QObject* parent)
    : QObject(parent)
    , m_clock(clock)
    , m_theme(theme)
    , m_session(session)
    , m_reader(reader)
{
    connect(&m_saver, &ReviewSaver::enqueueRequested, &writer, &StoreWriter::enqueue, Qt::QueuedConnection);
    connect(&writer, &StoreWriter::committed, &m_saver, &ReviewSaver::onCommitted, Qt::QueuedConnection);
    connect(&writer, &StoreWriter::failed, &m_saver, &ReviewSaver::onFailed, Qt::QueuedConnection);
    connect(&reader, &StoreReader::reviewDocumentFetched, this, &ReviewsConsole::onDocumentFetched);
    // The list follows every writer (the engine's, other windows'), not only this console's saves.
    connect(&writer, &StoreWriter::committed, this, [this](const CommittedBatch& batch) {
        if (ReviewListView* list = m_list.data())
            list->onCommitted(batch);
    });
}

ReviewsConsole::~ReviewsConsole()
{
    // Review windows flush their autosave when they go; they must go while the saver exists.
    for (const QPointer<ReviewWindow>& window : std::as_const(m_reviews))
        delete window.data();
    delete m_list.data();
    delete m_backtest.data();
}

ReviewWindow* ReviewsConsole::reviewWindow(qint64 incidentId) const
{
    return m_reviews.value(incidentId).data();
}

ReviewListView* ReviewsConsole::listView() const
{
    return m_list.data();
}

BacktestWindow* ReviewsConsole::backtestWindow() const
{
    return m_backtest.data();
}

void ReviewsConsole::setBacktesting(BacktestService* service, QVector<Playbook> playbooks)
{
    m_backtestService = service;
    m_playbooks = std::move(playbooks);
}

void ReviewsConsole::openReviewOf(qint64 incidentId)
{
    Incident incident = m_incidentOf ? m_incidentOf(incidentId) : Incident {};
    incident.id = incidentId;
    openReview(incident);
}

void ReviewsConsole::openReview(const Incident& incident)
{
    if (ReviewWindow* open = m_reviews.value(incident.id).data()) {
        open->show();
        open->raise();
        open->activateWindow();
        return;
    }
    OperatorSession& session = m_session.session();
    auto* window = new ReviewWindow(&m_reader, m_saver, session, m_theme, ReviewTemplates(), incident.id,
        incident.title, incident.severity, m_window.data());
    window->setWindowFlag(Qt::Window);
    window->setAttribute(Qt::WA_DeleteOnClose);
    auto* items = new ActionItemsEditor(&m_reader, m_saver, session, m_clock, m_theme);
    auto* rows = new ReviewTimelineEditor(&m_reader, m_saver, session, m_clock, m_theme);
    auto* verdicts = new VerdictsEditor(&m_reader, m_saver, session, m_clock, m_theme);
    window->addPane(rows, tr("Timeline"));
    window->addPane(items, tr("Action items"));
    window->addPane(verdicts, tr("Verdicts"));
    items->setIncident(incident.id);
    rows->setIncident(incident.id);
    verdicts->setIncident(incident.id);
    connect(window, &ReviewWindow::exportRequested, this, &ReviewsConsole::exportReview);
    m_reviews.insert(incident.id, window);
    window->resize(1280, 820);
    window->show();
}

void ReviewsConsole::openList()
{
    ReviewListView* current = m_list.data();
    if (QWidget* open = current ? current->window() : nullptr) {
        open->show();
        open->raise();
        return;
    }
    auto* frame = new QMainWindow(m_window.data());
    frame->setWindowFlag(Qt::Window);
    frame->setAttribute(Qt::WA_DeleteOnClose);
    frame->setWindowTitle(tr("Reviews — Firebreak"));
    auto* list = new ReviewListView(&m_reader, m_theme);
    frame->setCentralWidget(list);
    connect(list, &ReviewListView::openReview, this, &ReviewsConsole::openReviewOf);
    m_list = list;
    frame->resize(1000, 560);
    frame->show();
    list->refresh();
}

void ReviewsConsole::openBacktest()
{
    if (BacktestWindow* open = m_backtest.data()) {
        open->show();
        open->raise();
        return;
    }
    if (!m_backtestService) {
        QMessageBox::information(
            m_window.data(), tr("Backtest a gate"), tr("Backtesting needs the engine, which has not started yet."));
        return;
    }
    auto* window = new BacktestWindow(
        m_theme, m_clock, m_session.session(), m_reader, m_backtestService.data(), m_playbooks, m_window.data());
    window->setWindowFlag(Qt::Window);
    window->setAttribute(Qt::WA_DeleteOnClose);
    connect(window, &BacktestWindow::playbookChanged, this, &ReviewsConsole::onPlaybookChanged);
    m_backtest = window;
    window->show();
}

void ReviewsConsole::exportReview(qint64 incidentId)
{
    QWidget* parent = m_reviews.value(incidentId).data();
    const QString suggested = QStringLiteral("incident-%1-review.pdf").arg(incidentId);
    QString filter;
    const QString path = QFileDialog::getSaveFileName(parent ? parent : m_window.data(), tr("Export review"), suggested,
        tr("PDF document (*.pdf);;Self-contained HTML (*.html);;Markdown (*.md)"), &filter);
    if (path.isEmpty())
        return;
    exportReviewTo(incidentId, path);
}

void ReviewsConsole::exportReviewTo(qint64 incidentId, const QString& path)
{
    const quint64 requestId = m_nextRequest++;
    m_exports.insert(requestId, { incidentId, path });
    QMetaObject::invokeMethod(
        &m_reader, [reader = &m_reader, requestId, incidentId] { reader->fetchReviewDocument(requestId, incidentId); },
        Qt::QueuedConnection);
}

void ReviewsConsole::onDocumentFetched(quint64 requestId, const ReviewDocument& doc, const QString& error)
{
    if (!m_exports.contains(requestId))
        return;
    const auto [incidentId, path] = m_exports.take(requestId);
    if (!error.isEmpty()) {
        report(incidentId, path, error, 0);
        return;
    }
    const QString suffix = QFileInfo(path).suffix().toLower();
    const ReviewExportFormat format = suffix == QLatin1String("md")         ? ReviewExportFormat::Markdown
        : suffix == QLatin1String("html") || suffix == QLatin1String("htm") ? ReviewExportFormat::Html
                                                                            : ReviewExportFormat::Pdf;
    // Painting charts and laying out a PDF takes a while: never on the GUI thread.
    QPointer<ReviewsConsole> self(this);
    QThreadPool::globalInstance()->start([self, doc, path, format, incidentId] {
        QString failure;
        int pages = 0;
        const bool ok = ReviewExporter::write(format, doc, path, &failure, &pages);
        if (ReviewsConsole* console = self.data()) {
            QMetaObject::invokeMethod(
                console,
                [self, incidentId, path, ok, failure, pages] {
                    if (ReviewsConsole* c = self.data())
                        c->report(incidentId, path, ok ? QString() : failure, pages);
                },
                Qt::QueuedConnection);
        }
    });
}

void ReviewsConsole::report(qint64 incidentId, const QString& path, const QString& error, int pageCount)
{
    Q_EMIT exported(incidentId, path, error, pageCount);
    ReviewWindow* window = m_reviews.value(incidentId).data();
    if (!window)
        return;
    if (!error.isEmpty()) {
        QMessageBox::warning(window, tr("Export failed"), tr("The review was not exported: %1").arg(error));
        return;
    }
    window->statusBar()->showMessage(pageCount > 0 ? tr("Exported to %1 (%n page(s))", nullptr, pageCount).arg(path)
                                                   : tr("Exported to %1").arg(path),
        10000);
}

void ReviewsConsole::onPlaybookChanged(
    const QString& path, const QString& oldSha256, const QString& newSha256, const QString& author)
{
    // A playbook changed from a backtest's suggestion is an operator action like any other: audited.
    AuditEntry entry;
    entry.timeMs = m_clock.nowMs();
    entry.actor = author;
    entry.action = QStringLiteral("playbook.changed");
    entry.subject = QStringLiteral("playbook-file:") + path;
    entry.details = CanonicalJson::write(QJsonObject { { QStringLiteral("path"), path },
        { QStringLiteral("sha256_before"), oldSha256 }, { QStringLiteral("sha256_after"), newSha256 },
        { QStringLiteral("via"), QStringLiteral("backtest suggestion") } });
    WriteBatch batch;
    batch.audit.append(entry);
    m_saver.save(batch);
}

} // namespace firebreak
