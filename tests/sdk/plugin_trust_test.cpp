// The plugin host cannot be hijacked: a plugin file others could have written, a plugin
// taking over a bundled id, or a file that is not the pinned build is refused with its
// reason, unless the configuration says otherwise.
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <string>

#include "log_capture.hpp"
#include "vigil/config.hpp"
#include "vigil/engine.hpp"
#include "vigil/plugin_registry.hpp"
#include "vigil/report_worker.hpp"

namespace vigil {
namespace {

namespace fs = std::filesystem;

const fs::path kTestPlugins = VIGIL_TEST_PLUGINDIR;
const std::string kAllowHint =
    ": refusing an untrusted plugin file (allow with [engine] allow_untrusted_plugins = true)";

// A private directory (mkdtemp: mode 0700, owned by the running user), removed at the end.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "vigil-trust-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

// Copies `source` into `directory` as `name` with mode 0755; returns the copy's path.
fs::path copy_plugin(const fs::path& source, const fs::path& directory, const std::string& name) {
  const fs::path copy = directory / name;
  fs::copy_file(source, copy, fs::copy_options::overwrite_existing);
  fs::permissions(copy, static_cast<fs::perms>(0755));
  return copy;
}

std::map<std::string, std::string> skip_reasons(const PluginRegistry& registry) {
  std::map<std::string, std::string> reasons;
  for (const auto& skipped : registry.skipped()) reasons[skipped.path.string()] = skipped.reason;
  return reasons;
}

std::string sha256_of(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < length; ++i) {
    hex += kHex[digest[i] >> 4];
    hex += kHex[digest[i] & 0xf];
  }
  return hex;
}

TEST(PluginTrust, LoadsAPluginFromAPrivateDirectory) {
  TempDir dir;  // what the other tests start from: a trusted copy loads
  copy_plugin(kTestPlugins / "a_good.so", dir.path(), "a_good.so");
  PluginRegistry registry = PluginRegistry::discover({dir.path()});
  ASSERT_NE(registry.find("org.vigil.test.good"), nullptr);
  EXPECT_TRUE(registry.skipped().empty());
}

TEST(PluginTrust, RefusesAWorldWritablePluginFileWithALoggedReason) {
  testing::LogCapture logs;
  TempDir dir;
  const fs::path file = copy_plugin(kTestPlugins / "a_good.so", dir.path(), "a_good.so");
  fs::permissions(file, static_cast<fs::perms>(0777));
  PluginRegistry registry = PluginRegistry::discover({dir.path()});
  EXPECT_EQ(registry.find("org.vigil.test.good"), nullptr);
  const std::string expected = file.string() + " is writable by others (mode 0777)" + kAllowHint;
  EXPECT_EQ(skip_reasons(registry)[file.string()], expected);
  EXPECT_TRUE(logs.contains(LogLevel::warn, "vigil", {"plugin skipped", expected}));
}

TEST(PluginTrust, RefusesAPluginInAGroupWritableDirectory) {
  TempDir dir;
  const fs::path file = copy_plugin(kTestPlugins / "a_good.so", dir.path(), "a_good.so");
  fs::permissions(dir.path(), static_cast<fs::perms>(0775));
  PluginRegistry registry = PluginRegistry::discover({dir.path()});
  EXPECT_EQ(registry.find("org.vigil.test.good"), nullptr);
  EXPECT_EQ(skip_reasons(registry)[file.string()],
            "directory " + dir.path().string() + " is writable by group (mode 0775)" + kAllowHint);
}

TEST(PluginTrust, RefusesAPluginFileOwnedByAnotherUser) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root to give a file to another user";
  TempDir dir;
  const fs::path file = copy_plugin(kTestPlugins / "a_good.so", dir.path(), "a_good.so");
  ASSERT_EQ(::chown(file.c_str(), 65534, 65534), 0);  // nobody
  PluginRegistry registry = PluginRegistry::discover({dir.path()});
  EXPECT_EQ(registry.find("org.vigil.test.good"), nullptr);
  EXPECT_EQ(skip_reasons(registry)[file.string()],
            file.string() + " is owned by uid 65534, neither root nor the running user (uid 0)" +
                kAllowHint);
}

