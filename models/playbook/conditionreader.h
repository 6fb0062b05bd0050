#pragma once

#include "config/configreader.h"
#include "playbookgate.h"
#include "steprequestreader.h"
#include "verifycheck.h"

#include <QList>

namespace firebreak {

// Reads the conditions on metrics a playbook states: its gates and its verification checks. Split from
// PlaybookReader to keep each reader to one part of the schema (documented in playbookloader.h).
// Failures are thrown as ConfigFailure; templates in queries are recorded by the StepRequestReader.
class ConditionReader {
public:
    ConditionReader(const ConfigReader& reader, const StepRequestReader& requests);

    // One item of `gates`; `seen` collects the kinds read so far, to refuse a second approval and such.
    PlaybookGate gate(const ConfigReader::Field& item, QList<PlaybookGate::Kind>& seen) const;
    // One item of `verify` or `rollback_verify`.
    VerifyCheck check(const ConfigReader::Field& item) const;

private:
    void threshold(const ConfigReader::Fields& f, const ConfigReader::Field& gate, PlaybookGate& result) const;

    const ConfigReader& m_reader;
    const StepRequestReader& m_requests;
};

} // namespace firebreak
