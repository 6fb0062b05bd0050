#pragma once

#include <QString>
#include <QVector>
#include <QWidget>

namespace firebreak {

struct Theme;

// An argument vector (or a map of named values) drawn so that where one argument ends and the next
// begins is never in doubt: each value sits in its own box in a fixed-width font, spaces inside a value
// are marked with a faint dot, and an empty value is an empty box. An approver reading
// `rm` `-rf` `/var/log/db 1` sees three arguments, not four. Values are drawn exactly, never elided: a
// value wider than the strip continues on the next line in an open-ended box.
class TokenStrip final : public QWidget {
    Q_OBJECT
public:
    struct Token {
        QString key; // drawn before the box as "key =", empty for argv
        QString value;
        bool operator==(const Token&) const = default;
    };

    explicit TokenStrip(const Theme& theme, QWidget* parent = nullptr);

    void setTokens(const QVector<Token>& tokens);
    const QVector<Token>& tokens() const { return m_tokens; }
    // The tokens as one line of text, each value between ⟦ and ⟧: what planText() shows.
    static QString text(const QVector<Token>& tokens);

    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    struct Piece {
        QRect box; // the value's box (or part of it)
        QString text;
        QRect keyRect; // empty unless the piece starts a keyed token
        QString key;
        bool opensLeft = false; // continues a value from the previous line
        bool opensRight = false; // continues on the next line
    };
    QVector<Piece> layoutFor(int width) const;

    const Theme& m_theme;
    QVector<Token> m_tokens;
};

} // namespace firebreak
