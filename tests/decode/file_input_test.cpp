// decode_image_file: the file's size is checked before reading, odd paths get clear codes,
// and messages never contain the path.
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <random>

#include <gtest/gtest.h>

#include "synthetic_images.hpp"
#include "vigil/decode.hpp"

namespace vigil::decode_test {
namespace {

namespace fs = std::filesystem;

class FileInput : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device random;
    dir_ = fs::temp_directory_path() /
           ("vigil_decode_test_" + std::to_string(::getpid()) + "_" + std::to_string(random()));
    fs::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code ignored;
    fs::permissions(dir_ / "unreadable.png", fs::perms::owner_all, ignored);
    fs::remove_all(dir_, ignored);
  }

  fs::path write(const std::string& name, const Bytes& bytes) {
    const fs::path path = dir_ / name;
    std::ofstream out(path, std::ios::binary);
    out.write(reinterpret_cast<const char*>(bytes.data()),
              static_cast<std::streamsize>(bytes.size()));
    return path;
  }

  static void expect_error(const Result<Media>& media, ErrorCode code, const fs::path& path) {
    ASSERT_FALSE(media.ok());
    EXPECT_EQ(media.status().code(), code) << media.status().to_string();
    EXPECT_EQ(media.status().message().find(path.filename().string()), std::string::npos)
        << "the message names the file: " << media.status().message();
  }

  fs::path dir_;
};

TEST_F(FileInput, DecodesAFileAndRecordsItsPath) {
  const cv::Mat image = bgr_gradient(21, 13);
  const fs::path path = write("gradient.png", encode(".png", image));
  const auto media = decode_image_file(path);
  ASSERT_TRUE(media.ok()) << media.status().to_string();
  ASSERT_EQ(media->frames.size(), 1u);
  EXPECT_EQ(max_abs_difference(media->frames[0], expected_rgb(image)), 0);
  ASSERT_TRUE(media->source_path.has_value());
  EXPECT_EQ(*media->source_path, path);
  EXPECT_EQ(media->metadata.mime_type, "image/png");
}

TEST_F(FileInput, TheFileNameIsNotTrusted) {
  const fs::path path = write("actually-a-png.jpg", encode(".png", bgr_gradient(8, 8)));
  const auto media = decode_image_file(path);
  ASSERT_TRUE(media.ok()) << media.status().to_string();
  EXPECT_EQ(media->metadata.mime_type, "image/png");
}

TEST_F(FileInput, DirectoryIsInvalidArgument) {
  expect_error(decode_image_file(dir_), ErrorCode::invalid_argument, dir_);
}

TEST_F(FileInput, MissingPathIsNotFound) {
  const fs::path missing = dir_ / "no-such-image.png";
  expect_error(decode_image_file(missing), ErrorCode::not_found, missing);
  const fs::path under_a_file = write("plain.png", {1, 2, 3}) / "child.png";
  expect_error(decode_image_file(under_a_file), ErrorCode::not_found, under_a_file);
}

TEST_F(FileInput, EmptyPathIsInvalidArgument) {
  expect_error(decode_image_file(fs::path()), ErrorCode::invalid_argument, fs::path("x"));
}

TEST_F(FileInput, EmptyFileIsEmptyInput) {
  const fs::path path = write("empty.png", {});
  expect_error(decode_image_file(path), ErrorCode::empty_input, path);
}

TEST_F(FileInput, FileOverTheByteLimitIsTooLarge) {
  const Bytes png = encode(".png", bgr_gradient(40, 30));
  const fs::path path = write("big.png", png);
  DecodeLimits limits;
  limits.max_encoded_bytes = png.size() - 1;
  expect_error(decode_image_file(path, limits), ErrorCode::too_large, path);
  limits.max_encoded_bytes = png.size();
  EXPECT_TRUE(decode_image_file(path, limits).ok());
}

TEST_F(FileInput, FifoIsInvalidArgumentAndDoesNotBlock) {
  const fs::path path = dir_ / "pipe.png";
  ASSERT_EQ(::mkfifo(path.c_str(), 0600), 0);
  expect_error(decode_image_file(path), ErrorCode::invalid_argument, path);
}

TEST_F(FileInput, UnreadableFileIsIoError) {
  if (::geteuid() == 0) GTEST_SKIP() << "running as root: permissions are not enforced";
  const fs::path path = write("unreadable.png", encode(".png", bgr_gradient(8, 8)));
  fs::permissions(path, fs::perms::none);
  expect_error(decode_image_file(path), ErrorCode::io_error, path);
}

TEST_F(FileInput, DecodeErrorsPassThrough) {
  const fs::path path = write("text.png", {'h', 'e', 'l', 'l', 'o'});
  expect_error(decode_image_file(path), ErrorCode::unsupported_format, path);
}

}  // namespace
}  // namespace vigil::decode_test
