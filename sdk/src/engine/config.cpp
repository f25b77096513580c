// Reads EngineConfig from TOML with toml++, keeping file:line: key for every error.
#include "vigil/config.hpp"

#include <toml++/toml.h>
#include <algorithm>
#include <fstream>
#include <limits>
#include <map>
#include <sstream>

#include "plugin_host/plugin_file_checks.hpp"

namespace vigil {
namespace {

class ConfigReader {
 public:
  explicit ConfigReader(std::string file) : file_(std::move(file)) {}

  ConfigLocation at(const toml::node& node, const std::string& key) const {
    return {file_, static_cast<int>(node.source().begin.line), key};
  }

  Status error(const toml::node& node, const std::string& key, const std::string& message) const {
    return Status(ErrorCode::config_error, at(node, key).to_string() + ": " + message);
  }

  Result<EngineConfig> read(const toml::table& root) const {
    EngineConfig config;
    for (auto&& [name, node] : root) {
      const std::string key(name.str());
      Status section = Status::success();
      if (key == "engine") {
        section = read_engine(node, config);
      } else if (key == "log") {
        section = read_log(node, config.log);
      } else if (key == "decode") {
        section = read_decode(node, config.decode);
      } else if (key == "detector") {
        section = read_detectors(node, config.detectors);
      } else if (key == "bank") {
        section = read_banks(node, config.banks);
      } else if (key == "rule") {
        section = read_rules(node, config.rules);
      } else if (key == "reporter") {
        section = read_reporters(node, config.reporters);
      } else if (key == "outbox") {
        section = read_outbox(node, config.outbox);
      } else if (key == "audit") {
        section = read_audit(node, config.audit);
      } else {
        section = error(node, key,
                        "unknown section (expected engine, log, decode, detector, bank, rule, "
                        "reporter, outbox, audit)");
      }
      if (!section.ok()) return section;
    }
    if (Status s = check_report_routes(root, config); !s.ok()) return s;
    return config;
  }

 private:
  Status expect_table(const toml::node& node, const std::string& key) const {
    return node.is_table() ? Status::success() : error(node, key, "expected a table");
  }

  Status read_engine(const toml::node& node, EngineConfig& config) const {
    if (Status s = expect_table(node, "engine"); !s.ok()) return s;
    for (auto&& [name, value] : *node.as_table()) {
      const std::string key = "engine." + std::string(name.str());
      if (name.str() == "plugin_path") {
        auto list = string_list(value, key);
        if (!list.ok()) return list.status();
        for (std::string& item : *list) config.plugin_path.emplace_back(std::move(item));
      } else if (name.str() == "allow_untrusted_plugins") {
        const auto* flag = value.as_boolean();
        if (flag == nullptr) return error(value, key, "expected true or false");
        config.plugin_trust.allow_untrusted = flag->get();
      } else if (name.str() == "override") {
        auto list = string_list(value, key);
        if (!list.ok()) return list.status();
        config.plugin_trust.overrides = std::move(list).value();
      } else if (name.str() == "plugin_sha256") {
        Status pins = read_plugin_pins(value, key, config.plugin_trust.sha256_pins);
        if (!pins.ok()) return pins;
      } else {
        return error(value, key, "unknown key");
      }
    }
    return Status::success();
  }

  // plugin_sha256 = { "org.vigil.hashing" = "<64 hex digits>" }, kept in lowercase.
  Status read_plugin_pins(const toml::node& node, const std::string& key,
                          std::map<std::string, std::string>& pins) const {
    const toml::table* table = node.as_table();
    if (table == nullptr) {
      return error(node, key, "expected a table of plugin id = \"<SHA-256 in hex>\"");
    }
    for (auto&& [id, value] : *table) {
      const std::string pin_key = key + "." + std::string(id.str());
      const auto* text = value.as_string();
      const std::string digest = text ? plugin_host::normalized_sha256(text->get()) : std::string();
      if (digest.empty()) return error(value, pin_key, "expected a SHA-256: 64 hex digits");
      pins[std::string(id.str())] = digest;
    }
    return Status::success();
  }

