#include "expositionwriter.h"

#include "histogram.h"

#include <QLocale>
#include <cmath>

namespace firebreak {

namespace {

bool isValidName(const QByteArray& name, bool allowColon)
{
    if (name.isEmpty())
        return false;
    for (qsizetype i = 0; i < name.size(); ++i) {
        const char c = name.at(i);
        const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (allowColon && c == ':');
        if (!letter && !(i > 0 && c >= '0' && c <= '9'))
            return false;
    }
    return true;
}

} // namespace

void ExpositionWriter::family(const QByteArray& name, const QByteArray& type, const QString& help)
{
    Q_ASSERT(isValidName(name, true));
    m_out += "# HELP " + name + ' ' + escapeHelp(help) + '\n';
    m_out += "# TYPE " + name + ' ' + type + '\n';
}

void ExpositionWriter::sample(const QByteArray& name, const MetricLabels& labels, double value)
{
    Q_ASSERT(isValidName(name, true));
    m_out += name;
    writeLabels(labels);
    m_out += ' ' + formatValue(value) + '\n';
}

void ExpositionWriter::histogram(const QByteArray& name, const MetricLabels& labels, const Histogram& histogram)
{
    const QVector<quint64> counts = histogram.cumulativeCounts();
    const QVector<double>& bounds = histogram.upperBounds();
    MetricLabels withBound = labels;
    withBound.append({ QByteArrayLiteral("le"), QString() });
    for (qsizetype i = 0; i < bounds.size(); ++i) {
        withBound.last().second = QString::fromLatin1(formatValue(bounds.at(i)));
        sample(name + "_bucket", withBound, double(counts.at(i)));
    }
    withBound.last().second = QStringLiteral("+Inf");
    sample(name + "_bucket", withBound, double(histogram.count()));
    sample(name + "_sum", labels, histogram.sum());
    sample(name + "_count", labels, double(histogram.count()));
}

QByteArray ExpositionWriter::escapeLabelValue(const QString& value)
{
    const QByteArray utf8 = value.toUtf8();
    QByteArray out;
    out.reserve(utf8.size() + 8);
    for (const char c : utf8) {
        if (c == '\\')
            out += "\\\\";
        else if (c == '"')
            out += "\\\"";
        else if (c == '\n')
            out += "\\n";
        else
            out += c;
    }
    return out;
}

QByteArray ExpositionWriter::escapeHelp(const QString& help)
{
    QByteArray out;
    for (const char c : help.toUtf8()) {
        if (c == '\\')
            out += "\\\\";
        else if (c == '\n')
            out += "\\n";
        else
            out += c;
    }
    return out;
}

QByteArray ExpositionWriter::formatValue(double value)
{
    if (std::isnan(value))
        return QByteArrayLiteral("NaN");
    if (std::isinf(value))
        return value > 0 ? QByteArrayLiteral("+Inf") : QByteArrayLiteral("-Inf");
    // Counts print as integers, exactly, up to where a double still holds every integer.
    if (value == std::floor(value) && std::fabs(value) < 9007199254740992.0)
        return QByteArray::number(static_cast<qint64>(value));
    return QByteArray::number(value, 'g', QLocale::FloatingPointShortest); // round-trips, no 0.0050000000000000001
}

void ExpositionWriter::writeLabels(const MetricLabels& labels)
{
    if (labels.isEmpty())
        return;
    m_out += '{';
    for (qsizetype i = 0; i < labels.size(); ++i) {
        Q_ASSERT(isValidName(labels.at(i).first, false));
        if (i > 0)
            m_out += ',';
        m_out += labels.at(i).first + "=\"" + escapeLabelValue(labels.at(i).second) + '"';
    }
    m_out += '}';
}

} // namespace firebreak
