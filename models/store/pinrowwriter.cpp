#include "pinrowwriter.h"

#include "preparedquery.h"
#include "storecodec.h"

#include <QSqlError>
#include <QSqlQuery>

namespace firebreak {

PinRowWriter::PinRowWriter() = default;
PinRowWriter::~PinRowWriter() = default;

bool PinRowWriter::validate(const WriteBatch& batch, QString* error)
{
    for (const EventPin& pin : batch.pins) {
        if (pin.eventId <= 0) {
            *error = QStringLiteral("a pin by \"%1\" in incident %2 names no event (event id %3)")
                         .arg(pin.actor)
                         .arg(pin.incidentId)
                         .arg(pin.eventId);
            return false;
        }
    }
    return true;
}

bool PinRowWriter::prepare(QSqlDatabase& db, QString* error)
{
    const auto prepare = [&](std::unique_ptr<QSqlQuery>& query, const QString& sql) {
        return PreparedQuery::prepare(db, query, sql, error);
    };
    return prepare(m_upsert,
               QStringLiteral("INSERT INTO pins(event_id, incident_id, actor, time_ms) VALUES (?, ?, ?, ?)"
                              " ON CONFLICT(event_id) DO UPDATE SET incident_id = excluded.incident_id,"
                              " actor = excluded.actor, time_ms = excluded.time_ms"))
        && prepare(m_delete, QStringLiteral("DELETE FROM pins WHERE event_id = ?"));
}

bool PinRowWriter::write(const QVector<WriteBatch>& batches, CommittedBatch* out, QString* error)
{
    for (const WriteBatch& batch : batches) {
        for (const EventPin& pin : batch.pins) {
            QSqlQuery& q = pin.pinned ? *m_upsert : *m_delete;
            q.bindValue(0, pin.eventId);
            if (pin.pinned) {
                q.bindValue(1, pin.incidentId);
                q.bindValue(2, StoreCodec::text(pin.actor));
                q.bindValue(3, pin.timeMs);
            }
            if (!q.exec()) {
                *error = QStringLiteral("pin of event %1: %2").arg(pin.eventId).arg(q.lastError().text());
                return false;
            }
            q.finish();
            out->pins.append(pin);
        }
    }
    return true;
}

void PinRowWriter::release()
{
    m_upsert.reset();
    m_delete.reset();
}

} // namespace firebreak
