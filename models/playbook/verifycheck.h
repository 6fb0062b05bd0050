#pragma once

#include <QString>

namespace firebreak {

// One Argo-style analysis after the steps ran: `query` is sampled `count` times, `intervalMs` apart
// (the first after `initialDelayMs`); a sample meeting `op threshold` is a success, one that does not
// is a failure, one without data is inconclusive. The check fails when failures exceed `failureLimit`
// or inconclusive samples exceed `inconclusiveLimit`.
struct VerifyCheck {
    enum class Operator { Less, LessOrEqual, Greater, GreaterOrEqual, Equal, NotEqual };

    QString name;
    QString query;
    Operator op = Operator::Less;
    double threshold = 0;
    QString success; // the condition as written ("< 80"), for display
    qint64 intervalMs = 0;
    qint64 initialDelayMs = 0;
    int count = 1;
    int failureLimit = 0;
    int inconclusiveLimit = 0;
    int line = 0; // 1-based line of the check in its file

    bool holds(double value) const;
    bool operator==(const VerifyCheck&) const = default;
};

} // namespace firebreak
