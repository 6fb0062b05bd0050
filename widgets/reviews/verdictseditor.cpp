#include "verdictseditor.h"

#include "interfaces/clock.h"
#include "itemmodels/requestids.h"
#include "reviewwritetracker.h"
#include "roster/operatorsession.h"
#include "store/storereader.h"
#include "store/writebatch.h"
#include "style/panestyle.h"
#include "style/theme.h"
#include "verdicttoggles.h"

#include <QDateTime>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QScrollArea>
#include <QTimer>
#include <QVBoxLayout>

namespace firebreak {

namespace {

QString utc(qint64 ms, const QString& format)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(format);
}

QString describe(const ReviewSubject& subject)
{
    QStringList parts;
    if (subject.kind == ReviewVerdict::SubjectKind::Alert) {
        if (!subject.severity.isEmpty())
            parts.append(subject.severity);
        if (subject.timesFired > 0)
            parts.append(VerdictsEditor::tr("fired %1×").arg(subject.timesFired));
        if (subject.startsAtMs > 0) {
            QString when = utc(subject.startsAtMs, QStringLiteral("yyyy-MM-dd HH:mm"));
            if (subject.endsAtMs > 0)
                when += QStringLiteral(" – ")
                    + utc(subject.endsAtMs,
                        utc(subject.endsAtMs, QStringLiteral("yyyyMMdd"))
                                == utc(subject.startsAtMs, QStringLiteral("yyyyMMdd"))
                            ? QStringLiteral("HH:mm")
                            : QStringLiteral("yyyy-MM-dd HH:mm"));
            else if (subject.state == QLatin1String("firing"))
                when += VerdictsEditor::tr(", still firing");
            parts.append(when + QStringLiteral(" UTC"));
        }
    } else {
        parts.append(VerdictsEditor::tr("run #%1").arg(subject.subjectId));
        if (!subject.state.isEmpty())
            parts.append(QString(subject.state).replace(QLatin1Char('_'), QLatin1Char(' ')));
        if (subject.startsAtMs > 0)
            parts.append(utc(subject.startsAtMs, QStringLiteral("yyyy-MM-dd HH:mm")) + QStringLiteral(" UTC"));
    }
    return parts.join(QStringLiteral(" · "));
}

} // namespace

VerdictsEditor::VerdictsEditor(StoreReader* reader, ReviewSaver& saver, OperatorSession& session, const Clock& clock,
    const Theme& theme, QWidget* parent)
    : QWidget(parent)
    , m_session(session)
    , m_clock(clock)
    , m_theme(theme)
    , m_writes(new ReviewWriteTracker(saver, this))
    , m_summary(new QLabel(this))
    , m_hint(new QLabel(tr("Read only: sign in to judge the alerts and runs."), this))
    , m_message(new QLabel(this))
    , m_scroll(new QScrollArea(this))
    , m_refetch(new QTimer(this))
{
    Q_ASSERT(reader);
    setObjectName(QStringLiteral("verdictsEditor"));
    m_refetch->setSingleShot(true);
    m_refetch->setInterval(500);
    PaneStyle::muted(*m_summary, theme);
    PaneStyle::muted(*m_hint, theme);
    m_hint->setObjectName(QStringLiteral("verdictsHint"));
    m_message->setWordWrap(true);
    QPalette messagePalette = m_message->palette();
    messagePalette.setColor(QPalette::WindowText, theme.toneColor(Theme::Tone::Bad));
    m_message->setPalette(messagePalette);
    m_message->hide();
    m_scroll->setWidgetResizable(true);
    m_scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_scroll->setFrameShape(QFrame::NoFrame);

    auto* top = new QHBoxLayout;
    top->setContentsMargins(8, 6, 8, 2);
    top->setSpacing(12);
    auto* title = new QLabel(tr("Verdicts"), this);
    PaneStyle::title(*title);
    top->addWidget(title);
    top->addWidget(m_summary);
    top->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addLayout(top);
    m_hint->setContentsMargins(8, 0, 8, 4);
    layout->addWidget(m_hint);
    layout->addWidget(m_scroll, 1);
    m_message->setContentsMargins(8, 4, 8, 6);
    layout->addWidget(m_message);

    connect(this, &VerdictsEditor::fetchRequested, reader, &StoreReader::fetchReviewSubjects, Qt::QueuedConnection);
    connect(reader, &StoreReader::reviewSubjectsFetched, this, &VerdictsEditor::onFetched);
    connect(reader, &StoreReader::failed, this, &VerdictsEditor::onFetchFailed);
    connect(m_refetch, &QTimer::timeout, this, &VerdictsEditor::fetch);
    connect(m_writes, &ReviewWriteTracker::committed, this, &VerdictsEditor::onCommitted);
    connect(m_writes, &ReviewWriteTracker::failed, this, [this](const QString& error) {
        showMessage(tr("Verdict not saved yet: %1").arg(error));
        for (Row& row : m_rows)
            showVerdict(row);
    });
    connect(&m_session, &OperatorSession::changed, this, &VerdictsEditor::updateState);
    rebuild();
}

