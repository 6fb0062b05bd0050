#include "iconprovider.h"

#include "kindcatalog.h"

#include <QFile>
#include <QPainter>
#include <QPixmap>
#include <QSvgRenderer>

// The icons live in the static firebreak_resources library; a static library's resources must be
// registered by name, or the linker drops them.
static void initFirebreakResources()
{
    static const bool registered = [] {
        Q_INIT_RESOURCE(firebreak);
        return true;
    }();
    Q_UNUSED(registered)
}

namespace firebreak {

IconProvider::IconProvider(Theme theme)
    : m_theme(std::move(theme))
{
    initFirebreakResources();
}

QIcon IconProvider::kindIcon(const QString& kind) const
{
    const KindInfo info = KindCatalog::lookup(kind);
    return tinted(info.icon, m_theme.toneColor(info.tone));
}

QIcon IconProvider::tinted(const QString& name, const QColor& color) const
{
    const QString key = name + QLatin1Char('|') + color.name();
    if (const auto it = m_cache.constFind(key); it != m_cache.cend())
        return *it;
    QFile file(QStringLiteral(":/icons/%1.svg").arg(name));
    QIcon icon;
    if (file.open(QIODevice::ReadOnly)) {
        QByteArray svg = file.readAll();
        svg.replace("currentColor", color.name().toLatin1());
        QSvgRenderer renderer(svg);
        for (int size : { 16, 20, 24, 32, 48 }) {
            QPixmap pixmap(size, size);
            pixmap.fill(Qt::transparent);
            QPainter painter(&pixmap);
            painter.setRenderHint(QPainter::Antialiasing);
            renderer.render(&painter);
            painter.end();
            icon.addPixmap(pixmap);
        }
    } else {
        qWarning("IconProvider: icon resource :/icons/%s.svg is missing", qPrintable(name));
    }
    m_cache.insert(key, icon);
    return icon;
}

QIcon IconProvider::appIcon()
{
    initFirebreakResources();
    return QIcon(QStringLiteral(":/icons/firebreak.svg"));
}

} // namespace firebreak
