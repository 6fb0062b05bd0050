#pragma once

#include "domain/alert.h"
#include "domain/event.h"
#include "domain/incident.h"
#include "domain/run.h"
#include "domain/rundetail.h"
#include "eventquery.h"
#include "learning/incidentverdict.h"
#include "playbook/playbooktrigger.h"
#include "reviews/export/reviewdocument.h"
#include "reviews/reviewdetail.h"
#include "reviews/reviewfigures.h"
#include "reviews/reviewlistentry.h"
#include "reviews/reviewsubject.h"
#include "reviews/reviewtimelinecandidate.h"
#include "storeopenresult.h"

#include <QObject>

class QSqlDatabase;

namespace firebreak {

// Answers the reads the GUI needs, on its own thread with its own read-only connection, and
// returns them by queued signal. Request ids are the caller's; it drops answers it no longer wants.
class StoreReader : public QObject {
    Q_OBJECT
public:
    explicit StoreReader(QString path, QObject* parent = nullptr);
    ~StoreReader() override;

public Q_SLOTS:
    void open();
    void fetchEvents(quint64 requestId, const firebreak::EventQuery& query);
    void fetchIncidents(quint64 requestId); // all incidents, newest first
    void fetchSources(quint64 requestId); // distinct event sources, for filters
    void fetchAlerts(quint64 requestId, qint64 incidentId); // the incident's alerts, oldest first
    // Every run not yet over (RunQueries::listed) plus the 500 newest, newest first.
    void fetchRuns(quint64 requestId);
    // One run with its plan, gates, steps, samples, approvals and own events; fails for an unknown id.
    void fetchRunDetail(quint64 requestId, qint64 runId);
    // The events pinned in an incident's timeline (0: every pinned event).
    void fetchPins(quint64 requestId, qint64 incidentId);
    // An incident's review: latest version, timeline rows, action items, verdicts (saved false if none yet).
    void fetchReview(quint64 requestId, qint64 incidentId);
    void fetchReviewVersions(quint64 requestId, qint64 incidentId); // every saved version, version 1 first
    void fetchReviews(quint64 requestId); // the latest version of every review, most recently saved first
    // Reviews whose text matches every word (a trailing * is a prefix), best match first.
    void searchReviews(quint64 requestId, const QString& text);
    // The review figures computed now from the stored data (ReviewFigures::compute, wall clock).
    void fetchReviewFigures(quint64 requestId, qint64 incidentId);
    // The incident's events as review timeline rows, pinned ones preselected (ReviewTimelineImport::read).
    void fetchReviewTimelineImport(quint64 requestId, qint64 incidentId);
    // Everything an export prints (ReviewDocumentReader::read, wall clock). An unknown incident or a
    // failed read answers with an empty document and `error` set, on the same signal.
    void fetchReviewDocument(quint64 requestId, qint64 incidentId);
    // The list of reviews (ReviewListQueries::list): `text` searches their text (empty: no search),
    // `statusFilter` is "", "draft", "final", "overdue" or "missing". Overdue by the wall clock.
    void fetchReviewList(quint64 requestId, const QString& text, const QString& statusFilter);
    // The incident's alerts and runs with any verdict already given (ReviewListQueries::subjects).
    void fetchReviewSubjects(quint64 requestId, qint64 incidentId);
    // The incidents in [startMs, endMs] that concern playbook `playbookId` (an alert matching `trigger`,
    // or a run of it) with the reviews' verdicts, oldest first: what a gate backtest is judged against
    // (BacktestIncidentQueries::read).
    void fetchBacktestIncidents(quint64 requestId, const QString& playbookId, const firebreak::PlaybookTrigger& trigger,
        qint64 startMs, qint64 endMs);

Q_SIGNALS:
    void opened(const firebreak::StoreOpenResult& result);
    void eventsFetched(quint64 requestId, const QVector<firebreak::Event>& events, bool more);
    void incidentsFetched(quint64 requestId, const QVector<firebreak::Incident>& incidents);
    void sourcesFetched(quint64 requestId, const QStringList& sources);
    void alertsFetched(quint64 requestId, const QVector<firebreak::Alert>& alerts);
    void runsFetched(quint64 requestId, const QVector<firebreak::Run>& runs);
    void runDetailFetched(quint64 requestId, const firebreak::RunDetail& detail);
    void pinsFetched(quint64 requestId, qint64 incidentId, const QVector<qint64>& eventIds);
    void failed(quint64 requestId, const QString& error);
    void reviewFetched(quint64 requestId, const firebreak::ReviewDetail& detail);
    void reviewVersionsFetched(quint64 requestId, qint64 incidentId, const QVector<firebreak::Review>& versions);
    void reviewsFetched(
        quint64 requestId, const QVector<firebreak::Review>& reviews); // by fetchReviews and searchReviews
    void reviewFiguresFetched(quint64 requestId, const firebreak::ReviewFigures& figures);
    void reviewTimelineImportFetched(
        quint64 requestId, qint64 incidentId, const QVector<firebreak::ReviewTimelineCandidate>& candidates);
    void reviewDocumentFetched(quint64 requestId, const firebreak::ReviewDocument& doc, const QString& error);
    void reviewListFetched(quint64 requestId, const QVector<firebreak::ReviewListEntry>& entries);
    void reviewSubjectsFetched(quint64 requestId, qint64 incidentId, const QVector<firebreak::ReviewSubject>& subjects);
    void backtestIncidentsFetched(quint64 requestId, const QVector<firebreak::IncidentVerdict>& incidents);

private:
    // The reader's connection in `db`; false (having answered `requestId` with `failed`) when it is not open.
    bool openFor(quint64 requestId, QSqlDatabase* db);

    QString m_path;
    QString m_connectionName;
};

} // namespace firebreak
