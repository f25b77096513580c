// Configuration files parse into EngineConfig, and every error names file, line and key.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "vigil/config.hpp"

namespace vigil {
namespace {

std::string error_of(const std::string& text) {
  auto config = parse_engine_config(text, "vigil.toml");
  EXPECT_FALSE(config.ok()) << "expected an error for:\n" << text;
  if (config.ok()) return "";
  EXPECT_EQ(config.status().code(), ErrorCode::config_error);
  return config.status().message();
}

TEST(EngineConfig, ParsesEverySection) {
  auto config = parse_engine_config(R"(
[engine]
plugin_path = ["/opt/a", "/opt/b"]

[log]
level = "debug"
format = "json"

[decode]
max_bytes = 1000
max_pixels = 2000
max_dimension = 300

[[detector]]
plugin = "org.vigil.hashing"
signals = ["pdq", "md5"]
dihedral = true
)",
                                    "vigil.toml");
  ASSERT_TRUE(config.ok()) << config.status().to_string();
  EXPECT_EQ(config->plugin_path, (std::vector<std::filesystem::path>{"/opt/a", "/opt/b"}));
  EXPECT_EQ(config->log.level, LogLevel::debug);
  EXPECT_EQ(config->log.format, LogFormat::json);
  EXPECT_EQ(config->decode.max_bytes, 1000u);
  EXPECT_EQ(config->decode.max_pixels, 2000u);
  EXPECT_EQ(config->decode.max_dimension, 300u);
  ASSERT_EQ(config->detectors.size(), 1u);
  const DetectorConfig& detector = config->detectors[0];
  EXPECT_EQ(detector.plugin, "org.vigil.hashing");
  ASSERT_EQ(detector.settings.size(), 2u);
  EXPECT_EQ(detector.settings[0].name, "signals");
  EXPECT_EQ(detector.settings[0].value, "pdq,md5");
  EXPECT_EQ(detector.settings[0].toml_type, "string_list");
  EXPECT_EQ(detector.settings[0].location.to_string(), "vigil.toml:16: detector[0].signals");
  EXPECT_EQ(detector.settings[1].value, "true");
  EXPECT_EQ(detector.location.line, 14);
}

TEST(EngineConfig, EmptyTextIsTheDefaultConfig) {
  auto config = parse_engine_config("", "vigil.toml");
  ASSERT_TRUE(config.ok());
  EXPECT_TRUE(config->detectors.empty());
  EXPECT_EQ(config->log.level, LogLevel::warn);  // info only when [log] asks for it
}

TEST(EngineConfig, SyntaxErrorsNameFileAndLine) {
  EXPECT_EQ(error_of("[log]\nlevel = \"info\"\nformat = \n").rfind("vigil.toml:3: ", 0), 0u);
}

TEST(EngineConfig, SemanticErrorsNameFileLineAndKey) {
  EXPECT_EQ(error_of("\n[log]\nlevel = \"loud\"\n"),
            "vigil.toml:3: log.level: expected one of trace, debug, info, warn, error, off");
  EXPECT_EQ(error_of("[decode]\nmax_pixels = -5\n"),
            "vigil.toml:2: decode.max_pixels: expected a positive integer no larger than "
            "9223372036854775807");
  EXPECT_EQ(error_of("[engine]\nthreads = 4\n"), "vigil.toml:2: engine.threads: unknown key");
  EXPECT_EQ(error_of("[engine]\nplugin_path = [1]\n"),
            "vigil.toml:2: engine.plugin_path: expected an array of strings");
  EXPECT_EQ(error_of("[banks]\n"),
            "vigil.toml:1: banks: unknown section (expected engine, log, decode, detector, bank, "
            "rule, reporter, outbox, audit)");
  EXPECT_EQ(error_of("[[detector]]\nsignals = [\"pdq\"]\n"),
            "vigil.toml:1: detector[0].plugin: missing: every [[detector]] names a plugin");
  EXPECT_EQ(error_of("[[detector]]\nplugin = \"a.b\"\n[[detector]]\nplugin = \"a.c\"\nx = [1]\n"),
            "vigil.toml:5: detector[1].x: expected an array of strings");
}

TEST(EngineConfig, ParsesBanksAndRules) {
  auto config = parse_engine_config(R"(
[[bank]]
name = "ncmec"
dir = "/var/lib/vigil/banks"
pdq_max_distance = 40

[[rule]]
banks = ["ncmec"]
signal_types = ["pdq"]
max_distance = 20
verdict = "review"
report_to = ["queue"]
)",
                                    "vigil.toml");
  ASSERT_TRUE(config.ok()) << config.status().to_string();
  ASSERT_EQ(config->banks.size(), 1u);
  EXPECT_EQ(config->banks[0].name, "ncmec");
  EXPECT_EQ(config->banks[0].directory, "/var/lib/vigil/banks");
  EXPECT_EQ(config->banks[0].pdq_max_distance, 40);
  EXPECT_EQ(config->banks[0].pdq_min_quality, 50);
  ASSERT_EQ(config->rules.size(), 1u);
  EXPECT_EQ(config->rules[0].banks, std::vector<std::string>{"ncmec"});
  EXPECT_EQ(config->rules[0].max_distance, 20);
  EXPECT_EQ(config->rules[0].verdict, Verdict::review);
  EXPECT_EQ(config->rules[0].report_to, std::vector<std::string>{"queue"});

