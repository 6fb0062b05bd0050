#include "settingsdialog.h"

#include "config/fieldcheck.h"
#include "feedlisteditor.h"
#include "style/theme.h"
#include "tokenfield.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSet>
#include <QStandardPaths>
#include <QToolButton>
#include <QVBoxLayout>
#include <functional>

namespace firebreak {

namespace {

const QStringList HttpSchemes { QStringLiteral("http"), QStringLiteral("https") };

QStringList nonEmptyLines(const QString& text)
{
    QStringList lines;
    for (const QString& line : text.split(QLatin1Char('\n'))) {
        if (!line.trimmed().isEmpty())
            lines.append(line.trimmed());
    }
    return lines;
}

// The same peer written with or without a trailing slash, as the loader sees it.
QUrl normalizedPeer(const QUrl& url)
{
    QUrl normalized = url.adjusted(QUrl::StripTrailingSlash | QUrl::NormalizePathSegments);
    if (normalized.path() == QLatin1String("/"))
        normalized.setPath(QString());
    return normalized;
}

QWidget* withBrowse(QLineEdit* edit, const QString& tip, QWidget* parent, std::function<QString()> choose)
{
    auto* box = new QWidget(parent);
    auto* layout = new QHBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(edit);
    auto* browse = new QToolButton(box);
    browse->setText(QStringLiteral("…"));
    browse->setToolTip(tip);
    layout->addWidget(browse);
    QObject::connect(browse, &QToolButton::clicked, edit, [edit, choose = std::move(choose)] {
        const QString chosen = choose();
        if (!chosen.isEmpty())
            edit->setText(chosen);
    });
    return box;
}

} // namespace

SettingsDialog::SettingsDialog(const FirebreakConfig& current, const QString& filePath, QWidget* parent)
    : QDialog(parent)
    , m_original(current)
{
    setWindowTitle(tr("Firebreak settings — sources"));
    // Wide enough for absolute paths and a feed URL beside its token.
    setMinimumWidth(fontMetrics().averageCharWidth() * 130);
    auto* layout = new QVBoxLayout(this);
    auto* intro = new QLabel(tr("Where Firebreak takes alerts, metrics and change events from. Saved as the YAML "
                                "file that --config reads; tokens are kept in files of mode 0600 next to it, "
                                "never in the YAML. Other sections of the file are kept as they are."),
        this);
    intro->setWordWrap(true);
    layout->addWidget(intro);

    auto* columns = new QHBoxLayout;
    columns->addWidget(buildSources(), 1);
    columns->addWidget(buildLocal(), 1);
    layout->addLayout(columns);

    auto* target = new QFormLayout;
    m_file = new QLineEdit(this);
    target->addRow(
        tr("Save to"), withError(m_file, withBrowse(m_file, tr("Choose where to save the configuration"), this, [this] {
            return QFileDialog::getSaveFileName(
                this, tr("Save configuration as"), m_file->text(), tr("YAML (*.yaml *.yml)"));
        })));
    layout->addLayout(target);
    connect(m_file, &QLineEdit::textChanged, this, [this] { validate(); });

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("saveStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->hide();
    layout->addWidget(m_status);

    auto* buttons = new QDialogButtonBox(this);
    m_save = buttons->addButton(QDialogButtonBox::Save);
    m_cancel = buttons->addButton(QDialogButtonBox::Cancel);
    layout->addWidget(buttons);
    connect(m_save, &QPushButton::clicked, this, &SettingsDialog::save);
    connect(m_cancel, &QPushButton::clicked, this, &QDialog::reject);

    const QColor errorText = Theme::matching(palette()).errorText;
    for (QLabel* label : std::as_const(m_errors)) {
        QPalette labelPalette = label->palette();
        labelPalette.setColor(QPalette::WindowText, errorText);
        label->setPalette(labelPalette);
    }

    m_file->setText(filePath.isEmpty() ? defaultFilePath() : filePath);
    load(current);
    validate();
}

QString SettingsDialog::defaultFilePath()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation))
        .filePath(QStringLiteral("firebreak.yaml"));
}

