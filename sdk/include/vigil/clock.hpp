// UnixClock: the one injectable clock of libvigil's durable components (the outbox, the
// audit log). OutboxClock (vigil/outbox.hpp) and AuditClock (vigil/audit_log.hpp) are
// aliases of it, kept so that existing callers compile unchanged.
#pragma once

#include <cstdint>
#include <functional>

namespace vigil {

// Returns Unix time in milliseconds. Tests inject a fake; an empty UnixClock means the
// system clock. The component that holds it calls it under its own lock, so a clock that
// is called from one component only need not be thread-safe.
using UnixClock = std::function<std::int64_t()>;

}  // namespace vigil