TEST(PluginTrust, JudgesASymbolicLinkByItsTargetAndTheTargetsDirectory) {
  TempDir trusted;
  TempDir elsewhere;
  const fs::path target = copy_plugin(kTestPlugins / "a_good.so", elsewhere.path(), "real.so");
  const fs::path link = trusted.path() / "a_good.so";
  fs::create_symlink(target, link);

  fs::permissions(elsewhere.path(), static_cast<fs::perms>(0777));
  PluginRegistry open_directory = PluginRegistry::discover({trusted.path()});
  EXPECT_EQ(open_directory.find("org.vigil.test.good"), nullptr);
  EXPECT_EQ(
      skip_reasons(open_directory)[link.string()],
      "directory " + elsewhere.path().string() + " is writable by others (mode 0777)" + kAllowHint);

  fs::permissions(elsewhere.path(), static_cast<fs::perms>(0700));
  fs::permissions(target, static_cast<fs::perms>(0666));
  PluginRegistry open_file = PluginRegistry::discover({trusted.path()});
  EXPECT_EQ(open_file.find("org.vigil.test.good"), nullptr);
  EXPECT_EQ(
      skip_reasons(open_file)[link.string()],
      target.string() + " (the target of the link) is writable by others (mode 0666)" + kAllowHint);

  fs::permissions(target, static_cast<fs::perms>(0755));
  EXPECT_NE(PluginRegistry::discover({trusted.path()}).find("org.vigil.test.good"), nullptr);
}

TEST(PluginTrust, AllowUntrustedLoadsTheWorldWritablePlugin) {
  TempDir dir;
  const fs::path file = copy_plugin(kTestPlugins / "a_good.so", dir.path(), "a_good.so");
  fs::permissions(file, static_cast<fs::perms>(0777));
  fs::permissions(dir.path(), static_cast<fs::perms>(0777));
  PluginTrustPolicy policy;
  policy.allow_untrusted = true;
  PluginRegistry registry = PluginRegistry::discover({dir.path()}, policy);
  ASSERT_NE(registry.find("org.vigil.test.good"), nullptr);
  EXPECT_TRUE(registry.skipped().empty());
}

// A copy of the bundled hashing plugin placed before the installed plugin directory.
struct TakeOver {
  TempDir dir;
  fs::path installed = PluginRegistry::installed_plugin_directory();
  fs::path bundled = installed / "vigil_hashing.so";
  fs::path copy = copy_plugin(bundled, dir.path(), "vigil_hashing.so");
};

TEST(PluginTrust, APluginMayNotTakeOverABundledId) {
  testing::LogCapture logs;
  TakeOver setup;
  PluginRegistry registry = PluginRegistry::discover({setup.dir.path(), setup.installed});
  const PluginInfo* hashing = registry.find("org.vigil.hashing");
  ASSERT_NE(hashing, nullptr);
  EXPECT_TRUE(fs::equivalent(hashing->path, setup.bundled)) << hashing->path;
  const std::string expected =
      "provides 'org.vigil.hashing', the id of the bundled plugin " + setup.bundled.string() +
      ": refusing to take it over (allow with [engine] override = [\"org.vigil.hashing\"])";
  EXPECT_EQ(skip_reasons(registry)[setup.copy.string()], expected);
  EXPECT_TRUE(logs.contains(LogLevel::warn, "vigil", {"plugin skipped", expected}));
}

TEST(PluginTrust, AConfiguredOverrideTakesOverTheBundledId) {
  testing::LogCapture logs;
  TakeOver setup;
  PluginTrustPolicy policy;
  policy.overrides = {"org.vigil.hashing"};
  PluginRegistry registry = PluginRegistry::discover({setup.dir.path(), setup.installed}, policy);
  const PluginInfo* hashing = registry.find("org.vigil.hashing");
  ASSERT_NE(hashing, nullptr);
  EXPECT_EQ(hashing->path, setup.copy);
  EXPECT_NE(skip_reasons(registry)[setup.bundled.string()].find("(allowed by [engine] override)"),
            std::string::npos);
  // What the configuration asked for is not a warning.
  EXPECT_FALSE(logs.contains(LogLevel::warn, "vigil", {"org.vigil.hashing"}));
}

