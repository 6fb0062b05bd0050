#pragma once

#include "apiparseerror.h"
#include "domain/silence.h"

#include <QByteArray>
#include <QVector>
#include <variant>

namespace firebreak {

using GettableSilencesResult = std::variant<QVector<Silence>, ApiParseError>;
using SilenceIdResult = std::variant<QString, ApiParseError>;

// Silences in Alertmanager's API v2 shapes (api/v2/openapi.yaml): `gettableSilences` from
// `GET /api/v2/silences`, the `{"silenceID": ...}` answer of `POST /api/v2/silences`, and the
// `postableSilence` body. Pure functions, so the client only moves bytes.
class SilenceCodec {
public:
    static GettableSilencesResult parseSilences(const QByteArray& body);
    static SilenceIdResult parseSilenceId(const QByteArray& body);

    // What Alertmanager would refuse, said before anything is sent (empty when the silence is
    // fine): no matchers, a matcher without a name, a missing or inverted time range, no author.
    static QString validate(const Silence& silence);
    // The postableSilence body; `id` is included only when set (which updates that silence).
    static QByteArray toPostable(const Silence& silence);
};

} // namespace firebreak