VerdictsEditor::~VerdictsEditor() = default;

bool VerdictsEditor::isReadOnly() const
{
    return !m_session.current().isValid() || m_incidentId == 0 || !m_loaded;
}

void VerdictsEditor::setIncident(qint64 incidentId)
{
    m_writes->forget();
    m_incidentId = incidentId;
    m_loaded = false;
    m_subjects.clear();
    m_message->hide();
    rebuild();
    fetch();
}

void VerdictsEditor::fetch()
{
    m_refetch->stop();
    m_request = m_incidentId > 0 ? RequestIds::next() : 0;
    if (m_request != 0)
        Q_EMIT fetchRequested(m_request, m_incidentId);
}

void VerdictsEditor::onFetched(quint64 requestId, qint64 incidentId, const QVector<ReviewSubject>& subjects)
{
    if (requestId == 0 || requestId != m_request || incidentId != m_incidentId)
        return;
    m_request = 0;
    m_loaded = true;
    m_subjects = subjects;
    rebuild();
}

void VerdictsEditor::onFetchFailed(quint64 requestId, const QString& error)
{
    if (requestId == 0 || requestId != m_request)
        return;
    m_request = 0;
    showMessage(tr("Cannot read the alerts and runs of incident #%1: %2").arg(m_incidentId).arg(error));
}

void VerdictsEditor::onCommitted(const CommittedBatch& batch)
{
    if (m_incidentId == 0)
        return;
    for (const ReviewVerdict& verdict : batch.reviewVerdicts) {
        if (verdict.incidentId != m_incidentId)
            continue;
        const int at = rowOf(verdict.subjectKind, verdict.subjectId);
        if (at < 0) {
            m_refetch->start(); // a verdict on something this editor does not show yet
            continue;
        }
        Row& row = m_rows[at];
        row.subject.hasVerdict = true;
        row.subject.verdict = verdict;
        m_subjects[at] = row.subject;
        showVerdict(row);
    }
    const qint64 id = m_incidentId;
    const bool grew = std::any_of(batch.alerts.cbegin(), batch.alerts.cend(), [id](const Alert& alert) {
        return alert.incidentId == id;
    }) || std::any_of(batch.runs.cbegin(), batch.runs.cend(), [id](const Run& run) { return run.incidentId == id; });
    if (grew && m_loaded && !m_refetch->isActive())
        m_refetch->start();
    updateState();
}

int VerdictsEditor::rowOf(ReviewVerdict::SubjectKind kind, const QString& subjectId) const
{
    for (int i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).subject.kind == kind && m_rows.at(i).subject.subjectId == subjectId)
            return i;
    }
    return -1;
}

void VerdictsEditor::mark(ReviewVerdict::SubjectKind kind, const QString& subjectId, ReviewVerdict::Verdict verdict)
{
    const int at = rowOf(kind, subjectId);
    if (isReadOnly() || at < 0)
        return;
    Row& row = m_rows[at];
    row.toggles->setVerdict(verdict);
    if (row.subject.hasVerdict && row.subject.verdict.verdict == verdict)
        return;
    ReviewVerdict stored { m_incidentId, kind, subjectId, verdict, m_session.current().name, m_clock.nowMs() };
    row.marked->setText(tr("saving…"));
    m_message->hide();
    m_writes->save(WriteBatch { .reviewVerdicts = { stored } });
}

QAbstractButton* VerdictsEditor::verdictButton(
    ReviewVerdict::SubjectKind kind, const QString& subjectId, ReviewVerdict::Verdict verdict) const
{
    const int at = rowOf(kind, subjectId);
    return at < 0 ? nullptr : m_rows.at(at).toggles->button(verdict);
}

QLabel* VerdictsEditor::markedLabel(ReviewVerdict::SubjectKind kind, const QString& subjectId) const
{
    const int at = rowOf(kind, subjectId);
    return at < 0 ? nullptr : m_rows.at(at).marked;
}

