// Benchmark: one metric chart holding a 1M-point series. The issue's target is "redraw < 16 ms
// after decimation" (one frame at 60 Hz). The chart is the real MetricChartView, shown offscreen at
// the size it has in the console, fed the way ChartPanel feeds it (setData, which decimates to the
// plot width and hands the points over with QLineSeries::replace). It prints the cost of each step
// separately and, for contrast, the redraw of the same series handed over undecimated.
//
// Usage: bench_chart [--points N] [--redraws N]
#include "charts/metricchartview.h"
#include "domain/metatypes.h"
#include "metrics/decimator.h"
#include "style/theme.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QImage>
#include <QLineSeries>
#include <QPen>
#include <QRandomGenerator>
#include <QTest>
#include <QThread>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <time.h>

using namespace firebreak;

namespace {

constexpr double FrameBudgetMs = 16.0;
constexpr qint64 StepMs = 1000;
constexpr qint64 StartMs = 1'700'000'000'000;

double threadCpuMs()
{
    timespec now {};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return double(now.tv_sec) * 1e3 + double(now.tv_nsec) / 1e6;
}

// Wall-clock durations in ms with the usual order statistics (nearest rank), and the GUI thread's
// CPU time for the same runs: on a shared machine the difference is time the thread was preempted.
struct Durations {
    QVector<double> wall;
    QVector<double> cpu;

