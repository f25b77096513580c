// Writing a Vigil plugin in C++: subclass, then register with one macro.
//
//   #include <vigil/plugin.hpp>
//
//   class my_detector : public vigil::plugin::detector {
//    public:
//     static constexpr const char* signal_types[] = {"my_signal"};
//     static constexpr vigil_config_field config_fields[] = {   // optional
//         {"threshold", VIGIL_SETTING_INTEGER, "what it does", "10", 0}};
//     explicit my_detector(const vigil::plugin::settings& s, const vigil::plugin::host& h);
//     void scan(const vigil::plugin::media& m, vigil::plugin::signal_sink& out) override;
//   };
//   VIGIL_DETECTOR_PLUGIN(my_detector, "com.example.my", "1.0.0", "What it detects",
//                         VIGIL_MEDIA_IMAGE)
//
// A library may export several plugins: see VIGIL_PLUGIN_TABLE at the end of this file.
//
// The macro emits the one exported descriptor (constant-initialised: no static
// constructors run at load) and wrappers that turn every exception into a status code
// and message, so nothing C++ crosses the ABI (see plugin_abi.h). Throw
// vigil::plugin::error for an expected failure; any std::exception is reported likewise.
// The constructor may take (settings, host) or just (settings).
//
// This header is self-contained: a plugin includes it and never links libvigil.
// scan() is called concurrently from many threads on one instance: keep it const-safe.
#pragma once

#include <vigil/plugin_abi.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <exception>
#include <map>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

// The plugin C++ API is spelled like the C ABI it wraps (snake_case types): see
// docs/contributing.md.
// NOLINTBEGIN(readability-identifier-naming)
namespace vigil::plugin {

// An expected failure with the status code the host should see.
class error : public std::runtime_error {
 public:
  explicit error(const std::string& message, vigil_status code = VIGIL_ERROR_FAILED)
      : std::runtime_error(message), code_(code) {}
  vigil_status code() const noexcept { return code_; }

 private:
  vigil_status code_;
};

// Reporter outcomes other than success. `reason` is a short machine-readable code that
// operators see in `vigil report status` (e.g. "4100", "http_401", "network").
class retry_later : public error {
 public:
  explicit retry_later(const std::string& message, std::string reason = "retry_later",
                       std::int64_t retry_after_ms = 0)
      : error(message, VIGIL_ERROR_RETRY_LATER),
        reason_(std::move(reason)),
        retry_after_ms_(retry_after_ms) {}
  const std::string& reason() const noexcept { return reason_; }
  std::int64_t retry_after_ms() const noexcept { return retry_after_ms_; }

 private:
  std::string reason_;
  std::int64_t retry_after_ms_;
};
class permanent_failure : public error {
 public:
  explicit permanent_failure(const std::string& message, std::string reason = "permanent")
      : error(message, VIGIL_ERROR_PERMANENT), reason_(std::move(reason)) {}
  const std::string& reason() const noexcept { return reason_; }

 private:
  std::string reason_;
};

// The settings the host validated against the plugin's config_fields.
class settings {
 public:
  settings(const vigil_key_value* pairs, std::size_t count) {
    for (std::size_t i = 0; i < count; ++i) values_[pairs[i].key] = pairs[i].value;
  }

  std::optional<std::string> get(const std::string& name) const {
    auto it = values_.find(name);
    if (it == values_.end()) return std::nullopt;
    return it->second;
  }
  std::string get_string(const std::string& name, const std::string& fallback = "") const {
    return get(name).value_or(fallback);
  }
  long long get_int(const std::string& name, long long fallback = 0) const {
    auto text = get(name);
    if (!text) return fallback;
    try {
      std::size_t used = 0;
      long long value = std::stoll(*text, &used);
      if (used == text->size()) return value;
    } catch (const std::exception&) {
    }
    throw error("setting '" + name + "' is not an integer: '" + *text + "'",
                VIGIL_ERROR_INVALID_ARGUMENT);
  }
  bool get_bool(const std::string& name, bool fallback = false) const {
    auto text = get(name);
    if (!text) return fallback;
    if (*text == "true") return true;
    if (*text == "false") return false;
    throw error("setting '" + name + "' is not true/false: '" + *text + "'",
                VIGIL_ERROR_INVALID_ARGUMENT);
  }
  std::vector<std::string> get_list(const std::string& name) const {
    std::vector<std::string> items;
    auto text = get(name);
    if (!text || text->empty()) return items;
    std::size_t start = 0;
    while (true) {
      std::size_t comma = text->find(',', start);
      items.push_back(text->substr(start, comma - start));
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
    return items;
  }

 private:
  std::map<std::string, std::string> values_;
};

// Logging through the host (so the host's log format, level and sinks apply). A small
// value valid for the plugin instance's life: copy it if you keep it.
class host {
 public:
  explicit host(const vigil_host_api* api) : api_(api) {}
  void log(vigil_log_level level, const std::string& message) const {
    if (api_ != nullptr && api_->log != nullptr)
      api_->log(api_->host_context, level, message.c_str());
  }
  void debug(const std::string& m) const { log(VIGIL_LOG_DEBUG, m); }
  void info(const std::string& m) const { log(VIGIL_LOG_INFO, m); }
  void warn(const std::string& m) const { log(VIGIL_LOG_WARN, m); }
  void error(const std::string& m) const { log(VIGIL_LOG_ERROR, m); }

