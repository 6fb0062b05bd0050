#pragma once

#include "reviewdocument.h"

#include <QPair>
#include <QString>
#include <QVector>

namespace firebreak {

// The words and numbers every export format prints, made in one place so that the Markdown, the
// HTML and the PDF of one review say exactly the same thing: UTC times, durations, figure values,
// section names, statuses.
class ReviewExportText {
public:
    struct Section {
        QString title; // "Summary"
        QString markdown; // as written; empty when nothing was
    };
    struct FigureRow {
        QString label;
        QString value; // "6 s", "3 (succeeded 2, rolled_back 1)", "not known"
        QString how; // how it was computed
    };

    static QString dateTime(qint64 ms); // "2024-03-05 14:02:07" (UTC); "not yet" for 0
    static QString dateTimeUtc(qint64 ms); // with " UTC"
    static QString duration(qint64 ms); // "45 s", "4 min 20 s", "2 h 5 min", "3 d 4 h"
    static QString severity(int level); // "SEV2"
    static QString title(const ReviewDocument& doc); // "Post-incident review: <incident title>"
    static QString incidentLine(const ReviewDocument& doc); // "Incident 7 · SEV2 · resolved · commander alice"
    // The milestones in lifecycle order: ("Opened", "2024-03-05 14:00:00 UTC"), ...
    static QVector<QPair<QString, QString>> milestones(const Incident& incident);
    static QString reviewLine(const ReviewDocument& doc); // "Review: final, version 3 · by alice, bob · saved ..."
    static QVector<Section> sections(const Review& review); // the seven sections, in reading order
    static QString noReviewYet(); // what a section says before any review was saved
    static QString nothingWritten(); // what an empty section of a saved review says

    static QString figureValue(const ReviewFigure& figure); // "not known" when it is not
    // The figures table: every figure in reading order, runs with their states, then the audit head.
    static QVector<FigureRow> figureRows(const ReviewFigures& figures);
    static QString footer(const ReviewDocument& doc); // "Exported by Firebreak at ... · audit head #12 sha256 ..."

    static QString timelineSource(const ReviewTimelineEntry& entry); // "event #12" or "typed"
    static QString actionStatus(const ActionItem& item, qint64 nowMs); // "open", "done", "OVERDUE (open)"
    static QString verdictSubject(const ReviewVerdict& verdict); // "alert 3f2a…", "run 3"
    static QString verdictText(ReviewVerdict::Verdict verdict); // "useful", "noise", "missed or late"
    static QString chartDescription(const ReviewChart& chart); // alt text: title, caption, what is drawn
    static bool isWebLink(const QString& link); // http:// or https:// with a host
};

} // namespace firebreak
