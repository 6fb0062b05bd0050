#include "incidentactionbar.h"

#include "roster/operatorsession.h"

#include <QDialog>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QShortcut>
#include <QVBoxLayout>

namespace firebreak {

namespace {
// Curation changes what responders see and what the review reads: viewers may look, not change.
constexpr Role CurationRole = Role::Responder;
} // namespace

IncidentActionBar::IncidentActionBar(QWidget* parent)
    : QWidget(parent)
    , m_acknowledge(new QPushButton(tr("Acknowledge"), this))
    , m_mitigated(new QPushButton(tr("Mitigated"), this))
    , m_resolve(new QPushButton(tr("Resolve…"), this))
    , m_commander(new QPushButton(this))
    , m_note(new QPushButton(tr("Add note…"), this))
    , m_commanderMenu(new QMenu(this))
{
    setObjectName(QStringLiteral("incidentActionBar"));
    m_acknowledge->setObjectName(QStringLiteral("acknowledgeButton"));
    m_mitigated->setObjectName(QStringLiteral("mitigatedButton"));
    m_resolve->setObjectName(QStringLiteral("resolveButton"));
    m_commander->setObjectName(QStringLiteral("commanderButton"));
    m_note->setObjectName(QStringLiteral("noteButton"));
    m_commander->setMenu(m_commanderMenu);
    // None of these may fire on a stray Enter.
    for (QPushButton* button : { m_acknowledge, m_mitigated, m_resolve, m_commander, m_note }) {
        button->setAutoDefault(false);
        button->setDefault(false);
    }
    connect(m_acknowledge, &QPushButton::clicked, this, [this] { requestStatus(IncidentStatus::Acknowledged); });
    connect(m_mitigated, &QPushButton::clicked, this, [this] { requestStatus(IncidentStatus::Mitigated); });
    connect(m_resolve, &QPushButton::clicked, this, &IncidentActionBar::requestResolve);
    connect(m_note, &QPushButton::clicked, this, &IncidentActionBar::requestNote);
    connect(m_commanderMenu, &QMenu::aboutToShow, this, &IncidentActionBar::rebuildCommanderMenu);

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addWidget(m_acknowledge);
    layout->addWidget(m_mitigated);
    layout->addWidget(m_resolve);
    layout->addSpacing(8);
    layout->addWidget(m_commander);
    layout->addWidget(m_note);
    layout->addStretch(1);
    updateActions();
}

void IncidentActionBar::setIncident(const Incident& incident)
{
    m_incident = incident;
    updateActions();
}

void IncidentActionBar::setOperatorSession(OperatorSession* session)
{
    if (m_session)
        disconnect(m_session, nullptr, this, nullptr);
    m_session = session;
    if (m_session)
        connect(m_session, &OperatorSession::changed, this, &IncidentActionBar::updateActions);
    updateActions();
}

bool IncidentActionBar::canAct() const
{
    const OperatorSession* session = m_session.data();
    return session && session->canAct(CurationRole);
}

QString IncidentActionBar::cannotActReason() const
{
    // One read of the weak pointer: each `m_session->` would read it again, and could find it null.
    const OperatorSession* session = m_session.data();
    if (!session)
        return tr("Sign in to act");
    const OperatorIdentity who = session->current();
    if (!who.isValid())
        return tr("Sign in to act");
    if (!roleIncludes(who.role, CurationRole))
        return tr("%1 is a %2: responders and commanders curate incidents").arg(who.name, roleName(who.role));
    return {};
}

IncidentCommand IncidentActionBar::command(IncidentCommand::Kind kind) const
{
    IncidentCommand c;
    c.kind = kind;
    c.incidentId = m_incident.id;
    if (const OperatorSession* session = m_session.data())
        c.actor = session->current().name;
    c.incident = m_incident;
    return c;
}

void IncidentActionBar::updateActions()
{
    const bool acting = canAct() && m_incident.id > 0;
    const QString blocked = m_incident.id > 0 ? cannotActReason() : tr("Select an incident first");
    const IncidentStatus status = m_incident.status;
    const auto set = [&](QPushButton* button, bool possible, const QString& enabledTip, const QString& statusTip) {
        button->setEnabled(acting && possible);
        button->setToolTip(!acting ? blocked : possible ? enabledTip : statusTip);
    };
    const QString now = tr("It is %1.").arg(incidentStatusName(status));
    set(m_acknowledge, status < IncidentStatus::Acknowledged,
        tr("Someone is on it: stamps the acknowledged time (MTTA)"), now);
    set(m_mitigated, status < IncidentStatus::Mitigated, tr("The impact has stopped: stamps the mitigated time"), now);
    set(m_resolve, status < IncidentStatus::Resolved, tr("Close the incident: stamps the resolved time (MTTR)"), now);
    set(m_commander, m_incident.isActive(), tr("Take command, or hand it to someone on the roster"),
        tr("The incident is closed"));
    set(m_note, true, tr("Add a note to the timeline (N)"), QString());
    m_commander->setText(
        m_incident.commander.isEmpty() ? tr("Commander: none") : tr("Commander: %1").arg(m_incident.commander));
}

void IncidentActionBar::rebuildCommanderMenu()
{
    m_commanderMenu->clear();
    const OperatorSession* session = m_session.data();
    if (!session || !canAct())
        return;
    const QString me = session->current().name;
    QAction* take = m_commanderMenu->addAction(tr("Take command (%1)").arg(me));
    take->setEnabled(me != m_incident.commander);
    connect(take, &QAction::triggered, this, [this, me] { requestCommander(me); });
    m_commanderMenu->addSeparator();
    QVector<OperatorIdentity> people = session->peopleWith(Role::Responder);
    if (people.isEmpty())
        people = session->people();
    for (const OperatorIdentity& person : std::as_const(people)) {
        const QString label = person.displayName.isEmpty() || person.displayName == person.name
            ? person.name
            : QStringLiteral("%1 (%2)").arg(person.displayName, person.name);
        QAction* assign = m_commanderMenu->addAction(tr("Assign to %1").arg(label));
        assign->setCheckable(true);
        assign->setChecked(person.name == m_incident.commander);
        assign->setEnabled(person.name != m_incident.commander);
        const QString name = person.name;
        connect(assign, &QAction::triggered, this, [this, name] { requestCommander(name); });
    }
}

void IncidentActionBar::requestStatus(IncidentStatus status)
{
    if (!canAct() || m_incident.id <= 0 || status <= m_incident.status)
        return;
    IncidentCommand c = command(IncidentCommand::Kind::Status);
    c.status = status;
    Q_EMIT commandRequested(c);
}

void IncidentActionBar::requestCommander(const QString& name)
{
    if (!canAct() || m_incident.id <= 0 || name == m_incident.commander)
        return;
    IncidentCommand c = command(IncidentCommand::Kind::Commander);
    c.text = name;
    Q_EMIT commandRequested(c);
}

void IncidentActionBar::requestResolve()
{
    if (!canAct() || m_incident.id <= 0 || m_incident.status >= IncidentStatus::Resolved)
        return;
    QMessageBox box(QMessageBox::Question, tr("Resolve incident #%1").arg(m_incident.id),
        tr("Resolve incident #%1 “%2”?").arg(m_incident.id).arg(m_incident.title), QMessageBox::NoButton, this);
    box.setObjectName(QStringLiteral("resolveConfirmation"));
    box.setInformativeText(tr("This stamps the resolved time now, in your name. Alerts of this group that "
                              "fire from now on open a new incident instead of reopening this one."));
    QPushButton* resolve = box.addButton(tr("Resolve"), QMessageBox::AcceptRole);
    QPushButton* cancel = box.addButton(QMessageBox::Cancel);
    box.setDefaultButton(cancel);
    box.setEscapeButton(cancel);
    box.exec();
    if (box.clickedButton() == resolve)
        requestStatus(IncidentStatus::Resolved);
}

void IncidentActionBar::requestNote()
{
    if (!canAct() || m_incident.id <= 0)
        return;
    QDialog dialog(this);
    dialog.setObjectName(QStringLiteral("noteDialog"));
    dialog.setWindowTitle(tr("Note on incident #%1").arg(m_incident.id));
    auto* text = new QPlainTextEdit(&dialog);
    text->setObjectName(QStringLiteral("noteText"));
    text->setPlaceholderText(tr("What happened, what was decided, what is next. The first line is the title."));
    text->setTabChangesFocus(true);
    auto* hint = new QLabel(
        tr("Added to the timeline as %1. Ctrl+Enter adds it.").arg(command(IncidentCommand::Kind::Note).actor),
        &dialog);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, &dialog);
    QPushButton* add = buttons->addButton(tr("Add note"), QDialogButtonBox::AcceptRole);
    add->setEnabled(false);
    connect(text, &QPlainTextEdit::textChanged, add,
        [text, add] { add->setEnabled(!text->toPlainText().trimmed().isEmpty()); });
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    for (const QKeySequence& keys :
        { QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter) }) {
        connect(new QShortcut(keys, &dialog), &QShortcut::activated, &dialog, [&dialog, add] {
            if (add->isEnabled())
                dialog.accept();
        });
    }
    auto* layout = new QVBoxLayout(&dialog);
    layout->addWidget(text, 1);
    layout->addWidget(hint);
    layout->addWidget(buttons);
    dialog.resize(520, 260);
    text->setFocus();
    if (dialog.exec() != QDialog::Accepted || text->toPlainText().trimmed().isEmpty())
        return;
    IncidentCommand c = command(IncidentCommand::Kind::Note);
    c.text = text->toPlainText();
    Q_EMIT commandRequested(c);
}

} // namespace firebreak