 private:
  const vigil_host_api* api_;
};

// One upload, as handed to scan(). Valid for the duration of the call only.
class media {
 public:
  explicit media(const vigil_media_view* view) : view_(view) {}

  bool is_image() const { return (view_->media_type & VIGIL_MEDIA_IMAGE) != 0; }
  bool is_video() const { return (view_->media_type & VIGIL_MEDIA_VIDEO) != 0; }
  // An upload that did not decode (only for plugins declaring VIGIL_MEDIA_BYTES): no
  // frames, just the raw bytes.
  bool is_bytes_only() const { return (view_->media_type & VIGIL_MEDIA_BYTES) != 0; }
  std::span<const vigil_frame> frames() const { return {view_->frames, view_->frame_count}; }

  std::optional<std::string_view> metadata(std::string_view key) const {
    for (std::size_t i = 0; i < view_->metadata_count; ++i) {
      if (key == view_->metadata[i].key) return std::string_view(view_->metadata[i].value);
    }
    return std::nullopt;
  }

  // Raw encoded bytes, streamed. has_bytes() is false when the caller gave pixels only.
  bool has_bytes() const { return view_->bytes.read != nullptr; }
  // Reads up to buffer.size() bytes; returns how many (0 at the end). Throws on I/O error.
  std::size_t read_bytes(std::span<std::uint8_t> buffer) const {
    if (!has_bytes()) throw error("no raw bytes available", VIGIL_ERROR_UNSUPPORTED);
    std::int64_t got = view_->bytes.read(view_->bytes.context, buffer.data(), buffer.size());
    if (got < 0) throw error("reading the upload's bytes failed");
    return static_cast<std::size_t>(got);
  }

  const vigil_media_view& raw() const { return *view_; }

 private:
  const vigil_media_view* view_;
};

// Where a detector puts its signals; the host copies each one before emit() returns.
class signal_sink {
 public:
  explicit signal_sink(const vigil_signal_sink* sink) : sink_(sink) {}

  void emit(const std::string& type, const std::string& value, std::optional<int> quality = {},
            const std::map<std::string, std::string>& attributes = {}) {
    std::vector<vigil_key_value> pairs;
    pairs.reserve(attributes.size());
    for (const auto& [key, val] : attributes) pairs.push_back({key.c_str(), val.c_str()});
    vigil_signal_out out{type.c_str(), value.c_str(), quality.value_or(-1), pairs.data(),
                         pairs.size()};
    if (sink_->emit(sink_->context, &out) != VIGIL_OK) {
      throw error("the host refused signal '" + type + "'", VIGIL_ERROR_INVALID_ARGUMENT);
    }
  }

 private:
  const vigil_signal_sink* sink_;
};

class detector {
 public:
  virtual ~detector() = default;
  virtual void scan(const media& input, signal_sink& out) = 0;
};

// One delivery attempt of one report (one outbox row). Valid for the deliver() call only.
class delivery {
 public:
  delivery(const vigil_delivery* view, const vigil_delivery_host* host)
      : view_(view), host_(host) {}

  std::string_view report_json() const { return view_->report; }
  std::string_view idempotency_key() const { return view_->idempotency_key; }
  // Where the row stands: "pending", "submitted", "files_uploaded", "details_sent",
  // "finishing"; the reporter's own checkpoint and the destination's id, as last saved.
  std::string_view stage() const { return view_->stage; }
  std::string_view checkpoint() const { return view_->checkpoint; }
  std::string_view remote_id() const { return view_->remote_id; }
  bool retract_requested() const { return view_->retract_requested != 0; }
  int attempt() const { return view_->attempt; }

