#include "storereader.h"

#include "backtestincidentqueries.h"
#include "database.h"
#include "reviewlistqueries.h"
#include "reviewqueries.h"
#include "reviews/export/reviewdocumentreader.h"
#include "reviews/reviewtimelineimport.h"
#include "rundetailreader.h"
#include "runqueries.h"
#include "storequeries.h"

#include <QDateTime>
#include <atomic>

namespace firebreak {

namespace {
std::atomic<int> nextReaderNumber { 1 };
} // namespace

StoreReader::StoreReader(QString path, QObject* parent)
    : QObject(parent)
    , m_path(std::move(path))
    , m_connectionName(QStringLiteral("firebreak-reader-%1").arg(nextReaderNumber++))
{
}

StoreReader::~StoreReader()
{
    Database::close(m_connectionName);
}

void StoreReader::open()
{
    Q_EMIT opened(Database::open(m_connectionName, m_path, Database::Mode::ReadOnly));
}

void StoreReader::fetchEvents(quint64 requestId, const EventQuery& query)
{
    QSqlDatabase db;
    if (!openFor(requestId, &db))
        return;
    bool more = false;
    QString error;
    const QVector<Event> events = StoreQueries::events(db, query, &more, &error);
    if (!error.isEmpty())
        Q_EMIT failed(requestId, error);
    else
        Q_EMIT eventsFetched(requestId, events, more);
}

void StoreReader::fetchIncidents(quint64 requestId)
{
    QSqlDatabase db;
    if (!openFor(requestId, &db))
        return;
    QString error;
    const QVector<Incident> incidents = StoreQueries::incidents(db, &error);
    if (!error.isEmpty())
        Q_EMIT failed(requestId, error);
    else
        Q_EMIT incidentsFetched(requestId, incidents);
}

void StoreReader::fetchSources(quint64 requestId)
{
    QSqlDatabase db;
    if (!openFor(requestId, &db))
        return;
    QString error;
    const QStringList sources = StoreQueries::sources(db, &error);
    if (!error.isEmpty())
        Q_EMIT failed(requestId, error);
    else
        Q_EMIT sourcesFetched(requestId, sources);
}

void StoreReader::fetchAlerts(quint64 requestId, qint64 incidentId)
{
    QSqlDatabase db;
    if (!openFor(requestId, &db))
        return;
    QString error;
    // Labels and annotations are decoded from their JSON columns here, on the reader's thread.
    const QVector<Alert> alerts = StoreQueries::alertsOfIncident(db, incidentId, &error);
    if (!error.isEmpty())
        Q_EMIT failed(requestId, error);
    else
        Q_EMIT alertsFetched(requestId, alerts);
}

void StoreReader::fetchRuns(quint64 requestId)
{
    QSqlDatabase db;
    if (!openFor(requestId, &db))
        return;
    QString error;
    const QVector<Run> runs = RunQueries::listed(db, RunQueries::ListedNewest, &error);
    if (!error.isEmpty())
        Q_EMIT failed(requestId, error);
    else
        Q_EMIT runsFetched(requestId, runs);
}

void StoreReader::fetchRunDetail(quint64 requestId, qint64 runId)
{
    QSqlDatabase db;
    if (!openFor(requestId, &db))
        return;
    QString error;
    // The plan and every gate's evidence are decoded here, on the reader's thread.
    const std::optional<RunDetail> detail = RunDetailReader::read(db, runId, &error);
    if (!detail)
        Q_EMIT failed(requestId, error);
    else
        Q_EMIT runDetailFetched(requestId, *detail);
}

void StoreReader::fetchPins(quint64 requestId, qint64 incidentId)
{
    QSqlDatabase db;
    if (!openFor(requestId, &db))
        return;
    QString error;
    const QVector<qint64> ids = StoreQueries::pinnedEvents(db, incidentId, &error);
    if (!error.isEmpty())
        Q_EMIT failed(requestId, error);
    else
        Q_EMIT pinsFetched(requestId, incidentId, ids);
}

void StoreReader::fetchReview(quint64 requestId, qint64 incidentId)
{
    QSqlDatabase db;
    if (!openFor(requestId, &db))
        return;
    QString error;
    const std::optional<ReviewDetail> detail = ReviewQueries::detail(db, incidentId, &error);
    if (!detail)
        Q_EMIT failed(requestId, error);
    else
        Q_EMIT reviewFetched(requestId, *detail);
}

void StoreReader::fetchReviewVersions(quint64 requestId, qint64 incidentId)
{
    QSqlDatabase db;
    if (!openFor(requestId, &db))
        return;
    QString error;
    const QVector<Review> versions = ReviewQueries::versions(db, incidentId, &error);
    if (!error.isEmpty())
        Q_EMIT failed(requestId, error);
    else
        Q_EMIT reviewVersionsFetched(requestId, incidentId, versions);
}

void StoreReader::fetchReviews(quint64 requestId)
{
    QSqlDatabase db;
    if (!openFor(requestId, &db))
        return;
    QString error;
    const QVector<Review> reviews = ReviewQueries::reviews(db, &error);
    if (!error.isEmpty())
        Q_EMIT failed(requestId, error);
    else
        Q_EMIT reviewsFetched(requestId, reviews);
}

void StoreReader::searchReviews(quint64 requestId, const QString& text)
{
    QSqlDatabase db;
    if (!openFor(requestId, &db))
        return;
    QString error;
    const QVector<Review> reviews = ReviewQueries::search(db, text, &error);
    if (!error.isEmpty())
        Q_EMIT failed(requestId, error);
    else
        Q_EMIT reviewsFetched(requestId, reviews);
}

void StoreReader::fetchReviewFigures(quint64 requestId, qint64 incidentId)
{
    QSqlDatabase db;
    if (!openFor(requestId, &db))
        return;
    QString error;
    const std::optional<ReviewFigures> figures
        = ReviewFigures::compute(db, incidentId, QDateTime::currentMSecsSinceEpoch(), &error);
    if (!figures)
        Q_EMIT failed(requestId, error);
    else
        Q_EMIT reviewFiguresFetched(requestId, *figures);
}

void StoreReader::fetchReviewTimelineImport(quint64 requestId, qint64 incidentId)
{
    QSqlDatabase db;
    if (!openFor(requestId, &db))
        return;
    QString error;
    const auto candidates = ReviewTimelineImport::read(db, incidentId, &error);
    if (!candidates)
        Q_EMIT failed(requestId, error);
    else
        Q_EMIT reviewTimelineImportFetched(requestId, incidentId, *candidates);
}

void StoreReader::fetchReviewDocument(quint64 requestId, qint64 incidentId)
{
    QSqlDatabase db = Database::connection(m_connectionName);
    if (!db.isOpen()) {
        Q_EMIT reviewDocumentFetched(
            requestId, ReviewDocument {}, QStringLiteral("The store reader for %1 is not open.").arg(m_path));
        return;
    }
    QString error;
    const std::optional<ReviewDocument> doc
        = ReviewDocumentReader::read(db, incidentId, QDateTime::currentMSecsSinceEpoch(), &error);
    Q_EMIT reviewDocumentFetched(requestId, doc.value_or(ReviewDocument {}), doc ? QString() : error);
}

void StoreReader::fetchReviewList(quint64 requestId, const QString& text, const QString& statusFilter)
{
    QSqlDatabase db;
    if (!openFor(requestId, &db))
        return;
    QString error;
    const auto entries = ReviewListQueries::list(db, text, statusFilter, QDateTime::currentMSecsSinceEpoch(), &error);
    if (!entries)
        Q_EMIT failed(requestId, error);
    else
        Q_EMIT reviewListFetched(requestId, *entries);
}

void StoreReader::fetchReviewSubjects(quint64 requestId, qint64 incidentId)
{
    QSqlDatabase db;
    if (!openFor(requestId, &db))
        return;
    QString error;
    const auto subjects = ReviewListQueries::subjects(db, incidentId, &error);
    if (!subjects)
        Q_EMIT failed(requestId, error);
    else
        Q_EMIT reviewSubjectsFetched(requestId, incidentId, *subjects);
}

void StoreReader::fetchBacktestIncidents(
    quint64 requestId, const QString& playbookId, const PlaybookTrigger& trigger, qint64 startMs, qint64 endMs)
{
    QSqlDatabase db;
    if (!openFor(requestId, &db))
        return;
    QString error;
    const auto incidents = BacktestIncidentQueries::read(db, playbookId, trigger, startMs, endMs, &error);
    if (!incidents)
        Q_EMIT failed(requestId, error);
    else
        Q_EMIT backtestIncidentsFetched(requestId, *incidents);
}

bool StoreReader::openFor(quint64 requestId, QSqlDatabase* db)
{
    *db = Database::connection(m_connectionName);
    if (db->isOpen())
        return true;
    Q_EMIT failed(requestId, QStringLiteral("The store reader for %1 is not open.").arg(m_path));
    return false;
}

} // namespace firebreak
