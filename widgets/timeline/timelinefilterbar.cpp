#include "timelinefilterbar.h"

#include "style/iconprovider.h"
#include "style/kindcatalog.h"

#include <QHBoxLayout>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QSignalBlocker>
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

    m_pinnedButton = new QPushButton(tr("★ Pinned"), this);
    m_pinnedButton->setCheckable(true);
    m_pinnedButton->setToolTip(tr("Show only the events operators pinned in this incident"));
    connect(m_pinnedButton, &QPushButton::toggled, this, &TimelineFilterBar::criteriaChanged);

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
    layout->addWidget(m_pinnedButton);
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
    query.pinnedOnly = m_pinnedButton->isChecked();
    return query;
}

QVariantMap TimelineFilterBar::state() const
{
    return {
        { QStringLiteral("kinds"), checkedData(m_kindMenu) },
        { QStringLiteral("severities"), checkedData(m_severityMenu) },
        { QStringLiteral("sources"), checkedData(m_sourceMenu) },
        { QStringLiteral("text"), m_appliedText },
        { QStringLiteral("pinnedOnly"), m_pinnedButton->isChecked() },
    };
}

void TimelineFilterBar::restoreState(const QVariantMap& state)
{
    const auto check = [](QMenu* menu, const QStringList& values) {
        for (QAction* action : menu->actions()) {
            if (action->isCheckable())
                action->setChecked(values.contains(action->data().toString()));
        }
    };
    check(m_kindMenu, state.value(QStringLiteral("kinds")).toStringList());
    check(m_severityMenu, state.value(QStringLiteral("severities")).toStringList());
    // Sources not seen yet in this scope stay selected (setSources keeps checked ones).
    const QStringList sources = state.value(QStringLiteral("sources")).toStringList();
    QStringList known;
    for (const QAction* action : m_sourceMenu->actions()) {
        if (action->isCheckable())
            known.append(action->data().toString());
    }
    for (const QString& source : sources) {
        if (!known.contains(source))
            known.append(source);
    }
    setSources(known);
    check(m_sourceMenu, sources);
    {
        const QSignalBlocker blockPinned(m_pinnedButton);
        m_pinnedButton->setChecked(state.value(QStringLiteral("pinnedOnly")).toBool());
    }
    m_appliedText = state.value(QStringLiteral("text")).toString().trimmed();
    {
        const QSignalBlocker blockSearch(m_search);
        m_search->setText(m_appliedText);
    }
    m_debounce->stop();
    updateButtonTexts();
    Q_EMIT criteriaChanged();
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
    {
        const QSignalBlocker blockPinned(m_pinnedButton);
        m_pinnedButton->setChecked(false);
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
