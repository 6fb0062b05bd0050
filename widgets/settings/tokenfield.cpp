#include "tokenfield.h"

#include <QFileInfo>
#include <QHBoxLayout>
#include <QLineEdit>

namespace firebreak {

TokenField::TokenField(QWidget* parent)
    : QWidget(parent)
    , m_edit(new QLineEdit(this))
{
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_edit);
    m_edit->setEchoMode(QLineEdit::Password);
    m_edit->setClearButtonEnabled(true);
    connect(m_edit, &QLineEdit::textChanged, this, &TokenField::changed);
    setStored(Credential {});
}

void TokenField::setStored(const Credential& stored)
{
    m_stored = stored;
    m_edit->clear();
    if (stored.isSet()) {
        m_edit->setPlaceholderText(QStringLiteral("•••• stored in %1").arg(QFileInfo(stored.file).fileName()));
        m_edit->setToolTip(QStringLiteral("The token is kept in %1 (mode 0600). Type a new one to replace it on "
                                          "Save.")
                               .arg(stored.file));
    } else {
        m_edit->setPlaceholderText(QStringLiteral("no token"));
        m_edit->setToolTip(QStringLiteral("A token typed here is stored next to the configuration in a file of "
                                          "mode 0600, never in the YAML."));
    }
}

QByteArray TokenField::typed() const
{
    return m_edit->text().trimmed().toUtf8();
}

} // namespace firebreak