TEST(PluginTrust, AnOverrideThatTakesOverNothingWarns) {
  testing::LogCapture logs;
  TempDir dir;
  copy_plugin(kTestPlugins / "a_good.so", dir.path(), "a_good.so");
  PluginTrustPolicy policy;
  policy.overrides = {"org.vigil.test.good"};  // not a bundled id
  PluginRegistry registry =
      PluginRegistry::discover({dir.path(), PluginRegistry::installed_plugin_directory()}, policy);
  EXPECT_NE(registry.find("org.vigil.test.good"), nullptr);
  EXPECT_TRUE(logs.contains(LogLevel::warn, "vigil",
                            {"[engine] override names 'org.vigil.test.good'", "no effect"}));
}

TEST(PluginTrust, APinnedPluginLoadsOnlyWithItsDigest) {
  testing::LogCapture logs;
  TempDir dir;
  const fs::path file = copy_plugin(kTestPlugins / "a_good.so", dir.path(), "a_good.so");
  const std::string digest = sha256_of(file);

  PluginTrustPolicy right;
  right.sha256_pins["org.vigil.test.good"] = digest;
  PluginRegistry pinned = PluginRegistry::discover({dir.path()}, right);
  ASSERT_NE(pinned.find("org.vigil.test.good"), nullptr);
  EXPECT_EQ(pinned.find("org.vigil.test.good")->sha256, digest);

  PluginTrustPolicy wrong;
  const std::string other(64, 'a');
  wrong.sha256_pins["org.vigil.test.good"] = other;
  PluginRegistry refused = PluginRegistry::discover({dir.path()}, wrong);
  EXPECT_EQ(refused.find("org.vigil.test.good"), nullptr);
  EXPECT_EQ(skip_reasons(refused)[file.string()],
            "SHA-256 " + digest + " differs from " + other +
                ", the digest [engine] plugin_sha256 pins for 'org.vigil.test.good': refusing it");
  EXPECT_TRUE(logs.contains(LogLevel::warn, "vigil",
                            {"[engine] plugin_sha256 pins 'org.vigil.test.good'", "no plugin"}));
}

TEST(PluginTrust, APinForAnIdNeverLoadedWarns) {
  testing::LogCapture logs;
  TempDir dir;
  copy_plugin(kTestPlugins / "a_good.so", dir.path(), "a_good.so");
  PluginTrustPolicy policy;
  policy.sha256_pins["org.vigil.test.absent"] = std::string(64, '0');
  PluginRegistry registry = PluginRegistry::discover({dir.path()}, policy);
  EXPECT_NE(registry.find("org.vigil.test.good"), nullptr);
  EXPECT_TRUE(logs.contains(LogLevel::warn, "vigil",
                            {"[engine] plugin_sha256 pins 'org.vigil.test.absent'",
                             "no plugin with that id was loaded"}));
}

TEST(PluginTrust, EveryLoadedPluginCarriesItsFileDigest) {
  PluginRegistry registry = PluginRegistry::discover({kTestPlugins});
  const PluginInfo* good = registry.find("org.vigil.test.good");
  ASSERT_NE(good, nullptr);
  EXPECT_EQ(good->sha256, sha256_of(kTestPlugins / "a_good.so"));
}

