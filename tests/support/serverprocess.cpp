#include "serverprocess.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTcpServer>
#include <QThread>
#include <QTimer>
#include <csignal>
#include <sys/prctl.h>

namespace firebreak::testing {

namespace {
HttpAnswer finish(QNetworkReply* reply, int timeoutMs)
{
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    if (!reply->isFinished())
        loop.exec();
    HttpAnswer answer;
    if (!reply->isFinished()) {
        reply->abort();
        answer.error = QStringLiteral("no answer within %1 ms").arg(timeoutMs);
    } else {
        answer.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        answer.body = reply->readAll();
        if (reply->error() != QNetworkReply::NoError)
            answer.error = reply->errorString();
    }
    reply->deleteLater();
    return answer;
}
} // namespace

ServerProcess::ServerProcess(QString program, QStringList arguments)
    : m_program(std::move(program))
    , m_arguments(std::move(arguments))
{
}

ServerProcess::~ServerProcess()
{
    kill();
}

bool ServerProcess::startDetachedFromReadiness()
{
    m_process = std::make_unique<QProcess>();
    m_process->setProcessChannelMode(QProcess::MergedChannels);
    // If the test itself dies (a crash, a timeout kill), the server dies with it instead of
    // holding its port and files for the next run.
    m_process->setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
    m_process->start(m_program, m_arguments);
    if (!m_process->waitForStarted(10000)) {
        m_error = QStringLiteral("%1 did not start: %2").arg(m_program, m_process->errorString());
        return false;
    }
    return true;
}

bool ServerProcess::start(const QUrl& readyUrl, int timeoutMs)
{
    if (!startDetachedFromReadiness())
        return false;
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < timeoutMs) {
        if (m_process->state() == QProcess::NotRunning) {
            m_error = QStringLiteral("%1 exited with %2 before it was ready:\n%3")
                          .arg(m_program)
                          .arg(m_process->exitCode())
                          .arg(QString::fromUtf8(output().right(4000)));
            return false;
        }
        if (httpGet(readyUrl, 1000).status == 200)
            return true;
        QThread::msleep(100);
    }
    m_error = QStringLiteral("%1 was not ready at %2 within %3 ms:\n%4")
                  .arg(m_program, readyUrl.toString())
                  .arg(timeoutMs)
                  .arg(QString::fromUtf8(output().right(4000)));
    return false;
}

void ServerProcess::kill()
{
    if (!m_process || m_process->state() == QProcess::NotRunning)
        return;
    m_process->kill();
    m_process->waitForFinished(10000);
}

void ServerProcess::terminate(int timeoutMs)
{
    if (!m_process || m_process->state() == QProcess::NotRunning)
        return;
    m_process->terminate();
    if (!m_process->waitForFinished(timeoutMs))
        kill();
}

bool ServerProcess::isRunning() const
{
    return m_process && m_process->state() != QProcess::NotRunning;
}

qint64 ServerProcess::pid() const
{
    return m_process ? m_process->processId() : 0;
}

QByteArray ServerProcess::output()
{
    if (m_process)
        m_output += m_process->readAll();
    return m_output;
}

quint16 freeLoopbackPort()
{
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost, 0))
        return 0;
    return server.serverPort();
}

HttpAnswer httpGet(const QUrl& url, int timeoutMs)
{
    QNetworkAccessManager manager;
    QNetworkRequest request(url);
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    return finish(manager.get(request), timeoutMs);
}

HttpAnswer httpPost(const QUrl& url, const QByteArray& body, const QByteArray& contentType,
    const QByteArray& authorization, int timeoutMs)
{
    QNetworkAccessManager manager;
    QNetworkRequest request(url);
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    request.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
    if (!authorization.isEmpty())
        request.setRawHeader("Authorization", authorization);
    return finish(manager.post(request, body), timeoutMs);
}

} // namespace firebreak::testing