void VerdictsEditor::rebuild()
{
    m_rows.clear();
    auto* content = new QWidget;
    // The same surface as the other review tabs' tables.
    QPalette surface = content->palette();
    surface.setColor(QPalette::Window, m_theme.surface);
    content->setPalette(surface);
    content->setAutoFillBackground(true);
    auto* grid = new QGridLayout(content);
    grid->setContentsMargins(8, 4, 8, 8);
    grid->setHorizontalSpacing(14);
    grid->setVerticalSpacing(4);
    grid->setColumnStretch(0, 1);
    int line = 0;
    if (m_incidentId == 0 || !m_loaded) {
        auto* waiting = new QLabel(m_incidentId == 0 ? tr("No incident.") : tr("Reading the alerts and runs…"));
        PaneStyle::muted(*waiting, m_theme);
        grid->addWidget(waiting, line++, 0);
    } else if (m_subjects.isEmpty()) {
        auto* none = new QLabel(tr("Incident #%1 has no alerts or runs to judge.").arg(m_incidentId));
        PaneStyle::muted(*none, m_theme);
        grid->addWidget(none, line++, 0);
    } else {
        addSection(grid, &line, ReviewVerdict::SubjectKind::Alert);
        addSection(grid, &line, ReviewVerdict::SubjectKind::Run);
    }
    grid->setRowStretch(line, 1);
    m_scroll->setWidget(content); // deletes the previous content
    for (Row& row : m_rows)
        showVerdict(row);
    updateState();
}

void VerdictsEditor::addSection(QGridLayout* grid, int* line, ReviewVerdict::SubjectKind kind)
{
    const bool alerts = kind == ReviewVerdict::SubjectKind::Alert;
    int count = 0;
    for (const ReviewSubject& subject : std::as_const(m_subjects))
        count += subject.kind == kind ? 1 : 0;
    if (count == 0)
        return;
    QWidget* content = grid->parentWidget();
    auto* heading = new QLabel(alerts ? tr("Alerts (%1)").arg(count) : tr("Runs (%1)").arg(count), content);
    QFont bold = heading->font();
    bold.setBold(true);
    heading->setFont(bold);
    heading->setContentsMargins(0, *line == 0 ? 2 : 10, 0, 2);
    grid->addWidget(heading, (*line)++, 0, 1, 3);
    for (const ReviewSubject& subject : std::as_const(m_subjects)) {
        if (subject.kind != kind)
            continue;
        auto* name = new QLabel(content);
        name->setTextFormat(Qt::RichText);
        name->setText(
            QStringLiteral("<b>%1</b>&nbsp;&nbsp;<span style=\"color:%2\">%3</span>")
                .arg(subject.name.toHtmlEscaped(), m_theme.mutedText.name(), describe(subject).toHtmlEscaped()));
        name->setToolTip(
            alerts ? tr("Alert fingerprint %1").arg(subject.subjectId) : tr("Run #%1").arg(subject.subjectId));
        auto* toggles = new VerdictToggles(kind, m_theme, content);
        auto* marked = new QLabel(content);
        PaneStyle::muted(*marked, m_theme);
        // The description gives way first when the pane is narrow; the toggles and who marked it stay.
        name->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
        name->setMinimumWidth(name->fontMetrics().horizontalAdvance(QLatin1Char('m')) * 10);
        const QString subjectId = subject.subjectId;
        connect(toggles, &VerdictToggles::chosen, this,
            [this, kind, subjectId](ReviewVerdict::Verdict verdict) { mark(kind, subjectId, verdict); });
        grid->addWidget(name, *line, 0);
        grid->addWidget(toggles, *line, 1);
        grid->addWidget(marked, (*line)++, 2);
        m_rows.append(Row { subject, toggles, marked });
    }
}

void VerdictsEditor::showVerdict(Row& row)
{
    const ReviewSubject& subject = row.subject;
    row.toggles->setVerdict(
        subject.hasVerdict ? std::optional<ReviewVerdict::Verdict>(subject.verdict.verdict) : std::nullopt);
    if (!subject.hasVerdict) {
        row.marked->setText(tr("not judged yet"));
        return;
    }
    // The toggle says which verdict; the caption says who gave it and when.
    row.marked->setText(
        tr("%1 · %2").arg(subject.verdict.author, utc(subject.verdict.timeMs, QStringLiteral("yyyy-MM-dd HH:mm"))));
    row.marked->setToolTip(tr("Marked %1 by %2 at %3 UTC")
                               .arg(VerdictToggles::label(subject.verdict.verdict).toLower(), subject.verdict.author,
                                   utc(subject.verdict.timeMs, QStringLiteral("yyyy-MM-dd HH:mm:ss"))));
}

void VerdictsEditor::updateState()
{
    const bool editable = !isReadOnly();
    m_hint->setVisible(!m_session.current().isValid());
    for (const Row& row : std::as_const(m_rows)) {
        row.toggles->setEnabled(editable);
    }
    int judged = 0;
    for (const Row& row : std::as_const(m_rows))
        judged += row.subject.hasVerdict ? 1 : 0;
    m_summary->setText(m_rows.isEmpty() ? QString() : tr("%1 of %2 judged").arg(judged).arg(m_rows.size()));
}

void VerdictsEditor::showMessage(const QString& text)
{
    m_message->setText(text);
    m_message->setVisible(!text.isEmpty());
}

} // namespace firebreak
