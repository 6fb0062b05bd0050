#pragma once

#include "review.h"
#include "reviewdetail.h"
#include "reviewfigures.h"

#include <QObject>
#include <QVector>

namespace firebreak {

class StoreReader;

// The review window's questions to the store reader for one incident (the review with its autosaved
// text, every version, the figures), asked by request id on the reader's thread so the GUI thread
// never runs SQL. Only the answer to the latest question of each kind is passed on; the others are
// stale or someone else's.
class ReviewFeed final : public QObject {
    Q_OBJECT
public:
    explicit ReviewFeed(qint64 incidentId, QObject* parent = nullptr);

    // Connects the requests and answers to `reader` (which lives on its own thread: queued both ways).
    void connectReader(StoreReader* reader);
    qint64 incidentId() const { return m_incidentId; }

public Q_SLOTS:
    void fetchReview();
    void fetchVersions();
    void fetchFigures();
    void onReviewFetched(quint64 requestId, const firebreak::ReviewDetail& detail);
    void onVersionsFetched(quint64 requestId, qint64 incidentId, const QVector<firebreak::Review>& versions);
    void onFiguresFetched(quint64 requestId, const firebreak::ReviewFigures& figures);
    void onFetchFailed(quint64 requestId, const QString& error);

Q_SIGNALS:
    void reviewRequested(quint64 requestId, qint64 incidentId);
    void versionsRequested(quint64 requestId, qint64 incidentId);
    void figuresRequested(quint64 requestId, qint64 incidentId);
    void reviewLoaded(const firebreak::ReviewDetail& detail);
    void versionsLoaded(const QVector<firebreak::Review>& versions);
    void figuresLoaded(const firebreak::ReviewFigures& figures);
    void reviewFailed(const QString& error);
    void versionsFailed(const QString& error);
    void figuresFailed(const QString& error);

private:
    qint64 m_incidentId = 0;
    quint64 m_reviewRequest = 0;
    quint64 m_versionsRequest = 0;
    quint64 m_figuresRequest = 0;
};

} // namespace firebreak
