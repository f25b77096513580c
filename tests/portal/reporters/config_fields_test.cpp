// The reporters' config_fields are merged into one plugin descriptor by the integrator:
// no reporter may claim `kind`, and a setting shared by several reporters must be defined
// identically everywhere (same type, default and requiredness).
#include <gtest/gtest.h>

#include <cstring>
#include <map>
#include <span>
#include <string>

#include "handoff/handoff_reporter.hpp"
#include "jsonl_file/jsonl_file_reporter.hpp"
#include "reporters/portal_reporter_fields.hpp"
#include "webhook/webhook_reporter.hpp"

namespace vigil::portal {
namespace {

std::string default_of(const vigil_config_field& field) {
  return field.default_value == nullptr ? "<none>" : field.default_value;
}

TEST(ConfigFieldsTest, MergeableAcrossReporters) {
  std::map<std::string, const vigil_config_field*> seen;
  const std::span<const vigil_config_field> all[] = {webhook_reporter::config_fields,
                                                     jsonl_file_reporter::config_fields,
                                                     handoff_reporter::config_fields};
  for (const auto& fields : all) {
    for (const vigil_config_field& field : fields) {
      ASSERT_NE(field.name, nullptr);
      EXPECT_STRNE(field.name, "kind");
      EXPECT_NE(field.description, nullptr);
      // Required settings are checked by each reporter's constructor: a merged descriptor
      // must not demand a webhook url from a file reporter.
      EXPECT_EQ(field.required, 0) << field.name;
      auto [it, inserted] = seen.emplace(field.name, &field);
      if (!inserted) {
        EXPECT_EQ(it->second->type, field.type) << field.name;
        EXPECT_EQ(default_of(*it->second), default_of(field)) << field.name;
        EXPECT_STREQ(it->second->description, field.description) << field.name;
      }
    }
  }
  EXPECT_EQ(seen.count("url"), 1u);
  EXPECT_EQ(seen.count("path"), 1u);
  EXPECT_EQ(seen.count("portal_url"), 1u);
}

// What plugin.cpp merges: VIGIL_PORTAL_OTHER_FIELDS plus its own shared ca_file and
// timeout_seconds must name every setting of the three reporters, each once.
TEST(ConfigFieldsTest, OtherFieldsMacroCoversEveryReporterSettingOnce) {
  static constexpr vigil_config_field merged[] = {VIGIL_PORTAL_OTHER_FIELDS};
  std::map<std::string, int> count;
  for (const auto& field : merged) ++count[field.name];
  count["ca_file"]++;
  count["timeout_seconds"]++;
  for (const auto& [name, n] : count) EXPECT_EQ(n, 1) << name;
  EXPECT_EQ(count.count("kind"), 0u);

  const std::span<const vigil_config_field> all[] = {webhook_reporter::config_fields,
                                                     jsonl_file_reporter::config_fields,
                                                     handoff_reporter::config_fields};
  for (const auto& fields : all) {
    for (const vigil_config_field& field : fields) {
      EXPECT_EQ(count.count(field.name), 1u) << field.name << " missing from the merged list";
    }
  }
}

}  // namespace
}  // namespace vigil::portal