TEST(PluginTrust, ReadsTheTrustSettingsOfTheEngineSection) {
  const std::string digest(64, 'A');
  auto config = parse_engine_config(
      "[engine]\nallow_untrusted_plugins = true\noverride = [\"org.vigil.hashing\"]\n"
      "plugin_sha256 = { \"org.vigil.hashing\" = \"" +
          digest + "\" }\n",
      "vigil.toml");
  ASSERT_TRUE(config.ok()) << config.status().message();
  EXPECT_TRUE(config->plugin_trust.allow_untrusted);
  EXPECT_EQ(config->plugin_trust.overrides, std::vector<std::string>{"org.vigil.hashing"});
  EXPECT_EQ(config->plugin_trust.sha256_pins.at("org.vigil.hashing"), std::string(64, 'a'));

  auto strict = parse_engine_config("[engine]\nplugin_path = []\n", "vigil.toml");
  ASSERT_TRUE(strict.ok());
  EXPECT_FALSE(strict->plugin_trust.allow_untrusted);
  EXPECT_TRUE(strict->plugin_trust.overrides.empty());
  EXPECT_TRUE(strict->plugin_trust.sha256_pins.empty());

  auto error_of = [](const std::string& text) {
    return parse_engine_config(text, "vigil.toml").status().message();
  };
  EXPECT_EQ(error_of("[engine]\nallow_untrusted_plugins = \"yes\"\n"),
            "vigil.toml:2: engine.allow_untrusted_plugins: expected true or false");
  EXPECT_EQ(error_of("[engine]\noverride = \"org.vigil.hashing\"\n"),
            "vigil.toml:2: engine.override: expected an array of strings");
  EXPECT_EQ(error_of("[engine]\nplugin_sha256 = { \"org.vigil.hashing\" = \"abc\" }\n"),
            "vigil.toml:2: engine.plugin_sha256.org.vigil.hashing: expected a SHA-256: 64 hex "
            "digits");
}

TEST(PluginTrust, TheEngineAppliesTheConfiguredPolicy) {
  TempDir dir;
  const fs::path file = copy_plugin(kTestPlugins / "a_good.so", dir.path(), "a_good.so");
  fs::permissions(dir.path(), static_cast<fs::perms>(0777));
  const std::string detector = "[engine]\nplugin_path = [\"" + dir.path().string() + "\"]\n{}\n" +
                               "[[detector]]\nplugin = \"org.vigil.test.good\"\n";
  auto config_with = [&](const std::string& trust) {
    std::string text = detector;
    text.replace(text.find("{}"), 2, trust);
    auto config = parse_engine_config(text, "vigil.toml");
    EXPECT_TRUE(config.ok()) << config.status().message();
    return *config;
  };

  auto strict = Engine::create(config_with(""));
  ASSERT_FALSE(strict.ok());
  EXPECT_EQ(strict.status().code(), ErrorCode::config_error);
  EXPECT_NE(strict.status().message().find("is writable by others (mode 0777)"), std::string::npos)
      << strict.status().message();

  auto allowed = Engine::create(config_with("allow_untrusted_plugins = true"));
  EXPECT_TRUE(allowed.ok()) << allowed.status().message();
}

TEST(PluginTrust, TheReportWorkerAppliesTheConfiguredPolicy) {
  TempDir dir;
  auto config_pinning = [&](const std::string& digest) {
    auto config = parse_engine_config(
        "[engine]\nplugin_sha256 = { \"org.vigil.portal\" = \"" + digest +
            "\" }\n\n[[reporter]]\nname = \"archive\"\nplugin = \"org.vigil.portal\"\n"
            "kind = \"file\"\npath = \"" +
            (dir.path() / "reports.jsonl").string() + "\"\n\n[outbox]\npath = \"" +
            (dir.path() / "outbox.db").string() + "\"\n",
        "vigil.toml");
    EXPECT_TRUE(config.ok()) << config.status().message();
    return *config;
  };
  const fs::path portal = PluginRegistry::installed_plugin_directory() / "vigil_portal.so";

  auto refused = ReportWorker::create(config_pinning(std::string(64, '0')));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), ErrorCode::config_error);
  EXPECT_NE(refused.status().message().find("no plugin 'org.vigil.portal' was found"),
            std::string::npos)
      << refused.status().message();

  auto pinned = ReportWorker::create(config_pinning(sha256_of(portal)));
  EXPECT_TRUE(pinned.ok()) << pinned.status().message();
}

}  // namespace
}  // namespace vigil
