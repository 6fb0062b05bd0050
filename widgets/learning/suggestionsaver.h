#pragma once

#include "learning/playbookfilesaver.h"
#include "learning/thresholdsuggestion.h"

#include <QMessageBox>
#include <QObject>
#include <QPointer>
#include <optional>

namespace firebreak {

class OperatorSession;

// The only way a threshold suggestion reaches a playbook file: it says whether saving is allowed now
// (a signed-in commander, a file on disk, a change to save) and why not, asks for a confirmation that
// names the file and the change with Cancel as the default, and only on Save writes it through
// PlaybookFileSaver, which refuses a file changed since the backtest read it.
class SuggestionSaver final : public QObject {
    Q_OBJECT
public:
    SuggestionSaver(OperatorSession& session, QWidget* dialogParent);

    // What Save would write: `suggestion` made from `text` of `path` (empty when it could not be read).
    void setTarget(
        const QString& path, const QByteArray& text, const ThresholdSuggestion& suggestion, const QString& sentence);
    void clearTarget();
    // Empty when saving is allowed now; otherwise the reason, for the button.
    QString refusal() const;
    QMessageBox* confirmation() const { return m_confirmation; }

public Q_SLOTS:
    // Opens the confirmation (window-modal, not blocking); Save writes.
    void request();

Q_SIGNALS:
    void permissionChanged();
    void saved(const firebreak::PlaybookFileSaver::Outcome& outcome, const QString& author);
    void failed(const QString& error);

private:
    void save();

    OperatorSession& m_session;
    QPointer<QWidget> m_dialogParent;
    QString m_path;
    QByteArray m_text;
    std::optional<ThresholdSuggestion> m_suggestion;
    QString m_sentence;
    QPointer<QMessageBox> m_confirmation;
};

} // namespace firebreak
