#include "revieweditor.h"

#include "reviews/reviewdocumenttext.h"
#include "style/theme.h"

#include <QAction>
#include <QFontDatabase>
#include <QLabel>
#include <QPlainTextEdit>
#include <QRegularExpression>
#include <QScrollBar>
#include <QSplitter>
#include <QTextBlock>
#include <QTextBrowser>
#include <QTimer>
#include <QVBoxLayout>

namespace firebreak {

namespace {

// GitHub's dialect (tables, task lists, strike-through) as people write in wikis, with every HTML
// tag treated as text.
const auto PreviewFeatures
    = QTextDocument::MarkdownFeatures(QTextDocument::MarkdownDialectGitHub | QTextDocument::MarkdownNoHTML);

// Qt 6.4's Markdown importer mishandles an empty list item (a line that is only "- "): it pulls the
// paragraph above into the list and nests the next list under the following heading. The templates
// start lists that way, so the preview gives such an item a no-break space to hold on to, which
// renders as the empty bullet any other Markdown viewer shows. The text itself is never changed.
QString previewMarkdown(const QString& text)
{
    static const QRegularExpression emptyItem(
        QStringLiteral("^( {0,3}(?:[-*+]|\\d{1,9}[.)]))[ \\t]*$"), QRegularExpression::MultilineOption);
    QString out = text;
    out.replace(emptyItem, QStringLiteral("\\1 \u00a0"));
    return out;
}

} // namespace

ReviewEditor::ReviewEditor(const Theme& theme, QWidget* parent)
    : QWidget(parent)
    , m_theme(theme)
    , m_text(new QPlainTextEdit(this))
    , m_preview(new QTextBrowser(this))
    , m_errorLabel(new QLabel(this))
    , m_status(new QLabel(this))
    , m_undo(new QAction(tr("Undo"), this))
    , m_redo(new QAction(tr("Redo"), this))
    , m_checkTimer(new QTimer(this))
{
    QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    m_text->setFont(fixed);
    m_text->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    m_text->setWordWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    m_text->setTabStopDistance(4 * QFontMetricsF(fixed).horizontalAdvance(QLatin1Char(' ')));
    m_text->setFrameShape(QFrame::NoFrame);
    m_text->document()->setDocumentMargin(10);
    m_text->setPlaceholderText(tr("Loading the review…"));
    m_text->installEventFilter(this);

    m_preview->setOpenLinks(false);
    m_preview->setFrameShape(QFrame::NoFrame);
    m_preview->document()->setDocumentMargin(12);
    m_preview->setFocusPolicy(Qt::NoFocus);
    QPalette previewPalette = m_preview->palette();
    previewPalette.setColor(QPalette::Base, theme.surface);
    previewPalette.setColor(QPalette::Text, theme.text);
    m_preview->setPalette(previewPalette);
    m_preview->setAccessibleName(tr("Preview"));

    auto* split = new QSplitter(Qt::Horizontal, this);
    split->setChildrenCollapsible(false);
    split->addWidget(m_text);
    split->addWidget(m_preview);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 1);

    m_errorLabel->setWordWrap(true);
    m_errorLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_errorLabel->setContentsMargins(10, 6, 10, 6);
    m_errorLabel->setAutoFillBackground(true);
    QPalette errorPalette = m_errorLabel->palette();
    errorPalette.setColor(QPalette::Window, theme.errorBackground);
    errorPalette.setColor(QPalette::WindowText, theme.errorText);
    m_errorLabel->setPalette(errorPalette);
    m_errorLabel->setVisible(false);

    m_status->setContentsMargins(10, 3, 10, 3);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    setStatus(QString(), false);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(split, 1);
    layout->addWidget(m_errorLabel);
    layout->addWidget(m_status);

    m_undo->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Z));
    m_redo->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z));
    m_undo->setToolTip(tr("Undo the last change to the text (Ctrl+Z)"));
    m_redo->setToolTip(tr("Redo what was undone (Ctrl+Shift+Z)"));
    m_undo->setEnabled(false);
    m_redo->setEnabled(false);
    connect(m_undo, &QAction::triggered, m_text, &QPlainTextEdit::undo);
    connect(m_redo, &QAction::triggered, m_text, &QPlainTextEdit::redo);
    connect(m_text, &QPlainTextEdit::undoAvailable, this, &ReviewEditor::updateUndoActions);
    connect(m_text, &QPlainTextEdit::redoAvailable, this, &ReviewEditor::updateUndoActions);

    m_checkTimer->setSingleShot(true);
    m_checkTimer->setInterval(CheckDelayMs);
    connect(m_checkTimer, &QTimer::timeout, this, &ReviewEditor::check);
    connect(m_text, &QPlainTextEdit::textChanged, this, [this] {
        m_checkTimer->start();
        if (!m_loading)
            Q_EMIT textEdited(m_text->toPlainText());
    });
    connect(m_text->verticalScrollBar(), &QScrollBar::valueChanged, this, &ReviewEditor::followScroll);
    connect(m_text->verticalScrollBar(), &QScrollBar::rangeChanged, this, &ReviewEditor::followScroll);
}

