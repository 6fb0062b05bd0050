#pragma once

#include "domain/incident.h"
#include "reviewchart.h"
#include "reviews/reviewdetail.h"
#include "reviews/reviewfigures.h"

#include <QMetaType>
#include <QStringList>
#include <QVector>

namespace firebreak {

// Everything an export of one post-incident review prints, read in one go (ReviewDocumentReader)
// so that Markdown, HTML and PDF are written from the same snapshot and agree with each other.
struct ReviewDocument {
    Incident incident;
    ReviewDetail detail; // detail.saved false: no review written yet (the sections print as such)
    QStringList authors; // who saved versions, in order of first save
    int versionCount = 0;
    ReviewFigures figures; // computed at export time, with the audit head then
    qint64 exportedAtMs = 0;
    QVector<ReviewChart> charts; // per run: its gates' evidence, then its verification checks
};

} // namespace firebreak

Q_DECLARE_METATYPE(firebreak::ReviewDocument)
