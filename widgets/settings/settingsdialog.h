#pragma once

#include "config/configsaver.h"
#include "config/firebreakconfig.h"

#include <QDialog>
#include <QHash>

class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;

namespace firebreak {

class FeedListEditor;
class TokenField;

// Where an operator points Firebreak at real sources without hand-editing YAML. It edits only the
// sources (Alertmanager peers, Prometheus, feeds, receiver, roster, playbooks, store) and writes the very
// file `--config` reads, keeping every other section of the configuration it was given. Tokens go into
// files of mode 0600 next to the YAML and the YAML names them; nothing is saved that the real loader
// would refuse. The configuration is read when Firebreak starts, so a save takes effect at the next start.
class SettingsDialog final : public QDialog {
    Q_OBJECT

public:
    // `current`: what to show and keep (a default FirebreakConfig for none); `filePath`: where Save writes.
    SettingsDialog(const FirebreakConfig& current, const QString& filePath, QWidget* parent = nullptr);

    // QStandardPaths::AppConfigLocation/firebreak.yaml.
    static QString defaultFilePath();

    QString filePath() const;
    bool isValid() const { return m_valid; }
    // The configuration as the loader read it back after the last successful save.
    const std::optional<FirebreakConfig>& savedConfig() const { return m_saved; }
    // What the fields describe, with typed tokens as the files they will be written to.
    FirebreakConfig editedConfig(QVector<ConfigSaver::Token>* tokens = nullptr) const;

    // The reason shown next to `field` (one of the widgets below), empty when it is fine.
    QString errorFor(const QWidget* field) const;
    QString statusText() const;

    QPlainTextEdit* peersEdit() const { return m_peers; }
    TokenField* alertmanagerToken() const { return m_alertmanagerToken; }
    QLineEdit* prometheusUrlEdit() const { return m_prometheusUrl; }
    TokenField* prometheusToken() const { return m_prometheusToken; }
    FeedListEditor* feedsEditor() const { return m_feeds; }
    QLineEdit* listenEdit() const { return m_listen; }
    TokenField* receiverToken() const { return m_receiverToken; }
    QLineEdit* maxBodyEdit() const { return m_maxBody; }
    QLineEdit* rosterEdit() const { return m_roster; }
    QLineEdit* playbooksEdit() const { return m_playbooks; }
    QLineEdit* storeEdit() const { return m_store; }
    QLineEdit* filePathEdit() const { return m_file; }
    QPushButton* saveButton() const { return m_save; }
    QPushButton* cancelButton() const { return m_cancel; }

public Q_SLOTS:
    // Writes tokens and YAML; true when saved. Does nothing while a field is invalid.
    bool save();

Q_SIGNALS:
    // After a successful save: the file and what the loader read from it.
    void saved(const QString& filePath, const firebreak::FirebreakConfig& config);

private:
    QWidget* buildSources();
    QWidget* buildLocal();
    QWidget* withError(QWidget* field, QWidget* shown = nullptr);
    void load(const FirebreakConfig& config);
    void validate();
    void showError(const QWidget* field, const QString& reason);
    void setStatus(const QString& text, bool error);
    QString absolute(const QString& text) const;
    Credential credentialFor(const TokenField* field, const QString& name, const FirebreakConfig& config,
        QVector<ConfigSaver::Token>* tokens) const;

    FirebreakConfig m_original;
    std::optional<FirebreakConfig> m_saved;
    bool m_valid = false;
    QHash<const QWidget*, QLabel*> m_errors;

    QPlainTextEdit* m_peers = nullptr;
    TokenField* m_alertmanagerToken = nullptr;
    QLineEdit* m_prometheusUrl = nullptr;
    TokenField* m_prometheusToken = nullptr;
    FeedListEditor* m_feeds = nullptr;
    QLineEdit* m_listen = nullptr;
    TokenField* m_receiverToken = nullptr;
    QLineEdit* m_maxBody = nullptr;
    QLineEdit* m_roster = nullptr;
    QLineEdit* m_playbooks = nullptr;
    QLineEdit* m_store = nullptr;
    QLineEdit* m_file = nullptr;
    QLabel* m_status = nullptr;
    QPushButton* m_save = nullptr;
    QPushButton* m_cancel = nullptr;
};

} // namespace firebreak
