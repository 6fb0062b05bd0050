#pragma once

namespace firebreak {

// Registers the value types that cross threads by queued signal. Called once by the app and by
// tests that run workers on threads.
void registerMetaTypes();

} // namespace firebreak
