#include "wallsparkline.h"

#include "style/theme.h"

#include <QPainter>
#include <QPainterPath>
#include <cmath>

namespace firebreak {

namespace {
QString valueText(double value)
{
    // Read from across the room: three significant digits and an SI suffix, never a nine-digit number.
    static const struct {
        double factor;
        const char* suffix;
    } scales[] = { { 1e12, "T" }, { 1e9, "G" }, { 1e6, "M" }, { 1e3, "k" } };
    if (std::abs(value) >= 10'000) {
        for (const auto& scale : scales) {
            if (std::abs(value) >= scale.factor)
                return QString::number(value / scale.factor, 'g', 3) + QLatin1String(scale.suffix);
        }
    }
    return QString::number(value, 'g', 3);
}

bool breaches(const AlertExpression& expression, double value)
{
    if (!expression.hasThreshold())
        return false;
    const QString& op = expression.op;
    if (op == QLatin1String(">"))
        return value > expression.threshold;
    if (op == QLatin1String(">="))
        return value >= expression.threshold;
    if (op == QLatin1String("<"))
        return value < expression.threshold;
    if (op == QLatin1String("<="))
        return value <= expression.threshold;
    if (op == QLatin1String("=="))
        return value == expression.threshold;
    return value != expression.threshold;
}
} // namespace

WallSparkline::WallSparkline(const Theme& theme, QWidget* parent)
    : QWidget(parent)
    , m_theme(theme)
{
    setAttribute(Qt::WA_OpaquePaintEvent);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

QSize WallSparkline::sizeHint() const
{
    return QSize(int(420 * m_scale), int(150 * m_scale));
}

void WallSparkline::setHeading(const QString& title, const AlertExpression& expression)
{
    m_title = title;
    m_expression = expression;
    setAccessibleName(title);
    update();
}

void WallSparkline::setData(const QVector<Series>& series, qint64 startMs, qint64 endMs)
{
    m_series = series.mid(0, MaxLines);
    m_startMs = startMs;
    m_endMs = endMs;
    m_problem = m_series.isEmpty() ? tr("no data") : QString();
    updateCurrent();
    update();
}

void WallSparkline::setProblem(const QString& problem)
{
    m_problem = problem;
    update();
}

void WallSparkline::setScale(double scale)
{
    m_scale = scale;
    // Never squeezed to a sliver by the rows of text around it: a sparkline is the tile's headline.
    setMinimumHeight(int(80 * scale));
    updateGeometry();
    update();
}

int WallSparkline::sampleCount() const
{
    int count = 0;
    for (const Series& series : m_series)
        count += int(series.samples.size());
    return count;
}

QString WallSparkline::currentValueText() const
{
    return m_currentSeries < 0 ? QString() : valueText(m_current);
}

void WallSparkline::updateCurrent()
{
    // The latest value of the series that is worst off: highest for a "greater than" rule, lowest
    // for a "less than" one.
    const bool lowIsBad = m_expression.op.startsWith(QLatin1Char('<'));
    m_currentSeries = -1;
    for (int i = 0; i < m_series.size(); ++i) {
        if (m_series.at(i).samples.isEmpty())
            continue;
        const double latest = m_series.at(i).samples.back().value;
        if (m_currentSeries < 0 || (lowIsBad ? latest < m_current : latest > m_current)) {
            m_currentSeries = i;
            m_current = latest;
        }
    }
    m_breaching = m_currentSeries >= 0 && breaches(m_expression, m_current);
}

void WallSparkline::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    painter.fillRect(rect(), m_theme.surfaceAlt);
    painter.setRenderHint(QPainter::Antialiasing);
    const double s = m_scale;
    const QRectF area = QRectF(rect()).adjusted(12 * s, 8 * s, -12 * s, -10 * s);

    QFont titleFont = font();
    titleFont.setPixelSize(std::max(12, int(22 * s)));
    QFont valueFont = font();
    valueFont.setPixelSize(std::max(18, int(46 * s)));
    valueFont.setBold(true);
    const QFontMetrics titleMetrics(titleFont);
    const QFontMetrics valueMetrics(valueFont);

    const QString value = m_problem.isEmpty() ? currentValueText() : m_problem;
    painter.setFont(valueFont);
    const int valueWidth = valueMetrics.horizontalAdvance(value);
    const QRectF valueBox(area.right() - valueWidth, area.top(), valueWidth, valueMetrics.height());
    painter.setPen(!m_problem.isEmpty() ? m_theme.warningText
            : m_breaching               ? m_theme.toneColor(Theme::Tone::Bad)
                                        : m_theme.text);
    painter.drawText(valueBox, Qt::AlignRight | Qt::AlignTop, value);

    painter.setFont(titleFont);
    painter.setPen(m_theme.text);
    const QRectF titleBox(area.left(), area.top(), area.width() - valueWidth - 12 * s, titleMetrics.height());
    painter.drawText(titleBox, Qt::AlignLeft | Qt::AlignTop,
        titleMetrics.elidedText(m_title, Qt::ElideRight, int(titleBox.width())));
    if (m_expression.hasThreshold()) {
        painter.setPen(m_theme.threshold);
        painter.drawText(titleBox.translated(0, titleMetrics.height()), Qt::AlignLeft | Qt::AlignTop,
            QStringLiteral("%1 %2").arg(m_expression.op, valueText(m_expression.threshold)));
    }

    const QRectF plot(area.left(), area.top() + valueMetrics.height() + 4 * s, area.width(),
        area.height() - valueMetrics.height() - 4 * s);
    if (plot.height() < 8 || m_endMs <= m_startMs)
        return;
    double low = std::numeric_limits<double>::infinity();
    double high = -low;
    for (const Series& series : m_series) {
        for (const Sample& sample : series.samples) {
            if (std::isfinite(sample.value)) {
                low = std::min(low, sample.value);
                high = std::max(high, sample.value);
            }
        }
    }
    if (m_expression.hasThreshold()) {
        low = std::min(low, m_expression.threshold);
        high = std::max(high, m_expression.threshold);
    }
    if (!std::isfinite(low))
        return;
    if (high - low < 1e-9) {
        low -= 1;
        high += 1;
    }
    const double pad = (high - low) * 0.08;
    low -= pad;
    high += pad;
    auto point = [&](qint64 ms, double v) {
        return QPointF(plot.left() + double(ms - m_startMs) / double(m_endMs - m_startMs) * plot.width(),
            plot.bottom() - (v - low) / (high - low) * plot.height());
    };
    if (m_expression.hasThreshold()) {
        QPen dashed(m_theme.threshold, std::max(1.5, 2.5 * s), Qt::DashLine);
        painter.setPen(dashed);
        const double y = point(m_startMs, m_expression.threshold).y();
        painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y));
    }
    // The series whose value is shown is drawn last and thickest.
    QVector<int> order;
    for (int i = 0; i < m_series.size(); ++i) {
        if (i != m_currentSeries)
            order.append(i);
    }
    if (m_currentSeries >= 0)
        order.append(m_currentSeries);
    for (const int i : order) {
        QPainterPath path;
        bool first = true;
        for (const Sample& sample : m_series.at(i).samples) {
            if (!std::isfinite(sample.value) || sample.timeMs < m_startMs || sample.timeMs > m_endMs)
                continue;
            const QPointF p = point(sample.timeMs, sample.value);
            if (first)
                path.moveTo(p);
            else
                path.lineTo(p);
            first = false;
        }
        const bool shown = i == m_currentSeries;
        QPen pen(m_theme.series.at(i % m_theme.series.size()), (shown ? 4.0 : 2.5) * s);
        pen.setJoinStyle(Qt::RoundJoin);
        painter.setPen(pen);
        painter.drawPath(path);
    }
}

} // namespace firebreak
