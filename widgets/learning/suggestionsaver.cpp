#include "suggestionsaver.h"

#include "roster/operatorsession.h"

#include <QMessageBox>
#include <QPushButton>

namespace firebreak {

SuggestionSaver::SuggestionSaver(OperatorSession& session, QWidget* dialogParent)
    : QObject(dialogParent)
    , m_session(session)
    , m_dialogParent(dialogParent)
{
    connect(&m_session, &OperatorSession::changed, this, &SuggestionSaver::permissionChanged);
}

void SuggestionSaver::setTarget(
    const QString& path, const QByteArray& text, const ThresholdSuggestion& suggestion, const QString& sentence)
{
    m_path = path;
    m_text = text;
    m_suggestion = suggestion;
    m_sentence = sentence;
    Q_EMIT permissionChanged();
}

void SuggestionSaver::clearTarget()
{
    m_suggestion.reset();
    if (m_confirmation)
        m_confirmation->reject();
    Q_EMIT permissionChanged();
}

QString SuggestionSaver::refusal() const
{
    const OperatorIdentity& person = m_session.current();
    if (!person.isValid())
        return tr("Sign in as a commander to save a change to a playbook.");
    if (!m_session.canAct(Role::Commander))
        return tr("Only a commander may change a playbook; %1 is signed in as %2.")
            .arg(person.displayName.isEmpty() ? person.name : person.displayName, roleName(person.role));
    if (m_path.startsWith(QLatin1Char(':')))
        return tr("This playbook is compiled into Firebreak (%1); copy the playbooks into a directory named in "
                  "the configuration to change them.")
            .arg(m_path);
    if (m_suggestion && m_text.isEmpty())
        return tr("%1 could not be read when the backtest ran.").arg(m_path);
    if (!m_suggestion || m_suggestion->change == ThresholdSuggestion::Change::None)
        return tr("There is no change to save.");
    return {};
}

void SuggestionSaver::request()
{
    if (!refusal().isEmpty() || m_confirmation)
        return;
    const ThresholdSuggestion& s = *m_suggestion;
    auto* box = new QMessageBox(QMessageBox::Question, tr("Save the change to the playbook?"),
        tr("Change line %1 of %2 from \u201c%3: %4\u201d to \u201c%3: %5\u201d?")
            .arg(s.line)
            .arg(m_path, s.key, s.oldValue, s.newValue),
        QMessageBox::NoButton, m_dialogParent);
    box->setInformativeText(m_sentence + QStringLiteral("\n\n")
        + tr("The file is replaced in one step, only if nobody changed it since the backtest read it, and put "
             "back as it was if the result does not load as a playbook. Runs use the new value once Firebreak "
             "loads its playbooks again (on restart)."));
    QPushButton* saveButton = box->addButton(tr("Save"), QMessageBox::AcceptRole);
    QPushButton* cancelButton = box->addButton(QMessageBox::Cancel);
    box->setDefaultButton(cancelButton);
    box->setEscapeButton(cancelButton);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [this, box, saveButton] {
        if (box->clickedButton() == saveButton)
            save();
    });
    m_confirmation = box;
    box->open();
}

void SuggestionSaver::save()
{
    // Asked again at the moment of writing: the person may have signed out while the dialog was open.
    if (const QString why = refusal(); !why.isEmpty()) {
        Q_EMIT failed(why);
        return;
    }
    const PlaybookFileSaver::Outcome outcome
        = PlaybookFileSaver::save(m_path, PlaybookFileSaver::sha256(m_text), m_suggestion->proposedText);
    if (!outcome.saved) {
        Q_EMIT failed(outcome.error);
        return;
    }
    m_suggestion.reset();
    Q_EMIT saved(outcome, m_session.current().name);
    Q_EMIT permissionChanged();
}

} // namespace firebreak
