#pragma once

#include "audit/auditentry.h"
#include "domain/event.h"
#include "domain/run.h"
#include "store/writebatch.h"

#include <QJsonObject>
#include <QMap>
#include <QStringList>
#include <QVector>
#include <optional>

// What the store committed during an end-to-end test (and what the engine answered), collected on the
// test thread, with the views the remediation tests ask for: a run's timeline, its audit actions, the
// run of a playbook in a given state. One recorder, so that every such test reads runs the same way.
class RunRecorder {
public:
    struct Answer {
        qint64 runId = 0;
        QString person;
        bool accepted = false;
        QString reason;
    };

    QVector<firebreak::Event> events;
    QMap<qint64, firebreak::Run> runs; // the latest committed version of each
    QVector<firebreak::AuditEntry> audit;
    QVector<firebreak::RunStepRecord> steps;
    QVector<firebreak::VerifySample> samples;
    QVector<Answer> answers; // RunEngine::decisionAnswered, when the test records it

    void take(const firebreak::CommittedBatch& batch);

    QVector<firebreak::Event> eventsOf(qint64 runId) const; // the run's timeline, in commit order
    QStringList kindsOf(qint64 runId) const;
    std::optional<firebreak::Event> first(qint64 runId, const QString& kind) const;
    qint64 runIn(const QString& playbookId, firebreak::RunState state) const; // the first such run, or 0
    firebreak::RunState stateOf(qint64 runId) const;
    QStringList auditActions(qint64 runId) const;
    QString describe() const; // one line per run: state, reason, event kinds (for failure messages)

    static QJsonObject bodyOf(const firebreak::Event& event);
    // Whether `kinds` holds `wanted` in this order (other kinds may come between).
    static bool inOrder(const QStringList& kinds, const QStringList& wanted);
};
