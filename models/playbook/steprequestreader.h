#pragma once

#include "config/configreader.h"
#include "playbookrequest.h"

#include <QString>
#include <QVector>
#include <yaml-cpp/yaml.h>

namespace firebreak {

// A place where a playbook uses a label, checked against the trigger once the whole file is read.
struct TemplateUse {
    QString label;
    YAML::Mark mark;
    QString path;
};

// Reads the `run:` mapping of a step for each executor, and the values that may hold templates. Split
// from PlaybookReader so that each executor's keys are written down in one place. Failures are thrown
// as ConfigFailure (see ConfigReader); every template found is appended to the list given.
class StepRequestReader {
public:
    StepRequestReader(const ConfigReader& reader, QVector<TemplateUse>& uses);

    static QStringList executors();
    static QStringList sandboxActions();

    PlaybookRequest read(const ConfigReader::Field& run) const;

    // A scalar that is fixed text or one whole template (recorded).
    QString templatedValue(const ConfigReader::Field& field) const;
    // A scalar that must not hold a template.
    QString fixedValue(const ConfigReader::Field& field) const;
    // A mapping of names to scalars; names must match `namePattern`, values may be templates.
    QMap<QString, QString> valueMap(const ConfigReader::Field& field, const QString& namePattern) const;
    // A query whose templates are whole quoted label values (recorded).
    QString query(const ConfigReader::Field& field) const;

private:
    void shell(const ConfigReader::Fields& f, const ConfigReader::Field& run, PlaybookRequest& request) const;
    void http(const ConfigReader::Fields& f, const ConfigReader::Field& run, PlaybookRequest& request) const;
    void kubernetes(const ConfigReader::Fields& f, const ConfigReader::Field& run, PlaybookRequest& request) const;
    void sandbox(const ConfigReader::Fields& f, const ConfigReader::Field& run, PlaybookRequest& request) const;
    QString action(const ConfigReader::Field& field, const QStringList& known) const;

    const ConfigReader& m_reader;
    QVector<TemplateUse>& m_uses;
};

} // namespace firebreak
