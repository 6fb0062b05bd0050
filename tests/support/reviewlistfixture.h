#pragma once

#include "store/writebatch.h"

// A small history of incidents with reviews in every state, for the tests of the review list, its
// search and the verdicts: what a commander would find a few weeks into using the console. Times
// are relative to `nowMs`, so "overdue" holds whatever clock the test uses.
//
//   #1 SEV2 resolved  "Disk full on db-1"      draft review (lessons name the storage team), two open
//                                               action items (one 3 days overdue), one done and overdue
//                                               alerts DiskFull (fired twice) and DiskWarn (still firing),
//                                               run #11 "Disk cleanup" succeeded; DiskFull judged useful
//   #2 SEV1 resolved  "API latency"            final review, one open action item without a due date
//   #3 SEV3 resolved  "Certificate expiry"     no review
//   #4 SEV4 open      "Queue backlog"          no review (still open, so not "missing")
//   #5 SEV3 reviewed  "Cron storm"             no review
//   #6 SEV4 resolved  "Flaky probe"            no review, but an action item
struct ReviewListFixture {
    static constexpr qint64 DayMs = 24 * 3'600'000;

    static firebreak::WriteBatch batch(qint64 nowMs);
};
