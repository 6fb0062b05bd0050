#pragma once

#include "httpcall.h"

#include <QObject>
#include <QSslConfiguration>
#include <functional>
#include <map>
#include <memory>
#include <optional>

class QNetworkAccessManager;
class QNetworkReply;

namespace firebreak {

// The HTTP client every remote executor shares: it owns the executor's QNetworkAccessManager, gives
// every request its own timeout and response size budget, never follows redirects (a redirect would
// carry the credentials to another host), and lets a run drop a request it no longer wants.
class ExecutorHttp final : public QObject {
    Q_OBJECT
public:
    using Callback = std::function<void(const HttpReply&)>;

    explicit ExecutorHttp(QObject* parent = nullptr);
    ~ExecutorHttp() override;

    // Used for every https request from now on (a private CA, for instance).
    void setSslConfiguration(const QSslConfiguration& configuration);

    // `done` is called once from the event loop when the call ends, unless cancel() came first.
    quint64 send(const HttpCall& call, Callback done);
    // Aborts the request if it is still in flight; its callback is never called.
    void cancel(quint64 id);

private:
    struct Pending; // added by the implementation

    void onReadyRead(quint64 id);
    void finish(quint64 id);

    QNetworkAccessManager* m_network;
    std::optional<QSslConfiguration> m_ssl;
    std::map<quint64, std::unique_ptr<Pending>> m_pending;
    quint64 m_nextId = 1;
};

} // namespace firebreak
