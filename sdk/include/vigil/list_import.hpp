// Hash-list importers: one delivered hotline list file in, one ImportBatch out.
//
// parse_list reads the text of one list in one of the formats below and returns what it
// says: entries to add or update, and (for feed formats) removals. Importing is all or
// nothing: a single malformed record fails the whole parse with ErrorCode::malformed_list
// and no batch, so a bank keeps serving its previous version. Nothing is ever skipped
// silently. Parsing only: storing the batch is the caller's business.
//
// Every entry carries an explicit signal type and a value in stored form (see
// vigil/signal_value.hpp: hex lowercased and checked against THAT type's length; a
// 64-digit value under md5 is an error, never re-typed). PhotoDNA values are opaque and
// never appear in error messages; no record value does.
//
// Formats (the name in quotes is what list_format_from_string accepts):
//
// "lines" - one signal a line: `<type> <value>` separated by spaces/tabs, or a bare `<value>`
//   when ImportOptions::default_type is set (a bare value without it is an error). Blank
//   lines and lines whose first non-blank character is `#` are ignored; `#` elsewhere is
//   not a comment. The type is ASCII-lowercased ("MD5" -> "md5"). More than two fields on a
//   line is an error. entry_id = the value; source = options.source.
//
// "signal-csv" - ThreatExchange/HMA style CSV. The first record is the header; it must name
//   the columns signal_type and signal_str and may name collab, category and tags (in any
//   order; other columns are ignored; a repeated column name is an error). Per row:
//   signal_type is ASCII-lowercased, and "video_md5" becomes type md5 with the label
//   "video"; tags are split on whitespace into labels; a non-empty collab becomes the label
//   "collab:<collab>" (source stays options.source); category -> category;
//   entry_id = the value.
//
// "mapped-csv" - CSV with a header; ImportOptions::mapping names the header columns that
//   hold each field (see ColumnMapping). "mapped-json" - the same mapping over JSON: the
//   document is an array of objects, or an object with exactly one member whose value is
//   an array (its other members, e.g. "generated", are ignored); keys are the mapped names.
//   JSON cells may be strings, or integers (written in decimal) for every field but type
//   and value; null or a missing key is an empty cell. See ColumnMapping for the rules.
//
// "ncmec-xml" - NCMEC Hash Sharing v2 XML (UTF-8):
//     <queryResult>
//       <images> <image>...</image> <deletedImage>...</deletedImage> ... </images>
//       <videos> <video>...</video> <deletedVideo>...</deletedVideo> ... </videos>
//       <paging><next>...</next></paging>
//     </queryResult>
//   An <image>/<video> has <id> (required), <member> (its text -> source; options.source
//   when absent or empty), <timestamp> (-> added_time), <classification> (-> category) and
//   <fingerprints>, whose child elements each give one signal: the element name is the type
//   (md5, sha1, pdna, pdq, ... - it must be a valid type name) and its text the value. Each
//   fingerprint becomes one BankEntry with entry_id = the NCMEC id, so an image's entries
//   share an entry_id and are unique per (entry_id, signal_type). Video entries carry the
//   label "video". Other children of a record (e.g. feedback) are ignored. A record without
//   fingerprints is an error. <deletedImage>/<deletedVideo> need an <id> and become a
//   Tombstone with only entry_id set (it removes all of that id's signals); their
//   <timestamp>, if any, orders them against entries (see "Within one file" below).
//   <paging> is accepted and ignored. Element names are compared without namespace prefix.
//   Unknown elements directly under <queryResult>, <images> or <videos> are errors (a
//   layout change must not silently drop records). A document that contains "<!DOCTYPE" or
//   "<!ENTITY" anywhere (ASCII case-insensitive) is refused; no DTD is ever processed.
//   Records are numbered 1, 2, ... over image, deletedImage, video and deletedVideo
//   elements in document order. Images and videos share one id space: a <deletedVideo>
//   also removes an image with its id, and an image and a video with the same id and
//   fingerprint type but different values are an error.
//
// "te-json" - ThreatExchange threat updates: a JSON array of records, or an object whose
//   "data" member is that array (other members, e.g. "paging", are ignored). Record:
//     id            string or integer, required -> entry_id
//     indicator     string, required -> value
//     type          required: HASH_PDQ -> pdq, HASH_MD5 -> md5, HASH_SHA1 -> sha1,
//                   HASH_SHA256 -> sha256, HASH_PHOTODNA -> pdna, HASH_VIDEO_MD5 -> md5 with
//                   the label "video"; any other type is an error naming the record
//     last_updated  optional: integer, numeric string or ISO-8601 -> added_time
//     should_delete optional boolean; true -> Tombstone{id, type, value} instead of an entry
//     tags          optional array of strings (or one whitespace-separated string) -> labels
//   Other keys are ignored. source = options.source.
//
// "stopncii-json" - StopNCII hash records: an object whose "hashRecords" member is an array
//   (other members are ignored). Record:
//     signalType        required: ImagePDQ -> pdq, ImageMD5 -> md5, VideoMD5 -> md5 with the
//                       label "video"; any other type is an error naming the record
//     hashValue         string, required -> value (entry_id = the value)
//     hashStatus        required: "Active" -> entry; "Withdrawn" or "Deleted" ->
//                       Tombstone{"", type, value}; any other status is an error
//     lastModtimestamp  optional: integer, numeric string or ISO-8601 -> added_time
//   Other keys are ignored. source = options.source.
//
// Common rules:
//   - Text is UTF-8; a leading UTF-8 byte-order mark is skipped. Lines end with LF, CRLF or
//     CR. An empty file (nothing but whitespace) is a valid, empty batch in every format.
//     A non-empty CSV must start with its header; a header alone is an empty batch.
//   - CSV follows RFC 4180: fields separated by commas, optionally in double quotes;
//     quoted fields may hold commas, line breaks and doubled quotes (""). A quote inside
//     an unquoted field, text after a closing quote, or an unterminated quote is an error.
//     Every row has as many fields as the header. Blank lines (empty, or only spaces and
//     tabs) are skipped. Cells are trimmed of surrounding whitespace.
//   - JSON nesting deeper than kMaxListJsonDepth (64) is refused before parsing.
//   - Times (added_time, Unix seconds): an integer is seconds, except that integers of
//     100000000000 or more are taken as milliseconds (and divided by 1000). ISO-8601 text:
//     YYYY-MM-DD, optionally followed by T (or a space) and hh:mm[:ss[.fraction]], and a
//     zone Z, +hh, +hh:mm or +hhmm (none means UTC). Negative times or times before 1970
//     are errors. A missing time is 0 ("the list does not say").
//   - Labels keep their first-seen order; duplicate labels on one entry are dropped.
//   - Error messages name the file, the place and the field:
//       "list.csv: line 7: field 'signal_str': md5 value must be 32 hex digits, got 64
//        characters"
//       "list.json: record 17: field 'indicator': ..." (JSON records count from 1)
//       "feed.xml: line 40: record 3: field 'fingerprints/md5': ..."
//     An empty file_name is shown as "<list>".
//
// Within one file:
//   - Entries are unique per (entry_id, signal_type).
//   - The same (entry_id, signal_type) with a different value is an error naming both
//     places.
//   - The same (entry_id, signal_type, value) again: kept once, at its first position. When
//     the records also agree on source, category and label set, the later added_time is
//     kept. When they disagree, the record with the later added_time supplies source,
//     category, labels and added_time; with equal times it is an error naming both places.
//   - Removals are kept once per (entry_id, signal_type, value).
//   - A batch never holds a removal together with an entry it matches (a removal matches an
//     entry by entry_id when it has one, else by (signal_type, value)), so the order in
//     which a store applies entries and removals does not matter: of a matching entry and
//     removal, the one with the later time wins and the other is dropped; equal times
//     (including both unknown) are an error naming both places, and so is a removal that
//     is later than some of its matching entries and earlier than others.
//   Entries and removals otherwise keep file order.
//
// Errors (vigil/status.hpp):
//   malformed_list    a record, the header or the document structure is malformed
//   invalid_argument  bad ImportOptions (an invalid default_type, a mapping that names no
//                     value column, neither a type column nor a fixed_type, an invalid
//                     fixed_type or type_names target), or an empty path
//   too_large         text or file over kMaxListFileBytes (2 GiB), or out of memory
//   not_found, io_error   import_list_file: missing file; a directory or other non-regular
//                     file, an unreadable file or a read failure
//   internal          a bug in the importer (please report it)
//
// Thread-safety: every function may be called from many threads at once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "vigil/bank_entry.hpp"
#include "vigil/export.hpp"
#include "vigil/status.hpp"

