#include "timelinefilterbar.h"

#include "style/iconprovider.h"
#include "style/kindcatalog.h"

#include <QHBoxLayout>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QTimer>

namespace firebreak {

TimelineFilterBar::TimelineFilterBar(const IconProvider& icons, QWidget* parent)
    : QWidget(parent)
    , m_kindMenu(new QMenu(this))
    , m_severityMenu(new QMenu(this))
    , m_sourceMenu(new QMenu(this))
    , m_search(new QLineEdit(this))
    , m_debounce(new QTimer(this))
{
    for (const QString& family : KindCatalog::families()) {
        m_kindMenu->addSection(family);
        for (const KindInfo& info : KindCatalog::all()) {
            if (info.family != family)
                continue;
            QAction* action = m_kindMenu->addAction(icons.kindIcon(info.kind), info.kind);
            action->setCheckable(true);
            action->setData(info.kind);
        }
    }
    for (Severity severity : { Severity::Critical, Severity::Error, Severity::Warning, Severity::Info }) {
        QAction* action = m_severityMenu->addAction(severityName(severity));
        action->setCheckable(true);
        action->setData(severityName(severity));
    }
    for (QMenu* menu : { m_kindMenu, m_severityMenu, m_sourceMenu })
        connect(menu, &QMenu::triggered, this, &TimelineFilterBar::onMenuToggled);

    m_kindButton = makeMenuButton(m_kindMenu);
    m_severityButton = makeMenuButton(m_severityMenu);
    m_sourceButton = makeMenuButton(m_sourceMenu);
    m_kindButton->setToolTip(tr("Show only these kinds of event"));
    m_severityButton->setToolTip(tr("Show only these severities"));
    m_sourceButton->setToolTip(tr("Show only events from these sources"));

    m_search->setPlaceholderText(tr("Search titles and details…"));
    m_search->setClearButtonEnabled(true);
    m_search->setToolTip(tr("Full-text search over event titles and bodies (words, \"phrases\", prefix*)"));
    m_search->setMinimumWidth(160);
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(SearchDebounceMs);
    connect(m_search, &QLineEdit::textChanged, m_debounce, qOverload<>(&QTimer::start));
    connect(m_search, &QLineEdit::returnPressed, this, [this] {
        m_debounce->stop();
        if (m_search->text().trimmed() != m_appliedText) {
            m_appliedText = m_search->text().trimmed();
            Q_EMIT criteriaChanged();
        }
    });
    connect(m_debounce, &QTimer::timeout, this, [this] {
        if (m_search->text().trimmed() != m_appliedText) {
            m_appliedText = m_search->text().trimmed();
            Q_EMIT criteriaChanged();
        }
    });

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addWidget(m_kindButton);
    layout->addWidget(m_severityButton);
    layout->addWidget(m_sourceButton);
    layout->addWidget(m_search, 1);
    setSources({});
    updateButtonTexts();
}

QPushButton* TimelineFilterBar::makeMenuButton(QMenu* menu)
{
    auto* button = new QPushButton(this);
    button->setMenu(menu);
    return button;
}

QStringList TimelineFilterBar::checkedData(const QMenu* menu) const
{
    QStringList values;
    for (const QAction* action : menu->actions()) {
        if (action->isCheckable() && action->isChecked())
            values.append(action->data().toString());
    }
    return values;
}

EventQuery TimelineFilterBar::criteria() const
{
    EventQuery query;
    query.kinds = checkedData(m_kindMenu);
    for (const QString& name : checkedData(m_severityMenu)) {
        if (const auto severity = severityFromName(name))
            query.severities.append(*severity);
    }
    query.sources = checkedData(m_sourceMenu);
    query.text = m_appliedText;
    return query;
}

void TimelineFilterBar::setSources(const QStringList& sources)
{
    const QStringList checked = checkedData(m_sourceMenu);
    QStringList all = sources;
    for (const QString& source : checked) {
        if (!all.contains(source))
            all.append(source); // a selected source stays selectable even when no event shows it
    }
    all.sort(Qt::CaseInsensitive);
    m_sourceMenu->clear();
    if (all.isEmpty()) {
        m_sourceMenu->addAction(tr("No sources seen yet"))->setEnabled(false);
    }
    for (const QString& source : all) {
        QAction* action = m_sourceMenu->addAction(source);
        action->setCheckable(true);
        action->setChecked(checked.contains(source));
        action->setData(source);
    }
}

void TimelineFilterBar::clearFilters()
{
    for (QMenu* menu : { m_kindMenu, m_severityMenu, m_sourceMenu }) {
        for (QAction* action : menu->actions())
            action->setChecked(false);
    }
    m_search->clear();
    m_debounce->stop();
    m_appliedText.clear();
    updateButtonTexts();
    Q_EMIT criteriaChanged();
}

void TimelineFilterBar::onMenuToggled()
{
    updateButtonTexts();
    Q_EMIT criteriaChanged();
}

void TimelineFilterBar::updateButtonTexts()
{
    auto label = [](const QString& what, const QStringList& checked) {
        if (checked.isEmpty())
            return tr("%1: all").arg(what);
        if (checked.size() == 1)
            return tr("%1: %2").arg(what, checked.first());
        return tr("%1: %2 selected").arg(what).arg(checked.size());
    };
    m_kindButton->setText(label(tr("Kind"), checkedData(m_kindMenu)));
    m_severityButton->setText(label(tr("Severity"), checkedData(m_severityMenu)));
    m_sourceButton->setText(label(tr("Source"), checkedData(m_sourceMenu)));
}

} // namespace firebreak
