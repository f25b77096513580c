// Prints an OutboxStatus for `vigil report status`, as text or one JSON object.
#pragma once

#include <ostream>

#include "vigil/outbox.hpp"

namespace vigil::cli {

void print_outbox_status(std::ostream& out, const OutboxStatus& status, bool json);

}  // namespace vigil::cli
