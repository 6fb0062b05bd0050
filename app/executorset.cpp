#include "executorset.h"

#include "executors/httpexecutor.h"
#include "executors/kubernetesexecutor.h"
#include "executors/rundeckexecutor.h"
#include "executors/shellexecutor.h"
#include "executors/stackstormexecutor.h"

namespace firebreak {

namespace {

void applyTiming(RemoteJobTiming* timing, std::optional<qint64> pollMs, std::optional<qint64> timeoutMs)
{
    if (pollMs)
        timing->pollIntervalMs = *pollMs;
    if (timeoutMs)
        timing->defaultTimeoutMs = *timeoutMs;
}

} // namespace

ExecutorSet::~ExecutorSet()
{
    clear();
}

template <typename T> void ExecutorSet::own(std::unique_ptr<T> executor)
{
    m_byName.insert(executor->name(), executor.get());
    m_owned.push_back(std::move(executor));
}

void ExecutorSet::build(const std::optional<ExecutorSettings>& settings)
{
    ShellExecutorOptions shell;
    if (settings && settings->shell) {
        shell.environmentAllowlist = settings->shell->environmentAllowlist;
        if (settings->shell->timeoutMs)
            shell.defaultTimeoutMs = *settings->shell->timeoutMs;
        shell.workingDirectory = settings->shell->workingDirectory;
    }
    own(std::make_unique<ShellExecutor>(shell));
    if (!settings)
        return;
    if (const auto& http = settings->http) {
        HttpExecutorOptions options;
        options.caCertificateFile = http->caFile;
        if (http->timeoutMs)
            options.defaultTimeoutMs = *http->timeoutMs;
        own(std::make_unique<HttpExecutor>(options));
    }
    if (const auto& kubernetes = settings->kubernetes) {
        KubernetesExecutorOptions options;
        options.server = kubernetes->server;
        options.bearerToken = kubernetes->credential.token;
        options.caCertificateFile = kubernetes->caFile;
        if (kubernetes->timeoutMs)
            options.defaultTimeoutMs = *kubernetes->timeoutMs;
        own(std::make_unique<KubernetesExecutor>(options));
    }
    if (const auto& rundeck = settings->rundeck) {
        RundeckExecutorOptions options;
        options.baseUrl = rundeck->url;
        options.apiToken = rundeck->credential.token;
        if (rundeck->apiVersion)
            options.apiVersion = *rundeck->apiVersion;
        options.caCertificateFile = rundeck->caFile;
        applyTiming(&options.timing, rundeck->pollIntervalMs, rundeck->timeoutMs);
        own(std::make_unique<RundeckExecutor>(options));
    }
    if (const auto& stackstorm = settings->stackstorm) {
        StackStormExecutorOptions options;
        options.baseUrl = stackstorm->url;
        options.apiKey = stackstorm->credential.token;
        options.caCertificateFile = stackstorm->caFile;
        applyTiming(&options.timing, stackstorm->pollIntervalMs, stackstorm->timeoutMs);
        own(std::make_unique<StackStormExecutor>(options));
    }
}

void ExecutorSet::add(Executor* executor)
{
    m_byName.insert(executor->name(), executor);
}

void ExecutorSet::clear()
{
    m_byName.clear();
    m_owned.clear();
}

} // namespace firebreak
