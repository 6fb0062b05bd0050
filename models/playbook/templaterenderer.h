#pragma once

#include "domain/labelset.h"
#include "playbookrequest.h"

#include <QMap>
#include <QString>
#include <QStringList>
#include <variant>

namespace firebreak {

// Why a label could not fill a template: the run it belongs to is blocked with this reason.
struct TemplateRefusal {
    QString label;
    QString reason; // a full sentence naming the label

    bool operator==(const TemplateRefusal&) const = default;
};

// Fills a playbook's templates from an alert's labels, refusing any value that could do harm. Pure:
// no I/O, no shell, no state beyond the patterns. Every value used must pass, in this order: the label
// exists and is not empty; at most MaxValueLength characters; no control, format or separator
// characters (newlines, NUL, zero-width and bidi marks); no leading '-' (an option to a program); and
// the label's pattern from the playbook's `parameters` (DefaultPattern otherwise), matched in full.
// The fixed checks apply whatever the pattern says, so a broad pattern can narrow but never open them.
class TemplateRenderer {
public:
    static QString defaultPattern(); // ^[A-Za-z0-9_.:/@-]{1,253}$
    static constexpr qsizetype MaxValueLength = 1024;

    // `patterns`: label name -> pattern (Playbook::parameterPatterns).
    explicit TemplateRenderer(const QMap<QString, QString>& patterns = {});

    // The value of `label` if it may be used, or why not.
    std::variant<QString, TemplateRefusal> labelValue(const QString& label, const LabelSet& labels) const;
    // A fixed value as it is; a whole template replaced by its checked label value.
    std::variant<QString, TemplateRefusal> renderValue(const QString& value, const LabelSet& labels) const;
    std::variant<QStringList, TemplateRefusal> renderArgv(const QStringList& argv, const LabelSet& labels) const;
    std::variant<QMap<QString, QString>, TemplateRefusal> renderMap(
        const QMap<QString, QString>& values, const LabelSet& labels) const;
    // Every templated value of a step's request (argv, params, env, query, headers).
    std::variant<PlaybookRequest, TemplateRefusal> renderRequest(
        const PlaybookRequest& request, const LabelSet& labels) const;
    // A query with each "{{ labels.NAME }}" replaced by the checked value, escaped as a PromQL string
    // (and as a regex after =~ or !~).
    std::variant<QString, TemplateRefusal> renderQuery(const QString& query, const LabelSet& labels) const;

private:
    QMap<QString, QString> m_patterns;
};

} // namespace firebreak