  Status read_log(const toml::node& node, LogOptions& log) const {
    if (Status s = expect_table(node, "log"); !s.ok()) return s;
    for (auto&& [name, value] : *node.as_table()) {
      const std::string key = "log." + std::string(name.str());
      const auto* text = value.as_string();
      if (name.str() == "level") {
        auto level = text ? log_level_from_string(text->get()) : std::nullopt;
        if (!level)
          return error(value, key, "expected one of trace, debug, info, warn, error, off");
        log.level = *level;
      } else if (name.str() == "format") {
        auto format = text ? log_format_from_string(text->get()) : std::nullopt;
        if (!format) return error(value, key, "expected \"text\" or \"json\"");
        log.format = *format;
      } else {
        return error(value, key, "unknown key (expected level, format)");
      }
    }
    return Status::success();
  }

  Result<std::uint64_t> positive_integer(const toml::node& value, const std::string& key,
                                         std::uint64_t max) const {
    const auto* number = value.as_integer();
    if (number == nullptr || number->get() <= 0 ||
        static_cast<std::uint64_t>(number->get()) > max) {
      return error(value, key, "expected a positive integer no larger than " + std::to_string(max));
    }
    return static_cast<std::uint64_t>(number->get());
  }

  Status read_decode(const toml::node& node, DecodeConfig& decode) const {
    if (Status s = expect_table(node, "decode"); !s.ok()) return s;
    for (auto&& [name, value] : *node.as_table()) {
      const std::string key = "decode." + std::string(name.str());
      const std::uint64_t max = name.str() == "max_dimension"
                                    ? std::numeric_limits<std::uint32_t>::max()
                                    : std::numeric_limits<std::int64_t>::max();
      if (name.str() != "max_bytes" && name.str() != "max_pixels" &&
          name.str() != "max_dimension") {
        return error(value, key, "unknown key (expected max_bytes, max_pixels, max_dimension)");
      }
      auto parsed = positive_integer(value, key, max);
      if (!parsed.ok()) return parsed.status();
      if (name.str() == "max_bytes") decode.max_bytes = *parsed;
      if (name.str() == "max_pixels") decode.max_pixels = *parsed;
      if (name.str() == "max_dimension") decode.max_dimension = static_cast<std::uint32_t>(*parsed);
    }
    return Status::success();
  }

  Result<PluginSetting> read_setting(const toml::node& value, const std::string& name,
                                     const std::string& key) const {
    PluginSetting setting{name, {}, {}, at(value, key)};
    if (const auto* text = value.as_string()) {
      setting.value = text->get();
      setting.toml_type = "string";
    } else if (const auto* integer = value.as_integer()) {
      setting.value = std::to_string(integer->get());
      setting.toml_type = "integer";
    } else if (const auto* boolean = value.as_boolean()) {
      setting.value = boolean->get() ? "true" : "false";
      setting.toml_type = "boolean";
    } else if (const auto* number = value.as_floating_point()) {
      std::ostringstream out;
      out << number->get();
      setting.value = out.str();
      setting.toml_type = "float";
    } else if (const auto* items = value.as_array()) {
      setting.toml_type = "string_list";
      for (const toml::node& item : *items) {
        const auto* element = item.as_string();
        if (element == nullptr) return error(item, key, "expected an array of strings");
        if (element->get().find(',') != std::string::npos) {
          return error(item, key, "list items may not contain ','");
        }
        if (!setting.value.empty()) setting.value += ',';
        setting.value += element->get();
      }
    } else {
      return error(value, key, "expected a string, integer, boolean or array of strings");
    }
    return setting;
  }

