// The diff between two review versions: the changed lines with a little context, per section; the
// edit script is always correct (it rebuilds both texts) and minimal (as short as an LCS allows).
#include "reviews/reviewdiff.h"

#include <QRandomGenerator>
#include <QTest>

using namespace firebreak;

namespace {

using Kind = ReviewDiffLine::Kind;

QStringList numbered(int count, const QString& prefix = QStringLiteral("line"))
{
    QStringList out;
    for (int i = 1; i <= count; ++i)
        out.append(QStringLiteral("%1 %2").arg(prefix).arg(i));
    return out;
}

int lcsLength(const QStringList& a, const QStringList& b)
{
    QVector<QVector<int>> table(a.size() + 1, QVector<int>(b.size() + 1, 0));
    for (qsizetype i = a.size() - 1; i >= 0; --i) {
        for (qsizetype j = b.size() - 1; j >= 0; --j)
            table[i][j] = a.at(i) == b.at(j) ? table[i + 1][j + 1] + 1 : qMax(table[i + 1][j], table[i][j + 1]);
    }
    return table[0][0];
}

// "  text", "- text", "+ text": how a reader sees a hunk.
QStringList render(const ReviewDiffHunk& hunk)
{
    QStringList out;
    for (const ReviewDiffLine& line : hunk.lines)
        out.append((line.kind == Kind::Same           ? QStringLiteral("  ")
                           : line.kind == Kind::Added ? QStringLiteral("+ ")
                                                      : QStringLiteral("- "))
            + line.text);
    return out;
}

} // namespace

