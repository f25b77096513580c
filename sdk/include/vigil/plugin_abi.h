/* The Vigil plugin ABI: the only contract between the host (libvigil) and a plugin.
 *
 * A plugin is a shared library that exports a descriptor, `const vigil_plugin_descriptor`,
 * as the data symbol VIGIL_PLUGIN_SYMBOL, or a table of descriptors, `const
 * vigil_plugin_table`, as VIGIL_PLUGIN_TABLE_SYMBOL (ABI 0.5), or both (the single
 * descriptor must then be one of the table's). Everything that crosses the boundary is plain
 * C: fixed width integers (never enums: their size is the compiler's choice),
 * NUL-terminated UTF-8 strings, pointer + length arrays and function pointers. No
 * exceptions, no C++ types and no ownership cross it:
 *
 *  - Versions. `abi_version` is (major << 16) | minor. The host loads a plugin whose
 *    major equals VIGIL_PLUGIN_ABI_MAJOR and whose minor is from the oldest it supports
 *    (VIGIL_PLUGIN_ABI_MIN_VERSION) to its own (VIGIL_PLUGIN_ABI_MINOR); it refuses any
 *    other major and any newer minor. A minor version only appends fields at the end of a
 *    struct, adds constants, or gives a field a type of the same size and meaning (0.5
 *    turned enum fields into fixed-width integers), so a newer host loads older plugins;
 *    anything else is a major version, a breaking change. ABI versions 2, 3 and 4 of earlier hosts
 * are major 0, minors 2, 3 and 4.
 *  - Sizes. The host reads `abi_version` and `struct_size` BEFORE anything else, refuses a
 *    descriptor shorter than VIGIL_PLUGIN_DESCRIPTOR_MIN_SIZE (the oldest layout it loads)
 *    and copies the fields that lie wholly within `struct_size`: fields beyond it (or cut
 *    by it) read as absent (zero, NULL). The host never reads past `struct_size`.
 *  - Every plugin function returns a vigil_status (VIGIL_OK or an error) and, on error,
 *    writes a NUL-terminated message into the caller's buffer (`err`, `err_cap` bytes;
 *    truncate if longer). A plugin function must never let an exception escape.
 *  - Results are copied out through host callbacks (vigil_signal_sink); the host copies
 *    what it needs before the callback returns. Anything the host hands to a plugin
 *    (media, settings, strings) is valid for the duration of that call only.
 *  - Plugins log through vigil_host_api.log; they never link libvigil itself.
 *  - Libraries are never unloaded, so descriptor strings may be string literals.
 *
 * In-process plugins are trusted code: the host contains exceptions, error returns and
 * contract violations it can observe (null or malformed outputs), but a plugin that
 * corrupts memory or crashes takes the process with it. Run untrusted detectors out of
 * process.
 *
 * A change to the declarations in this file must bump VIGIL_PLUGIN_ABI_MINOR (appending)
 * or VIGIL_PLUGIN_ABI_MAJOR (anything else): a test fingerprints them (not the comments).
 */
/* C names (vigil_snake_case, VIGIL_UPPER_CASE), not the C++ layer's: see docs/contributing.md. */
/* NOLINTBEGIN(readability-identifier-naming) */
#ifndef VIGIL_PLUGIN_ABI_H_
#define VIGIL_PLUGIN_ABI_H_

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define VIGIL_PLUGIN_ABI_MAJOR 0u
#define VIGIL_PLUGIN_ABI_MINOR 5u
#define VIGIL_PLUGIN_ABI_VERSION ((VIGIL_PLUGIN_ABI_MAJOR << 16) | VIGIL_PLUGIN_ABI_MINOR)
/* The oldest version a host built with this header still loads. Minor 3 only added
 * VIGIL_MEDIA_BYTES, minor 4 only added VIGIL_SETTING_PATH, minor 5 made enum-typed fields
 * fixed-width integers of the same size, appended vigil_plugin_descriptor.deprecated and
 * added the descriptor table: a minor 2 plugin is a minor 5 plugin that uses none of
 * these. */
