#include "reviewwindow.h"

#include "revieweditor.h"
#include "reviewfiguresview.h"
#include "reviewheader.h"
#include "reviews/reviewautosaver.h"
#include "reviews/reviewdocumenttext.h"
#include "reviews/reviewfeed.h"
#include "reviews/reviewsaver.h"
#include "reviewstatustext.h"
#include "reviewversionsdialog.h"
#include "roster/operatorsession.h"
#include "status/bannerbar.h"

#include <QAction>
#include <QCloseEvent>
#include <QDateTime>
#include <QMenuBar>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTabWidget>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>

namespace firebreak {

namespace {

const QString RecoveredBanner = QStringLiteral("recovered");
const QString ReadOnlyBanner = QStringLiteral("read-only");
const QString ProblemBanner = QStringLiteral("problem");
constexpr Role WriterRole = Role::Responder;

} // namespace

ReviewWindow::ReviewWindow(StoreReader* reader, ReviewSaver& saver, OperatorSession& session, const Theme& theme,
    ReviewTemplates templates, qint64 incidentId, const QString& incidentTitle, int severity, QWidget* parent)
    : QMainWindow(parent)
    , m_saver(saver)
    , m_session(session)
    , m_theme(theme)
    , m_templates(std::move(templates))
    , m_incidentId(incidentId)
    , m_severity(severity)
    , m_feed(new ReviewFeed(incidentId, this))
    , m_autosaver(new ReviewAutosaver(saver, incidentId, session.current().name, this))
{
    setWindowTitle(tr("Review · #%1 %2 · SEV%3").arg(incidentId).arg(incidentTitle).arg(severity));
    resize(1280, 820);

    auto* central = new QWidget(this);
    auto* layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    m_header = new ReviewHeader(m_theme, incidentId, incidentTitle, severity, central);
    layout->addWidget(m_header);
    m_banners = new BannerBar(m_theme, central);
    layout->addWidget(m_banners);

    auto* body = new QSplitter(Qt::Horizontal, central);
    body->setChildrenCollapsible(false);
    m_tabs = new QTabWidget(body);
    m_tabs->setDocumentMode(true);
    m_editor = new ReviewEditor(m_theme, m_tabs);
    m_editor->setReadOnly(true);
    m_tabs->addTab(m_editor, tr("Document"));
    m_figures = new ReviewFiguresView(m_theme, body);
    body->addWidget(m_tabs);
    body->addWidget(m_figures);
    body->setStretchFactor(0, 4);
    body->setStretchFactor(1, 1);
    body->setSizes({ 960, 300 });
    layout->addWidget(body, 1);
    setCentralWidget(central);
    buildActions();

    connect(m_feed, &ReviewFeed::reviewLoaded, this, &ReviewWindow::onLoaded);
    connect(m_feed, &ReviewFeed::reviewFailed, this, &ReviewWindow::onLoadFailed);
    connect(m_feed, &ReviewFeed::figuresLoaded, m_figures, &ReviewFiguresView::setFigures);
    connect(m_feed, &ReviewFeed::figuresFailed, m_figures, &ReviewFiguresView::setError);
    connect(m_feed, &ReviewFeed::versionsLoaded, this, [this](const QVector<Review>& versions) {
        if (ReviewVersionsDialog* dialog = m_versionsDialog)
            dialog->setVersions(versions);
    });
    connect(m_feed, &ReviewFeed::versionsFailed, this, [this](const QString& error) {
        if (ReviewVersionsDialog* dialog = m_versionsDialog)
            dialog->setError(error);
    });
    connect(m_figures, &ReviewFiguresView::refreshRequested, this, &ReviewWindow::refreshFigures);
    connect(&m_saver, &ReviewSaver::saved, this, &ReviewWindow::onSaved);
    connect(&m_saver, &ReviewSaver::saveFailed, this, &ReviewWindow::onSaveFailed);
    connect(&m_session, &OperatorSession::changed, this, &ReviewWindow::onSessionChanged);
    connect(m_autosaver, &ReviewAutosaver::stateChanged, this, &ReviewWindow::updateStatusLine);
    connect(m_autosaver, &ReviewAutosaver::savedAt, this, &ReviewWindow::updateStatusLine);
    connect(m_editor, &ReviewEditor::textEdited, this, [this](const QString& text) {
        if (isWritable())
            m_autosaver->textChanged(text);
    });
    connect(m_editor, &ReviewEditor::focusLeft, m_autosaver, &ReviewAutosaver::flush);
    connect(m_editor, &ReviewEditor::checked, this, [this] {
        const std::optional<Review> current = m_editor->currentReview();
        m_changedSinceVersion = !m_latest || !current || !ReviewDocumentText::sameSections(*current, *m_latest);
        updateState();
    });

    // While text waits for its copy, the line is re-read every second, so a stalled write shows.
    auto* tick = new QTimer(this);
    tick->setInterval(1000);
    connect(tick, &QTimer::timeout, this, [this] {
        if (m_autosaver->hasUnsavedText())
            updateStatusLine();
    });
    tick->start();

    m_feed->connectReader(reader);
    updateState();
    m_feed->fetchReview();
    refreshFigures();
}

ReviewWindow::~ReviewWindow()
{
    m_autosaver->flush(); // a window deleted without being closed keeps its text too
}

void ReviewWindow::buildActions()
{
    m_saveVersion = new QAction(tr("Save version"), this);
    m_saveVersion->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_S));
    m_finalise = new QAction(tr("Finalise…"), this);
    m_reopen = new QAction(tr("Reopen as draft"), this);
    m_versions = new QAction(tr("Versions…"), this);
    m_export = new QAction(tr("Export…"), this);
    auto* close = new QAction(tr("Close"), this);
    close->setShortcut(QKeySequence::Close);
    connect(m_saveVersion, &QAction::triggered, this, &ReviewWindow::saveVersion);
    connect(m_finalise, &QAction::triggered, this, &ReviewWindow::finalise);
    connect(m_reopen, &QAction::triggered, this, &ReviewWindow::reopenAsDraft);
    connect(m_versions, &QAction::triggered, this, &ReviewWindow::showVersions);
    connect(m_export, &QAction::triggered, this, [this] {
        m_autosaver->flush();
        Q_EMIT exportRequested(m_incidentId);
    });
    connect(close, &QAction::triggered, this, &QWidget::close);

    QToolBar* bar = addToolBar(tr("Review"));
    bar->setObjectName(QStringLiteral("reviewToolBar"));
    bar->setMovable(false);
    bar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    bar->addAction(m_saveVersion);
    bar->addAction(m_finalise);
    bar->addAction(m_reopen);
    bar->addSeparator();
    bar->addAction(m_editor->undoAction());
    bar->addAction(m_editor->redoAction());
    bar->addSeparator();
    bar->addAction(m_versions);
    bar->addAction(m_export);

    QMenu* review = menuBar()->addMenu(tr("&Review"));
    review->addActions({ m_saveVersion, m_finalise, m_reopen });
    review->addSeparator();
    review->addActions({ m_versions, m_export });
    review->addSeparator();
    review->addAction(close);
    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    edit->addActions({ m_editor->undoAction(), m_editor->redoAction() });
}

