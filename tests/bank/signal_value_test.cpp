// normalize_signal_value / is_valid_signal_type_name: every value is checked against the type
// it is given; a length never decides a type.
#include <string>

#include <gtest/gtest.h>

#include "import_test_support.hpp"
#include "vigil/signal_value.hpp"

namespace vigil::bank_import_test {
namespace {

std::string normalized(std::string_view type, std::string_view value) {
  Result<std::string> result = normalize_signal_value(type, value);
  EXPECT_TRUE(result.ok()) << result.status().to_string();
  return result.ok() ? *result : std::string();
}

Status refused(std::string_view type, std::string_view value) {
  Result<std::string> result = normalize_signal_value(type, value);
  EXPECT_FALSE(result.ok()) << type;
  return result.status();
}

TEST(SignalValue, LowercasesHexOfEachKnownType) {
  EXPECT_EQ(normalized("md5", "00112233445566778899AABBCCDDEEFF"), kMd5A);
  EXPECT_EQ(normalized("sha1", "00112233445566778899aabbCCDDEEFF00112233"), kSha1);
  EXPECT_EQ(normalized("sha256", kHex64), kHex64);
  EXPECT_EQ(normalized("pdq", "0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF"),
            kHex64);
}

TEST(SignalValue, TrimsSurroundingWhitespace) {
  EXPECT_EQ(normalized("md5", " \t" + kMd5A + "\r\n"), kMd5A);
}

TEST(SignalValue, NeverInfersATypeFromLength) {
  const Status status = refused("md5", kHex64);
  EXPECT_EQ(status.code(), ErrorCode::invalid_argument);
  EXPECT_NE(status.message().find("md5 value must be 32 hex digits, got 64"), std::string::npos)
      << status.message();
  EXPECT_FALSE(normalize_signal_value("sha1", kMd5A).ok());
  EXPECT_FALSE(normalize_signal_value("pdq", kSha1).ok());
  EXPECT_FALSE(normalize_signal_value("sha256", kMd5A + kMd5A + "00").ok());
}

TEST(SignalValue, RefusesNonHexAndNamesThePositionNotTheValue) {
  std::string value = kMd5A;
  value[4] = 'g';
  const Status status = refused("md5", value);
  EXPECT_NE(status.message().find("position 5"), std::string::npos) << status.message();
  EXPECT_EQ(status.message().find(value), std::string::npos);
  EXPECT_FALSE(normalize_signal_value("md5", "0x" + kMd5A.substr(2)).ok());
  EXPECT_FALSE(normalize_signal_value("md5", "").ok());
  EXPECT_FALSE(normalize_signal_value("md5", "   ").ok());
}

TEST(SignalValue, PhotoDnaIsOpaquePrintableAscii) {
  EXPECT_EQ(normalized("pdna", "12,34,56"), "12,34,56");
  EXPECT_EQ(normalized("pdna", "QUJDRA=="), "QUJDRA==");  // kept as is: base64 is case-sensitive
  EXPECT_EQ(normalized("pdna", std::string(kMaxPhotoDnaValueBytes, '7')).size(),
            kMaxPhotoDnaValueBytes);
  EXPECT_FALSE(normalize_signal_value("pdna", std::string(kMaxPhotoDnaValueBytes + 1, '7')).ok());
  const Status status = refused("pdna", "secret\x01value");
  EXPECT_EQ(status.message().find("secret"), std::string::npos) << status.message();
  EXPECT_FALSE(normalize_signal_value("pdna", "caf\xC3\xA9").ok());
}

TEST(SignalValue, OtherTypesTakePrintableUtf8) {
  EXPECT_EQ(normalized("vpdq", "frame-1 quality 90"), "frame-1 quality 90");
  EXPECT_EQ(normalized("raw_text", "caf\xC3\xA9"), "caf\xC3\xA9");
  EXPECT_FALSE(normalize_signal_value("raw_text", "bad\xC3").ok());       // truncated UTF-8
  EXPECT_FALSE(normalize_signal_value("raw_text", "bad\xC0\xAF").ok());   // overlong
  EXPECT_FALSE(normalize_signal_value("raw_text", "tab\tinside").ok());   // control character
  EXPECT_FALSE(normalize_signal_value("raw_text", "\xED\xA0\x80").ok());  // a surrogate
}

TEST(SignalValue, TypeNames) {
  EXPECT_TRUE(is_valid_signal_type_name("pdq"));
  EXPECT_TRUE(is_valid_signal_type_name("video_md5"));
  EXPECT_TRUE(is_valid_signal_type_name(std::string(kMaxSignalTypeNameBytes, 'a')));
  EXPECT_FALSE(is_valid_signal_type_name(""));
  EXPECT_FALSE(is_valid_signal_type_name("MD5"));
  EXPECT_FALSE(is_valid_signal_type_name("sha-1"));
  EXPECT_FALSE(is_valid_signal_type_name("pdq "));
  EXPECT_FALSE(is_valid_signal_type_name(std::string(kMaxSignalTypeNameBytes + 1, 'a')));
  EXPECT_EQ(refused("MD5", kMd5A).code(), ErrorCode::invalid_argument);
}

}  // namespace
}  // namespace vigil::bank_import_test
