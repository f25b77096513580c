// "ncmec-xml": NCMEC Hash Sharing v2 <queryResult> documents.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include <pugixml.hpp>

#include "ascii_text.hpp"
#include "batch_builder.hpp"
#include "importers.hpp"
#include "quoted_text.hpp"
#include "record_signal.hpp"
#include "timestamp.hpp"
#include "vigil/signal_value.hpp"

namespace vigil::bank_import {
namespace {

// True when `text` contains "<!" followed by `keyword` (ASCII case-insensitive).
bool contains_declaration(std::string_view text, std::string_view keyword) {
  for (std::size_t at = text.find("<!"); at != std::string_view::npos;
       at = text.find("<!", at + 2)) {
    const std::string_view rest = text.substr(at + 2, keyword.size());
    if (rest.size() == keyword.size() && to_lower_ascii(rest) == keyword) return true;
  }
  return false;
}

std::string_view local_name(const pugi::xml_node& node) {
  const std::string_view name = node.name();
  const std::size_t colon = name.rfind(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

// Line numbers of byte offsets, counted forward (records are visited in document order).
class LineCounter {
 public:
  explicit LineCounter(std::string_view text) : text_(text) {}

  std::size_t line_at(std::ptrdiff_t signed_offset) {
    if (signed_offset < 0) return 0;
    const auto offset = std::min(static_cast<std::size_t>(signed_offset), text_.size());
    if (offset < offset_) {
      offset_ = 0;
      line_ = 1;
    }
    for (; offset_ < offset; ++offset_) {
      if (text_[offset_] == '\n') ++line_;
    }
    return line_;
  }

 private:
  std::string_view text_;
  std::size_t offset_ = 0;
  std::size_t line_ = 1;
};

struct RecordKinds {
  std::string_view container;  // "images"
  std::string_view entry;      // "image"
  std::string_view removal;    // "deletedImage"
  bool video;
};

constexpr RecordKinds kImages{"images", "image", "deletedImage", false};
constexpr RecordKinds kVideos{"videos", "video", "deletedVideo", true};

class NcmecReader {
 public:
  NcmecReader(std::string_view text, std::string_view file, const ImportOptions& options)
      : file_(file), options_(options), lines_(text), builder_(file) {}

  Status read_document(const pugi::xml_node& root);
  Result<ImportBatch> finish() { return builder_.finish(); }

 private:
  RecordContext context_of(const pugi::xml_node& node, bool counted) {
    return RecordContext{
        file_, RecordLocation{lines_.line_at(node.offset_debug()), counted ? ++records_ : 0}};
  }
  Status read_container(const pugi::xml_node& container, const RecordKinds& kinds);
  Status read_entry(const pugi::xml_node& node, const RecordContext& context, bool video);
  Status read_removal(const pugi::xml_node& node, const RecordContext& context);

  std::string_view file_;
  const ImportOptions& options_;
  LineCounter lines_;
  BatchBuilder builder_;
  std::size_t records_ = 0;
};

// The text of `node`'s only child element named `name` (trimmed), nullopt when it has
// none; errors for a repeated element or an element with child elements.
Result<std::optional<std::string>> child_text(const pugi::xml_node& node, std::string_view name,
                                              const RecordContext& context) {
  std::optional<std::string> text;
  for (const pugi::xml_node& child : node.children()) {
    if (child.type() != pugi::node_element || local_name(child) != name) continue;
    if (text) return context.error(name, "appears more than once");
    std::string content;
    for (const pugi::xml_node& part : child.children()) {
      if (part.type() == pugi::node_pcdata || part.type() == pugi::node_cdata) {
        content += part.value();
      } else if (part.type() == pugi::node_element) {
        return context.error(name, "expected text, found an element");
      }
    }
    text = std::string(trim(content));
  }
  return text;
}

Result<std::int64_t> record_time(const pugi::xml_node& node, const RecordContext& context) {
  Result<std::optional<std::string>> text = child_text(node, "timestamp", context);
  if (!text.ok()) return text.status();
  if (!text->has_value() || (*text)->empty()) return std::int64_t{0};
  const std::optional<std::int64_t> time = parse_timestamp(**text);
  if (!time) return context.error("timestamp", "not a valid time (ISO-8601 or Unix seconds)");
  return *time;
}

Result<std::string> record_id(const pugi::xml_node& node, const RecordContext& context) {
  Result<std::optional<std::string>> id = child_text(node, "id", context);
  if (!id.ok()) return id.status();
  if (!id->has_value()) return context.error("id", "missing");
  if ((*id)->empty()) return context.error("id", "empty");
  return std::move(**id);
}

Status NcmecReader::read_document(const pugi::xml_node& root) {
  for (const pugi::xml_node& child : root.children()) {
    if (child.type() != pugi::node_element) continue;
    const std::string_view name = local_name(child);
    Status status;
    if (name == kImages.container) {
      status = read_container(child, kImages);
    } else if (name == kVideos.container) {
      status = read_container(child, kVideos);
    } else if (name != "paging") {
      status = context_of(child, false)
                   .error({}, "unexpected element <" + escaped(name) + "> in <queryResult>");
    }
    if (!status.ok()) return status;
  }
  return Status::success();
}

Status NcmecReader::read_container(const pugi::xml_node& container, const RecordKinds& kinds) {
  for (const pugi::xml_node& child : container.children()) {
    if (child.type() != pugi::node_element) continue;
    const std::string_view name = local_name(child);
    Status status;
    if (name == kinds.entry) {
      status = read_entry(child, context_of(child, true), kinds.video);
    } else if (name == kinds.removal) {
      status = read_removal(child, context_of(child, true));
    } else {
      status = context_of(child, false)
                   .error({}, "unexpected element <" + escaped(name) + "> in <" +
                                  std::string(kinds.container) + ">");
    }
    if (!status.ok()) return status;
  }
  return Status::success();
}

Status NcmecReader::read_entry(const pugi::xml_node& node, const RecordContext& context,
                               bool video) {
  Result<std::string> id = record_id(node, context);
  if (!id.ok()) return id.status();
  Result<std::optional<std::string>> member = child_text(node, "member", context);
  if (!member.ok()) return member.status();
  Result<std::optional<std::string>> classification = child_text(node, "classification", context);
  if (!classification.ok()) return classification.status();
  Result<std::int64_t> time = record_time(node, context);
  if (!time.ok()) return time.status();

  BankEntry prototype;
  prototype.entry_id = std::move(id).value();
  prototype.source = member->has_value() && !(*member)->empty() ? **member : options_.source;
  if (classification->has_value()) prototype.category = **classification;
  prototype.added_time = *time;
  if (video) prototype.labels.emplace_back("video");

  pugi::xml_node fingerprints;
  for (const pugi::xml_node& child : node.children()) {
    if (child.type() != pugi::node_element || local_name(child) != "fingerprints") continue;
    if (fingerprints) return context.error("fingerprints", "appears more than once");
    fingerprints = child;
  }
  if (!fingerprints) return context.error("fingerprints", "missing");

  std::size_t count = 0;
  for (const pugi::xml_node& fingerprint : fingerprints.children()) {
    if (fingerprint.type() != pugi::node_element) continue;
    const std::string_view type = local_name(fingerprint);
    const std::string field = "fingerprints/" + std::string(type);
    std::string value;
    for (const pugi::xml_node& part : fingerprint.children()) {
      if (part.type() == pugi::node_pcdata || part.type() == pugi::node_cdata) {
        value += part.value();
      } else if (part.type() == pugi::node_element) {
        return context.error(field, "expected text, found an element");
      }
    }
    Result<TypedValue> signal = read_signal(context, field, type, field, value);
    if (!signal.ok()) return signal.status();
    BankEntry entry = prototype;
    entry.signal_type = std::move(signal->type);
    entry.value = std::move(signal->value);
    if (Status status = builder_.add_entry(std::move(entry), context.where); !status.ok()) {
      return status;
    }
    ++count;
  }
  if (count == 0) return context.error("fingerprints", "no fingerprints");
  return Status::success();
}

Status NcmecReader::read_removal(const pugi::xml_node& node, const RecordContext& context) {
  Result<std::string> id = record_id(node, context);
  if (!id.ok()) return id.status();
  Result<std::int64_t> time = record_time(node, context);
  if (!time.ok()) return time.status();
  return builder_.add_removal(Tombstone{std::move(id).value(), {}, {}}, *time, context.where);
}

}  // namespace

Result<ImportBatch> parse_ncmec_xml(std::string_view text, std::string_view file,
                                    const ImportOptions& options) {
  if (is_blank(text)) return ImportBatch{};
  if (contains_declaration(text, "doctype") || contains_declaration(text, "entity")) {
    return file_error(file, "refusing an XML document with a DOCTYPE or ENTITY declaration");
  }
  pugi::xml_document document;
  // parse_default has no parse_doctype; pugixml never expands entities other than the five
  // predefined ones and character references.
  const pugi::xml_parse_result parsed =
      document.load_buffer(text.data(), text.size(), pugi::parse_default, pugi::encoding_utf8);
  if (!parsed) {
    LineCounter lines(text);
    const RecordContext context{file, RecordLocation{lines.line_at(parsed.offset), 0}};
    return context.error({}, std::string("invalid XML: ") + parsed.description());
  }

  pugi::xml_node root;
  for (const pugi::xml_node& child : document.children()) {
    if (child.type() != pugi::node_element) continue;
    if (root) return file_error(file, "more than one top-level element");
    root = child;
  }
  if (local_name(root) != "queryResult") {
    return file_error(file, "the top-level element is <" + escaped(local_name(root)) +
                                ">, expected <queryResult>");
  }
  NcmecReader reader(text, file, options);
  if (Status status = reader.read_document(root); !status.ok()) return status;
  return reader.finish();
}

}  // namespace vigil::bank_import
