#pragma once

#include "reviews/reviewsubject.h"

#include <QVector>
#include <QWidget>

class QAbstractButton;
class QGridLayout;
class QLabel;
class QScrollArea;
class QTimer;

namespace firebreak {

class Clock;
class OperatorSession;
class ReviewSaver;
class ReviewWriteTracker;
class StoreReader;
class VerdictToggles;
struct CommittedBatch;
struct Theme;

// Where a review judges each alert and run of its incident as useful, noise, or missed or late:
// the labels gate backtesting and threshold suggestions learn from. A click stores the verdict at
// once through ReviewSaver in the signed-in person's name (and audits it); each row says who gave
// the verdict and when. Read only, with a hint, while nobody is signed in.
class VerdictsEditor final : public QWidget {
    Q_OBJECT
public:
    VerdictsEditor(StoreReader* reader, ReviewSaver& saver, OperatorSession& session, const Clock& clock,
        const Theme& theme, QWidget* parent = nullptr);
    ~VerdictsEditor() override;

    // Shows the alerts and runs of `incidentId` with their verdicts (read from the store).
    void setIncident(qint64 incidentId);
    qint64 incident() const { return m_incidentId; }
    bool isLoaded() const { return m_loaded; }
    bool isReadOnly() const;
    const QVector<ReviewSubject>& subjects() const { return m_subjects; }

    // Stores `verdict` for the subject (what a click on its toggle does).
    void mark(ReviewVerdict::SubjectKind kind, const QString& subjectId, ReviewVerdict::Verdict verdict);
    // The toggle and the "marked by" caption of a subject; nullptr when the editor does not show it.
    QAbstractButton* verdictButton(
        ReviewVerdict::SubjectKind kind, const QString& subjectId, ReviewVerdict::Verdict verdict) const;
    QLabel* markedLabel(ReviewVerdict::SubjectKind kind, const QString& subjectId) const;
    QLabel* hintLabel() const { return m_hint; }
    QLabel* messageLabel() const { return m_message; }

public Q_SLOTS:
    // Applies stored verdicts of this incident, and re-reads when the incident gains alerts or runs.
    void onCommitted(const firebreak::CommittedBatch& batch);

Q_SIGNALS:
    void fetchRequested(quint64 requestId, qint64 incidentId); // to StoreReader::fetchReviewSubjects

private:
    struct Row {
        ReviewSubject subject;
        VerdictToggles* toggles = nullptr;
        QLabel* marked = nullptr;
    };

    void fetch();
    void onFetched(quint64 requestId, qint64 incidentId, const QVector<ReviewSubject>& subjects);
    void onFetchFailed(quint64 requestId, const QString& error);
    void rebuild();
    void addSection(QGridLayout* grid, int* line, ReviewVerdict::SubjectKind kind);
    int rowOf(ReviewVerdict::SubjectKind kind, const QString& subjectId) const;
    void showVerdict(Row& row);
    void updateState();
    void showMessage(const QString& text);

    OperatorSession& m_session;
    const Clock& m_clock;
    const Theme& m_theme;
    ReviewWriteTracker* m_writes = nullptr;
    QLabel* m_summary = nullptr;
    QLabel* m_hint = nullptr;
    QLabel* m_message = nullptr;
    QScrollArea* m_scroll = nullptr;
    QTimer* m_refetch = nullptr;
    qint64 m_incidentId = 0;
    quint64 m_request = 0;
    bool m_loaded = false;
    QVector<ReviewSubject> m_subjects;
    QVector<Row> m_rows;
};

} // namespace firebreak