ReviewVersionsDialog* ReviewWindow::versionsDialog() const
{
    return m_versionsDialog;
}

QMessageBox* ReviewWindow::finaliseConfirmation() const
{
    return m_confirmation;
}

void ReviewWindow::addPane(QWidget* pane, const QString& title)
{
    m_tabs->addTab(pane, title);
}

bool ReviewWindow::isWritable() const
{
    return m_loaded && !m_final && writeRefusal().isEmpty();
}

QString ReviewWindow::writeRefusal() const
{
    if (!m_session.current().isValid())
        return tr("Sign in to write the review");
    if (!m_session.canAct(WriterRole))
        return tr("%1 is signed in as a %2: only responders and commanders write reviews")
            .arg(m_session.current().displayName, roleName(m_session.current().role));
    return {};
}

void ReviewWindow::refreshFigures()
{
    m_figures->setLoading();
    m_feed->fetchFigures();
}

void ReviewWindow::onLoaded(const ReviewDetail& detail)
{
    m_loaded = true;
    m_banners->clearBanner(ProblemBanner);
    if (detail.saved)
        m_latest = detail.review;
    m_autosaver->setBaseVersion(savedVersion());
    m_final = detail.saved && detail.review.status == ReviewStatus::Final && !detail.autosaved;
    m_reopened = detail.saved && detail.review.status == ReviewStatus::Final && detail.autosaved;

    QString document;
    if (detail.autosaved) {
        document = detail.autosaved->text;
        m_autosaver->setLastSaved(detail.autosaved->savedMs);
        m_banners->showBanner(RecoveredBanner, BannerBar::Level::Warning,
            tr("Recovered unsaved text from %1 (autosaved)").arg(ReviewStatusText::utcClock(detail.autosaved->savedMs)),
            detail.saved ? tr("It was typed by %1 after version %2 was saved. Save a version to keep it; Versions… "
                              "shows what was saved.")
                               .arg(detail.autosaved->author)
                               .arg(detail.review.version)
                         : tr("It was typed by %1 before any version was saved. Save a version to keep it.")
                               .arg(detail.autosaved->author));
    } else if (detail.saved) {
        document = ReviewDocumentText::toMarkdown(detail.review);
    } else {
        QString error;
        const std::optional<Review> draft = m_templates.draftFor(m_incidentId, m_severity, &error);
        document = ReviewDocumentText::toMarkdown(draft.value_or(Review {}));
        if (!draft)
            m_banners->showBanner(ProblemBanner, BannerBar::Level::Error, tr("The review template could not be read"),
                error + tr(" — starting from empty sections."));
    }
    m_editor->setDocument(document);
    updateState();
}

