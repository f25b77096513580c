// The plugin ABI header cannot change without a version bump: third-party plugins built
// against one version must never be loaded by a host that means something else by it.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>

#include "vigil/plugin_abi.h"
#include "vigil/version.hpp"

namespace {

// FNV-1a 64 over the header's bytes.
std::uint64_t fingerprint(const std::string& bytes) {
  std::uint64_t hash = 0xcbf29ce484222325ull;
  for (unsigned char c : bytes) {
    hash ^= c;
    hash *= 0x100000001b3ull;
  }
  return hash;
}

TEST(PluginAbi, HeaderMatchesTheFingerprintRecordedForItsVersion) {
  // When you change plugin_abi.h: bump VIGIL_PLUGIN_ABI_VERSION and add its fingerprint
  // here. Never edit an existing row.
  const std::map<unsigned, std::uint64_t> recorded = {
      {1, 0x13d350e2bd86be9ull},
      {2, 0xb874141f5a5ac8e1ull},
      {3, 0xa36f89a5b91118d5ull},
      {4, 0x24fa17adc7aeab83ull},
  };
  std::ifstream in(VIGIL_PLUGIN_ABI_HEADER, std::ios::binary);
  ASSERT_TRUE(in) << "cannot read " << VIGIL_PLUGIN_ABI_HEADER;
  std::stringstream bytes;
  bytes << in.rdbuf();
  const std::uint64_t actual = fingerprint(bytes.str());
  auto row = recorded.find(VIGIL_PLUGIN_ABI_VERSION);
  ASSERT_NE(row, recorded.end()) << "no fingerprint recorded for ABI version "
                                 << VIGIL_PLUGIN_ABI_VERSION << "; add {"
                                 << VIGIL_PLUGIN_ABI_VERSION << ", 0x" << std::hex << actual
                                 << "ull}";
  EXPECT_EQ(actual, row->second)
      << "plugin_abi.h changed without a version bump (fingerprint 0x" << std::hex << actual
      << "): bump VIGIL_PLUGIN_ABI_VERSION and record the new fingerprint";
}

TEST(PluginAbi, LibraryReportsTheVersionItWasBuiltWith) {
  EXPECT_EQ(vigil::plugin_abi_version(), VIGIL_PLUGIN_ABI_VERSION);
}

}  // namespace