  // One [[detector]] or [[reporter]] table: the identity keys (`plugin`, and `name` for
  // reporters) and every other key as a plugin setting, in the file's order.
  Status read_plugin_table(const toml::table& table, const std::string& prefix, std::string& plugin,
                           std::string* name, std::vector<PluginSetting>& settings) const {
    for (auto&& [key_name, value] : table) {
      const std::string key = prefix + "." + std::string(key_name.str());
      const bool is_plugin = key_name.str() == "plugin";
      if (is_plugin || (name != nullptr && key_name.str() == "name")) {
        const auto* text = value.as_string();
        if (text == nullptr || text->get().empty()) {
          return error(value, key, is_plugin ? "expected a plugin id string" : "expected a string");
        }
        (is_plugin ? plugin : *name) = text->get();
        continue;
      }
      auto setting = read_setting(value, std::string(key_name.str()), key);
      if (!setting.ok()) return setting.status();
      settings.push_back(std::move(setting).value());
    }
    // toml++ iterates keys alphabetically; keep the file's order for errors and plugins.
    std::stable_sort(settings.begin(), settings.end(),
                     [](const PluginSetting& a, const PluginSetting& b) {
                       return a.location.line < b.location.line;
                     });
    return Status::success();
  }

  Status read_detectors(const toml::node& node, std::vector<DetectorConfig>& detectors) const {
    const toml::array* items = tables(node);
    if (items == nullptr) return error(node, "detector", "expected [[detector]] tables");
    for (std::size_t i = 0; i < items->size(); ++i) {
      const toml::table& table = *items->get(i)->as_table();
      const std::string prefix = "detector[" + std::to_string(i) + "]";
      DetectorConfig detector;
      detector.location = at(table, prefix);
      if (Status s = read_plugin_table(table, prefix, detector.plugin, nullptr, detector.settings);
          !s.ok()) {
        return s;
      }
      if (detector.plugin.empty()) {
        return error(table, prefix + ".plugin", "missing: every [[detector]] names a plugin");
      }
      detectors.push_back(std::move(detector));
    }
    return Status::success();
  }

  Status read_reporters(const toml::node& node, std::vector<ReporterConfig>& reporters) const {
    const toml::array* items = tables(node);
    if (items == nullptr) return error(node, "reporter", "expected [[reporter]] tables");
    for (std::size_t i = 0; i < items->size(); ++i) {
      const toml::table& table = *items->get(i)->as_table();
      const std::string prefix = "reporter[" + std::to_string(i) + "]";
      ReporterConfig reporter;
      reporter.location = at(table, prefix);
      if (Status s =
              read_plugin_table(table, prefix, reporter.plugin, &reporter.name, reporter.settings);
          !s.ok()) {
        return s;
      }
      if (reporter.name.empty()) {
        return error(table, prefix + ".name", "missing: every [[reporter]] has a name");
      }
      if (reporter.plugin.empty()) {
        return error(table, prefix + ".plugin", "missing: every [[reporter]] names a plugin");
      }
      for (const ReporterConfig& earlier : reporters) {
        if (earlier.name == reporter.name) {
          return error(table, prefix + ".name",
                       "reporter '" + reporter.name + "' is configured twice");
        }
      }
      reporters.push_back(std::move(reporter));
    }
    return Status::success();
  }

  Status read_outbox(const toml::node& node, OutboxConfig& outbox) const {
    if (Status s = expect_table(node, "outbox"); !s.ok()) return s;
    for (auto&& [name, value] : *node.as_table()) {
      const std::string key = "outbox." + std::string(name.str());
      if (name.str() == "path") {
        const auto* text = value.as_string();
        if (text == nullptr || text->get().empty()) return error(value, key, "expected a path");
        outbox.path = text->get();
      } else if (name.str() == "workers") {
        auto number = integer_in(value, key, 1, 64);
        if (!number.ok()) return number.status();
        outbox.workers = *number;
      } else if (name.str() == "lease_ms") {
        auto number = integer_in(value, key, 10, 24 * 3600 * 1000);
        if (!number.ok()) return number.status();
        outbox.lease_ms = *number;
      } else {
        return error(value, key, "unknown key (expected path, workers, lease_ms)");
      }
    }
    return Status::success();
  }

