#pragma once

#include "conditionreader.h"
#include "config/configreader.h"
#include "playbook.h"
#include "steprequestreader.h"

#include <QVector>
#include <optional>
#include <yaml-cpp/yaml.h>

namespace firebreak {

// Turns the YAML of one playbook into a Playbook, collecting a failure per broken section or list
// item (not only the first) so that `playbook check` shows everything wrong in one pass. The schema is
// documented in playbookloader.h.
class PlaybookReader {
public:
    explicit PlaybookReader(const QDir& fileDir);

    // The playbook, or nullopt when failures() is not empty.
    std::optional<Playbook> read(const YAML::Node& root);
    const QVector<ConfigFailure>& failures() const { return m_failures; }

private:
    template <typename Function> bool attempt(Function&& function);
    PlaybookTrigger trigger(const ConfigReader::Field& field) const;
    QMap<QString, QString> parameters(const ConfigReader::Field& field) const;
    QVector<PlaybookGate> gates(const ConfigReader::Field& field);
    QVector<PlaybookStep> steps(const ConfigReader::Field& field);
    QVector<VerifyCheck> checks(const ConfigReader::Field& field);
    PlaybookSuppression suppression(const ConfigReader::Field& field) const;
    void checkRisk(const Playbook& playbook, const ConfigReader::Fields& top);
    void checkTemplates(const Playbook& playbook, const ConfigReader::Field& trigger);

    ConfigReader m_reader;
    QVector<TemplateUse> m_uses;
    StepRequestReader m_requests;
    ConditionReader m_conditions;
    QVector<ConfigFailure> m_failures;
};

} // namespace firebreak