QWidget* SettingsDialog::buildSources()
{
    auto* column = new QWidget(this);
    auto* layout = new QVBoxLayout(column);
    layout->setContentsMargins(0, 0, 0, 0);

    auto* alertmanager = new QGroupBox(tr("Alertmanager peers"), column);
    auto* amForm = new QFormLayout(alertmanager);
    m_peers = new QPlainTextEdit(alertmanager);
    m_peers->setPlaceholderText(QStringLiteral("http://alertmanager-0:9093\nhttp://alertmanager-1:9093"));
    m_peers->setToolTip(tr("One URL per line: the peers of one Alertmanager cluster."));
    m_peers->setTabChangesFocus(true);
    m_peers->setFixedHeight(m_peers->fontMetrics().lineSpacing() * 4 + 12);
    amForm->addRow(tr("URLs, one per line"), withError(m_peers));
    m_alertmanagerToken = new TokenField(alertmanager);
    amForm->addRow(tr("Token"), withError(m_alertmanagerToken));
    layout->addWidget(alertmanager);

    auto* prometheus = new QGroupBox(tr("Prometheus"), column);
    auto* promForm = new QFormLayout(prometheus);
    m_prometheusUrl = new QLineEdit(prometheus);
    m_prometheusUrl->setPlaceholderText(QStringLiteral("http://prometheus:9090"));
    promForm->addRow(tr("URL"), withError(m_prometheusUrl));
    m_prometheusToken = new TokenField(prometheus);
    promForm->addRow(tr("Token"), withError(m_prometheusToken));
    layout->addWidget(prometheus);

    auto* feeds = new QGroupBox(tr("Change feeds (CloudEvents over WebSocket)"), column);
    auto* feedsLayout = new QVBoxLayout(feeds);
    m_feeds = new FeedListEditor(feeds);
    feedsLayout->addWidget(m_feeds);
    layout->addWidget(feeds);
    layout->addStretch(1);

    const auto changed = [this] { validate(); };
    connect(m_peers, &QPlainTextEdit::textChanged, this, changed);
    connect(m_alertmanagerToken, &TokenField::changed, this, changed);
    connect(m_prometheusUrl, &QLineEdit::textChanged, this, changed);
    connect(m_prometheusToken, &TokenField::changed, this, changed);
    connect(m_feeds, &FeedListEditor::changed, this, changed);
    return column;
}

QWidget* SettingsDialog::buildLocal()
{
    auto* column = new QWidget(this);
    auto* layout = new QVBoxLayout(column);
    layout->setContentsMargins(0, 0, 0, 0);

    auto* receiver = new QGroupBox(tr("Webhook receiver"), column);
    auto* receiverForm = new QFormLayout(receiver);
    m_listen = new QLineEdit(receiver);
    m_listen->setPlaceholderText(tr("127.0.0.1:9095 — empty: no receiver"));
    receiverForm->addRow(tr("Listen on"), withError(m_listen));
    m_receiverToken = new TokenField(receiver);
    receiverForm->addRow(tr("Token"), withError(m_receiverToken));
    m_maxBody = new QLineEdit(receiver);
    receiverForm->addRow(tr("Max body bytes"), withError(m_maxBody));
    layout->addWidget(receiver);

    auto* automation = new QGroupBox(tr("Automation"), column);
    auto* automationForm = new QFormLayout(automation);
    m_roster = new QLineEdit(automation);
    m_roster->setPlaceholderText(tr("roster.yaml — commanders and their passphrase hashes"));
    automationForm->addRow(
        tr("Roster file"), withError(m_roster, withBrowse(m_roster, tr("Choose the roster file"), automation, [this] {
            return QFileDialog::getOpenFileName(this, tr("Roster file"), absolute(m_roster->text()));
        })));
    m_playbooks = new QLineEdit(automation);
    m_playbooks->setPlaceholderText(tr("playbooks/ — a directory of playbook YAML files"));
    automationForm->addRow(tr("Playbook directory"),
        withError(m_playbooks, withBrowse(m_playbooks, tr("Choose the playbook directory"), automation, [this] {
            return QFileDialog::getExistingDirectory(this, tr("Playbook directory"), absolute(m_playbooks->text()));
        })));
    layout->addWidget(automation);

    auto* storage = new QGroupBox(tr("Store"), column);
    auto* storageForm = new QFormLayout(storage);
    m_store = new QLineEdit(storage);
    m_store->setPlaceholderText(tr("empty: firebreak.db in the user's data directory"));
    storageForm->addRow(tr("SQLite file"), withError(m_store));
    layout->addWidget(storage);
    layout->addStretch(1);

    const auto changed = [this] { validate(); };
    for (QLineEdit* edit : { m_listen, m_maxBody, m_roster, m_playbooks, m_store })
        connect(edit, &QLineEdit::textChanged, this, changed);
    connect(m_receiverToken, &TokenField::changed, this, changed);
    return column;
}

