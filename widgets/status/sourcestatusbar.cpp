#include "sourcestatusbar.h"

#include "style/theme.h"

#include <QDateTime>
#include <QHBoxLayout>
#include <QLabel>

namespace firebreak {

namespace {
QString stateName(SourceHealth::State state)
{
    switch (state) {
    case SourceHealth::State::Up:
        return QObject::tr("up");
    case SourceHealth::State::Degraded:
        return QObject::tr("degraded");
    case SourceHealth::State::Down:
        return QObject::tr("down");
    case SourceHealth::State::Unknown:
        break;
    }
    return QObject::tr("unknown");
}
} // namespace

SourceStatusBar::SourceStatusBar(const Theme& theme, QWidget* parent)
    : QWidget(parent)
    , m_theme(theme)
    , m_layout(new QHBoxLayout(this))
{
    setObjectName(QStringLiteral("sourceStatusBar"));
    m_layout->setContentsMargins(4, 0, 4, 0);
    m_layout->setSpacing(18);
    m_layout->addStretch(1);
}

QColor SourceStatusBar::colorFor(SourceHealth::State state) const
{
    switch (state) {
    case SourceHealth::State::Up:
        return m_theme.healthUp;
    case SourceHealth::State::Degraded:
        return m_theme.healthDegraded;
    case SourceHealth::State::Down:
        return m_theme.healthDown;
    case SourceHealth::State::Unknown:
        break;
    }
    return m_theme.healthUnknown;
}

void SourceStatusBar::updateSource(const SourceHealth& health)
{
    if (health.name.isEmpty())
        return;
    QLabel* label = m_indicators.value(health.name);
    if (!label) {
        label = new QLabel(this);
        label->setTextFormat(Qt::RichText);
        // The store first, then sources by name.
        const QStringList names = m_indicators.keys();
        int position = 0;
        for (const QString& name : names) {
            if (name == StoreName || (health.name != StoreName && name < health.name))
                ++position;
        }
        m_layout->insertWidget(position, label);
        m_indicators.insert(health.name, label);
    }
    m_health.insert(health.name, health);
    const QString name = health.name.toHtmlEscaped();
    const bool bad = health.state == SourceHealth::State::Down || health.state == SourceHealth::State::Degraded;
    label->setText(QStringLiteral("<span style=\"color:%1; font-size:large\">●</span>&nbsp;%2%3")
                       .arg(colorFor(health.state).name(), name,
                           bad ? QStringLiteral(" <span style=\"color:%1\">%2</span>")
                                     .arg(colorFor(health.state).name(), stateName(health.state))
                               : QString()));
    label->setToolTip(toolTipFor(health.name));
    label->setAccessibleName(QStringLiteral("%1: %2").arg(health.name, stateName(health.state)));
}

QString SourceStatusBar::toolTipFor(const QString& name) const
{
    const SourceHealth health = m_health.value(name);
    QString text = QStringLiteral("%1 — %2").arg(health.name, stateName(health.state));
    if (health.sinceMs > 0)
        text
            += tr(" since %1")
                   .arg(QDateTime::fromMSecsSinceEpoch(health.sinceMs).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")));
    if (!health.detail.isEmpty())
        text += QLatin1Char('\n') + health.detail;
    return text;
}

void SourceStatusBar::showStore(const StoreOpenResult& result)
{
    SourceHealth health;
    health.name = StoreName;
    if (!result.ok) {
        health.state = SourceHealth::State::Down;
        health.detail = result.problem.isEmpty() ? tr("The store could not be opened.") : result.problem;
    } else if (result.readOnly) {
        health.state = SourceHealth::State::Degraded;
        health.detail = tr("Read-only: %1").arg(result.problem);
    } else {
        health.state = SourceHealth::State::Up;
        health.detail = tr("%1 (schema %2)").arg(result.path).arg(result.schemaVersion);
    }
    updateSource(health);
}

} // namespace firebreak
