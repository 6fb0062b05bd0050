#include "walltile.h"

#include "domain/alert.h"
#include "interfaces/metricsource.h"
#include "itemmodels/incidentlistmodel.h"
#include "style/theme.h"
#include "wallsparkline.h"

#include <QDateTime>
#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QVBoxLayout>
#include <algorithm>

namespace firebreak {

namespace {
QLabel* makeLabel(QWidget* parent, const QColor& color)
{
    auto* label = new QLabel(parent);
    label->setTextFormat(Qt::PlainText);
    QPalette palette = label->palette();
    palette.setColor(QPalette::WindowText, color);
    label->setPalette(palette);
    return label;
}

void setPixelFont(QLabel* label, double px, bool bold)
{
    QFont font = label->font();
    font.setPixelSize(std::max(10, int(px)));
    font.setBold(bold);
    label->setFont(font);
}
} // namespace

WallTile::WallTile(const Theme& theme, QWidget* parent)
    : QFrame(parent)
    , m_theme(theme)
{
    setObjectName(QStringLiteral("wallTile"));
    setContextMenuPolicy(Qt::NoContextMenu);
    setFocusPolicy(Qt::NoFocus);
    setAttribute(Qt::WA_OpaquePaintEvent);

    m_badge = makeLabel(this, theme.text);
    m_badge->setAutoFillBackground(true);
    m_badge->setAlignment(Qt::AlignCenter);
    m_status = makeLabel(this, theme.text);
    m_age = makeLabel(this, theme.text);
    m_age->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    m_title = makeLabel(this, theme.text);
    // One line, elided to the tile's width: a second line would push the metrics off a full tile.
    m_title->setWordWrap(false);
    m_title->setObjectName(QStringLiteral("wallTileTitle"));
    m_title->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_commander = makeLabel(this, theme.text);
    m_approvals = makeLabel(this, theme.toneColor(Theme::Tone::Attention));
    m_approvals->setVisible(false);

    auto* top = new QHBoxLayout;
    top->setSpacing(16);
    top->addWidget(m_badge);
    top->addWidget(m_status);
    top->addStretch(1);
    top->addWidget(m_age);

    m_sparkRow = new QHBoxLayout;
    m_sparkRow->setSpacing(12);
    for (int i = 0; i < MaxSparklines; ++i) {
        auto* sparkline = new WallSparkline(theme, this);
        sparkline->setVisible(false);
        m_sparkRow->addWidget(sparkline, 1);
        m_sparklines.append(sparkline);
    }

    auto* events = new QVBoxLayout;
    events->setSpacing(2);
    for (int i = 0; i < MaxEvents; ++i) {
        QLabel* label = makeLabel(this, theme.text);
        label->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
        label->setVisible(false);
        events->addWidget(label);
        m_eventLabels.append(label);
    }

    auto* layout = new QVBoxLayout(this);
    layout->setSpacing(10);
    layout->addLayout(top);
    layout->addWidget(m_title);
    layout->addWidget(m_commander);
    layout->addWidget(m_approvals);
    layout->addLayout(m_sparkRow, 1);
    layout->addLayout(events);
    applyFonts();
}

void WallTile::setIncident(const Incident& incident, qint64 nowMs)
{
    m_incident = incident;
    m_nowMs = nowMs;
    updateLabels();
    update(); // the severity band
}

void WallTile::tick(qint64 nowMs)
{
    m_nowMs = nowMs;
    m_age->setText(ageText());
}

void WallTile::setAwaitingApprovals(int count)
{
    if (count == m_awaiting)
        return;
    m_awaiting = count;
    m_approvals->setText(approvalsText());
    m_approvals->setVisible(count > 0);
    updateEvents();
}

QString WallTile::severityText() const
{
    return QStringLiteral("SEV%1").arg(m_incident.severity);
}

QString WallTile::titleText() const
{
    return m_incident.title;
}

QString WallTile::statusText() const
{
    return incidentStatusName(m_incident.status).toUpper();
}

QString WallTile::ageText() const
{
    return IncidentListModel::formatAge(m_nowMs - m_incident.detectedMs);
}

QString WallTile::commanderText() const
{
    return m_incident.commander.isEmpty() ? tr("no commander") : tr("Commander: %1").arg(m_incident.commander);
}

QString WallTile::approvalsText() const
{
    if (m_awaiting <= 0)
        return {};
    return m_awaiting == 1 ? tr("1 approval waiting") : tr("%1 approvals waiting").arg(m_awaiting);
}

QStringList WallTile::eventTexts() const
{
    QStringList texts;
    for (const Event& event : m_events) {
        texts.append(QStringLiteral("%1  %2").arg(
            QDateTime::fromMSecsSinceEpoch(event.timeMs, Qt::UTC).toString(QStringLiteral("HH:mm")), event.title));
    }
    return texts;
}

void WallTile::updateLabels()
{
    const QColor severity = m_theme.severity.incidentColor(m_incident.severity);
    QPalette badge = m_badge->palette();
    badge.setColor(QPalette::Window, severity);
    badge.setColor(QPalette::WindowText, SeverityPalette::textOn(severity));
    m_badge->setPalette(badge);
    m_badge->setText(severityText());

    QColor statusColor = m_theme.text;
    if (m_incident.status == IncidentStatus::Open)
        statusColor = m_theme.toneColor(Theme::Tone::Bad);
    else if (m_incident.status == IncidentStatus::Mitigated)
        statusColor = m_theme.toneColor(Theme::Tone::Good);
    QPalette status = m_status->palette();
    status.setColor(QPalette::WindowText, statusColor);
    m_status->setPalette(status);
    m_status->setText(statusText());
    m_age->setText(ageText());
    updateEvents(); // sets the title too, elided to the width

    QPalette commander = m_commander->palette();
    commander.setColor(QPalette::WindowText,
        m_incident.commander.isEmpty() ? m_theme.toneColor(Theme::Tone::Attention) : m_theme.text);
    m_commander->setPalette(commander);
    m_commander->setText(commanderText());
}

void WallTile::addEvents(const QVector<Event>& events)
{
    bool changed = false;
    for (const Event& event : events) {
        if (event.incidentId != m_incident.id)
            continue;
        const bool known = std::any_of(
            m_events.cbegin(), m_events.cend(), [&event](const Event& shown) { return shown.id == event.id; });
        if (!known) {
            m_events.append(event);
            changed = true;
        }
    }
    if (!changed)
        return;
    std::sort(m_events.begin(), m_events.end(),
        [](const Event& a, const Event& b) { return a.timeMs != b.timeMs ? a.timeMs > b.timeMs : a.id > b.id; });
    m_events = m_events.mid(0, MaxEvents);
    updateEvents();
}

void WallTile::updateEvents()
{
    m_title->setText(m_title->fontMetrics().elidedText(titleText(), Qt::ElideRight, std::max(200, width() - 60)));
    const QStringList texts = eventTexts();
    // A tile has room for a sparkline row or for all the event lines, not both: with sparklines it
    // shows fewer events (one fewer again when approvals are waiting), so the lines never overlap.
    int room = int(m_eventLabels.size());
    if (!m_specs.isEmpty())
        room -= m_approvals->isHidden() ? 1 : 2;
    const int shown = std::min<int>(room, int(texts.size()));
    for (int i = 0; i < m_eventLabels.size(); ++i) {
        QLabel* label = m_eventLabels.at(i);
        label->setVisible(i < shown);
        if (i < shown)
            label->setText(label->fontMetrics().elidedText(texts.at(i), Qt::ElideRight, std::max(200, width() - 60)));
    }
}

bool WallTile::mergeAlerts(const QVector<Alert>& alerts)
{
    QStringList before;
    for (int i = 0; i < std::min<int>(MaxSparklines, int(m_specs.size())); ++i)
        before.append(m_specs.at(i).key + m_specs.at(i).title);
    for (const Alert& alert : alerts) {
        if (alert.incidentId != m_incident.id)
            continue;
        const std::optional<ChartSpec> spec = ChartSpec::fromAlert(alert);
        if (!spec)
            continue;
        auto existing = std::find_if(
            m_specs.begin(), m_specs.end(), [&spec](const ChartSpec& known) { return known.key == spec->key; });
        if (existing == m_specs.end())
            m_specs.append(*spec);
        else
            existing->merge(*spec);
    }
    std::stable_sort(m_specs.begin(), m_specs.end(),
        [](const ChartSpec& a, const ChartSpec& b) { return a.firstStartsAtMs < b.firstStartsAtMs; });
    QStringList after;
    for (int i = 0; i < std::min<int>(MaxSparklines, int(m_specs.size())); ++i) {
        const ChartSpec& spec = m_specs.at(i);
        after.append(spec.key + spec.title);
        if (before.value(i) != after.last()) {
            m_sparklines.at(i)->setHeading(spec.title, spec.expression);
            m_sparklines.at(i)->setProblem(tr("waiting for data"));
        }
        m_sparklines.at(i)->setVisible(true);
    }
    updateEvents();
    return before != after;
}

void WallTile::setSeries(const QString& specKey, const QueryResult& result, qint64 startMs, qint64 endMs)
{
    for (int i = 0; i < std::min<int>(MaxSparklines, int(m_specs.size())); ++i) {
        if (m_specs.at(i).key != specKey)
            continue;
        WallSparkline* sparkline = m_sparklines.at(i);
        if (result.ok())
            sparkline->setData(m_specs.at(i).seriesOfInterest(result.series), startMs, endMs);
        else if (sparkline->sampleCount() == 0)
            sparkline->setProblem(tr("no data"));
        // A failed refresh keeps the last good line; the banner across the top says the source is down.
        return;
    }
}

void WallTile::setScale(double scale)
{
    if (qFuzzyCompare(scale, m_scale))
        return;
    m_scale = scale;
    applyFonts();
}

void WallTile::applyFonts()
{
    const double s = m_scale;
    setPixelFont(m_badge, 28 * s, true);
    m_badge->setContentsMargins(int(12 * s), int(2 * s), int(12 * s), int(2 * s));
    setPixelFont(m_status, 28 * s, true);
    setPixelFont(m_age, 30 * s, true);
    setPixelFont(m_title, 36 * s, true);
    setPixelFont(m_commander, 26 * s, false);
    setPixelFont(m_approvals, 32 * s, true);
    for (QLabel* label : std::as_const(m_eventLabels))
        setPixelFont(label, 24 * s, false);
    for (WallSparkline* sparkline : std::as_const(m_sparklines))
        sparkline->setScale(s);
    const int band = int(16 * s);
    layout()->setContentsMargins(band + int(18 * s), int(14 * s), int(20 * s), int(14 * s));
    updateEvents();
}

void WallTile::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    painter.fillRect(rect(), m_theme.surface);
    painter.fillRect(QRect(0, 0, int(16 * m_scale), height()), m_theme.severity.incidentColor(m_incident.severity));
    painter.setPen(m_theme.border);
    painter.drawRect(rect().adjusted(0, 0, -1, -1));
}

void WallTile::resizeEvent(QResizeEvent* event)
{
    QFrame::resizeEvent(event);
    updateEvents(); // elided to the new width
}

} // namespace firebreak
