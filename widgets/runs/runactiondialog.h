#pragma once

#include <QDialog>

class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace firebreak {

// The confirmation in front of every run action (abort, roll back, resume, re-approve): it says what
// will happen, in the plan's own words, and takes the reason that goes into the audit chain. Cancel
// is the default button and the action stays disabled until a reason is written, so neither a stray
// Enter nor a double click can start a rollback. The reason is a multi-line field so that Enter there
// writes a line instead of answering the dialog.
class RunActionDialog final : public QDialog {
    Q_OBJECT
public:
    RunActionDialog(const QString& title, const QString& explanation, const QString& confirmText, QWidget* parent);

    QString explanation() const;
    QString reason() const; // trimmed
    QPlainTextEdit* reasonEdit() const { return m_reason; }
    QPushButton* confirmButton() const { return m_confirm; }
    QPushButton* cancelButton() const { return m_cancel; }

private:
    QLabel* m_explanation = nullptr;
    QPlainTextEdit* m_reason = nullptr;
    QPushButton* m_confirm = nullptr;
    QPushButton* m_cancel = nullptr;
};

} // namespace firebreak
