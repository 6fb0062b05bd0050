#include "guirunner.h"

#include "commandline.h"
#include "enginehost.h"

#include <QMainWindow>

namespace firebreak {

struct GuiRunner::Parts {
    QMainWindow window;
};

GuiRunner::GuiRunner(EngineHost& host, const CommandLineOptions&, QObject* parent)
    : QObject(parent)
    , m_host(host)
    , m_parts(std::make_unique<Parts>())
{
}

GuiRunner::~GuiRunner() = default;

void GuiRunner::start()
{
    m_host.start();
    m_parts->window.show();
}

} // namespace firebreak