  Status read_audit(const toml::node& node, AuditConfig& audit) const {
    if (Status s = expect_table(node, "audit"); !s.ok()) return s;
    for (auto&& [name, value] : *node.as_table()) {
      const std::string key = "audit." + std::string(name.str());
      if (name.str() != "path") return error(value, key, "unknown key (expected path)");
      const auto* text = value.as_string();
      if (text == nullptr || text->get().empty()) return error(value, key, "expected a path");
      audit.path = text->get();
    }
    return Status::success();
  }

  // Once reporters are configured, every rule's report_to must name one of them.
  Status check_report_routes(const toml::table& root, const EngineConfig& config) const {
    if (config.reporters.empty()) return Status::success();
    for (std::size_t i = 0; i < config.rules.size(); ++i) {
      for (const std::string& target : config.rules[i].report_to) {
        const bool known =
            std::any_of(config.reporters.begin(), config.reporters.end(),
                        [&](const ReporterConfig& reporter) { return reporter.name == target; });
        if (known) continue;
        const std::string key = "rule[" + std::to_string(i) + "].report_to";
        const toml::node* where = root.at_path("rule[" + std::to_string(i) + "].report_to").node();
        return Status(ErrorCode::config_error,
                      ConfigLocation{file_,
                                     where ? static_cast<int>(where->source().begin.line)
                                           : config.rules[i].location.line,
                                     key}
                              .to_string() +
                          ": no [[reporter]] is named '" + target + "'");
      }
    }
    return Status::success();
  }

  Result<std::vector<std::string>> string_list(const toml::node& value,
                                               const std::string& key) const {
    const toml::array* items = value.as_array();
    if (items == nullptr) return error(value, key, "expected an array of strings");
    std::vector<std::string> out;
    for (const toml::node& item : *items) {
      if (!item.is_string()) return error(item, key, "expected an array of strings");
      out.push_back(item.as_string()->get());
    }
    return out;
  }

  Result<int> integer_in(const toml::node& value, const std::string& key, int low, int high) const {
    const auto* number = value.as_integer();
    if (number == nullptr || number->get() < low || number->get() > high) {
      return error(
          value, key,
          "expected an integer from " + std::to_string(low) + " to " + std::to_string(high));
    }
    return static_cast<int>(number->get());
  }

  const toml::array* tables(const toml::node& node) const {
    const toml::array* items = node.as_array();
    return items != nullptr && items->is_array_of_tables() ? items : nullptr;
  }

  Status read_banks(const toml::node& node, std::vector<BankConfig>& banks) const {
    const toml::array* items = tables(node);
    if (items == nullptr) return error(node, "bank", "expected [[bank]] tables");
    for (std::size_t i = 0; i < items->size(); ++i) {
      const toml::table& table = *items->get(i)->as_table();
      const std::string prefix = "bank[" + std::to_string(i) + "]";
      BankConfig bank;
      bank.location = at(table, prefix);
      for (auto&& [name, value] : table) {
        const std::string key = prefix + "." + std::string(name.str());
        if (name.str() == "name" || name.str() == "dir") {
          const auto* text = value.as_string();
          if (text == nullptr || text->get().empty()) return error(value, key, "expected a string");
          if (name.str() == "name") {
            bank.name = text->get();
          } else {
            bank.directory = text->get();
          }
        } else if (name.str() == "pdq_max_distance" || name.str() == "pdq_min_quality") {
          const bool distance = name.str() == "pdq_max_distance";
          auto number = integer_in(value, key, 0, distance ? 63 : 100);
          if (!number.ok()) return number.status();
          (distance ? bank.pdq_max_distance : bank.pdq_min_quality) = *number;
        } else {
          return error(value, key,
                       "unknown key (expected name, dir, pdq_max_distance, pdq_min_quality)");
        }
      }
      if (bank.name.empty())
        return error(table, prefix + ".name", "missing: every [[bank]] has a name");
      for (const BankConfig& earlier : banks) {
        if (earlier.name == bank.name) {
          return error(table, prefix + ".name", "bank '" + bank.name + "' is configured twice");
        }
      }
      banks.push_back(std::move(bank));
    }
    return Status::success();
  }

