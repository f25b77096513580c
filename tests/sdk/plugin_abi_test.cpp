// The plugin ABI header's declarations cannot change without a version bump: third-party
// plugins built against one version must never be loaded by a host that means something
// else by it. Comments and layout are not part of the ABI: fixing a typo needs no bump.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>

#include "vigil/plugin_abi.h"
#include "vigil/version.hpp"

namespace {

// The declarations of a C header: comments removed and every run of whitespace (a comment
// counts as whitespace) made one space; string and character literals kept as written.
std::string declarations_of(const std::string& text) {
  std::string out;
  bool pending_space = false;
  auto put = [&](char c) {
    if (pending_space && !out.empty()) out += ' ';
    pending_space = false;
    out += c;
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '/' && i + 1 < text.size() && text[i + 1] == '*') {
      const std::size_t end = text.find("*/", i + 2);
      i = end == std::string::npos ? text.size() : end + 1;
      pending_space = true;
    } else if (c == '/' && i + 1 < text.size() && text[i + 1] == '/') {
      const std::size_t end = text.find('\n', i);
      i = end == std::string::npos ? text.size() : end;
      pending_space = true;
    } else if (c == '"' || c == '\'') {
      put(c);
      for (++i; i < text.size() && text[i] != c; ++i) {
        out += text[i];
        if (text[i] == '\\' && i + 1 < text.size()) out += text[++i];
      }
      if (i < text.size()) out += c;
    } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      pending_space = true;
    } else {
      put(c);
    }
  }
  return out;
}

// FNV-1a 64 over the header's declarations.
std::uint64_t fingerprint(const std::string& bytes) {
  std::uint64_t hash = 0xcbf29ce484222325ull;
  for (unsigned char c : bytes) {
    hash ^= c;
    hash *= 0x100000001b3ull;
  }
  return hash;
}

TEST(PluginAbi, HeaderMatchesTheFingerprintRecordedForItsVersion) {
  // When you change a declaration in plugin_abi.h: bump VIGIL_PLUGIN_ABI_MINOR (or MAJOR)
  // and add its fingerprint here. Never edit an existing row. (Versions 1 to 4 hashed the
  // whole file, comments included; their rows are history.)
  const std::map<unsigned, std::uint64_t> recorded = {
      {1, 0x13d350e2bd86be9ull},  {2, 0xb874141f5a5ac8e1ull}, {3, 0xa36f89a5b91118d5ull},
      {4, 0x24fa17adc7aeab83ull}, {5, 0xe95cae7ff3c9b863ull},
  };
  std::ifstream in(VIGIL_PLUGIN_ABI_HEADER, std::ios::binary);
  ASSERT_TRUE(in) << "cannot read " << VIGIL_PLUGIN_ABI_HEADER;
  std::stringstream bytes;
  bytes << in.rdbuf();
  const std::uint64_t actual = fingerprint(declarations_of(bytes.str()));
  auto row = recorded.find(VIGIL_PLUGIN_ABI_VERSION);
  ASSERT_NE(row, recorded.end()) << "no fingerprint recorded for ABI version "
                                 << VIGIL_PLUGIN_ABI_VERSION << "; add {"
                                 << VIGIL_PLUGIN_ABI_VERSION << ", 0x" << std::hex << actual
                                 << "ull}";
  EXPECT_EQ(actual, row->second)
      << "plugin_abi.h changed without a version bump (fingerprint 0x" << std::hex << actual
      << "): bump VIGIL_PLUGIN_ABI_MINOR (or MAJOR) and record the new fingerprint";
}

TEST(PluginAbi, CommentsAndLayoutAreNotPartOfTheFingerprint) {
  const std::string header = "/* The ABI. */\n#define V 4u /* a typo: teh */\nint f(int x); // x\n";
  const std::string retyped = "/* The ABI, reworded. */\n#define V 4u\n\nint  f(int x);\n";
  EXPECT_EQ(declarations_of(header), "#define V 4u int f(int x);");
  EXPECT_EQ(fingerprint(declarations_of(header)), fingerprint(declarations_of(retyped)));
  // Comment markers inside a string literal are declarations, not comments.
  EXPECT_EQ(declarations_of("#define S \"a//b /*c*/\" // d"), "#define S \"a//b /*c*/\"");
}

TEST(PluginAbi, ChangingADeclarationChangesTheFingerprint) {
  EXPECT_NE(fingerprint(declarations_of("typedef struct s { uint32_t a; } s;")),
            fingerprint(declarations_of("typedef struct s { uint32_t a; uint32_t b; } s;")));
  EXPECT_NE(fingerprint(declarations_of("#define V 4u")),
            fingerprint(declarations_of("#define V 5u")));
}

TEST(PluginAbi, VersionIsMajorAndMinor) {
  EXPECT_EQ(VIGIL_PLUGIN_ABI_MAJOR_OF(VIGIL_PLUGIN_ABI_VERSION), VIGIL_PLUGIN_ABI_MAJOR);
  EXPECT_EQ(VIGIL_PLUGIN_ABI_MINOR_OF(VIGIL_PLUGIN_ABI_VERSION), VIGIL_PLUGIN_ABI_MINOR);
  // The versions of earlier hosts (2 to 4) are minors of major 0.
  EXPECT_EQ(VIGIL_PLUGIN_ABI_MAJOR_OF(VIGIL_PLUGIN_ABI_MIN_VERSION), VIGIL_PLUGIN_ABI_MAJOR);
  // Enum-free: every field has the same size whatever the compiler.
  EXPECT_EQ(sizeof(vigil_plugin_descriptor{}.kind), 4u);
  EXPECT_EQ(sizeof(vigil_config_field{}.type), 4u);
}

TEST(PluginAbi, LibraryReportsTheVersionItWasBuiltWith) {
  EXPECT_EQ(vigil::plugin_abi_version(), VIGIL_PLUGIN_ABI_VERSION);
}

}  // namespace
