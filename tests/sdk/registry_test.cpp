// The plugin registry finds good plugins and refuses every broken one with its reason.
#include <gtest/gtest.h>

#include <cstddef>
#include <filesystem>
#include <fstream>
#include <map>

#include "log_capture.hpp"
#include "plugin_host/registry_access.hpp"
#include "vigil/plugin_registry.hpp"

namespace vigil {
namespace {

namespace fs = std::filesystem;

const fs::path kTestPlugins = VIGIL_TEST_PLUGINDIR;

std::map<std::string, std::string> skip_reasons(const PluginRegistry& registry) {
  std::map<std::string, std::string> reasons;
  for (const auto& skipped : registry.skipped()) {
    reasons[skipped.path.filename().string()] = skipped.reason;
  }
  return reasons;
}

TEST(PluginRegistry, LoadsTheGoodPluginWithItsDescription) {
  PluginRegistry registry = PluginRegistry::discover({kTestPlugins});
  const PluginInfo* good = registry.find("org.vigil.test.good");
  ASSERT_NE(good, nullptr);
  EXPECT_EQ(good->version, "1.2.3");
  EXPECT_EQ(good->kind, PluginKind::detector);
  EXPECT_EQ(good->media_types, std::vector<std::string>{"image"});
  EXPECT_EQ(good->signal_types, (std::vector<std::string>{"pixel_sum", "byte_count"}));
  ASSERT_EQ(good->config_fields.size(), 2u);
  EXPECT_EQ(good->config_fields[0].name, "quality");
  EXPECT_EQ(good->config_fields[0].type, "integer");
  EXPECT_EQ(good->config_fields[0].default_value, "100");
  EXPECT_EQ(good->path.filename(), "a_good.so");
}

TEST(PluginRegistry, RefusesEachBrokenPluginWithASpecificLoggedReason) {
  testing::LogCapture logs;
  PluginRegistry registry = PluginRegistry::discover({kTestPlugins});
  auto reasons = skip_reasons(registry);

  const std::map<std::string, std::string> expected = {
      {"b_duplicate_id.so", "duplicate id 'org.vigil.test.good': already provided by"},
      {"c_wrong_abi.so", "plugin ABI version " + std::to_string(VIGIL_PLUGIN_ABI_VERSION + 41) +
                             " is not supported (this host loads versions " +
                             std::to_string(VIGIL_PLUGIN_ABI_MIN_VERSION) + " to " +
                             std::to_string(VIGIL_PLUGIN_ABI_VERSION) + ")"},
      {"d_short_struct.so", "descriptor struct_size"},
      {"e_invalid_descriptor.so", "invalid descriptor: detector table has no scan function"},
      {"f_not_a_plugin.so", "no 'vigil_plugin' descriptor symbol: not a Vigil plugin"},
      {"g_unresolved_symbol.so", "not a loadable shared library"},
      {"o_path_on_old_abi.so",
       "config field 'report_file': VIGIL_SETTING_PATH needs plugin ABI version 4"},
  };
  for (const auto& [file, reason] : expected) {
    ASSERT_TRUE(reasons.count(file)) << file << " was not skipped";
    EXPECT_NE(reasons[file].find(reason), std::string::npos)
        << file << ": got '" << reasons[file] << "'";
    EXPECT_TRUE(logs.contains(LogLevel::warn, "vigil", {"plugin skipped", file, reason}))
        << file << " was skipped without a log line";
  }
  EXPECT_NE(reasons["d_short_struct.so"].find("smaller than this host's"), std::string::npos);
  // The unresolved symbol is named, so an author knows what to fix.
  EXPECT_NE(reasons["g_unresolved_symbol.so"].find("vigil_test_symbol_that_does_not_exist"),
            std::string::npos);
  // Plugins whose descriptors are valid load even if their scan or create misbehaves:
  // those failures are the engine's to contain (see engine_test).
  EXPECT_NE(registry.find("org.vigil.test.throwing"), nullptr);
  EXPECT_NE(registry.find("org.vigil.test.failing_create"), nullptr);
}

TEST(PluginRegistry, LoadsAPluginBuiltAgainstTheOldestSupportedAbiVersion) {
  PluginRegistry registry = PluginRegistry::discover({kTestPlugins});
  const PluginInfo* oldest = registry.find("org.vigil.test.oldest_abi");
  ASSERT_NE(oldest, nullptr) << "a version " << VIGIL_PLUGIN_ABI_MIN_VERSION
                             << " plugin must still load";
  EXPECT_EQ(skip_reasons(registry).count("k_oldest_abi.so"), 0u);
}

TEST(PluginRegistry, RefusesAnotherMajorAbiVersionNamingBothMajors) {
  PluginRegistry registry = PluginRegistry::discover({kTestPlugins});
  auto reasons = skip_reasons(registry);
  const std::uint32_t other = (1u << 16) | VIGIL_PLUGIN_ABI_MINOR;
  ASSERT_TRUE(reasons.count("p_other_major.so"));
  EXPECT_NE(reasons["p_other_major.so"].find(
                "plugin ABI version " + std::to_string(other) + " (major 1, minor " +
                std::to_string(VIGIL_PLUGIN_ABI_MINOR) +
                ") is not supported: its major version differs from this host's " +
                std::to_string(VIGIL_PLUGIN_ABI_MAJOR)),
            std::string::npos)
      << reasons["p_other_major.so"];
}

TEST(PluginRegistry, RefusesADescriptorShorterThanTheOldestLayoutNamingTheMinimum) {
  PluginRegistry registry = PluginRegistry::discover({kTestPlugins});
  auto reasons = skip_reasons(registry);
  EXPECT_NE(
      reasons["d_short_struct.so"].find(
          "descriptor struct_size " + std::to_string(offsetof(vigil_plugin_descriptor, create)) +
          " is smaller than this host's minimum of " +
          std::to_string(VIGIL_PLUGIN_DESCRIPTOR_MIN_SIZE) + " bytes"),
      std::string::npos)
      << reasons["d_short_struct.so"];
}

TEST(PluginRegistry, LoadsAPluginBuiltAgainstThePreviousMinorLayoutWithNewFieldsAbsent) {
  PluginRegistry registry = PluginRegistry::discover({kTestPlugins});
  EXPECT_EQ(skip_reasons(registry).count("q_previous_minor.so"), 0u);
  const PluginInfo* previous = registry.find("org.vigil.test.previous_minor");
  ASSERT_NE(previous, nullptr);
  EXPECT_EQ(previous->version, "0.4.0");
  EXPECT_EQ(previous->signal_types, std::vector<std::string>{"pixel_sum"});
  // The library holds other data right after its shorter descriptor: the host must not
  // read it as the newer `deprecated` field.
  EXPECT_EQ(previous->deprecated, "");
  auto descriptor =
      plugin_host::RegistryAccess::descriptor(registry, "org.vigil.test.previous_minor");
  ASSERT_TRUE(descriptor.ok());
  EXPECT_LT((*descriptor)->struct_size, sizeof(vigil_plugin_descriptor));
  EXPECT_EQ((*descriptor)->deprecated, nullptr);
}

TEST(PluginRegistry, AFieldCutByStructSizeReadsAsAbsent) {
  PluginRegistry registry = PluginRegistry::discover({kTestPlugins});
  EXPECT_EQ(skip_reasons(registry).count("r_cut_field.so"), 0u);
  const PluginInfo* cut = registry.find("org.vigil.test.cut_field");
  ASSERT_NE(cut, nullptr);
  EXPECT_EQ(cut->deprecated, "");
  auto descriptor = plugin_host::RegistryAccess::descriptor(registry, "org.vigil.test.cut_field");
  ASSERT_TRUE(descriptor.ok());
  EXPECT_EQ((*descriptor)->deprecated, nullptr);
}

TEST(PluginRegistry, LoadsEveryPluginOfADescriptorTable) {
  PluginRegistry registry = PluginRegistry::discover({kTestPlugins});
  EXPECT_EQ(skip_reasons(registry).count("s_table.so"), 0u);
  const PluginInfo* first = registry.find("org.vigil.test.table.first");
  const PluginInfo* second = registry.find("org.vigil.test.table.second");
  ASSERT_NE(first, nullptr);
  ASSERT_NE(second, nullptr);
  EXPECT_EQ(first->path.filename(), "s_table.so");
  EXPECT_EQ(second->path.filename(), "s_table.so");
  EXPECT_EQ(first->signal_types, std::vector<std::string>{"first_count"});
  EXPECT_EQ(second->signal_types, std::vector<std::string>{"second_count"});
  EXPECT_EQ(first->deprecated, "");
  EXPECT_EQ(second->deprecated, "use org.vigil.test.table.first");
}

TEST(PluginRegistry, RefusesALibraryWhoseSingleDescriptorIsNotInItsTable) {
  PluginRegistry registry = PluginRegistry::discover({kTestPlugins});
  auto reasons = skip_reasons(registry);
  ASSERT_TRUE(reasons.count("t_inconsistent_table.so"));
  EXPECT_EQ(reasons["t_inconsistent_table.so"],
            "exports both 'vigil_plugin' and 'vigil_plugins' table, but that descriptor is not in "
            "the table");
  EXPECT_EQ(registry.find("org.vigil.test.table.outside"), nullptr);
}

TEST(PluginRegistry, ListsByteInputAmongAPluginsMediaTypes) {
  PluginRegistry registry = PluginRegistry::discover({kTestPlugins});
  const PluginInfo* bytes = registry.find("org.vigil.test.bytes");
  ASSERT_NE(bytes, nullptr);
  EXPECT_EQ(bytes->media_types, std::vector<std::string>{"bytes"});
}

TEST(PluginRegistry, FirstPluginWithAnIdWinsAcrossDirectories) {
  PluginRegistry registry = PluginRegistry::discover({kTestPlugins, kTestPlugins});
  int goods = 0;
  for (const auto& plugin : registry.plugins()) goods += plugin.id == "org.vigil.test.good";
  EXPECT_EQ(goods, 1);
  EXPECT_EQ(skip_reasons(registry)["a_good.so"],
            "already loaded: its directory is listed twice in the search path");
  EXPECT_EQ(registry.find("org.vigil.test.good")->path.filename(), "a_good.so");
}

TEST(PluginRegistry, RefusesAFileThatIsNotAnElfLibrary) {
  fs::path dir = fs::temp_directory_path() / ("vigil-registry-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "garbage.so") << "this is not an ELF file";
  std::ofstream(dir / "readme.txt") << "ignored: not a .so";
  PluginRegistry registry = PluginRegistry::discover({dir, dir / "missing"});
  auto reasons = skip_reasons(registry);
  EXPECT_NE(reasons["garbage.so"].find("not a loadable shared library"), std::string::npos);
  EXPECT_NE(reasons["missing"].find("not a directory"), std::string::npos);
  EXPECT_EQ(reasons.count("readme.txt"), 0u);
  EXPECT_TRUE(registry.plugins().empty());
  fs::remove_all(dir);
}

TEST(PluginRegistry, ReadsTheSearchPathFromTheEnvironmentThenTheInstallDirectory) {
  ::setenv("VIGIL_PLUGIN_PATH", "/first:/second::/third", 1);
  auto path = PluginRegistry::default_search_path();
  ::unsetenv("VIGIL_PLUGIN_PATH");
  ASSERT_EQ(path.size(), 4u);
  EXPECT_EQ(path[0], "/first");
  EXPECT_EQ(path[1], "/second");
  EXPECT_EQ(path[2], "/third");
  EXPECT_EQ(path[3], PluginRegistry::installed_plugin_directory());
  EXPECT_EQ(path[3].filename(), "plugins");
}

TEST(PluginRegistry, DescriptorOfAnUnknownIdIsNotFound) {
  PluginRegistry registry = PluginRegistry::discover({kTestPlugins});
  auto missing = plugin_host::RegistryAccess::descriptor(registry, "org.vigil.test.nope");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), ErrorCode::not_found);
}

}  // namespace
}  // namespace vigil
