#pragma once

#include <QByteArray>

namespace firebreak {

// Checks the credentials of a webhook delivery. Alertmanager's http_config can send either a bearer
// token (`authorization` / `bearer_token_file`) or basic auth (`basic_auth`), so both are taken:
// a bearer token equal to the configured token, or basic auth whose password is the token (the user
// name is not checked). The comparison takes the same time whatever the guess.
class HookAuthenticator {
public:
    enum class Result { Accepted, Missing, Wrong, UnsupportedScheme };

    explicit HookAuthenticator(const QByteArray& token);
    Result check(const QByteArray& authorizationHeader) const;
    static QByteArray challenge(); // the WWW-Authenticate value sent with a 401
    static const char* causeName(Result result); // "missing", "wrong", "unsupported_scheme"

private:
    bool matches(const QByteArray& candidate) const;

    QByteArray m_tokenDigest; // SHA-256; empty when no token is configured, which accepts nothing
};

} // namespace firebreak
