#include "reviewdiff.h"

#include "reviewdocumenttext.h"

#include <algorithm>
#include <vector>

namespace firebreak {

namespace {

using Kind = ReviewDiffLine::Kind;

// Appends the edit script of a[aFrom, aTo) against b[bFrom, bTo), whose first and last lines differ
// (the caller trimmed what they share), in order.
void middle(const QStringList& a, qsizetype aFrom, qsizetype aTo, const QStringList& b, qsizetype bFrom, qsizetype bTo,
    QVector<ReviewDiffLine>* out)
{
    const int n = int(aTo - aFrom);
    const int m = int(bTo - bFrom);
    const int limit = std::min(n + m, ReviewDiff::MaxEditDistance);
    const auto same = [&](int x, int y) { return a.at(aFrom + x) == b.at(bFrom + y); };
    // v[k + offset]: the furthest x reached on diagonal k (x - y = k) with d edits so far.
    const int offset = limit + 1;
    std::vector<int> v(size_t(2 * offset + 1), 0);
    // trace[d]: v on diagonals -d..d before step d, enough to walk the path back.
    std::vector<std::vector<int>> trace;
    int found = -1;
    for (int d = 0; d <= limit && found < 0; ++d) {
        trace.emplace_back(v.begin() + (offset - d), v.begin() + (offset + d + 1));
        for (int k = -d; k <= d; k += 2) {
            const bool down = k == -d || (k != d && v[size_t(offset + k - 1)] < v[size_t(offset + k + 1)]);
            int x = down ? v[size_t(offset + k + 1)] : v[size_t(offset + k - 1)] + 1;
            int y = x - k;
            while (x < n && y < m && same(x, y)) {
                ++x;
                ++y;
            }
            v[size_t(offset + k)] = x;
            if (x >= n && y >= m) {
                found = d;
                break;
            }
        }
    }

    QVector<ReviewDiffLine> reversed;
    const auto keep = [&](int x, int y) {
        reversed.append({ Kind::Same, a.at(aFrom + x), int(aFrom + x + 1), int(bFrom + y + 1) });
    };
    if (found < 0) {
        // Too different to search: everything older goes, everything newer comes.
        for (int y = m - 1; y >= 0; --y)
            reversed.append({ Kind::Added, b.at(bFrom + y), 0, int(bFrom + y + 1) });
        for (int x = n - 1; x >= 0; --x)
            reversed.append({ Kind::Removed, a.at(aFrom + x), int(aFrom + x + 1), 0 });
    } else {
        int x = n;
        int y = m;
        for (int d = found; d > 0; --d) {
            const std::vector<int>& before = trace[size_t(d)]; // diagonals -d..d, index k + d
            const int k = x - y;
            const bool down = k == -d || (k != d && before[size_t(k - 1 + d)] < before[size_t(k + 1 + d)]);
            const int previousK = down ? k + 1 : k - 1;
            const int previousX = before[size_t(previousK + d)];
            const int previousY = previousX - previousK;
            while (x > previousX && y > previousY) {
                --x;
                --y;
                keep(x, y);
            }
            if (down) {
                --y;
                reversed.append({ Kind::Added, b.at(bFrom + y), 0, int(bFrom + y + 1) });
            } else {
                --x;
                reversed.append({ Kind::Removed, a.at(aFrom + x), int(aFrom + x + 1), 0 });
            }
        }
        while (x > 0 && y > 0) {
            --x;
            --y;
            keep(x, y);
        }
    }
    std::reverse(reversed.begin(), reversed.end());
    out->append(reversed);
}

} // namespace

QVector<ReviewDiffLine> ReviewDiff::lines(const QStringList& older, const QStringList& newer)
{
    QVector<ReviewDiffLine> out;
    qsizetype start = 0;
    while (start < older.size() && start < newer.size() && older.at(start) == newer.at(start)) {
        out.append({ Kind::Same, older.at(start), int(start + 1), int(start + 1) });
        ++start;
    }
    qsizetype olderEnd = older.size();
    qsizetype newerEnd = newer.size();
    while (olderEnd > start && newerEnd > start && older.at(olderEnd - 1) == newer.at(newerEnd - 1)) {
        --olderEnd;
        --newerEnd;
    }
    middle(older, start, olderEnd, newer, start, newerEnd, &out);
    for (qsizetype i = 0; olderEnd + i < older.size(); ++i)
        out.append({ Kind::Same, older.at(olderEnd + i), int(olderEnd + i + 1), int(newerEnd + i + 1) });
    return out;
}

QVector<ReviewDiffHunk> ReviewDiff::hunks(const QVector<ReviewDiffLine>& lines, int context)
{
    QVector<ReviewDiffHunk> out;
    const qsizetype count = lines.size();
    qsizetype i = 0;
    while (i < count) {
        while (i < count && lines.at(i).kind == Kind::Same)
            ++i;
        if (i == count)
            break;
        // [first, last] covers the changes of this hunk; it grows while the next change is close.
        const qsizetype first = std::max<qsizetype>(0, i - context);
        qsizetype last = i;
        qsizetype next = i + 1;
        while (next < count) {
            if (lines.at(next).kind != Kind::Same) {
                last = next++;
                continue;
            }
            qsizetype run = next;
            while (run < count && lines.at(run).kind == Kind::Same)
                ++run;
            if (run == count || run - next > 2 * context)
                break;
            last = run;
            next = run + 1;
        }
        const qsizetype end = std::min(count, last + 1 + context);
        ReviewDiffHunk hunk;
        int olderBefore = 0;
        int newerBefore = 0;
        for (qsizetype j = 0; j < first; ++j) {
            olderBefore += lines.at(j).kind != Kind::Added ? 1 : 0;
            newerBefore += lines.at(j).kind != Kind::Removed ? 1 : 0;
        }
        for (qsizetype j = first; j < end; ++j) {
            const ReviewDiffLine& line = lines.at(j);
            hunk.oldCount += line.kind != Kind::Added ? 1 : 0;
            hunk.newCount += line.kind != Kind::Removed ? 1 : 0;
            hunk.lines.append(line);
        }
        hunk.oldStart = hunk.oldCount > 0 ? olderBefore + 1 : olderBefore;
        hunk.newStart = hunk.newCount > 0 ? newerBefore + 1 : newerBefore;
        out.append(std::move(hunk));
        i = end;
    }
    return out;
}

QVector<ReviewSectionDiff> ReviewDiff::compare(const Review& older, const Review& newer, int context)
{
    QVector<ReviewSectionDiff> out;
    for (const ReviewDocumentText::Section& section : ReviewDocumentText::sections()) {
        ReviewSectionDiff diff;
        diff.heading = section.heading;
        const QVector<ReviewDiffLine> all = lines(splitLines(older.*section.text), splitLines(newer.*section.text));
        for (const ReviewDiffLine& line : all) {
            diff.added += line.kind == Kind::Added ? 1 : 0;
            diff.removed += line.kind == Kind::Removed ? 1 : 0;
        }
        diff.hunks = hunks(all, context);
        out.append(std::move(diff));
    }
    return out;
}

QStringList ReviewDiff::splitLines(const QString& text)
{
    if (text.isEmpty())
        return {};
    QStringList out = text.split(QLatin1Char('\n'));
    if (text.endsWith(QLatin1Char('\n')))
        out.removeLast();
    return out;
}

} // namespace firebreak
