#include "alertmanagerstatusparser.h"

#include "jsonpathreader.h"

namespace firebreak {

ClusterStatusResult AlertmanagerStatusParser::parse(const QByteArray& body)
{
    const QString document = QStringLiteral("alertmanagerStatus");
    ApiParseError error;
    const std::optional<QJsonValue> root = JsonPathReader::parse(body, document, error);
    if (!root)
        return error;
    static const QStringList states { QStringLiteral("ready"), QStringLiteral("settling"), QStringLiteral("disabled") };
    JsonPathReader in;
    QJsonObject object;
    QJsonObject cluster;
    QJsonArray peers;
    ClusterStatus status;
    if (!in.object(*root, document, object)
        || !in.objectMember(object, QStringLiteral("cluster"), QStringLiteral("cluster"), cluster)
        || !in.oneOf(cluster, QStringLiteral("status"), QStringLiteral("cluster.status"), states, status.state)
        || !in.arrayMember(cluster, QStringLiteral("peers"), QStringLiteral("cluster.peers"), false, peers))
        return *in.error();
    for (qsizetype i = 0; i < peers.size(); ++i) {
        const QString path = QStringLiteral("cluster.peers[%1]").arg(i);
        QJsonObject peer;
        QString address;
        if (!in.object(peers.at(i), path, peer)
            || !in.string(peer, QStringLiteral("address"), path + QStringLiteral(".address"), true, address))
            return *in.error();
        status.peerAddresses.append(address);
    }
    QJsonObject versionInfo;
    if (!in.objectMember(object, QStringLiteral("versionInfo"), QStringLiteral("versionInfo"), versionInfo)
        || !in.string(
            versionInfo, QStringLiteral("version"), QStringLiteral("versionInfo.version"), true, status.version))
        return *in.error();
    return status;
}

} // namespace firebreak
