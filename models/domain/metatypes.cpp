#include "metatypes.h"

#include "audit/auditentry.h"
#include "domain/alert.h"
#include "domain/event.h"
#include "domain/eventpin.h"
#include "domain/inboxdelivery.h"
#include "domain/incident.h"
#include "domain/quarantinedpayload.h"
#include "domain/run.h"
#include "domain/rundetail.h"
#include "domain/silence.h"
#include "domain/sourcehealth.h"
#include "engine/incidentcommand.h"
#include "engine/metricstaleness.h"
#include "ingest/webhookpayload.h"
#include "interfaces/metricsource.h"
#include "learning/backtestrequest.h"
#include "learning/incidentverdict.h"
#include "learning/thresholdsuggestion.h"
#include "playbook/playbooktrigger.h"
#include "reviews/actionitem.h"
#include "reviews/export/reviewdocument.h"
#include "reviews/review.h"
#include "reviews/reviewdetail.h"
#include "reviews/reviewfigures.h"
#include "reviews/reviewlistentry.h"
#include "reviews/reviewsubject.h"
#include "reviews/reviewtimelinecandidate.h"
#include "reviews/reviewtimelineentry.h"
#include "reviews/reviewverdict.h"
#include "roster/operatoridentity.h"
#include "store/eventquery.h"
#include "store/storeopenresult.h"
#include "store/writebatch.h"

namespace firebreak {

void registerMetaTypes()
{
    qRegisterMetaType<Event>();
    qRegisterMetaType<QVector<Event>>();
    qRegisterMetaType<Alert>();
    qRegisterMetaType<QVector<Alert>>();
    qRegisterMetaType<Incident>();
    qRegisterMetaType<QVector<Incident>>();
    qRegisterMetaType<SourceHealth>();
    qRegisterMetaType<QueryResult>();
    qRegisterMetaType<MetricStaleness>();
    qRegisterMetaType<EventQuery>();
    qRegisterMetaType<StoreOpenResult>();
    qRegisterMetaType<WriteBatch>();
    qRegisterMetaType<CommittedBatch>();
    qRegisterMetaType<QVector<quint64>>();
    qRegisterMetaType<WebhookError>();
    qRegisterMetaType<LabelSet>();
    qRegisterMetaType<Silence>();
    qRegisterMetaType<QVector<Silence>>();
    qRegisterMetaType<QuarantinedPayload>();
    qRegisterMetaType<InboxDelivery>();
    qRegisterMetaType<QVector<InboxDelivery>>();
    qRegisterMetaType<AuditEntry>();
    qRegisterMetaType<Run>();
    qRegisterMetaType<QVector<Run>>();
    qRegisterMetaType<RunStepRecord>();
    qRegisterMetaType<QVector<RunStepRecord>>();
    qRegisterMetaType<VerifySample>();
    qRegisterMetaType<QVector<VerifySample>>();
    qRegisterMetaType<ApprovalRecord>();
    qRegisterMetaType<QVector<ApprovalRecord>>();
    qRegisterMetaType<GateOutcome>();
    qRegisterMetaType<RunDetail>();
    qRegisterMetaType<OperatorIdentity>();
    qRegisterMetaType<EventPin>();
    qRegisterMetaType<IncidentCommand>();
    qRegisterMetaType<QVector<qint64>>();
    qRegisterMetaType<Review>();
    qRegisterMetaType<QVector<Review>>();
    qRegisterMetaType<ReviewTimelineEntry>();
    qRegisterMetaType<ActionItem>();
    qRegisterMetaType<ReviewVerdict>();
    qRegisterMetaType<ReviewDetail>();
    qRegisterMetaType<ReviewFigures>();
    qRegisterMetaType<ReviewTimelineCandidate>();
    qRegisterMetaType<QVector<ReviewTimelineCandidate>>();
    qRegisterMetaType<ReviewDocument>();
    qRegisterMetaType<ReviewListEntry>();
    qRegisterMetaType<QVector<ReviewListEntry>>();
    qRegisterMetaType<ReviewSubject>();
    qRegisterMetaType<QVector<ReviewSubject>>();
    qRegisterMetaType<PlaybookTrigger>();
    qRegisterMetaType<IncidentVerdict>();
    qRegisterMetaType<QVector<IncidentVerdict>>();
    qRegisterMetaType<BacktestRequest>();
    qRegisterMetaType<BacktestResult>();
    qRegisterMetaType<BacktestInput>();
    qRegisterMetaType<ThresholdSuggestion>();
}

} // namespace firebreak
