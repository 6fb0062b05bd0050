#pragma once

#include <QMap>
#include <QString>

namespace firebreak {

// Labels and annotations as Prometheus and Alertmanager use them: sorted name -> value.
using LabelSet = QMap<QString, QString>;

} // namespace firebreak