  // Durably records progress; a crash after this resumes from these values. Throws
  // retry_later when the host could not save (lease lost, storage failure): stop then.
  void save(const std::string& stage, const std::string& checkpoint,
            const std::string& remote_id) const {
    if (host_->save(host_->context, stage.c_str(), checkpoint.c_str(), remote_id.c_str()) !=
        VIGIL_OK) {
      throw retry_later("the host could not save progress (lease lost?)", "lease_lost");
    }
  }
  // The destination lost the report: start again from "pending". Throws like save().
  void restart() const {
    if (host_->restart(host_->context) != VIGIL_OK) {
      throw retry_later("the host could not restart the report (lease lost?)", "lease_lost");
    }
  }
  // Appends an audit record; `fields_json` is a JSON object of identifiers only.
  void audit(const std::string& event, const std::string& fields_json) const {
    if (host_->audit != nullptr) host_->audit(host_->context, event.c_str(), fields_json.c_str());
  }

 private:
  const vigil_delivery* view_;
  const vigil_delivery_host* host_;
};

enum class delivery_result {
  filed = VIGIL_DELIVERY_FILED,
  retracted = VIGIL_DELIVERY_RETRACTED,
  handed_off = VIGIL_DELIVERY_HANDED_OFF,
};

struct delivery_receipt {
  delivery_result result = delivery_result::filed;
  std::string remote_id;  // the destination's id for the report, if any
};

// A reporter drives one report at a time to a final state: return a receipt, or throw
// retry_later (transient) or permanent_failure. deliver() is called concurrently for
// different reports on one instance: keep it thread-safe.
class reporter {
 public:
  virtual ~reporter() = default;
  virtual delivery_receipt deliver(const delivery& request) = 0;
};

namespace details {

inline void write_message(char* buffer, std::size_t capacity, const char* message) {
  if (buffer == nullptr || capacity == 0) return;
  std::snprintf(buffer, capacity, "%s", message);
}

// Runs `body`, converting any exception into a status and message.
template <typename Body>
vigil_status guarded(char* err, std::size_t err_cap, Body&& body) noexcept {
  try {
    body();
    return VIGIL_OK;
  } catch (const error& e) {
    write_message(err, err_cap, e.what());
    return e.code();
  } catch (const std::exception& e) {
    write_message(err, err_cap, e.what());
    return VIGIL_ERROR_FAILED;
  } catch (...) {
    write_message(err, err_cap, "unknown exception");
    return VIGIL_ERROR_FAILED;
  }
}

template <typename T>
vigil_status create(const vigil_host_api* host_api, const vigil_key_value* pairs, std::size_t count,
                    void** instance, char* err, std::size_t err_cap) {
  return guarded(err, err_cap, [&] {
    settings parsed(pairs, count);
    if constexpr (std::is_constructible_v<T, const settings&, const host&>) {
      *instance = new T(parsed, host(host_api));
    } else {
      *instance = new T(parsed);
    }
  });
}

template <typename T>
void destroy(void* instance) {
  delete static_cast<T*>(instance);
}

template <typename T>
vigil_status scan(void* instance, const vigil_media_view* view, const vigil_signal_sink* sink,
                  char* err, std::size_t err_cap) {
  return guarded(err, err_cap, [&] {
    media input(view);
    signal_sink out(sink);
    static_cast<T*>(instance)->scan(input, out);
  });
}

template <typename T>
vigil_status deliver(void* instance, const vigil_delivery* view, const vigil_delivery_host* host,
                     vigil_delivery_outcome* outcome, char* err, std::size_t err_cap) noexcept {
  return guarded(err, err_cap, [&] {
    try {
      delivery_receipt receipt = static_cast<T*>(instance)->deliver(delivery(view, host));
      outcome->result = static_cast<std::int32_t>(receipt.result);
      write_message(outcome->receipt, outcome->receipt_cap, receipt.remote_id.c_str());
    } catch (const retry_later& e) {  // guarded() reports the status and message
      write_message(outcome->code, outcome->code_cap, e.reason().c_str());
      outcome->retry_after_ms = e.retry_after_ms();
      throw;
    } catch (const permanent_failure& e) {
      write_message(outcome->code, outcome->code_cap, e.reason().c_str());
      throw;
    }
  });
}

template <typename T>
constexpr const vigil_config_field* config_fields_of() {
  if constexpr (requires { T::config_fields; }) {
    return T::config_fields;
  } else {
    return nullptr;
  }
}
template <typename T>
constexpr std::size_t config_field_count_of() {
  if constexpr (requires { T::config_fields; }) {
    return std::size(T::config_fields);
  } else {
    return 0;
  }
}

template <typename T>
inline constexpr vigil_detector_api detector_api{sizeof(vigil_detector_api), &scan<T>};
template <typename T>
inline constexpr vigil_reporter_api reporter_api{sizeof(vigil_reporter_api), &deliver<T>};

template <typename T>
constexpr vigil_plugin_descriptor make_detector_descriptor(const char* id, const char* version,
                                                           const char* description,
                                                           std::uint32_t media_types) {
  static_assert(std::is_base_of_v<detector, T>, "a detector plugin derives from detector");
  return {VIGIL_PLUGIN_ABI_VERSION,
          sizeof(vigil_plugin_descriptor),
          id,
          version,
          description,
          VIGIL_KIND_DETECTOR,
          media_types,
          T::signal_types,
          std::size(T::signal_types),
          config_fields_of<T>(),
          config_field_count_of<T>(),
          &create<T>,
          &destroy<T>,
          &detector_api<T>,
          nullptr,
          nullptr};
}

template <typename T>
constexpr vigil_plugin_descriptor make_reporter_descriptor(const char* id, const char* version,
                                                           const char* description) {
  static_assert(std::is_base_of_v<reporter, T>, "a reporter plugin derives from reporter");
  return {VIGIL_PLUGIN_ABI_VERSION,
          sizeof(vigil_plugin_descriptor),
          id,
          version,
          description,
          VIGIL_KIND_REPORTER,
          0,
          nullptr,
          0,
          config_fields_of<T>(),
          config_field_count_of<T>(),
          &create<T>,
          &destroy<T>,
          nullptr,
          &reporter_api<T>,
          nullptr};
}

}  // namespace details

// The descriptor of one plugin, for a library that exports several (VIGIL_PLUGIN_TABLE).
// `deprecated`: nullptr, or what to use instead of this plugin (shown by `vigil plugins`).
template <typename T>
constexpr vigil_plugin_descriptor detector_descriptor(const char* id, const char* version,
                                                      const char* description,
                                                      std::uint32_t media_types,
                                                      const char* deprecated = nullptr) {
  vigil_plugin_descriptor d =
      details::make_detector_descriptor<T>(id, version, description, media_types);
  d.deprecated = deprecated;
  return d;
}
template <typename T>
constexpr vigil_plugin_descriptor reporter_descriptor(const char* id, const char* version,
                                                      const char* description,
                                                      const char* deprecated = nullptr) {
  vigil_plugin_descriptor d = details::make_reporter_descriptor<T>(id, version, description);
  d.deprecated = deprecated;
  return d;
}

}  // namespace vigil::plugin
// NOLINTEND(readability-identifier-naming)

// Exports the descriptor of a detector plugin. Use once per shared library.
#define VIGIL_DETECTOR_PLUGIN(Class, id, version, description, media_types)               \
  extern "C" {                                                                            \
  extern VIGIL_PLUGIN_EXPORT const vigil_plugin_descriptor vigil_plugin;                  \
  }                                                                                       \
  constinit const vigil_plugin_descriptor vigil_plugin =                                  \
      ::vigil::plugin::details::make_detector_descriptor<Class>(id, version, description, \
                                                                media_types);

// Exports the descriptor of a reporter plugin. Use once per shared library.
#define VIGIL_REPORTER_PLUGIN(Class, id, version, description)           \
  extern "C" {                                                           \
  extern VIGIL_PLUGIN_EXPORT const vigil_plugin_descriptor vigil_plugin; \
  }                                                                      \
  constinit const vigil_plugin_descriptor vigil_plugin =                 \
      ::vigil::plugin::details::make_reporter_descriptor<Class>(id, version, description);

// Exports several plugins from one shared library (ABI 0.5): pass the addresses of
// constinit descriptors made with detector_descriptor / reporter_descriptor. Use once per
// shared library, instead of VIGIL_DETECTOR_PLUGIN / VIGIL_REPORTER_PLUGIN:
//
//   constinit const vigil_plugin_descriptor kFast =
//       vigil::plugin::detector_descriptor<fast>("com.example.fast", "1.0.0", "...",
//                                                VIGIL_MEDIA_IMAGE);
//   constinit const vigil_plugin_descriptor kSlow = ...;
//   VIGIL_PLUGIN_TABLE(&kFast, &kSlow)
#define VIGIL_PLUGIN_TABLE(...)                                                                \
  extern "C" {                                                                                 \
  extern VIGIL_PLUGIN_EXPORT const vigil_plugin_table vigil_plugins;                           \
  }                                                                                            \
  constinit const vigil_plugin_descriptor* const vigil_plugin_table_entries[] = {__VA_ARGS__}; \
  constinit const vigil_plugin_table vigil_plugins = {                                         \
      VIGIL_PLUGIN_ABI_VERSION, sizeof(vigil_plugin_table), vigil_plugin_table_entries,        \
      sizeof(vigil_plugin_table_entries) / sizeof(vigil_plugin_table_entries[0])};
