#include "reviewfeed.h"

#include "itemmodels/requestids.h"
#include "store/storereader.h"

namespace firebreak {

ReviewFeed::ReviewFeed(qint64 incidentId, QObject* parent)
    : QObject(parent)
    , m_incidentId(incidentId)
{
}

void ReviewFeed::connectReader(StoreReader* reader)
{
    if (!reader)
        return;
    connect(this, &ReviewFeed::reviewRequested, reader, &StoreReader::fetchReview);
    connect(this, &ReviewFeed::versionsRequested, reader, &StoreReader::fetchReviewVersions);
    connect(this, &ReviewFeed::figuresRequested, reader, &StoreReader::fetchReviewFigures);
    connect(reader, &StoreReader::reviewFetched, this, &ReviewFeed::onReviewFetched);
    connect(reader, &StoreReader::reviewVersionsFetched, this, &ReviewFeed::onVersionsFetched);
    connect(reader, &StoreReader::reviewFiguresFetched, this, &ReviewFeed::onFiguresFetched);
    connect(reader, &StoreReader::failed, this, &ReviewFeed::onFetchFailed);
}

void ReviewFeed::fetchReview()
{
    m_reviewRequest = RequestIds::next();
    Q_EMIT reviewRequested(m_reviewRequest, m_incidentId);
}

void ReviewFeed::fetchVersions()
{
    m_versionsRequest = RequestIds::next();
    Q_EMIT versionsRequested(m_versionsRequest, m_incidentId);
}

void ReviewFeed::fetchFigures()
{
    m_figuresRequest = RequestIds::next();
    Q_EMIT figuresRequested(m_figuresRequest, m_incidentId);
}

void ReviewFeed::onReviewFetched(quint64 requestId, const ReviewDetail& detail)
{
    if (requestId == 0 || requestId != m_reviewRequest)
        return;
    m_reviewRequest = 0;
    Q_EMIT reviewLoaded(detail);
}

void ReviewFeed::onVersionsFetched(quint64 requestId, qint64, const QVector<Review>& versions)
{
    if (requestId == 0 || requestId != m_versionsRequest)
        return;
    m_versionsRequest = 0;
    Q_EMIT versionsLoaded(versions);
}

void ReviewFeed::onFiguresFetched(quint64 requestId, const ReviewFigures& figures)
{
    if (requestId == 0 || requestId != m_figuresRequest)
        return;
    m_figuresRequest = 0;
    Q_EMIT figuresLoaded(figures);
}

void ReviewFeed::onFetchFailed(quint64 requestId, const QString& error)
{
    if (requestId == 0)
        return;
    if (requestId == m_reviewRequest) {
        m_reviewRequest = 0;
        Q_EMIT reviewFailed(error);
    } else if (requestId == m_versionsRequest) {
        m_versionsRequest = 0;
        Q_EMIT versionsFailed(error);
    } else if (requestId == m_figuresRequest) {
        m_figuresRequest = 0;
        Q_EMIT figuresFailed(error);
    }
}

} // namespace firebreak

#include "moc_reviewfeed.cpp"
