#include "response_codes.hpp"

namespace vigil::portal {

CodeAction action_for_response_code(int code) noexcept {
  switch (code) {
    case 0:
      return CodeAction::success;
    case 1000:
    case 1100:
    case 1300:
    case 1110:
    case 1111:
      return CodeAction::retry;
    case 5001:
      return CodeAction::report_missing;
    case 5002:
      return CodeAction::file_missing;
    case 5101:
      return CodeAction::already_retracted;
    case 5102:
      return CodeAction::already_finished;
    default:
      // 1210, 2000, 3000, 3100, 3300, 4000, 4100, 4110, 4200 and anything unknown: a person
      // has to look; retrying an unknown code could file twice or burn the schedule.
      return CodeAction::stop;
  }
}

CodeAction action_for_http_status(long status) noexcept {
  if (status >= 200 && status < 300) return CodeAction::success;
  if (status == 408 || status == 425 || status == 429 || status >= 500) return CodeAction::retry;
  return CodeAction::stop;
}

}  // namespace vigil::portal