#define VIGIL_PLUGIN_ABI_MIN_VERSION 2u
#define VIGIL_PLUGIN_ABI_MAJOR_OF(version) ((version) >> 16)
#define VIGIL_PLUGIN_ABI_MINOR_OF(version) ((version)&0xffffu)
#define VIGIL_PLUGIN_SYMBOL "vigil_plugin"
#define VIGIL_PLUGIN_TABLE_SYMBOL "vigil_plugins"

#if defined(_WIN32)
#define VIGIL_PLUGIN_EXPORT __declspec(dllexport)
#else
#define VIGIL_PLUGIN_EXPORT __attribute__((visibility("default")))
#endif

typedef int32_t vigil_status;
#define VIGIL_OK 0
#define VIGIL_ERROR_INVALID_ARGUMENT 1 /* bad settings, unsupported media */
#define VIGIL_ERROR_UNSUPPORTED 2      /* this plugin cannot handle the request */
#define VIGIL_ERROR_FAILED 3           /* the operation failed; the message says why */
#define VIGIL_ERROR_RETRY_LATER 4      /* reporters: transient failure, try again */
#define VIGIL_ERROR_PERMANENT 5        /* reporters: never retry this report */

/* vigil_plugin_descriptor.kind. */
typedef uint32_t vigil_plugin_kind;
#define VIGIL_KIND_DETECTOR 1u
#define VIGIL_KIND_REPORTER 2u

/* Bit flags for vigil_plugin_descriptor.media_types. */
#define VIGIL_MEDIA_IMAGE 1u
#define VIGIL_MEDIA_VIDEO 2u
/* Raw bytes: a detector that declares it is called for EVERY upload, so that byte-level
 * signals (MD5, SHA-*) are computed whatever the file is. An upload that did not decode
 * into frames (any other file type, a truncated image, a video the host cannot decode)
 * comes with media_type VIGIL_MEDIA_BYTES, no frames and its bytes; such a detector must
 * not require frames then. */
#define VIGIL_MEDIA_BYTES 4u

/* Levels of vigil_host_api.log. */
typedef int32_t vigil_log_level;
#define VIGIL_LOG_TRACE 0
#define VIGIL_LOG_DEBUG 1
#define VIGIL_LOG_INFO 2
#define VIGIL_LOG_WARN 3
#define VIGIL_LOG_ERROR 4

/* Services the host offers a plugin; passed to create() and valid for the plugin's life. */
typedef struct vigil_host_api {
  uint32_t struct_size;
  void* host_context;
  /* Logs one message. Never pass media bytes or personal data: identifiers only. */
  void (*log)(void* host_context, vigil_log_level level, const char* message);
} vigil_host_api;

/* One key = value pair, both NUL-terminated. */
typedef struct vigil_key_value {
  const char* key;
  const char* value;
} vigil_key_value;

/* A setting a plugin accepts. Values reach create() as strings; lists as
 * comma-separated strings; booleans as "true"/"false". A path (ABI version 4) is given
 * as a string; the host resolves a relative one against the directory of the
 * configuration file it came from, so create() sees a path that does not depend on the
 * working directory (a configuration given as text, not a file, leaves it as given). */
typedef int32_t vigil_setting_type;
#define VIGIL_SETTING_STRING 1
#define VIGIL_SETTING_INTEGER 2
#define VIGIL_SETTING_BOOLEAN 3
#define VIGIL_SETTING_STRING_LIST 4
#define VIGIL_SETTING_PATH 5

typedef struct vigil_config_field {
  const char* name;
  vigil_setting_type type; /* a VIGIL_SETTING_* value */
  const char* description;
  const char* default_value; /* NULL: no default */
  int32_t required;          /* non-zero: create() is not called without it */
} vigil_config_field;

/* One decoded 8-bit RGB frame (3 bytes per pixel, R first). */
typedef struct vigil_frame {
  uint32_t width;
  uint32_t height;
  size_t stride; /* bytes between row starts */
  const uint8_t* pixels;
  double timestamp_seconds;
} vigil_frame;

