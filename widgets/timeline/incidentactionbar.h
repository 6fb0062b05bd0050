#pragma once

#include "domain/incident.h"
#include "engine/incidentcommand.h"

#include <QPointer>
#include <QWidget>

class QMenu;
class QPushButton;

namespace firebreak {

class OperatorSession;

// The commander's verbs for the incident on screen: acknowledge, mitigated, resolve, who commands,
// add a note. Each asks for an IncidentCommand in the signed-in person's name; nothing here changes
// an incident itself (the engine does, see IngestPipeline::applyCommand). Buttons are enabled only
// for a step forward from the current status, and only for someone signed in who may act.
class IncidentActionBar final : public QWidget {
    Q_OBJECT
public:
    explicit IncidentActionBar(QWidget* parent = nullptr);

    void setIncident(const Incident& incident);
    const Incident& incident() const { return m_incident; }
    // Who acts; nullptr (or nobody signed in) disables every action with a tooltip saying so.
    void setOperatorSession(OperatorSession* session);
    // Whether the signed-in person may curate; otherwise why not (for tooltips).
    bool canAct() const;
    QString cannotActReason() const;
    // A command of `kind` about the current incident, in the signed-in person's name.
    IncidentCommand command(IncidentCommand::Kind kind) const;

    QPushButton* acknowledgeButton() const { return m_acknowledge; }
    QPushButton* mitigatedButton() const { return m_mitigated; }
    QPushButton* resolveButton() const { return m_resolve; }
    QPushButton* commanderButton() const { return m_commander; }
    QPushButton* noteButton() const { return m_note; }
    QMenu* commanderMenu() const { return m_commanderMenu; }

public Q_SLOTS:
    void requestNote(); // a multi-line dialog; a note is asked for only when it holds text
    void requestResolve(); // asks first; Cancel is the default answer

Q_SIGNALS:
    void commandRequested(const firebreak::IncidentCommand& command);

private:
    void requestStatus(IncidentStatus status);
    void requestCommander(const QString& name);
    void updateActions();
    void rebuildCommanderMenu();

    Incident m_incident;
    QPointer<OperatorSession> m_session;
    QPushButton* m_acknowledge = nullptr;
    QPushButton* m_mitigated = nullptr;
    QPushButton* m_resolve = nullptr;
    QPushButton* m_commander = nullptr;
    QPushButton* m_note = nullptr;
    QMenu* m_commanderMenu = nullptr;
};

} // namespace firebreak
