#include "metrics/decimator.h"

#include <QRandomGenerator>
#include <QTest>
#include <cmath>
#include <limits>

using namespace firebreak;

namespace {

struct ColumnExtremes {
    QVector<double> low;
    QVector<double> high;
};

ColumnExtremes extremesPerColumn(const QVector<QPointF>& points, double xMin, double xMax, int width)
{
    ColumnExtremes e;
    e.low.fill(std::numeric_limits<double>::quiet_NaN(), width);
    e.high.fill(std::numeric_limits<double>::quiet_NaN(), width);
    for (const QPointF& p : points) {
        if (std::isnan(p.y()))
            continue;
        const int c = Decimator::columnOf(p.x(), xMin, xMax, width);
        if (c < 0 || c >= width)
            continue;
        if (std::isnan(e.low[c]) || p.y() < e.low[c])
            e.low[c] = p.y();
        if (std::isnan(e.high[c]) || p.y() > e.high[c])
            e.high[c] = p.y();
    }
    return e;
}

QVector<QPointF> randomSeries(QRandomGenerator& rng, int size)
{
    QVector<QPointF> points;
    points.reserve(size);
    double x = rng.bounded(1000.0);
    double y = 50;
    for (int i = 0; i < size; ++i) {
        // Irregular spacing with repeated x values now and then, and a random walk with spikes.
        if (rng.bounded(10) != 0)
            x += rng.bounded(5.0);
        y += rng.bounded(2.0) - 1.0;
        const double spike = rng.bounded(50) == 0 ? rng.bounded(200.0) - 100.0 : 0.0;
        points.append(QPointF(x, y + spike));
    }
    return points;
}

} // namespace

class TestDecimator : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void keepsColumnExtremesOnRandomSeries()
    {
        QRandomGenerator rng(20261121);
        for (int round = 0; round < 300; ++round) {
            const int size = 1 + int(rng.bounded(20000));
            const QVector<QPointF> raw = randomSeries(rng, size);
            const int width = 1 + int(rng.bounded(600));
            // Mostly the whole series; sometimes a window inside it or reaching past either end.
            const double first = raw.first().x();
            const double last = raw.last().x();
            double xMin = first;
            double xMax = last;
            if (round % 3 == 1) {
                xMin = first + rng.bounded(std::max(1.0, last - first)) * 0.5;
                xMax = xMin + std::max(1.0, (last - xMin) * rng.bounded(1.0));
            } else if (round % 3 == 2) {
                xMin = first - 100;
                xMax = last + 100;
            }
            if (!(xMax > xMin))
                xMax = xMin + 1;

            const QVector<QPointF> out = Decimator::minMaxPerColumn(raw, xMin, xMax, width);
            const QString where = QStringLiteral("round %1: %2 points, width %3, range [%4, %5]")
                                      .arg(round)
                                      .arg(size)
                                      .arg(width)
                                      .arg(xMin)
                                      .arg(xMax);

            QVERIFY2(out.size() <= 4 * width + 2 || out.size() == raw.size(), qPrintable(where));
            QVERIFY2(!out.isEmpty(), qPrintable(where));
            QCOMPARE(out.first(), raw.first());
            QCOMPARE(out.last(), raw.last());

            // Every output point is a raw point, in the raw order.
            qsizetype at = 0;
            for (const QPointF& p : out) {
                while (at < raw.size() && raw.at(at) != p)
                    ++at;
                QVERIFY2(
                    at < raw.size(), qPrintable(where + QStringLiteral(": point not from the input or out of order")));
                ++at;
            }

            const ColumnExtremes want = extremesPerColumn(raw, xMin, xMax, width);
            const ColumnExtremes got = extremesPerColumn(out, xMin, xMax, width);
            for (int c = 0; c < width; ++c) {
                const QString column = where + QStringLiteral(", column %1").arg(c);
                QVERIFY2(std::isnan(want.low[c]) == std::isnan(got.low[c]), qPrintable(column));
                if (!std::isnan(want.low[c])) {
                    QVERIFY2(want.low[c] == got.low[c], qPrintable(column + QStringLiteral(" min")));
                    QVERIFY2(want.high[c] == got.high[c], qPrintable(column + QStringLiteral(" max")));
                }
            }
        }
    }

    void reducesLargeSeriesToAFewPointsPerColumn()
    {
        QVector<QPointF> raw;
        for (int i = 0; i < 1'000'000; ++i)
            raw.append(QPointF(i, std::sin(i / 1000.0)));
        const QVector<QPointF> out = Decimator::minMaxPerColumn(raw, 0, 999'999, 800);
        QVERIFY(out.size() <= 2 * 800 + 2);
        QVERIFY(out.size() >= 800);
    }

    void keepsNeighboursOutsideTheRange()
    {
        QVector<QPointF> raw;
        for (int i = 0; i < 100; ++i)
            raw.append(QPointF(i, i % 7));
        // Window [40, 60] in 4 columns: points 39 and 61 lie just outside and must stay so the
        // line is drawn up to the plot's edges.
        const QVector<QPointF> out = Decimator::minMaxPerColumn(raw, 40, 60, 4);
        QVERIFY(out.contains(QPointF(39, 39 % 7)));
        QVERIFY(out.contains(QPointF(61, 61 % 7)));
        QVERIFY(!out.contains(QPointF(38, 38 % 7)));
        QVERIFY(!out.contains(QPointF(62, 62 % 7)));
    }

    void emitsMinAndMaxInXOrderWithinAColumn()
    {
        // One column; the maximum comes before the minimum in x.
        QVector<QPointF> raw;
        for (int i = 0; i < 20; ++i)
            raw.append(QPointF(i, 5));
        raw[3].setY(9); // max
        raw[12].setY(1); // min
        const QVector<QPointF> out = Decimator::minMaxPerColumn(raw, 0, 19, 1);
        const QVector<QPointF> expected { QPointF(0, 5), QPointF(3, 9), QPointF(12, 1), QPointF(19, 5) };
        QCOMPARE(out, expected);
    }

    void dropsNaNAndLeavesSmallSeriesAlone()
    {
        const double nan = std::numeric_limits<double>::quiet_NaN();
        const QVector<QPointF> raw { QPointF(0, 1), QPointF(1, nan), QPointF(2, 3) };
        const QVector<QPointF> expected { QPointF(0, 1), QPointF(2, 3) };
        QCOMPARE(Decimator::minMaxPerColumn(raw, 0, 2, 100), expected);
        QCOMPARE(Decimator::minMaxPerColumn({}, 0, 2, 100), QVector<QPointF>());
        QCOMPARE(Decimator::minMaxPerColumn(raw, 2, 2, 100), expected); // empty range: nothing to reduce
        QCOMPARE(Decimator::minMaxPerColumn(raw, 0, 2, 0), expected);
    }
};

QTEST_GUILESS_MAIN(TestDecimator)
#include "tst_decimator.moc"