void ReviewWindow::onLoadFailed(const QString& error)
{
    m_banners->showBanner(ProblemBanner, BannerBar::Level::Error, tr("The review could not be read"),
        error + tr(" — nothing can be written until it is, so that no saved text is overwritten."));
    updateState();
}

void ReviewWindow::saveVersion()
{
    save(ReviewStatus::Draft);
}

void ReviewWindow::finalise()
{
    if (!isWritable() || m_saveTicket != 0 || m_confirmation)
        return;
    QString error;
    if (!m_editor->currentReview(&error)) {
        m_editor->checkNow();
        return;
    }
    auto* box = new QMessageBox(QMessageBox::Question, tr("Finalise the review"),
        tr("Save the text on screen as version %1, final?").arg(savedVersion() + 1), QMessageBox::NoButton, this);
    box->setInformativeText(tr("A final review is read-only until someone reopens it as a draft. The version and "
                               "who finalised it are recorded in the audit log."));
    QPushButton* confirm = box->addButton(tr("Finalise"), QMessageBox::AcceptRole);
    QPushButton* cancel = box->addButton(QMessageBox::Cancel);
    box->setDefaultButton(cancel);
    box->setEscapeButton(cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [this, box, confirm] {
        if (box->clickedButton() == confirm)
            save(ReviewStatus::Final);
    });
    m_confirmation = box;
    box->open();
}

void ReviewWindow::reopenAsDraft()
{
    if (!m_final || !writeRefusal().isEmpty())
        return;
    m_final = false;
    m_reopened = true;
    updateState();
    m_editor->textEdit()->setFocus();
}

void ReviewWindow::save(ReviewStatus status)
{
    if (!isWritable() || m_saveTicket != 0)
        return;
    QString error;
    std::optional<Review> review = m_editor->currentReview(&error);
    if (!review) {
        m_editor->checkNow(); // shows the error at once
        return;
    }
    review->incidentId = m_incidentId;
    review->status = status;
    review->author = m_session.current().name;
    review->updatedMs = QDateTime::currentMSecsSinceEpoch();
    m_saveError.clear();
    m_savingStatus = status;
    WriteBatch batch;
    batch.reviews.append(*review);
    m_saveTicket = m_saver.save(std::move(batch));
    updateState();
}

