#include "cybertipline/field_limits.hpp"

#include <string>

#include "cybertipline/errors.hpp"
#include "cybertipline/xml_text.hpp"

namespace vigil::portal::cybertipline::field_limits {

void check_length(std::string_view text, std::size_t max_chars, std::string_view label) {
  if (check_xml_text(text, label) > max_chars) {
    throw validation_error(std::string(label) + ": longer than " + std::to_string(max_chars) +
                           " characters");
  }
}

}  // namespace vigil::portal::cybertipline::field_limits
