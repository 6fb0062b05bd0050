#include "suggestionpanel.h"

#include "diffhighlighter.h"
#include "style/panestyle.h"
#include "style/theme.h"

#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QTextBlock>
#include <QTimer>
#include <QVBoxLayout>

namespace firebreak {

SuggestionPanel::SuggestionPanel(const Theme& theme, QWidget* parent)
    : QWidget(parent)
    , m_sentence(new QLabel(this))
    , m_reasoning(new QLabel(this))
    , m_diff(new QPlainTextEdit(this))
    , m_save(new QPushButton(tr("Save to playbook\u2026"), this))
    , m_reason(new QLabel(this))
{
    setMinimumWidth(440);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 0, 0, 0);
    layout->setSpacing(6);
    auto* title = new QLabel(tr("Suggested change"), this);
    PaneStyle::title(*title);
    layout->addWidget(title);

    QFont sentenceFont = m_sentence->font();
    sentenceFont.setPointSizeF(sentenceFont.pointSizeF() * 1.05);
    m_sentence->setFont(sentenceFont);
    m_sentence->setWordWrap(true);
    m_sentence->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_sentence);

    m_diff->setReadOnly(true);
    m_diff->setLineWrapMode(QPlainTextEdit::WidgetWidth); // a flow-style gate is one long line
    m_diff->setWordWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    m_diff->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_diff->setAccessibleName(tr("Unified diff of the playbook file"));
    m_diff->setMinimumHeight(m_diff->fontMetrics().lineSpacing() * 11 + 12);
    new DiffHighlighter(theme, m_diff->document());
    layout->addWidget(m_diff, 1);
    m_reasoning->setWordWrap(true);
    m_reasoning->setTextInteractionFlags(Qt::TextSelectableByMouse);
    PaneStyle::muted(*m_reasoning, theme);
    layout->addWidget(m_reasoning);

    auto* actions = new QHBoxLayout;
    m_reason->setWordWrap(true);
    PaneStyle::muted(*m_reason, theme);
    actions->addWidget(m_reason, 1);
    m_save->setToolTip(tr("Asks for a confirmation, then writes the change into the playbook file"));
    actions->addWidget(m_save, 0, Qt::AlignRight | Qt::AlignVCenter);
    layout->addLayout(actions);

    connect(m_save, &QPushButton::clicked, this, &SuggestionPanel::saveRequested);
    clear(tr("Run a backtest to see how the gate would have done, and what to change."));
}

void SuggestionPanel::clear(const QString& text)
{
    m_hasChange = false;
    m_sentence->setText(text);
    m_reasoning->clear();
    m_reasoning->setVisible(false);
    m_diff->clear();
    m_diff->setVisible(false);
    updateButton();
}

void SuggestionPanel::setWorking()
{
    clear(tr("Working out a suggestion: replaying the gate with other thresholds and durations\u2026"));
}

void SuggestionPanel::setSuggestion(const QString& sentence, const QString& reasoning, const QString& diff)
{
    m_hasChange = !diff.isEmpty();
    m_sentence->setText(sentence);
    m_reasoning->setText(reasoning);
    m_reasoning->setVisible(!reasoning.isEmpty() && reasoning != sentence);
    m_diff->setPlainText(diff);
    m_diff->setVisible(m_hasChange);
    // Context lines come first; bring the change itself into view.
    const QTextCursor removed = m_diff->document()->find(QRegularExpression(QStringLiteral("^-(?!--)")));
    if (!removed.isNull()) {
        m_diff->setTextCursor(QTextCursor(removed.block()));
        m_diff->centerCursor();
        QTimer::singleShot(0, m_diff, [diff = m_diff] { diff->centerCursor(); }); // again, once laid out
    }
    updateButton();
}

void SuggestionPanel::setSaveAllowed(bool allowed, const QString& reason)
{
    m_allowed = allowed;
    m_refusal = reason;
    updateButton();
}

void SuggestionPanel::updateButton()
{
    const bool enabled = m_hasChange && m_allowed;
    m_save->setEnabled(enabled);
    const QString why = !m_hasChange ? QString() : m_allowed ? QString() : m_refusal;
    m_reason->setText(why);
    m_reason->setVisible(!why.isEmpty());
    m_save->setToolTip(
        why.isEmpty() ? tr("Asks for a confirmation, then writes the change into the playbook file") : why);
}

} // namespace firebreak
