#include "runactiondialog.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace firebreak {

RunActionDialog::RunActionDialog(
    const QString& title, const QString& explanation, const QString& confirmText, QWidget* parent)
    : QDialog(parent)
    , m_explanation(new QLabel(explanation, this))
    , m_reason(new QPlainTextEdit(this))
{
    setWindowTitle(title);
    setMinimumWidth(520);
    auto* layout = new QVBoxLayout(this);
    m_explanation->setWordWrap(true);
    m_explanation->setTextFormat(Qt::PlainText);
    m_explanation->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_explanation);
    auto* prompt = new QLabel(tr("Reason (goes into the audit trail and the timeline):"), this);
    layout->addWidget(prompt);
    m_reason->setTabChangesFocus(true);
    m_reason->setFixedHeight(m_reason->fontMetrics().lineSpacing() * 3 + 12);
    prompt->setBuddy(m_reason);
    layout->addWidget(m_reason);

    auto* buttons = new QDialogButtonBox(this);
    m_cancel = buttons->addButton(QDialogButtonBox::Cancel);
    m_confirm = buttons->addButton(confirmText, QDialogButtonBox::AcceptRole);
    m_confirm->setAutoDefault(false);
    m_confirm->setDefault(false);
    m_confirm->setEnabled(false);
    m_confirm->setToolTip(tr("Write a reason first"));
    m_cancel->setAutoDefault(true);
    m_cancel->setDefault(true);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_reason, &QPlainTextEdit::textChanged, this, [this] {
        const bool ready = !reason().isEmpty();
        m_confirm->setEnabled(ready);
        m_confirm->setToolTip(ready ? QString() : tr("Write a reason first"));
    });
    m_reason->setFocus();
}

QString RunActionDialog::explanation() const
{
    return m_explanation->text();
}

QString RunActionDialog::reason() const
{
    return m_reason->toPlainText().trimmed();
}

} // namespace firebreak
