#pragma once

#include "reviews/review.h"

#include <QWidget>
#include <optional>

class QAction;
class QLabel;
class QPlainTextEdit;
class QTextBrowser;
class QTimer;

namespace firebreak {

struct Theme;

// Where a review is written: the Markdown source beside its rendered preview, so that the commander
// types plain text (fast, diffable, pastes into any wiki) and still sees what readers will see. The
// preview never runs HTML from the text (a pasted log line with tags shows as typed). A document
// whose headings are broken is still edited and autosaved, but says which line is wrong and cannot be
// saved as a version until fixed. Undo and redo are the text's own history.
class ReviewEditor final : public QWidget {
    Q_OBJECT
public:
    static constexpr int CheckDelayMs = 150; // preview and heading check after typing pauses

    explicit ReviewEditor(const Theme& theme, QWidget* parent = nullptr);
    ~ReviewEditor() override;

    // Replaces the whole text (a loaded version, the template, recovered text): no undo history and
    // no textEdited.
    void setDocument(const QString& text);
    QString document() const;
    void setReadOnly(bool readOnly);
    bool isReadOnly() const;
    // The sections of the text as it is now, or std::nullopt with `error` ("Line 3: ...").
    std::optional<Review> currentReview(QString* error = nullptr) const;
    // The result of the last check (refreshed CheckDelayMs after a change).
    bool isValid() const { return m_error.isEmpty(); }
    QString parseError() const { return m_error; }
    // The status line under the text; `alarming` shows it in the theme's colour for trouble.
    void setStatus(const QString& text, bool alarming);
    // Renders the preview and checks the headings now instead of after the delay.
    void checkNow();

    QAction* undoAction() const { return m_undo; }
    QAction* redoAction() const { return m_redo; }
    QPlainTextEdit* textEdit() const { return m_text; }
    QTextBrowser* preview() const { return m_preview; }
    QLabel* statusLabel() const { return m_status; }
    QLabel* errorLabel() const { return m_errorLabel; }

Q_SIGNALS:
    // A change made by typing (or undo/redo), not by setDocument.
    void textEdited(const QString& text);
    void checked(bool valid);
    // The text lost the keyboard focus (a moment to write the autosave at once).
    void focusLeft();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void check();
    void followScroll();
    void updateUndoActions();

    const Theme& m_theme;
    QPlainTextEdit* m_text = nullptr;
    QTextBrowser* m_preview = nullptr;
    QLabel* m_errorLabel = nullptr;
    QLabel* m_status = nullptr;
    QAction* m_undo = nullptr;
    QAction* m_redo = nullptr;
    QTimer* m_checkTimer = nullptr;
    QString m_error;
    int m_errorLine = 0;
    bool m_loading = false;
};

} // namespace firebreak