QWidget* SettingsDialog::withError(QWidget* field, QWidget* shown)
{
    QWidget* content = shown ? shown : field;
    auto* box = new QWidget(content->parentWidget());
    auto* layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(content);
    auto* error = new QLabel(box);
    error->setObjectName(QStringLiteral("fieldError"));
    error->setWordWrap(true);
    error->hide();
    layout->addWidget(error);
    m_errors.insert(field, error);
    return box;
}

void SettingsDialog::load(const FirebreakConfig& config)
{
    QStringList peers;
    if (config.alertmanager) {
        for (const QUrl& peer : config.alertmanager->peers)
            peers.append(peer.toString());
    }
    m_peers->setPlainText(peers.join(QLatin1Char('\n')));
    m_alertmanagerToken->setStored(config.alertmanager ? config.alertmanager->credential : Credential {});
    m_prometheusUrl->setText(config.prometheus ? config.prometheus->url.toString() : QString());
    m_prometheusToken->setStored(config.prometheus ? config.prometheus->credential : Credential {});
    m_feeds->setFeeds(config.feeds);
    if (config.receiver) {
        const QString host = config.receiver->listenHost.contains(QLatin1Char(':'))
            ? QStringLiteral("[%1]").arg(config.receiver->listenHost)
            : config.receiver->listenHost;
        m_listen->setText(QStringLiteral("%1:%2").arg(host).arg(config.receiver->listenPort));
    } else {
        m_listen->clear();
    }
    m_receiverToken->setStored(config.receiver ? config.receiver->credential : Credential {});
    m_maxBody->setText(
        QString::number(config.receiver ? config.receiver->maxBodyBytes : ReceiverSettings::DefaultMaxBodyBytes));
    m_roster->setText(config.automation ? config.automation->rosterFile : QString());
    m_playbooks->setText(config.automation ? config.automation->playbooksDir : QString());
    m_store->setText(config.store ? config.store->path : QString());
}

