#include <gtest/gtest.h>

#include "vigil/status.hpp"
#include "vigil/verdict.hpp"

namespace vigil {
namespace {

TEST(Status, CarriesAStableCodeNameAndMessage) {
  Status status(ErrorCode::decode_failed, "not a JPEG");
  EXPECT_FALSE(status.ok());
  EXPECT_EQ(status.to_string(), "decode_failed: not a JPEG");
  EXPECT_EQ(status.with_context("upload 17").message(), "upload 17: not a JPEG");
  EXPECT_EQ(status.with_context("x").code(), ErrorCode::decode_failed);
  EXPECT_TRUE(Status::success().ok());
  EXPECT_EQ(Status::success().to_string(), "ok");
}

TEST(Status, CodeNamesRoundTrip) {
  for (ErrorCode code :
       {ErrorCode::ok, ErrorCode::invalid_argument, ErrorCode::not_found, ErrorCode::io_error,
        ErrorCode::config_error, ErrorCode::plugin_error, ErrorCode::detector_failed,
        ErrorCode::decode_failed, ErrorCode::truncated, ErrorCode::too_large,
        ErrorCode::unsupported_format, ErrorCode::empty_input, ErrorCode::malformed_list,
        ErrorCode::conflict, ErrorCode::corrupt_data, ErrorCode::internal}) {
    EXPECT_EQ(error_code_from_string(to_string(code)), code) << to_string(code);
  }
  EXPECT_EQ(error_code_from_string("nope"), std::nullopt);
}

TEST(Result, HoldsAValueOrAnError) {
  Result<int> value = 5;
  ASSERT_TRUE(value.ok());
  EXPECT_EQ(*value, 5);
  EXPECT_TRUE(value.status().ok());
  Result<int> error = Status(ErrorCode::not_found, "x");
  EXPECT_FALSE(error.ok());
  EXPECT_EQ(error.status().code(), ErrorCode::not_found);
  // An ok Status is not a value: it becomes an internal error rather than a silent success.
  Result<int> misuse = Status::success();
  EXPECT_EQ(misuse.status().code(), ErrorCode::internal);
}

TEST(Verdict, NamesRoundTrip) {
  for (Verdict verdict : {Verdict::allow, Verdict::review, Verdict::block}) {
    EXPECT_EQ(verdict_from_string(to_string(verdict)), verdict);
  }
  EXPECT_LT(Verdict::allow, Verdict::review);
  EXPECT_LT(Verdict::review, Verdict::block);
}

}  // namespace
}  // namespace vigil
