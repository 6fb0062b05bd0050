#pragma once

#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace firebreak {

struct Theme;

// The threshold suggestion as a person reviews it: what the change would do in one sentence, why
// (the suggester's reasoning), the unified diff of the playbook file, and the one button that saves
// it. Nothing here writes anything: the button only asks, and it is disabled with its reason
// whenever saving is not allowed (nobody signed in, not a commander, a compiled-in playbook, no
// change to save).
class SuggestionPanel final : public QWidget {
    Q_OBJECT
public:
    explicit SuggestionPanel(const Theme& theme, QWidget* parent = nullptr);

    void clear(const QString& text);
    void setWorking();
    // `diff` empty: there is nothing to save, and `sentence` says why.
    void setSuggestion(const QString& sentence, const QString& reasoning, const QString& diff);
    // Whether saving is allowed now, and if not, why (shown beside the button and as its tooltip).
    void setSaveAllowed(bool allowed, const QString& reason);

    bool hasChange() const { return m_hasChange; }
    QLabel* sentenceLabel() const { return m_sentence; }
    QLabel* reasoningLabel() const { return m_reasoning; }
    QPlainTextEdit* diffView() const { return m_diff; }
    QPushButton* saveButton() const { return m_save; }
    QLabel* saveReason() const { return m_reason; }

Q_SIGNALS:
    void saveRequested();

private:
    void updateButton();

    QLabel* m_sentence = nullptr;
    QLabel* m_reasoning = nullptr;
    QPlainTextEdit* m_diff = nullptr;
    QPushButton* m_save = nullptr;
    QLabel* m_reason = nullptr;
    bool m_hasChange = false;
    bool m_allowed = false;
    QString m_refusal;
};

} // namespace firebreak