void ReviewWindow::onSaved(quint64 ticket, const CommittedBatch& batch)
{
    if (ticket == 0 || ticket != m_saveTicket)
        return;
    m_saveTicket = 0;
    for (const Review& review : batch.reviews) {
        if (review.incidentId == m_incidentId && (!m_latest || review.version > m_latest->version))
            m_latest = review;
    }
    if (!m_latest)
        return;
    m_autosaver->setBaseVersion(m_latest->version);
    m_final = m_latest->status == ReviewStatus::Final;
    m_reopened = false;
    m_banners->clearBanner(RecoveredBanner);
    const std::optional<Review> current = m_editor->currentReview();
    m_changedSinceVersion = !current || !ReviewDocumentText::sameSections(*current, *m_latest);
    updateState();
    if (m_versionsDialog)
        m_feed->fetchVersions();
    Q_EMIT versionSaved(*m_latest);
}

void ReviewWindow::onSaveFailed(quint64 ticket, const QString& error)
{
    if (ticket == 0 || ticket != m_saveTicket)
        return;
    m_saveTicket = 0;
    m_saveError = error;
    updateState();
}

void ReviewWindow::showVersions()
{
    if (!m_versionsDialog) {
        m_versionsDialog = new ReviewVersionsDialog(m_theme, this);
        m_versionsDialog->setAttribute(Qt::WA_DeleteOnClose);
    }
    ReviewVersionsDialog* dialog = m_versionsDialog;
    dialog->setLoading();
    dialog->show();
    dialog->raise();
    m_feed->fetchVersions();
}

void ReviewWindow::onSessionChanged()
{
    // Whatever the previous person typed is written in their name before the next one takes over.
    m_autosaver->flush();
    m_autosaver->setAuthor(m_session.current().name);
    updateState();
}

void ReviewWindow::updateState()
{
    const QString refusal = writeRefusal();
    if (refusal.isEmpty())
        m_banners->clearBanner(ReadOnlyBanner);
    else
        m_banners->showBanner(ReadOnlyBanner, BannerBar::Level::Warning, refusal,
            tr("You can read the review; versions are saved in the name of the person signed in."));

    const bool writable = isWritable();
    m_editor->setReadOnly(!writable);
    const bool idle = m_saveTicket == 0;
    const bool valid = m_editor->isValid();
    m_saveVersion->setEnabled(writable && idle && valid && m_changedSinceVersion);
    m_saveVersion->setToolTip(!valid ? tr("Fix the heading first: %1").arg(m_editor->parseError())
            : !m_changedSinceVersion ? tr("No changes since version %1").arg(savedVersion())
                                     : tr("Save the text as a new version (Ctrl+S)"));
    m_finalise->setEnabled(writable && idle && valid);
    m_reopen->setVisible(m_final);
    m_reopen->setEnabled(m_final && refusal.isEmpty() && idle);
    m_versions->setEnabled(savedVersion() > 0);
    m_export->setEnabled(savedVersion() > 0);
    m_export->setToolTip(tr("Export the latest saved version"));

    m_header->setFinal(m_final);
    updateStatusLine();
}

void ReviewWindow::updateStatusLine()
{
    if (!m_loaded) {
        m_editor->setStatus(tr("Loading…"), false);
        return;
    }
    ReviewStatusText::Facts facts;
    facts.final = m_final;
    facts.reopened = m_reopened;
    facts.version = savedVersion();
    facts.readOnly = !writeRefusal().isEmpty();
    facts.savingVersion = m_saveTicket != 0;
    facts.savingFinal = m_savingStatus == ReviewStatus::Final;
    facts.versionError = m_saveError;
    facts.autosave = m_autosaver->state();
    facts.autosavedMs = m_autosaver->lastSavedMs();
    facts.autosaveError = m_autosaver->lastError();
    facts.nowMs = QDateTime::currentMSecsSinceEpoch();
    bool alarming = false;
    const QString text = ReviewStatusText::text(facts, &alarming);
    m_editor->setStatus(text, alarming);
}

void ReviewWindow::closeEvent(QCloseEvent* event)
{
    // The write goes to the writer's thread, which finishes it whether or not this window still exists.
    m_autosaver->flush();
    if (m_versionsDialog)
        m_versionsDialog->close();
    event->accept();
}

} // namespace firebreak
