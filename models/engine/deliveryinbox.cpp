#include "deliveryinbox.h"

#include <algorithm>
#include <limits>

namespace firebreak {

DeliveryInbox::DeliveryInbox(Limits limits)
    : m_limits(limits)
{
}

bool DeliveryInbox::hold(quint64 ticket, qint64 receivedMs, QString source, WebhookPayload payload, qint64 nowMs)
{
    const qint64 alerts = payload.alerts.size();
    if (m_heldAlerts > 0 && m_heldAlerts + alerts > m_limits.maxHeldAlerts)
        return false;
    m_heldAlerts += alerts;
    m_lastArrivalMs = qMax(m_lastArrivalMs, nowMs);
    m_held.push_back(Held { ticket, 0, receivedMs, std::move(source), std::move(payload), nowMs });
    return true;
}

void DeliveryInbox::holdReplayed(qint64 id, qint64 receivedMs, QString source, WebhookPayload payload)
{
    m_heldAlerts += payload.alerts.size();
    // Due at once: it has waited since before this process started.
    m_held.push_back(
        Held { 0, id, receivedMs, std::move(source), std::move(payload), std::numeric_limits<qint64>::min() / 2 });
}

std::deque<DeliveryInbox::Held>::iterator DeliveryInbox::uncommitted(quint64 ticket)
{
    return std::find_if(
        m_held.begin(), m_held.end(), [ticket](const Held& held) { return held.ticket == ticket && held.id == 0; });
}

void DeliveryInbox::committed(quint64 ticket, qint64 id)
{
    const auto found = uncommitted(ticket);
    if (found != m_held.end())
        found->id = id;
}

void DeliveryInbox::failed(quint64 ticket)
{
    const auto found = uncommitted(ticket);
    if (found == m_held.end())
        return;
    m_heldAlerts -= found->payload.alerts.size();
    m_held.erase(found);
}

void DeliveryInbox::drained(const QVector<qint64>& ids)
{
    for (const qint64 id : ids) {
        const auto found = m_inFlight.constFind(id);
        if (found == m_inFlight.cend())
            continue;
        m_inFlightAlerts -= *found;
        m_heldAlerts -= *found;
        m_inFlight.erase(found);
    }
}

QVector<DeliveryInbox::Held> DeliveryInbox::take(qint64 nowMs, bool everything)
{
    QVector<Held> taken;
    if (!everything && msUntilDue(nowMs) != 0)
        return taken;
    qint64 alerts = 0;
    while (!m_held.empty() && m_held.front().id != 0
        && (everything || taken.isEmpty() || alerts < m_limits.chunkAlerts / 2)) {
        const qint64 count = m_held.front().payload.alerts.size();
        alerts += count;
        m_inFlight.insert(m_held.front().id, count);
        taken.append(std::move(m_held.front()));
        m_held.pop_front();
    }
    m_inFlightAlerts += alerts;
    return taken;
}

qint64 DeliveryInbox::msUntilDue(qint64 nowMs) const
{
    if (m_inFlightAlerts >= m_limits.chunkAlerts || m_held.empty() || m_held.front().id == 0)
        return -1;
    const qint64 idleAt = m_lastArrivalMs + m_limits.idleMs;
    const qint64 lagAt = m_held.front().arrivedMs + m_limits.maxLagMs;
    return qMax<qint64>(0, qMin(idleAt, lagAt) - nowMs);
}

} // namespace firebreak
