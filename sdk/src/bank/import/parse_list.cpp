// parse_list: size check, byte-order mark, and dispatch to the format's parser.
#include <exception>
#include <new>
#include <string>

#include "ascii_text.hpp"
#include "importers.hpp"
#include "record_context.hpp"
#include "vigil/list_import.hpp"

namespace vigil {

Result<ImportBatch> parse_list(ListFormat format, std::string_view text, std::string_view file_name,
                               const ImportOptions& options) {
  if (text.size() > kMaxListFileBytes) {
    return Status(ErrorCode::too_large, std::string(bank_import::display_name(file_name)) +
                                            ": list is larger than " +
                                            std::to_string(kMaxListFileBytes) + " bytes");
  }
  text = bank_import::strip_utf8_bom(text);
  try {
    switch (format) {
      case ListFormat::lines:
        return bank_import::parse_lines(text, file_name, options);
      case ListFormat::signal_csv:
        return bank_import::parse_signal_csv(text, file_name, options);
      case ListFormat::mapped_csv:
        return bank_import::parse_mapped_csv(text, file_name, options);
      case ListFormat::mapped_json:
        return bank_import::parse_mapped_json(text, file_name, options);
      case ListFormat::ncmec_xml:
        return bank_import::parse_ncmec_xml(text, file_name, options);
      case ListFormat::te_json:
        return bank_import::parse_te_json(text, file_name, options);
      case ListFormat::stopncii_json:
        return bank_import::parse_stopncii_json(text, file_name, options);
    }
  } catch (const std::bad_alloc&) {
    return Status(ErrorCode::too_large, std::string(bank_import::display_name(file_name)) +
                                            ": out of memory while importing the list");
  } catch (const std::exception& error) {
    return Status(ErrorCode::internal, std::string(bank_import::display_name(file_name)) +
                                           ": list importer failed: " + error.what());
  }
  return Status(ErrorCode::invalid_argument, "unknown list format");
}

}  // namespace vigil