  EXPECT_EQ(error_of("[[bank]]\nname = \"x\"\npdq_max_distance = 64\n"),
            "vigil.toml:3: bank[0].pdq_max_distance: expected an integer from 0 to 63");
  EXPECT_EQ(error_of("[[rule]]\nbanks = [\"x\"]\nverdict = \"deny\"\n"),
            "vigil.toml:3: rule[0].verdict: expected \"allow\", \"review\" or \"block\"");
  EXPECT_EQ(error_of("[[bank]]\nname = \"x\"\n[[bank]]\nname = \"x\"\n"),
            "vigil.toml:3: bank[1].name: bank 'x' is configured twice");
  EXPECT_EQ(error_of("[[rule]]\nbanks = [\"x\"]\n"),
            "vigil.toml:1: rule[0].verdict: missing: allow, review or block");
}

TEST(EngineConfig, LoadResolvesRelativePluginPathsAgainstTheFile) {
  auto dir =
      std::filesystem::temp_directory_path() / ("vigil-config-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "vigil.toml") << "[engine]\nplugin_path = [\"plugins\", \"/abs\"]\n";
  auto config = load_engine_config(dir / "vigil.toml");
  ASSERT_TRUE(config.ok()) << config.status().to_string();
  EXPECT_EQ(config->plugin_path[0], dir / "plugins");
  EXPECT_EQ(config->plugin_path[1], "/abs");

  auto missing = load_engine_config(dir / "nope.toml");
  EXPECT_EQ(missing.status().code(), ErrorCode::not_found);
  std::filesystem::remove_all(dir);
}

// A relative [[bank]] dir means "beside this configuration file", like the plugin path,
// outbox and audit paths: not the directory the scanner happens to be started from.
TEST(EngineConfig, LoadResolvesRelativeBankDirectoriesAgainstTheFile) {
  auto dir =
      std::filesystem::temp_directory_path() / ("vigil-config-banks-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "vigil.toml") << "[[bank]]\nname = \"near\"\ndir = \"banks\"\n"
                                    << "[[bank]]\nname = \"far\"\ndir = \"/var/lib/vigil/banks\"\n"
                                    << "[[bank]]\nname = \"default\"\n";
  auto config = load_engine_config(dir / "vigil.toml");
  std::filesystem::remove_all(dir);
  ASSERT_TRUE(config.ok()) << config.status().to_string();
  ASSERT_EQ(config->banks.size(), 3u);
  EXPECT_EQ(config->banks[0].directory, dir / "banks");
  EXPECT_EQ(config->banks[1].directory, "/var/lib/vigil/banks");
  EXPECT_TRUE(config->banks[2].directory.empty());  // still BankStore::default_directory()
}

}  // namespace
}  // namespace vigil

namespace vigil {
namespace {

TEST(EngineConfig, ReadsReportersOutboxAndAudit) {
  auto config = parse_engine_config(
      "[[rule]]\nbanks = [\"ncmec\"]\nverdict = \"block\"\nreport_to = [\"ct\"]\n"
      "[[reporter]]\nname = \"ct\"\nplugin = \"org.vigil.portal\"\nkind = \"cybertipline\"\n"
      "call_attempts = 2\n"
      "[outbox]\npath = \"/var/lib/vigil/outbox.db\"\nworkers = 3\nlease_ms = 60000\n"
      "[audit]\npath = \"/var/lib/vigil/audit.jsonl\"\n",
      "vigil.toml");
  ASSERT_TRUE(config.ok()) << config.status().to_string();
  ASSERT_EQ(config->reporters.size(), 1u);
  EXPECT_EQ(config->reporters[0].name, "ct");
  EXPECT_EQ(config->reporters[0].plugin, "org.vigil.portal");
  ASSERT_EQ(config->reporters[0].settings.size(), 2u);
  EXPECT_EQ(config->reporters[0].settings[0].name, "kind");  // file order, not alphabetical
  EXPECT_EQ(config->reporters[0].settings[1].value, "2");
  EXPECT_EQ(config->outbox.path, "/var/lib/vigil/outbox.db");
  EXPECT_EQ(config->outbox.workers, 3);
  EXPECT_EQ(config->outbox.lease_ms, 60000);
  EXPECT_EQ(config->audit.path, "/var/lib/vigil/audit.jsonl");
}

TEST(EngineConfig, ReporterMistakesNameFileLineAndKey) {
  auto error_in = [](const std::string& text) {
    auto config = parse_engine_config(text, "vigil.toml");
    return config.ok() ? std::string("(parsed)") : config.status().message();
  };
  EXPECT_EQ(error_in("[[reporter]]\nplugin = \"org.vigil.portal\"\n"),
            "vigil.toml:1: reporter[0].name: missing: every [[reporter]] has a name");
  EXPECT_EQ(error_in("[[reporter]]\nname = \"a\"\nplugin = \"p\"\n[[reporter]]\nname = \"a\"\n"
                     "plugin = \"p\"\n"),
            "vigil.toml:4: reporter[1].name: reporter 'a' is configured twice");
  EXPECT_EQ(error_in("[[rule]]\nbanks = [\"b\"]\nverdict = \"block\"\nreport_to = [\"typo\"]\n"
                     "[[reporter]]\nname = \"ct\"\nplugin = \"p\"\n"),
            "vigil.toml:4: rule[0].report_to: no [[reporter]] is named 'typo'");
  EXPECT_EQ(error_in("[outbox]\nworkers = 0\n"),
            "vigil.toml:2: outbox.workers: expected an integer from 1 to 64");
  EXPECT_EQ(error_in("[audit]\nfile = \"x\"\n"),
            "vigil.toml:2: audit.file: unknown key (expected path)");
}

}  // namespace
}  // namespace vigil