void SettingsDialog::validate()
{
    for (QLabel* label : std::as_const(m_errors))
        label->clear();
    if (m_status->property("saved").toBool())
        setStatus(QString(), false);

    QSet<QUrl> seen;
    const QStringList peers = nonEmptyLines(m_peers->toPlainText());
    for (qsizetype i = 0; i < peers.size() && errorFor(m_peers).isEmpty(); ++i) {
        const QString reason = FieldCheck::url(peers[i], HttpSchemes);
        const QUrl peer = normalizedPeer(QUrl(peers[i]));
        if (!reason.isEmpty())
            showError(m_peers, tr("%1: %2").arg(peers[i], reason));
        else if (seen.contains(peer))
            showError(m_peers, tr("%1 is listed twice").arg(peers[i]));
        seen.insert(peer);
    }
    if (peers.isEmpty() && !m_alertmanagerToken->typed().isEmpty())
        showError(m_alertmanagerToken, tr("add a peer to send this token to, or clear it"));

    if (!m_prometheusUrl->text().trimmed().isEmpty())
        showError(m_prometheusUrl, FieldCheck::url(m_prometheusUrl->text(), HttpSchemes));
    else if (!m_prometheusToken->typed().isEmpty())
        showError(m_prometheusToken, tr("enter the Prometheus URL this token is for, or clear it"));

    bool valid = m_feeds->validate();

    if (!m_listen->text().trimmed().isEmpty()) {
        showError(m_listen, FieldCheck::listen(m_listen->text()));
        if (!m_receiverToken->hasToken())
            showError(m_receiverToken, tr("required: the receiver refuses requests without a token"));
        showError(m_maxBody, FieldCheck::positiveBytes(m_maxBody->text(), ReceiverSettings::MaxBodyBytesCap));
    }
    if (!m_roster->text().trimmed().isEmpty())
        showError(m_roster, FieldCheck::existingFile(absolute(m_roster->text())));
    if (!m_playbooks->text().trimmed().isEmpty())
        showError(m_playbooks, FieldCheck::existingDirectory(absolute(m_playbooks->text())));
    if (!m_store->text().trimmed().isEmpty() && QFileInfo(absolute(m_store->text())).isDir())
        showError(m_store, tr("%1 is a directory; name the database file").arg(absolute(m_store->text())));
    if (m_file->text().trimmed().isEmpty())
        showError(m_file, tr("choose where to save the configuration"));
    else if (QFileInfo(filePath()).isDir())
        showError(m_file, tr("%1 is a directory; name the YAML file").arg(filePath()));

    for (QLabel* label : std::as_const(m_errors)) {
        label->setHidden(label->text().isEmpty());
        valid = valid && label->text().isEmpty();
    }
    m_valid = valid;
    m_save->setEnabled(valid);
    // Enter saves only what can be saved; otherwise it closes without writing anything.
    m_save->setDefault(valid);
    m_save->setAutoDefault(valid);
    m_cancel->setDefault(!valid);
    m_cancel->setAutoDefault(!valid);
}

void SettingsDialog::showError(const QWidget* field, const QString& reason)
{
    QLabel* label = m_errors.value(field);
    if (label && label->text().isEmpty())
        label->setText(reason);
}

QString SettingsDialog::errorFor(const QWidget* field) const
{
    const QLabel* label = m_errors.value(field);
    return label ? label->text() : QString();
}

void SettingsDialog::setStatus(const QString& text, bool error)
{
    m_status->setText(text);
    m_status->setHidden(text.isEmpty());
    m_status->setProperty("saved", !text.isEmpty() && !error);
    const Theme theme = Theme::matching(palette());
    QPalette statusPalette = palette();
    statusPalette.setColor(QPalette::WindowText, error ? theme.errorText : theme.text);
    m_status->setPalette(statusPalette);
}

QString SettingsDialog::statusText() const
{
    return m_status->text();
}

QString SettingsDialog::filePath() const
{
    return QFileInfo(m_file->text().trimmed()).absoluteFilePath();
}

QString SettingsDialog::absolute(const QString& text) const
{
    if (text.trimmed().isEmpty())
        return QString();
    return QDir::cleanPath(QFileInfo(filePath()).absoluteDir().absoluteFilePath(text.trimmed()));
}

Credential SettingsDialog::credentialFor(const TokenField* field, const QString& name, const FirebreakConfig& config,
    QVector<ConfigSaver::Token>* tokens) const
{
    const QByteArray typed = field->typed();
    if (typed.isEmpty())
        return field->stored();
    // Never overwrite a token file another source still names.
    QSet<QString> taken;
    const auto take = [&taken](const Credential& credential) {
        if (credential.isSet())
            taken.insert(credential.file);
    };
    if (config.receiver)
        take(config.receiver->credential);
    if (config.alertmanager)
        take(config.alertmanager->credential);
    if (config.prometheus)
        take(config.prometheus->credential);
    for (const FeedSettings& feed : config.feeds)
        take(feed.credential);
    if (config.executors && config.executors->kubernetes)
        take(config.executors->kubernetes->credential);
    if (config.executors && config.executors->rundeck)
        take(config.executors->rundeck->credential);
    if (config.executors && config.executors->stackstorm)
        take(config.executors->stackstorm->credential);
    for (const TokenField* other : { m_alertmanagerToken, m_prometheusToken, m_receiverToken })
        take(other->stored());
    for (int row = 0; row < m_feeds->count(); ++row)
        take(m_feeds->tokenField(row)->stored());
    taken.remove(field->stored().file);

    const QDir directory = QFileInfo(filePath()).absoluteDir();
    QString file = directory.filePath(name + QStringLiteral(".token"));
    for (int n = 2; taken.contains(file); ++n)
        file = directory.filePath(QStringLiteral("%1-%2.token").arg(name).arg(n));
    if (tokens)
        tokens->append(ConfigSaver::Token { file, typed });
    return Credential { file, typed };
}