class TstReviewDiff : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void identicalTextsHaveNoHunks()
    {
        const QVector<ReviewDiffLine> lines = ReviewDiff::lines(numbered(5), numbered(5));
        QCOMPARE(lines.size(), 5);
        QVERIFY(
            std::all_of(lines.cbegin(), lines.cend(), [](const ReviewDiffLine& l) { return l.kind == Kind::Same; }));
        QVERIFY(ReviewDiff::hunks(lines).isEmpty());
    }

    void oneChangedLineWithTwoLinesOfContext()
    {
        QStringList newer = numbered(10);
        newer[4] = QStringLiteral("line 5, rewritten");
        const QVector<ReviewDiffHunk> hunks = ReviewDiff::hunks(ReviewDiff::lines(numbered(10), newer));
        QCOMPARE(hunks.size(), 1);
        QCOMPARE(render(hunks.first()),
            QStringList({ QStringLiteral("  line 3"), QStringLiteral("  line 4"), QStringLiteral("- line 5"),
                QStringLiteral("+ line 5, rewritten"), QStringLiteral("  line 6"), QStringLiteral("  line 7") }));
        QCOMPARE(hunks.first().oldStart, 3);
        QCOMPARE(hunks.first().oldCount, 5);
        QCOMPARE(hunks.first().newStart, 3);
        QCOMPARE(hunks.first().newCount, 5);
        QCOMPARE(hunks.first().lines.at(2).oldLine, 5);
        QCOMPARE(hunks.first().lines.at(3).newLine, 5);
    }

    void distantChangesMakeSeparateHunksCloseOnesOne()
    {
        QStringList far = numbered(20);
        far[1] = QStringLiteral("changed 2");
        far[15] = QStringLiteral("changed 16");
        QCOMPARE(ReviewDiff::hunks(ReviewDiff::lines(numbered(20), far)).size(), 2);
        QStringList close = numbered(20);
        close[5] = QStringLiteral("changed 6");
        close[9] = QStringLiteral("changed 10"); // three unchanged lines between: within 2 x context
        const QVector<ReviewDiffHunk> hunks = ReviewDiff::hunks(ReviewDiff::lines(numbered(20), close));
        QCOMPARE(hunks.size(), 1);
        QCOMPARE(hunks.first().oldStart, 4);
        QCOMPARE(hunks.first().oldCount, 9);
    }

    void insertionsAtTheEdges()
    {
        QStringList newer = numbered(4);
        newer.prepend(QStringLiteral("first"));
        newer.append(QStringLiteral("last"));
        const QVector<ReviewDiffLine> lines = ReviewDiff::lines(numbered(4), newer);
        QCOMPARE(lines.first().kind, Kind::Added);
        QCOMPARE(lines.first().text, QStringLiteral("first"));
        QCOMPARE(lines.last().kind, Kind::Added);
        QCOMPARE(ReviewDiff::hunks(ReviewDiff::lines({}, numbered(2))).first().oldStart, 0);
    }

    void editScriptIsCorrectAndMinimal()
    {
        // Small alphabets make many equal lines, where a greedy matcher would go wrong.
        QRandomGenerator random(20261121);
        const QStringList alphabet { QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c") };
        for (int round = 0; round < 2000; ++round) {
            QStringList older;
            QStringList newer;
            for (int i = int(random.bounded(13)); i > 0; --i)
                older.append(alphabet.at(random.bounded(3)));
            for (int i = int(random.bounded(13)); i > 0; --i)
                newer.append(alphabet.at(random.bounded(3)));
            const QVector<ReviewDiffLine> lines = ReviewDiff::lines(older, newer);
            QStringList rebuiltOlder;
            QStringList rebuiltNewer;
            int same = 0;
            for (const ReviewDiffLine& line : lines) {
                if (line.kind != Kind::Added) {
                    rebuiltOlder.append(line.text);
                    QCOMPARE(line.oldLine, int(rebuiltOlder.size()));
                }
                if (line.kind != Kind::Removed) {
                    rebuiltNewer.append(line.text);
                    QCOMPARE(line.newLine, int(rebuiltNewer.size()));
                }
                same += line.kind == Kind::Same ? 1 : 0;
            }
            QCOMPARE(rebuiltOlder, older);
            QCOMPARE(rebuiltNewer, newer);
            QCOMPARE(same, lcsLength(older, newer));
        }
    }

    void rewrittenBeyondTheBoundStillRebuildsBoth()
    {
        const QStringList older = numbered(1500, QStringLiteral("old"));
        const QStringList newer = numbered(1500, QStringLiteral("new"));
        const QVector<ReviewDiffLine> lines = ReviewDiff::lines(older, newer);
        QCOMPARE(lines.size(), 3000);
        QCOMPARE(std::count_if(
                     lines.cbegin(), lines.cend(), [](const ReviewDiffLine& l) { return l.kind == Kind::Removed; }),
            1500);
        QCOMPARE(lines.first().kind, Kind::Removed);
        QCOMPARE(lines.last().kind, Kind::Added);
        QCOMPARE(lines.last().newLine, 1500);
    }

    void comparesSectionBySection()
    {
        Review older;
        older.summary = QStringLiteral("Disk full on db-eu-1.\nWrites failed.\n");
        older.lessons = QStringLiteral("- Alert earlier\n");
        Review newer = older;
        newer.summary = QStringLiteral("Disk full on db-eu-1.\nWrites failed for 12 minutes.\n");
        const QVector<ReviewSectionDiff> diff = ReviewDiff::compare(older, newer);
        QCOMPARE(diff.size(), 7);
        QCOMPARE(diff.at(0).heading, QStringLiteral("Summary"));
        QCOMPARE(diff.at(0).added, 1);
        QCOMPARE(diff.at(0).removed, 1);
        QCOMPARE(render(diff.at(0).hunks.first()),
            QStringList({ QStringLiteral("  Disk full on db-eu-1."), QStringLiteral("- Writes failed."),
                QStringLiteral("+ Writes failed for 12 minutes.") }));
        QCOMPARE(diff.at(6).heading, QStringLiteral("Lessons"));
        QVERIFY(!diff.at(6).changed());
        QVERIFY(diff.at(6).hunks.isEmpty());
    }

    void splitLinesDropsOnlyTheFinalNewline()
    {
        QCOMPARE(ReviewDiff::splitLines(QString()), QStringList());
        QCOMPARE(ReviewDiff::splitLines(QStringLiteral("a\n")), QStringList { QStringLiteral("a") });
        QCOMPARE(ReviewDiff::splitLines(QStringLiteral("a\n\n")), QStringList({ QStringLiteral("a"), QString() }));
        QCOMPARE(
            ReviewDiff::splitLines(QStringLiteral("a\nb")), QStringList({ QStringLiteral("a"), QStringLiteral("b") }));
    }
};

QTEST_GUILESS_MAIN(TstReviewDiff)
#include "tst_reviewdiff.moc"