    void time(const std::function<void()>& work)
    {
        QElapsedTimer timer;
        const double cpuBefore = threadCpuMs();
        timer.start();
        work();
        wall.append(double(timer.nsecsElapsed()) / 1e6);
        cpu.append(threadCpuMs() - cpuBefore);
    }
    static double rank(QVector<double> values, double fraction)
    {
        if (values.isEmpty())
            return 0;
        std::sort(values.begin(), values.end());
        const auto index = qsizetype(std::ceil(fraction * double(values.size()))) - 1;
        return values.at(std::clamp<qsizetype>(index, 0, values.size() - 1));
    }
    double median() const { return rank(wall, 0.5); }
    double p95() const { return rank(wall, 0.95); }
    double max() const { return rank(wall, 1.0); }
};

// A disk-usage-like signal: a mean-reverting random walk with occasional short spikes, so that
// most pixel columns have a narrow min/max band and a few have a tall one.
Series makeSeries(int points, quint32 seed)
{
    QRandomGenerator rng(seed);
    Series series;
    series.labels = { { QStringLiteral("__name__"), QStringLiteral("disk_used_percent") },
        { QStringLiteral("instance"), QStringLiteral("db-eu-1") } };
    series.samples.reserve(points);
    double value = 60;
    int spikeLeft = 0;
    double spikeHeight = 0;
    for (int i = 0; i < points; ++i) {
        const double noise = (rng.generateDouble() - 0.5) * 1.2;
        value += noise + (60 - value) * 0.002;
        if (spikeLeft == 0 && rng.bounded(5000) == 0) {
            spikeLeft = 1 + int(rng.bounded(20));
            spikeHeight = 20 + rng.generateDouble() * 20;
        }
        double shown = value;
        if (spikeLeft > 0) {
            shown += spikeHeight;
            --spikeLeft;
        }
        series.samples.append({ StartMs + qint64(i) * StepMs, std::clamp(shown, 0.0, 100.0) });
    }
    return series;
}

QVector<QPointF> toPoints(const Series& series)
{
    QVector<QPointF> points;
    points.reserve(series.samples.size());
    for (const Sample& s : series.samples)
        points.append(QPointF(double(s.timeMs), s.value));
    return points;
}

void printRow(const char* what, const Durations& d)
{
    std::printf("  %-44s median %7.2f  p95 %7.2f  max %7.2f ms  | thread CPU median %7.2f  p95 %7.2f ms  (n=%lld)\n",
        what, d.median(), d.p95(), d.max(), Durations::rank(d.cpu, 0.5), Durations::rank(d.cpu, 0.95),
        static_cast<long long>(d.wall.size()));
}

// The machine's 1-minute load average: these figures are wall times on a possibly shared machine.
QString loadAverage()
{
    QFile file(QStringLiteral("/proc/loadavg"));
    if (!file.open(QIODevice::ReadOnly))
        return QStringLiteral("unknown");
    return QString::fromLatin1(file.readAll().split(' ').value(0));
}

int intArgument(const QStringList& args, const QString& name, int fallback)
{
    const qsizetype at = args.indexOf(name);
    if (at < 0 || at + 1 >= args.size())
        return fallback;
    bool ok = false;
    const int value = args.at(at + 1).toInt(&ok);
    if (!ok || value <= 0) {
        std::fprintf(stderr, "bench_chart: %s expects a positive integer, got '%s'\n", qPrintable(name),
            qPrintable(args.at(at + 1)));
        std::exit(2);
    }
    return value;
}

} // namespace

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    registerMetaTypes();
    const QStringList args = QCoreApplication::arguments();
    const int pointCount = intArgument(args, QStringLiteral("--points"), 1'000'000);
    const int redraws = intArgument(args, QStringLiteral("--redraws"), 100);
    bool functionalOk = true;
    auto fail = [&functionalOk](const QString& what) {
        std::fprintf(stderr, "bench_chart: FAILED: %s\n", qPrintable(what));
        functionalOk = false;
    };

    const Theme theme = Theme::lightTheme();
    theme.applyTo(app);
    MetricChartView view(theme);
    // One chart of the console's metrics panel: the right-hand column is about 880 px wide.
    view.resize(880, 300);
    view.setHeading(QStringLiteral("DiskSpaceHigh  ·  disk_used_percent{instance=\"db-eu-1\"} > 90"),
        QStringLiteral("disk_used_percent{instance=\"db-eu-1\"} > 90"));
    view.setThreshold(*AlertExpression::parse(QStringLiteral("disk_used_percent{instance=\"db-eu-1\"} > 90")));
    const qint64 endMs = StartMs + qint64(pointCount - 1) * StepMs;
    view.setTimeRange(StartMs, endMs);
    view.show();
    if (!QTest::qWaitForWindowExposed(&view)) {
        std::fprintf(stderr, "bench_chart: the chart window was never exposed\n");
        return 1;
    }
    QCoreApplication::processEvents();

    std::printf("bench_chart: one MetricChartView %dx%d, series of %d points (1 s apart), Qt %s, platform %s; %d CPUs, "
                "load average %s\n",
        view.width(), view.height(), pointCount, qVersion(), qPrintable(QGuiApplication::platformName()),
        QThread::idealThreadCount(), qPrintable(loadAverage()));

    QElapsedTimer total;
    total.start();
    const Series series = makeSeries(pointCount, 20240501);
    std::printf("  generated the series in %.0f ms\n", double(total.elapsed()));

    // Event markers as the panel draws them (alerts, deploys) over the plot.
    QVector<ChartMarker> markers;
    for (int i = 0; i < 40; ++i)
        markers.append(
            { i + 1, StartMs + (endMs - StartMs) * i / 40, theme.accent, QStringLiteral("deploy %1").arg(i) });
    view.setMarkers(markers);

    // The hand-over as ChartPanel does it; the plot area is laid out once data is set.
    view.setData({ series });
    QCoreApplication::processEvents();
    const int plotWidth = int(view.chart()->plotArea().width());
    QLineSeries* line = view.lineSeries().at(0);
    std::printf("  plot area %d px wide; the chart holds %lld points after decimation\n", plotWidth,
        static_cast<long long>(line->count()));
    if (plotWidth < 100)
        fail(QStringLiteral("plot area only %1 px wide").arg(plotWidth));
    if (line->count() == 0 || line->count() > 2 * qsizetype(plotWidth) + 4)
        fail(QStringLiteral("%1 points drawn for a %2 px plot (expected 1..%3)")
                 .arg(line->count())
                 .arg(plotWidth)
                 .arg(2 * plotWidth + 4));
    if (line->count() > 0 && (line->at(0).x() != double(StartMs) || line->at(line->count() - 1).x() != double(endMs)))
        fail(QStringLiteral("decimation lost the first or last sample"));

    // 1. Decimation of 1M points to the plot width, with and without the Sample -> QPointF copy
    //    that MetricChartView::redecimate makes each time.
    Durations convert;
    Durations decimate;
    QVector<QPointF> raw;
    QVector<QPointF> decimated;
    for (int i = 0; i < 10; ++i) {
        convert.time([&] { raw = toPoints(series); });
        decimate.time([&] { decimated = Decimator::minMaxPerColumn(raw, double(StartMs), double(endMs), plotWidth); });
    }
    if (decimated.size() != line->count())
        fail(QStringLiteral("the view's decimation (%1 points) differs from Decimator's (%2)")
                 .arg(line->count())
                 .arg(decimated.size()));

    // 2. replace() of the decimated points (Qt Charts rebuilds the line's geometry here).
    Durations replace;
    for (int i = 0; i < 30; ++i)
        replace.time([&] { line->replace(decimated); });

    // 3. setData(): everything the panel's answer costs on the GUI thread before painting.
    Durations setData;
    for (int i = 0; i < 20; ++i)
        setData.time([&] { view.setData({ series }); });
    QCoreApplication::processEvents();

    // 4. Redraw: a synchronous repaint of the shown chart, and rendering it into an image. (The
    //    QPaintDevice overload of render(); the QPainter one paints this view without antialiasing.)
    QWidget* viewport = view.viewport();
    for (int i = 0; i < 5; ++i)
        viewport->repaint(); // warm-up: glyph caches, backing store
    Durations repaint;
    for (int i = 0; i < redraws; ++i)
        repaint.time([&] { viewport->repaint(); });
    QImage image(view.size() * view.devicePixelRatio(), QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(view.devicePixelRatio());
    Durations render;
    for (int i = 0; i < redraws / 2; ++i) {
        render.time([&] {
            image.fill(Qt::transparent);
            view.QWidget::render(&image);
        });
    }
    // The line must really be on the picture: the plot area holds pixels of the series colour.
    {
        const QRectF plot = view.chart()->mapRectToScene(view.chart()->plotArea());
        const QColor lineColor = theme.series.at(0);
        int linePixels = 0;
        const QImage flat = image.convertToFormat(QImage::Format_RGB32);
        const qreal dpr = view.devicePixelRatio();
        for (int y = int(plot.top() * dpr); y < int(plot.bottom() * dpr); ++y) {
            for (int x = int(plot.left() * dpr); x < int(plot.right() * dpr); ++x) {
                const QColor pixel = flat.pixelColor(x, y);
                if (std::abs(pixel.red() - lineColor.red()) + std::abs(pixel.green() - lineColor.green())
                        + std::abs(pixel.blue() - lineColor.blue())
                    < 40)
                    ++linePixels;
            }
        }
        std::printf("  %d pixels of the line's colour on the rendered plot\n", linePixels);
        if (linePixels < plotWidth)
            fail(QStringLiteral("the rendered chart shows only %1 pixels of the series").arg(linePixels));
    }

    // 5. A full update as the panel causes it every 2 s: setData (decimate + replace) then paint.
    Durations cycle;
    for (int i = 0; i < 20; ++i) {
        cycle.time([&] {
            view.setData({ series });
            viewport->repaint();
        });
    }

    // 6. Where the redraw goes: the line is a 1.6 px cosmetic, antialiased pen, which Qt's raster
    //    engine strokes as a generic path; 1 px cosmetic pens take its fast line stroker instead.
    Durations thinPen;
    {
        const QPen chartPen = line->pen();
        QPen thin = chartPen;
        thin.setWidthF(1.0);
        line->setPen(thin);
        viewport->repaint();
        for (int i = 0; i < redraws / 2; ++i)
            thinPen.time([&] { viewport->repaint(); });
        line->setPen(chartPen);
    }

    // 7. The same series handed to Qt Charts undecimated: why the decimation exists.
    Durations rawReplace;
    Durations rawRepaint;
    rawReplace.time([&] { line->replace(raw); });
    if (line->count() != raw.size())
        fail(QStringLiteral("undecimated replace() kept %1 of %2 points").arg(line->count()).arg(raw.size()));
    QElapsedTimer rawBudget;
    rawBudget.start();
    for (int i = 0; i < 5 && rawBudget.elapsed() < 30'000; ++i)
        rawRepaint.time([&] { viewport->repaint(); });

    std::printf("\nResults (%d points -> %lld after decimation, plot %d px):\n", pointCount,
        static_cast<long long>(decimated.size()), plotWidth);
    printRow("Sample -> QPointF copy (1M)", convert);
    printRow("Decimator::minMaxPerColumn (1M)", decimate);
    printRow("QLineSeries::replace (decimated)", replace);
    printRow("MetricChartView::setData (all of the above)", setData);
    printRow("redraw: viewport()->repaint()", repaint);
    printRow("redraw: render() into a QImage", render);
    printRow("update cycle: setData + repaint", cycle);
    printRow("diagnostic: repaint with a 1.0 px line pen", thinPen);
    printRow("undecimated: QLineSeries::replace (1M)", rawReplace);
    printRow("undecimated: viewport()->repaint()", rawRepaint);
    if (rawRepaint.median() > 0)
        std::printf("  undecimated redraw is %.0fx the decimated one\n", rawRepaint.median() / repaint.median());
    std::printf("  total run time %.1f s; load average now %s\n\n", double(total.elapsed()) / 1000.0,
        qPrintable(loadAverage()));

    const double p95 = repaint.p95();
    std::printf(
        "FIGURE chart_redraw_ms_p95=%.2f target<%.0f %s\n", p95, FrameBudgetMs, p95 < FrameBudgetMs ? "PASS" : "MISS");
    return functionalOk ? 0 : 1;
}