/* Streams the raw encoded bytes of an upload. read() fills up to `capacity` bytes and
 * returns how many it wrote, 0 at the end, or -1 on an I/O error. `read` is NULL when
 * the host has no raw bytes (e.g. the caller passed decoded pixels). */
typedef struct vigil_byte_source {
  void* context;
  int64_t (*read)(void* context, uint8_t* buffer, size_t capacity);
  int64_t size; /* -1 if unknown */
} vigil_byte_source;

typedef struct vigil_media_view {
  uint32_t struct_size;
  uint32_t media_type; /* one VIGIL_MEDIA_* bit */
  const vigil_frame* frames;
  size_t frame_count;
  vigil_byte_source bytes;
  /* Non-personal metadata only (content_id, mime_type, exif_orientation, ...). */
  const vigil_key_value* metadata;
  size_t metadata_count;
} vigil_media_view;

/* One signal a detector produced. `quality` is -1 when the type has none. */
typedef struct vigil_signal_out {
  const char* type;  /* lowercase name, e.g. "pdq" */
  const char* value; /* lowercase hex for hashes */
  int32_t quality;
  const vigil_key_value* attributes;
  size_t attribute_count;
} vigil_signal_out;

/* The host's receiver for signals. emit() copies the signal and returns VIGIL_OK, or an
 * error if the signal is malformed (the detector should then stop and return it). */
typedef struct vigil_signal_sink {
  void* context;
  vigil_status (*emit)(void* context, const vigil_signal_out* signal);
} vigil_signal_sink;

typedef struct vigil_detector_api {
  uint32_t struct_size;
  /* Computes signals for one media item. Called concurrently from many threads on one
   * instance: it must be thread-safe. */
  vigil_status (*scan)(void* instance, const vigil_media_view* media, const vigil_signal_sink* sink,
                       char* err, size_t err_cap);
} vigil_detector_api;

/* One report being delivered: the host's view of one outbox row (one case, one
 * destination). Valid for the deliver() call only. */
typedef struct vigil_delivery {
  uint32_t struct_size;
  const char* report;          /* the report, JSON ("vigil.report/1", see docs/reporting.md) */
  const char* idempotency_key; /* stable for this (case, destination) across retries */
  const char* stage;           /* the row's saved stage: "pending", "submitted",
                                * "files_uploaded", "details_sent" or "finishing" */
  const char* checkpoint;      /* the reporter's last saved checkpoint; "" at first */
  const char* remote_id;       /* the destination's id for the report; "" until saved */
  int32_t retract_requested;   /* non-zero: withdraw the report instead of filing it */
  int32_t attempt;             /* transient failures so far; 0 on the first attempt */
} vigil_delivery;

/* Services the host offers for one deliver() call; valid for that call only. */
typedef struct vigil_delivery_host {
  void* context;
  /* Durably records progress BEFORE returning VIGIL_OK: a crash after this resumes with
   * these values. `stage` must be non-terminal and not earlier than the current one.
   * An error means the row's lease was lost or storage failed: stop at once and return
   * VIGIL_ERROR_RETRY_LATER (another worker may now own the row). */
  vigil_status (*save)(void* context, const char* stage, const char* checkpoint,
                       const char* remote_id);
  /* The destination lost the report (expired or withdrawn): the row goes back to
   * "pending" with an empty checkpoint and remote id. Same errors as save(). */
  vigil_status (*restart)(void* context);
  /* Appends one record to the audit log. `event` is a short name ("api_call");
   * `fields_json` a JSON object of identifiers only (endpoint, Request-ID, code,
   * duration_ms), never personal data, credentials or media. */
  void (*audit)(void* context, const char* event, const char* fields_json);
} vigil_delivery_host;

/* How a successful deliver() ended (vigil_delivery_outcome.result). */
typedef int32_t vigil_delivery_result;
#define VIGIL_DELIVERY_FILED 1      /* the destination has the report */
#define VIGIL_DELIVERY_RETRACTED 2  /* withdrawn before it was filed */
#define VIGIL_DELIVERY_HANDED_OFF 3 /* handed to a person, who marks it done later */

