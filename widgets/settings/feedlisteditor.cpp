#include "feedlisteditor.h"

#include "config/fieldcheck.h"
#include "style/theme.h"
#include "tokenfield.h"

#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QToolButton>
#include <QVBoxLayout>

namespace firebreak {

FeedListEditor::FeedListEditor(QWidget* parent)
    : QWidget(parent)
    , m_add(new QPushButton(tr("Add feed"), this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_rowsLayout = new QVBoxLayout;
    m_rowsLayout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(m_rowsLayout);
    layout->addWidget(m_add, 0, Qt::AlignLeft);
    m_add->setObjectName(QStringLiteral("addFeed"));
    connect(m_add, &QPushButton::clicked, this, &FeedListEditor::addFeed);
}

void FeedListEditor::setFeeds(const QVector<FeedSettings>& feeds)
{
    while (!m_rows.isEmpty())
        removeRow(m_rows.last().widget);
    for (const FeedSettings& feed : feeds) {
        Row& row = appendRow();
        row.url->setText(feed.websocket.toString());
        row.token->setStored(feed.credential);
    }
    Q_EMIT changed();
}

void FeedListEditor::addFeed()
{
    appendRow().url->setFocus();
    Q_EMIT changed();
}

FeedListEditor::Row& FeedListEditor::appendRow()
{
    Row row;
    row.widget = new QWidget(this);
    auto* grid = new QGridLayout(row.widget);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setHorizontalSpacing(6);
    grid->setVerticalSpacing(2);
    row.url = new QLineEdit(row.widget);
    row.url->setPlaceholderText(QStringLiteral("wss://ci.example.org/events"));
    row.token = new TokenField(row.widget);
    row.remove = new QToolButton(row.widget);
    row.remove->setText(QStringLiteral("✕"));
    row.remove->setToolTip(tr("Remove this feed"));
    row.error = new QLabel(row.widget);
    row.error->setObjectName(QStringLiteral("fieldError"));
    row.error->setWordWrap(true);
    row.error->hide();
    QPalette errorPalette = row.error->palette();
    errorPalette.setColor(QPalette::WindowText, Theme::matching(palette()).errorText);
    row.error->setPalette(errorPalette);
    grid->addWidget(row.url, 0, 0);
    grid->addWidget(row.token, 0, 1);
    grid->addWidget(row.remove, 0, 2);
    grid->addWidget(row.error, 1, 0, 1, 3);
    grid->setColumnStretch(0, 3);
    grid->setColumnStretch(1, 2);
    m_rowsLayout->addWidget(row.widget);
    connect(row.url, &QLineEdit::textChanged, this, &FeedListEditor::changed);
    connect(row.token, &TokenField::changed, this, &FeedListEditor::changed);
    QWidget* rowWidget = row.widget;
    connect(row.remove, &QToolButton::clicked, this, [this, rowWidget] {
        removeRow(rowWidget);
        Q_EMIT changed();
    });
    m_rows.append(row);
    return m_rows.last();
}

void FeedListEditor::removeRow(QWidget* rowWidget)
{
    for (qsizetype i = 0; i < m_rows.size(); ++i) {
        if (m_rows[i].widget == rowWidget) {
            m_rows.removeAt(i);
            rowWidget->hide();
            rowWidget->deleteLater();
            return;
        }
    }
}

bool FeedListEditor::validate()
{
    bool valid = true;
    for (const Row& row : std::as_const(m_rows)) {
        const QString reason = FieldCheck::url(row.url->text(), { QStringLiteral("ws"), QStringLiteral("wss") });
        row.error->setText(reason);
        row.error->setHidden(reason.isEmpty());
        valid = valid && reason.isEmpty();
    }
    return valid;
}

} // namespace firebreak
