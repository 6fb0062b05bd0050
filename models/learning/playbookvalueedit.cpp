#include "playbookvalueedit.h"

#include <QList>
#include <yaml-cpp/yaml.h>

namespace firebreak {

namespace {

// The end of the scalar written at `begin`: its closing quote, or for a plain scalar the first flow
// indicator, comment or line end, without trailing blanks.
qsizetype scalarEnd(const QByteArray& text, qsizetype begin)
{
    const char first = text.at(begin);
    if (first == '\'' || first == '"') {
        for (qsizetype i = begin + 1; i < text.size(); ++i) {
            if (text.at(i) == first) {
                if (first == '\'' && i + 1 < text.size() && text.at(i + 1) == '\'') {
                    ++i; // '' inside single quotes
                    continue;
                }
                if (first == '"' && text.at(i - 1) == '\\')
                    continue;
                return i + 1;
            }
        }
        return -1;
    }
    qsizetype end = begin;
    while (end < text.size()) {
        const char c = text.at(end);
        if (c == '\n' || c == '\r' || c == ',' || c == '}' || c == ']'
            || (c == '#' && end > begin && (text.at(end - 1) == ' ' || text.at(end - 1) == '\t')))
            break;
        ++end;
    }
    while (end > begin && (text.at(end - 1) == ' ' || text.at(end - 1) == '\t'))
        --end;
    return end;
}

// Each line with its line ending, if it has one.
QList<QByteArray> splitLines(const QByteArray& text)
{
    QList<QByteArray> lines;
    qsizetype start = 0;
    while (start < text.size()) {
        const qsizetype newline = text.indexOf('\n', start);
        const qsizetype end = newline < 0 ? text.size() : newline + 1;
        lines.append(text.mid(start, end - start));
        start = end;
    }
    return lines;
}

QString diffLine(char mark, const QByteArray& line)
{
    QString out = QLatin1Char(mark) + QString::fromUtf8(line);
    if (!line.endsWith('\n'))
        out += QStringLiteral("\n\\ No newline at end of file\n");
    return out;
}

} // namespace

PlaybookValueEdit::Location PlaybookValueEdit::locateGateValue(const QByteArray& text, int gateLine, const QString& key)
{
    Location location;
    try {
        const YAML::Node root = YAML::Load(text.toStdString());
        const YAML::Node gates = root.IsMap() ? root["gates"] : YAML::Node();
        if (!gates || !gates.IsSequence()) {
            location.error = QStringLiteral("the playbook has no list of gates");
            return location;
        }
        for (const YAML::Node& item : gates) {
            if (!item.IsMap())
                continue;
            for (const auto& entry : item) {
                if (entry.first.Mark().line + 1 != gateLine)
                    continue;
                if (!entry.second.IsMap() || !entry.second[key.toStdString()]) {
                    location.error = QStringLiteral("line %1: the gate has no \"%2\"").arg(gateLine).arg(key);
                    return location;
                }
                const YAML::Mark mark = entry.second[key.toStdString()].Mark();
                location.begin = mark.pos;
                location.line = mark.line + 1;
                location.end
                    = location.begin >= 0 && location.begin < text.size() ? scalarEnd(text, location.begin) : -1;
                if (location.end <= location.begin)
                    location.error
                        = QStringLiteral("line %1: cannot tell where \"%2\" is written").arg(location.line).arg(key);
                return location;
            }
        }
        location.error = QStringLiteral("line %1: no gate is written there").arg(gateLine);
    } catch (const YAML::Exception& e) {
        location.error = QStringLiteral("line %1: %2").arg(e.mark.line + 1).arg(QString::fromStdString(e.msg));
    }
    return location;
}

QByteArray PlaybookValueEdit::replaced(const QByteArray& text, const Location& location, const QByteArray& value)
{
    if (!location.ok())
        return text;
    return text.left(location.begin) + value + text.mid(location.end);
}

QString PlaybookValueEdit::unifiedDiff(const QString& fileName, const QByteArray& before, const QByteArray& after)
{
    if (before == after)
        return {};
    constexpr qsizetype Context = 3;
    const QList<QByteArray> a = splitLines(before);
    const QList<QByteArray> b = splitLines(after);
    qsizetype head = 0;
    while (head < a.size() && head < b.size() && a.at(head) == b.at(head))
        ++head;
    qsizetype tail = 0;
    while (tail < a.size() - head && tail < b.size() - head && a.at(a.size() - 1 - tail) == b.at(b.size() - 1 - tail))
        ++tail;
    const qsizetype from = qMax<qsizetype>(0, head - Context);
    const qsizetype aEnd = qMin(a.size(), a.size() - tail + Context);
    const qsizetype bEnd = qMin(b.size(), b.size() - tail + Context);
    const auto range = [](qsizetype start, qsizetype count) {
        return QStringLiteral("%1,%2").arg(count == 0 ? start : start + 1).arg(count);
    };
    QString diff = QStringLiteral("--- a/%1\n+++ b/%1\n@@ -%2 +%3 @@\n")
                       .arg(fileName, range(from, aEnd - from), range(from, bEnd - from));
    for (qsizetype i = from; i < head; ++i)
        diff += diffLine(' ', a.at(i));
    for (qsizetype i = head; i < a.size() - tail; ++i)
        diff += diffLine('-', a.at(i));
    for (qsizetype i = head; i < b.size() - tail; ++i)
        diff += diffLine('+', b.at(i));
    for (qsizetype i = a.size() - tail; i < aEnd; ++i)
        diff += diffLine(' ', a.at(i));
    return diff;
}

} // namespace firebreak
