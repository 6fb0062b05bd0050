#pragma once

#include <QString>

// A store holding one incident with everything a post-incident review export prints, at known times
// (2024-03-05 14:00 UTC onwards), so that exports of it can be compared with golden files: a review
// saved twice, timeline rows (one imported from an event, one typed), action items (one overdue at
// ExportMs), verdicts, and a run with a sustained gate's evidence, an approval, a step, verification
// samples and a rollback. Hostile text (markup, pipes, line breaks, a heading) sits in a section, a
// timeline row, an action item title and a series label. Incident 8 exists without a review.
struct ReviewFixture {
    static constexpr qint64 T0 = 1'709'647'200'000; // 2024-03-05 14:00:00 UTC, detected
    static constexpr qint64 IncidentId = 7;
    static constexpr qint64 UnreviewedIncidentId = 8;
    static constexpr qint64 ExportMs = T0 + 10LL * 24 * 3600 * 1000;
    static constexpr int ChartCount = 2; // the gate's evidence and the verification check

    static QString hostile(); // "<script>alert(1)</script> | pipe\n# heading <img src=x onerror=alert(1)>"
    static QString hostileLabel(); // the series label of the gate's evidence
    static QString typedRowText(int index); // extra typed timeline row `index` (for long timelines)

    // Writes the store at `path` through StoreWriter; `extraRows` typed timeline rows are added a
    // minute apart. An empty string on success, else what failed.
    static QString write(const QString& path, int extraRows = 0);
};
