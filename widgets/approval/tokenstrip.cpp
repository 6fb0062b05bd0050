#include "tokenstrip.h"

#include "style/theme.h"

#include <QFontDatabase>
#include <QPainter>

namespace firebreak {

namespace {
constexpr int PadX = 4;
constexpr int PadY = 1;
constexpr int Gap = 6;
constexpr int LineGap = 3;
constexpr int EmptyWidth = 14;
} // namespace

TokenStrip::TokenStrip(const Theme& theme, QWidget* parent)
    : QWidget(parent)
    , m_theme(theme)
{
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    QSizePolicy policy(QSizePolicy::Preferred, QSizePolicy::Preferred);
    policy.setHeightForWidth(true);
    setSizePolicy(policy);
}

void TokenStrip::setTokens(const QVector<Token>& tokens)
{
    if (tokens == m_tokens)
        return;
    m_tokens = tokens;
    QStringList tip;
    for (const Token& token : tokens)
        tip.append(token.key.isEmpty() ? token.value : token.key + QStringLiteral(" = ") + token.value);
    setToolTip(tip.join(QLatin1Char('\n')));
    updateGeometry();
    update();
}

QString TokenStrip::text(const QVector<Token>& tokens)
{
    QStringList parts;
    for (const Token& token : tokens) {
        const QString boxed = QStringLiteral("⟦") + token.value + QStringLiteral("⟧");
        parts.append(token.key.isEmpty() ? boxed : token.key + QLatin1Char('=') + boxed);
    }
    return parts.join(QLatin1Char(' '));
}

QVector<TokenStrip::Piece> TokenStrip::layoutFor(int width) const
{
    const QFontMetrics metrics(font());
    const int lineHeight = metrics.height() + 2 * PadY;
    width = qMax(width, 4 * metrics.averageCharWidth() + 2 * PadX);
    QVector<Piece> pieces;
    int x = 0;
    int y = 0;
    auto newLine = [&] {
        x = 0;
        y += lineHeight + LineGap;
    };
    for (const Token& token : m_tokens) {
        QRect keyRect;
        if (!token.key.isEmpty()) {
            const QString keyText = token.key + QStringLiteral(" =");
            const int keyWidth = metrics.horizontalAdvance(keyText) + PadX;
            const int firstChar = token.value.isEmpty() ? EmptyWidth : metrics.horizontalAdvance(token.value.left(1));
            const int whole
                = keyWidth + (token.value.isEmpty() ? EmptyWidth : metrics.horizontalAdvance(token.value)) + 2 * PadX;
            // A pair that fits on a line of its own starts one rather than breaking its value.
            if (x > 0 && x + whole > width && (whole <= width || x + keyWidth + firstChar + 2 * PadX > width))
                newLine();
            keyRect = QRect(x, y, keyWidth, lineHeight);
            x += keyWidth;
        }
        QString rest = token.value;
        bool continued = false;
        for (;;) {
            const int available = width - x - 2 * PadX;
            const int full = rest.isEmpty() ? EmptyWidth : metrics.horizontalAdvance(rest);
            if (full <= available) {
                Piece piece { QRect(x, y, full + 2 * PadX, lineHeight), rest, keyRect, token.key, continued, false };
                pieces.append(piece);
                x += piece.box.width() + Gap;
                rest.clear();
                break;
            }
            if (x > 0 && !continued && keyRect.isNull() && (rest.isEmpty() || full <= width - 2 * PadX)) {
                newLine();
                continue;
            }
            // Too wide for what is left of the line: as many characters as fit, the rest on the next.
            qsizetype count = 0;
            while (count < rest.size() && metrics.horizontalAdvance(rest.left(count + 1)) <= available)
                ++count;
            if (count == 0) {
                if (x == 0)
                    count = 1; // not even one character fits: draw it anyway rather than loop
                else {
                    newLine();
                    continue;
                }
            }
            const QString part = rest.left(count);
            pieces.append(Piece { QRect(x, y, metrics.horizontalAdvance(part) + 2 * PadX, lineHeight), part,
                continued ? QRect() : keyRect, token.key, continued, true });
            rest = rest.mid(count);
            keyRect = QRect();
            continued = true;
            newLine();
        }
    }
    return pieces;
}

int TokenStrip::heightForWidth(int width) const
{
    const QVector<Piece> pieces = layoutFor(width);
    int bottom = QFontMetrics(font()).height() + 2 * PadY;
    for (const Piece& piece : pieces)
        bottom = qMax(bottom, piece.box.bottom() + 1);
    return bottom + 1;
}

QSize TokenStrip::sizeHint() const
{
    const QFontMetrics metrics(font());
    int width = 0;
    for (const Token& token : m_tokens) {
        if (!token.key.isEmpty())
            width += metrics.horizontalAdvance(token.key + QStringLiteral(" =")) + PadX;
        width += (token.value.isEmpty() ? EmptyWidth : metrics.horizontalAdvance(token.value)) + 2 * PadX + Gap;
    }
    width = qBound(40, width, 640);
    return QSize(width, heightForWidth(width));
}

QSize TokenStrip::minimumSizeHint() const
{
    const int width = 12 * QFontMetrics(font()).averageCharWidth();
    return QSize(width, QFontMetrics(font()).height() + 2 * PadY + 1);
}

void TokenStrip::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    const QFontMetrics metrics(font());
    const QColor fill = m_theme.dark ? m_theme.raised : m_theme.surfaceAlt;
    const QPen border(m_theme.border.darker(m_theme.dark ? 80 : 115), 1);
    for (const Piece& piece : layoutFor(width())) {
        if (!piece.keyRect.isNull()) {
            painter.setPen(m_theme.mutedText);
            painter.drawText(
                piece.keyRect.adjusted(0, PadY, 0, 0), Qt::AlignLeft | Qt::AlignTop, piece.key + QStringLiteral(" ="));
        }
        const QRect box = piece.box.adjusted(0, 0, -1, -1);
        painter.fillRect(box, fill);
        painter.setPen(border);
        painter.drawLine(box.topLeft(), box.topRight());
        painter.drawLine(box.bottomLeft(), box.bottomRight());
        if (!piece.opensLeft)
            painter.drawLine(box.topLeft(), box.bottomLeft());
        if (!piece.opensRight)
            painter.drawLine(box.topRight(), box.bottomRight());
        painter.setPen(m_theme.text);
        const int baseline = box.top() + PadY + metrics.ascent();
        painter.drawText(QPoint(box.left() + PadX, baseline), piece.text);
        // A faint dot under every space, so that "a b" cannot pass for two arguments.
        painter.setPen(Qt::NoPen);
        painter.setBrush(m_theme.mutedText);
        for (qsizetype i = 0; i < piece.text.size(); ++i) {
            if (!piece.text.at(i).isSpace())
                continue;
            const int left = box.left() + PadX + metrics.horizontalAdvance(piece.text.left(i));
            const int spaceWidth = metrics.horizontalAdvance(piece.text.at(i));
            painter.drawEllipse(QPointF(left + spaceWidth / 2.0, baseline - metrics.xHeight() / 2.0), 1.3, 1.3);
        }
        painter.setBrush(Qt::NoBrush);
    }
}

} // namespace firebreak