namespace vigil {

enum class ListFormat {
  lines,
  signal_csv,
  mapped_csv,
  mapped_json,
  ncmec_xml,
  te_json,
  stopncii_json
};

// Largest list text parse_list accepts and largest file import_list_file reads.
inline constexpr std::uint64_t kMaxListFileBytes = std::uint64_t{2} * 1024 * 1024 * 1024;
// Deepest JSON nesting (arrays and objects) the JSON formats accept.
inline constexpr std::size_t kMaxListJsonDepth = 64;

// "lines", "signal-csv", "mapped-csv", "mapped-json", "ncmec-xml", "te-json",
// "stopncii-json" -> the format; nullopt for anything else (names are exact, lowercase).
VIGIL_API std::optional<ListFormat> list_format_from_string(std::string_view name) noexcept;

// The name list_format_from_string accepts.
VIGIL_API std::string_view to_string(ListFormat format) noexcept;

// True for the delta feeds that may carry removals (ncmec-xml, te-json, stopncii-json);
// a file in any other format is a full snapshot of its list.
VIGIL_API bool is_feed_format(ListFormat format) noexcept;

// Where mapped-csv / mapped-json find each field: a CSV header name or a JSON key. An empty
// name means the list has no such column.
//   value      required. The signal value.
//   type       the signal type column. A cell is looked up in type_names (exact match) and
//              otherwise ASCII-lowercased; the result must be a valid type name.
//   fixed_type the signal type of every record when there is no type column, or of the
//              records whose type cell is empty when there is one. At least one of `type`
//              and `fixed_type` must be set.
//   entry_id   the record's id (the cell must not be empty); without it, entry_id = value.
//   category   -> BankEntry::category (e.g. IWF "A"/"B"/"C").
//   labels     split on whitespace, ',' and ';' into labels (in JSON also an array of
//              strings).
//   age_band   -> the label "age_band:<cell>" (BankEntry has no age band field).
// A mapped name (other than an empty one) missing from a CSV header is an error; in JSON a
// missing key is an empty cell (an error for value, type and entry_id).
struct ColumnMapping {
  std::string type, value, entry_id, category, labels, age_band;
  std::string fixed_type;
  // Optional translation of type-column cells, e.g. "MD5" -> "md5", "PhotoDNA" -> "pdna".
  std::map<std::string, std::string> type_names;
};

// Sets the column of one field, named as users write it (`vigil bank import --map
// FIELD=COLUMN`, Python's `import_list(mapping={FIELD: COLUMN})`): "type", "value", "id"
// (entry_id), "category", "labels" or "age_band". invalid_argument for any other field name.
VIGIL_API Status set_mapped_column(ColumnMapping& mapping, std::string_view field,
                                   std::string column);

struct ImportOptions {
  // lines: the type of bare values; empty = every line must name its type.
  std::string default_type;
  // mapped-csv, mapped-json: where the fields are.
  ColumnMapping mapping;
  // BankEntry::source for every entry (ncmec-xml: only for records without a member).
  std::string source;
};

// Parses `text` (the whole content of one list file) in `format`. `file_name` is used only in
// error messages. See the top of this file for the formats and rules.
VIGIL_API Result<ImportBatch> parse_list(ListFormat format, std::string_view text,
                                         std::string_view file_name, const ImportOptions& options);

// Reads the file at `path` (refusing, before reading, a file over kMaxListFileBytes, or one
// that grows past it while read) and returns parse_list(format, content, path.string(),
// options).
VIGIL_API Result<ImportBatch> import_list_file(ListFormat format, const std::filesystem::path& path,
                                               const ImportOptions& options);

}  // namespace vigil
