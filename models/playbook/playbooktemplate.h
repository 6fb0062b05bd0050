#pragma once

#include <QString>
#include <QStringList>

namespace firebreak {

// The template syntax of playbooks, read without any alert at hand (PlaybookLoader uses it to check a
// file, TemplateRenderer to fill it in). There is exactly one form, `{{ labels.NAME }}`, and it must be
// a whole value: an argument is either fixed text or one label, never a mix, so that a label can
// never add, split or reshape an argument. In a query the template must be a whole quoted label value
// (`instance="{{ labels.instance }}"`), where it is escaped as a PromQL string.
class PlaybookTemplate {
public:
    struct Value {
        QString label; // empty for fixed text
        QString error; // why the text is neither fixed text nor a whole template
        bool isTemplate() const { return !label.isEmpty(); }
    };
    struct Query {
        QStringList labels; // in order of appearance, repeats included
        QString error;
    };
    // A value that contains neither "{{" nor "}}" is fixed text.
    static Value parseValue(const QString& text);
    static Query parseQuery(const QString& text);
};

} // namespace firebreak
