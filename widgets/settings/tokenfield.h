#pragma once

#include "config/credential.h"

#include <QWidget>

class QLineEdit;

namespace firebreak {

// A secret's field in the settings dialog. It never shows a stored token, not even masked: it says
// which file holds it ("•••• stored in prometheus.token"), and the stored token is replaced only when
// someone types a new one, so that opening and saving the dialog cannot blank or leak a secret.
class TokenField final : public QWidget {
    Q_OBJECT

public:
    explicit TokenField(QWidget* parent = nullptr);

    // The credential the configuration already has (file set), or none.
    void setStored(const Credential& stored);
    const Credential& stored() const { return m_stored; }
    // What was typed, trimmed; empty when nothing was.
    QByteArray typed() const;
    bool hasToken() const { return m_stored.isSet() || !typed().isEmpty(); }
    QLineEdit* edit() const { return m_edit; }

Q_SIGNALS:
    void changed();

private:
    Credential m_stored;
    QLineEdit* m_edit = nullptr;
};

} // namespace firebreak