  Status read_rules(const toml::node& node, std::vector<RuleConfig>& rules) const {
    const toml::array* items = tables(node);
    if (items == nullptr) return error(node, "rule", "expected [[rule]] tables");
    for (std::size_t i = 0; i < items->size(); ++i) {
      const toml::table& table = *items->get(i)->as_table();
      const std::string prefix = "rule[" + std::to_string(i) + "]";
      RuleConfig rule;
      rule.location = at(table, prefix);
      bool has_verdict = false;
      for (auto&& [name, value] : table) {
        const std::string key = prefix + "." + std::string(name.str());
        if (name.str() == "banks" || name.str() == "signal_types" || name.str() == "report_to") {
          auto list = string_list(value, key);
          if (!list.ok()) return list.status();
          (name.str() == "banks"          ? rule.banks
           : name.str() == "signal_types" ? rule.signal_types
                                          : rule.report_to) = std::move(list).value();
        } else if (name.str() == "max_distance") {
          auto number = integer_in(value, key, 0, 63);
          if (!number.ok()) return number.status();
          rule.max_distance = *number;
        } else if (name.str() == "verdict") {
          const auto* text = value.as_string();
          auto verdict = text ? verdict_from_string(text->get()) : std::nullopt;
          if (!verdict) return error(value, key, "expected \"allow\", \"review\" or \"block\"");
          rule.verdict = *verdict;
          has_verdict = true;
        } else {
          return error(value, key,
                       "unknown key (expected banks, signal_types, max_distance, verdict, "
                       "report_to)");
        }
      }
      if (rule.banks.empty())
        return error(table, prefix + ".banks", "missing: name at least one bank");
      if (!has_verdict) return error(table, prefix + ".verdict", "missing: allow, review or block");
      rules.push_back(std::move(rule));
    }
    return Status::success();
  }

  std::string file_;
};

}  // namespace

std::string ConfigLocation::to_string() const {
  std::string text = file;
  if (line > 0) text += ":" + std::to_string(line);
  if (!key.empty()) text += ": " + key;
  return text;
}

Result<EngineConfig> parse_engine_config(std::string_view toml_text, std::string_view source_name) {
  const std::string file(source_name);
  toml::table root;
  try {
    root = toml::parse(toml_text, file);
  } catch (const toml::parse_error& e) {
    return Status(ErrorCode::config_error, file + ":" + std::to_string(e.source().begin.line) +
                                               ": " + std::string(e.description()));
  }
  return ConfigReader(file).read(root);
}

Result<EngineConfig> load_engine_config(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status(ErrorCode::not_found, "cannot open config file " + path.string());
  std::stringstream text;
  text << in.rdbuf();
  auto config = parse_engine_config(text.str(), path.string());
  if (!config.ok()) return config;
  config->base_directory = path.parent_path();
  for (auto& directory : config->plugin_path) {
    if (directory.is_relative()) directory = path.parent_path() / directory;
  }
  for (BankConfig& bank : config->banks) {
    if (!bank.directory.empty() && bank.directory.is_relative()) {
      bank.directory = path.parent_path() / bank.directory;
    }
  }
  for (std::filesystem::path* file : {&config->outbox.path, &config->audit.path}) {
    if (!file->empty() && file->is_relative()) *file = path.parent_path() / *file;
  }
  return config;
}

}  // namespace vigil