/* Filled by deliver(); the host zero-initialises it and provides the buffers. */
typedef struct vigil_delivery_outcome {
  uint32_t struct_size;
  int32_t result; /* on VIGIL_OK: a VIGIL_DELIVERY_* value */
  char* receipt;  /* on VIGIL_OK: the destination's id for the report, if any */
  size_t receipt_cap;
  char* code; /* on error: a short machine-readable reason ("4100", "http_401") */
  size_t code_cap;
  int64_t retry_after_ms; /* on VIGIL_ERROR_RETRY_LATER: wait at least this long; 0: none */
} vigil_delivery_outcome;

typedef struct vigil_reporter_api {
  uint32_t struct_size;
  /* Drives one report towards its destination, resuming from delivery->stage and
   * checkpoint. Returns VIGIL_OK with outcome->result set, VIGIL_ERROR_RETRY_LATER for a
   * transient failure (the host retries on its schedule) or VIGIL_ERROR_PERMANENT when
   * retrying cannot help (the row fails with outcome->code and alerts an operator).
   * Called concurrently for different rows: it must be thread-safe. */
  vigil_status (*deliver)(void* instance, const vigil_delivery* delivery,
                          const vigil_delivery_host* host, vigil_delivery_outcome* outcome,
                          char* err, size_t err_cap);
} vigil_reporter_api;

typedef struct vigil_plugin_descriptor {
  uint32_t abi_version; /* VIGIL_PLUGIN_ABI_VERSION */
  uint32_t struct_size; /* sizeof(vigil_plugin_descriptor) */
  const char* id;       /* reverse-DNS, e.g. "org.vigil.hashing" */
  const char* version;  /* semantic version of the plugin */
  const char* description;
  uint32_t kind;                   /* VIGIL_KIND_DETECTOR or VIGIL_KIND_REPORTER */
  uint32_t media_types;            /* VIGIL_MEDIA_* bits a detector accepts; 0 for reporters */
  const char* const* signal_types; /* signals a detector can produce */
  size_t signal_type_count;
  const vigil_config_field* config_fields;
  size_t config_field_count;

  /* Creates an instance from validated settings. On success stores it in *instance. */
  vigil_status (*create)(const vigil_host_api* host, const vigil_key_value* settings,
                         size_t setting_count, void** instance, char* err, size_t err_cap);
  void (*destroy)(void* instance);

  const vigil_detector_api* detector; /* non-NULL iff kind == VIGIL_KIND_DETECTOR */
  const vigil_reporter_api* reporter; /* non-NULL iff kind == VIGIL_KIND_REPORTER */

  /* ABI 0.5. NULL: current. Otherwise the plugin is kept for existing configurations and
   * this says what to use instead; `vigil plugins` shows it. */
  const char* deprecated;
} vigil_plugin_descriptor;

/* The oldest descriptor layout the host loads (minor 2: up to and including `reporter`). */
#define VIGIL_PLUGIN_DESCRIPTOR_MIN_SIZE \
  (offsetof(vigil_plugin_descriptor, reporter) + sizeof(const vigil_reporter_api*))

/* Several plugins in one library (ABI 0.5): export `const vigil_plugin_table` as
 * VIGIL_PLUGIN_TABLE_SYMBOL. The host checks the table's abi_version like a descriptor's,
 * then loads every descriptor in it, each checked on its own (its own abi_version and
 * struct_size); ids must differ. One bad entry refuses the whole library. */
typedef struct vigil_plugin_table {
  uint32_t abi_version; /* VIGIL_PLUGIN_ABI_VERSION */
  uint32_t struct_size; /* sizeof(vigil_plugin_table) */
  const vigil_plugin_descriptor* const* descriptors;
  size_t count; /* 1 to VIGIL_PLUGIN_TABLE_MAX */
} vigil_plugin_table;
#define VIGIL_PLUGIN_TABLE_MAX 64u

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* VIGIL_PLUGIN_ABI_H_ */
/* NOLINTEND(readability-identifier-naming) */