FirebreakConfig SettingsDialog::editedConfig(QVector<ConfigSaver::Token>* tokens) const
{
    // Everything the dialog does not edit (correlation, executors, automation brakes) stays as it was.
    FirebreakConfig config = m_original;
    config.sourceFile = filePath();

    const QStringList peers = nonEmptyLines(m_peers->toPlainText());
    if (peers.isEmpty()) {
        config.alertmanager.reset();
    } else {
        AlertmanagerSettings alertmanager;
        for (const QString& peer : peers)
            alertmanager.peers.append(QUrl(peer));
        alertmanager.credential
            = credentialFor(m_alertmanagerToken, QStringLiteral("alertmanager"), m_original, tokens);
        config.alertmanager = alertmanager;
    }

    if (m_prometheusUrl->text().trimmed().isEmpty()) {
        config.prometheus.reset();
    } else {
        PrometheusSettings prometheus;
        prometheus.url = QUrl(m_prometheusUrl->text().trimmed());
        prometheus.credential = credentialFor(m_prometheusToken, QStringLiteral("prometheus"), m_original, tokens);
        config.prometheus = prometheus;
    }

    config.feeds.clear();
    for (int row = 0; row < m_feeds->count(); ++row) {
        FeedSettings feed;
        feed.websocket = QUrl(m_feeds->urlEdit(row)->text().trimmed());
        feed.credential
            = credentialFor(m_feeds->tokenField(row), QStringLiteral("feed-%1").arg(row + 1), m_original, tokens);
        config.feeds.append(feed);
    }

    const QString listen = m_listen->text().trimmed();
    if (listen.isEmpty()) {
        config.receiver.reset();
    } else {
        ReceiverSettings receiver;
        const qsizetype colon = listen.lastIndexOf(QLatin1Char(':'));
        QString host = listen.left(colon);
        if (host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']')))
            host = host.mid(1, host.size() - 2);
        receiver.listenHost = host;
        receiver.listenPort = quint16(listen.mid(colon + 1).toUInt());
        receiver.credential = credentialFor(m_receiverToken, QStringLiteral("receiver"), m_original, tokens);
        receiver.maxBodyBytes = m_maxBody->text().trimmed().toLongLong();
        config.receiver = receiver;
    }

    const QString roster = absolute(m_roster->text());
    const QString playbooks = absolute(m_playbooks->text());
    if (config.automation || !roster.isEmpty() || !playbooks.isEmpty()) {
        AutomationSettings automation = config.automation.value_or(AutomationSettings {});
        automation.rosterFile = roster;
        automation.playbooksDir = playbooks;
        config.automation = automation;
    }

    const QString store = absolute(m_store->text());
    if (store.isEmpty())
        config.store.reset();
    else
        config.store = StoreSettings { store };
    return config;
}

bool SettingsDialog::save()
{
    validate();
    if (!m_valid)
        return false;
    QVector<ConfigSaver::Token> tokens;
    const FirebreakConfig config = editedConfig(&tokens);
    const QString file = filePath();
    auto result = ConfigSaver::save(config, file, tokens);
    if (const auto* error = std::get_if<QString>(&result)) {
        setStatus(*error, true);
        return false;
    }
    m_saved = std::get<FirebreakConfig>(std::move(result));
    m_original = *m_saved;
    load(*m_saved);
    validate();
    setStatus(tr("Saved to %1. Start Firebreak with --config %1 to use it.").arg(file), false);
    m_cancel->setText(tr("Close"));
    Q_EMIT saved(file, *m_saved);
    return true;
}

} // namespace firebreak
