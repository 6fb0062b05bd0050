#include "operatorsession.h"

#include "roster.h"

namespace firebreak {

OperatorSession::OperatorSession(QVector<OperatorIdentity> people, QObject* parent)
    : QObject(parent)
    , m_people(std::move(people))
{
}

QVector<OperatorIdentity> OperatorSession::peopleOf(const Roster& roster)
{
    QVector<OperatorIdentity> people;
    for (const RosterUser& user : roster.users())
        people.append(OperatorIdentity { user.name, user.displayName, user.highestRole() });
    return people;
}

std::optional<OperatorIdentity> OperatorSession::person(const QString& name) const
{
    for (const OperatorIdentity& one : m_people) {
        if (one.name == name)
            return one;
    }
    return std::nullopt;
}

QVector<OperatorIdentity> OperatorSession::peopleWith(Role role) const
{
    QVector<OperatorIdentity> found;
    for (const OperatorIdentity& one : m_people) {
        if (roleIncludes(one.role, role))
            found.append(one);
    }
    return found;
}

bool OperatorSession::canAct(Role required) const
{
    return m_current.isValid() && roleIncludes(m_current.role, required);
}

void OperatorSession::signIn(const QString& name)
{
    const std::optional<OperatorIdentity> found = person(name);
    if (!found || *found == m_current)
        return;
    m_current = *found;
    Q_EMIT changed(m_current);
}

void OperatorSession::signOut()
{
    if (!m_current.isValid())
        return;
    m_current = {};
    Q_EMIT changed(m_current);
}

} // namespace firebreak
