// "lines": `<type> <value>` or a bare value per line.
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "ascii_text.hpp"
#include "batch_builder.hpp"
#include "importers.hpp"
#include "quoted_text.hpp"
#include "record_signal.hpp"
#include "vigil/signal_value.hpp"

namespace vigil::bank_import {
namespace {

// The next line of `text` from `pos` (without its LF, CRLF or CR); advances pos.
std::string_view next_line(std::string_view text, std::size_t& pos) {
  const std::size_t start = pos;
  std::size_t end = text.find_first_of("\r\n", start);
  if (end == std::string_view::npos) end = text.size();
  pos = end;
  if (end < text.size()) {
    pos = end + 1;
    if (text[end] == '\r' && pos < text.size() && text[pos] == '\n') ++pos;
  }
  return text.substr(start, end - start);
}

}  // namespace

Result<ImportBatch> parse_lines(std::string_view text, std::string_view file,
                                const ImportOptions& options) {
  if (!options.default_type.empty() && !is_valid_signal_type_name(options.default_type)) {
    return Status(ErrorCode::invalid_argument,
                  "default_type " + in_quotes(options.default_type) + " is not a valid type name");
  }
  BatchBuilder builder(file);
  std::size_t pos = 0;
  std::size_t line_number = 0;
  while (pos < text.size()) {
    const std::string_view line = trim(next_line(text, pos));
    ++line_number;
    if (line.empty() || line.front() == '#') continue;

    const RecordContext context{file, RecordLocation{line_number, 0}};
    const std::vector<std::string_view> words = split_whitespace(line);
    std::string type;
    std::string_view value;
    if (words.size() == 2) {
      type = to_lower_ascii(words[0]);
      value = words[1];
    } else if (words.size() == 1) {
      if (options.default_type.empty()) {
        return context.error("type", "a bare value, but no default type is configured");
      }
      type = options.default_type;
      value = words[0];
    } else {
      return context.error({}, "expected '<type> <value>' or a bare value, got " +
                                   std::to_string(words.size()) + " fields");
    }
    Result<TypedValue> signal = read_signal(context, "type", type, "value", value);
    if (!signal.ok()) return signal.status();

    BankEntry entry;
    entry.signal_type = std::move(signal->type);
    entry.value = std::move(signal->value);
    entry.entry_id = entry.value;
    entry.source = options.source;
    if (Status status = builder.add_entry(std::move(entry), context.where); !status.ok()) {
      return status;
    }
  }
  return builder.finish();
}

}  // namespace vigil::bank_import