ReviewEditor::~ReviewEditor() = default;

void ReviewEditor::setDocument(const QString& text)
{
    m_loading = true;
    m_text->setPlainText(text); // also clears the undo history
    m_loading = false;
    m_text->setPlaceholderText(QString());
    updateUndoActions();
    checkNow();
}

QString ReviewEditor::document() const
{
    return m_text->toPlainText();
}

void ReviewEditor::setReadOnly(bool readOnly)
{
    m_text->setReadOnly(readOnly);
    // A text that cannot be typed into sits on the window's darker ground, so it never looks editable.
    QPalette palette = m_text->palette();
    palette.setColor(QPalette::Base, readOnly ? m_theme.window : m_theme.surface);
    m_text->setPalette(palette);
    updateUndoActions();
}

bool ReviewEditor::isReadOnly() const
{
    return m_text->isReadOnly();
}

std::optional<Review> ReviewEditor::currentReview(QString* error) const
{
    QString message;
    int line = 0;
    std::optional<Review> review = ReviewDocumentText::parse(document(), &message, &line);
    if (error)
        *error = message;
    return review;
}

void ReviewEditor::setStatus(const QString& text, bool alarming)
{
    m_status->setText(text);
    QPalette palette = m_status->palette();
    palette.setColor(QPalette::WindowText, alarming ? m_theme.toneColor(Theme::Tone::Bad) : m_theme.mutedText);
    m_status->setPalette(palette);
    QFont font = m_status->font();
    font.setBold(alarming);
    m_status->setFont(font);
}

void ReviewEditor::checkNow()
{
    m_checkTimer->stop();
    check();
}

void ReviewEditor::check()
{
    const QString text = document();
    m_preview->document()->setMarkdown(previewMarkdown(text), PreviewFeatures);
    followScroll();

    QString error;
    int line = 0;
    const bool valid = ReviewDocumentText::parse(text, &error, &line).has_value();
    m_error = valid ? QString() : error;
    m_errorLine = valid ? 0 : line;
    m_errorLabel->setText(valid ? QString()
                                : tr("%1\nThis text cannot be saved as a version until the heading is fixed; it is "
                                     "still autosaved.")
                                      .arg(error));
    m_errorLabel->setVisible(!valid);

    QList<QTextEdit::ExtraSelection> marks;
    const QTextBlock block = m_text->document()->findBlockByNumber(m_errorLine - 1);
    if (!valid && block.isValid()) {
        QTextEdit::ExtraSelection mark;
        mark.cursor = QTextCursor(block);
        mark.format.setBackground(m_theme.errorBackground);
        mark.format.setForeground(m_theme.errorText);
        mark.format.setProperty(QTextFormat::FullWidthSelection, true);
        marks.append(mark);
    }
    m_text->setExtraSelections(marks);
    Q_EMIT checked(valid);
}

// The preview keeps roughly the same place in the text as the editor: the same fraction of the way
// down. Headings make the two differ in height, so this is approximate, and good enough to keep the
// paragraph being written in view.
void ReviewEditor::followScroll()
{
    const QScrollBar* source = m_text->verticalScrollBar();
    QScrollBar* target = m_preview->verticalScrollBar();
    if (source->maximum() <= 0) {
        target->setValue(0);
        return;
    }
    const double fraction = double(source->value()) / source->maximum();
    target->setValue(int(fraction * target->maximum() + 0.5));
}

void ReviewEditor::updateUndoActions()
{
    const bool writable = !m_text->isReadOnly();
    m_undo->setEnabled(writable && m_text->document()->isUndoAvailable());
    m_redo->setEnabled(writable && m_text->document()->isRedoAvailable());
}

bool ReviewEditor::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_text && event->type() == QEvent::FocusOut)
        Q_EMIT focusLeft();
    return QWidget::eventFilter(watched, event);
}

} // namespace firebreak
