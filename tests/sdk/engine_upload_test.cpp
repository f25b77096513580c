// Every upload yields its byte hashes: an upload that is not an image, is truncated or is
// too large to decode is still hashed, matched and decided, with the decode failure
// reported beside the matches; a file is read once; a failing detector does not hide
// the others' signals.
#include <gtest/gtest.h>
#include <openssl/evp.h>

#include <fstream>
#include <opencv2/imgcodecs.hpp>

#include "bank_test_support.hpp"
#include "vigil/bank_store.hpp"
#include "vigil/engine.hpp"

namespace vigil {
namespace {

using Bytes = std::vector<std::uint8_t>;

std::string md5_hex(const Bytes& bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_md5(), nullptr);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned i = 0; i < length; ++i) {
    hex += kHex[digest[i] >> 4];
    hex += kHex[digest[i] & 15];
  }
  return hex;
}

// A benign generated picture, encoded as `extension` (".png", ".jpg").
Bytes encoded_image(const std::string& extension) {
  cv::Mat image(120, 160, CV_8UC3);
  for (int y = 0; y < image.rows; ++y) {
    for (int x = 0; x < image.cols; ++x) {
      image.at<cv::Vec3b>(y, x) = cv::Vec3b(
          static_cast<std::uint8_t>(x * 3 % 256), static_cast<std::uint8_t>((x * y) % 251),
          static_cast<std::uint8_t>(((x / 20 + y / 15) % 2) * 200));
    }
  }
  Bytes out;
  EXPECT_TRUE(cv::imencode(extension, image, out));
  return out;
}

Bytes text_bytes(const std::string& text) { return Bytes(text.begin(), text.end()); }

const ScanError* find_error(const ScanResult& result, const std::string& detector) {
  for (const ScanError& error : result.errors) {
    if (error.detector == detector) return &error;
  }
  return nullptr;
}

const Signal* find_signal(const ScanResult& result, const std::string& type) {
  for (const Signal& signal : result.signals) {
    if (signal.type == type) return &signal;
  }
  return nullptr;
}

class EngineUploads : public ::testing::Test {
 protected:
  void SetUp() override {
    ImportBatch batch;
    batch.entries.push_back(testing::entry("md5", testing::random_hex(1, 32), "placeholder"));
    ASSERT_TRUE(store_.apply("listed", batch, ImportMode::replace, "test").ok());
  }

  // An engine with `detectors` (TOML), test plugins on the path, and bank "listed".
  std::unique_ptr<Engine> engine(const std::string& detectors, const std::string& extra = "") {
    const std::string text = "[engine]\nplugin_path = [\"" + std::string(VIGIL_TEST_PLUGINDIR) +
                             "\"]\n" + extra + detectors + "[[bank]]\nname = \"listed\"\n";
    auto config = parse_engine_config(text, "uploads.toml");
    EXPECT_TRUE(config.ok()) << config.status().to_string();
    if (!config.ok()) return nullptr;
    for (auto& bank : config->banks) bank.directory = dir_.path();
    auto created = Engine::create(*config);
    EXPECT_TRUE(created.ok()) << created.status().to_string();
    if (!created.ok()) return nullptr;
    return std::move(created).value();
  }

  void list_md5(const Bytes& bytes, const std::string& id) {
    ImportBatch batch;
    batch.entries.push_back(testing::entry("md5", md5_hex(bytes), id));
    auto info = store_.apply("listed", batch, ImportMode::delta, "test");
    ASSERT_TRUE(info.ok()) << info.status().to_string();
  }

  std::filesystem::path write(const std::string& name, const Bytes& bytes) {
    const auto path = dir_.path() / name;
    std::ofstream(path, std::ios::binary)
        .write(reinterpret_cast<const char*>(bytes.data()),
               static_cast<std::streamsize>(bytes.size()));
    return path;
  }

  static constexpr const char* kHashing =
      "[[detector]]\nplugin = \"org.vigil.hashing\"\nsignals = [\"pdq\", \"md5\"]\n";

  testing::TempDir dir_;
  BankStore store_{dir_.path()};
};

TEST_F(EngineUploads, ANonImageFileWhoseMd5IsListedIsBlockedWithTheDecodeErrorBesideIt) {
  const Bytes document = text_bytes("%PDF-1.4\n% a benign test document, not an image\n%%EOF\n");
  list_md5(document, "listed-document");
  auto scanner = engine(kHashing);
  ASSERT_TRUE(scanner);
  for (const bool from_file : {true, false}) {
    auto result = from_file ? scanner->scan_file(write("upload.pdf.bin", document))
                            : scanner->scan_bytes(document);
    ASSERT_TRUE(result.ok()) << result.status().to_string();
    EXPECT_EQ(result->verdict, Verdict::block);
    ASSERT_EQ(result->matches.size(), 1u);
    EXPECT_EQ(result->matches[0].entry_id, "listed-document");
    EXPECT_EQ(result->matches[0].signal_type, "md5");
    EXPECT_EQ(result->media_type, "application/pdf");
    const ScanError* decode = find_error(*result, "decode");
    ASSERT_NE(decode, nullptr);
    EXPECT_EQ(decode->code, ErrorCode::unsupported_format);
    EXPECT_NE(decode->message.find("application/pdf"), std::string::npos) << decode->message;
    EXPECT_FALSE(result->checked_completely());
    EXPECT_EQ(find_signal(*result, "pdq"), nullptr);
  }
}

TEST_F(EngineUploads, ATruncatedJpegWhoseMd5IsListedIsBlocked) {
  Bytes jpeg = encoded_image(".jpg");
  jpeg.resize(jpeg.size() / 2);
  list_md5(jpeg, "listed-truncated");
  auto scanner = engine(kHashing);
  ASSERT_TRUE(scanner);
  auto result = scanner->scan_file(write("half.jpg", jpeg));
  ASSERT_TRUE(result.ok()) << result.status().to_string();
  EXPECT_EQ(result->verdict, Verdict::block);
  ASSERT_EQ(result->matches.size(), 1u);
  EXPECT_EQ(result->matches[0].entry_id, "listed-truncated");
  ASSERT_NE(find_error(*result, "decode"), nullptr);
  EXPECT_EQ(find_error(*result, "decode")->code, ErrorCode::truncated);
  EXPECT_EQ(result->media_type, "image/jpeg");
}

TEST_F(EngineUploads, AVideoIsRecognisedFromItsBytesNotItsName) {
  // An ISO base media header ("ftyp" + brand) is enough to tell the container.
  Bytes video =
      text_bytes(std::string("\0\0\0\x18"
                             "ftypisom\0\0\0\0isomiso2",
                             24));
  video.resize(4096, 0);
  list_md5(video, "listed-video");
  auto scanner = engine(kHashing);
  ASSERT_TRUE(scanner);
  auto result = scanner->scan_file(write("holiday.jpg", video));
  ASSERT_TRUE(result.ok()) << result.status().to_string();
  EXPECT_EQ(result->media_type, "video/mp4");
  EXPECT_EQ(result->verdict, Verdict::block);
  ASSERT_NE(find_error(*result, "decode"), nullptr);
  EXPECT_NE(find_error(*result, "decode")->message.find("video/mp4"), std::string::npos);
}

TEST_F(EngineUploads, AnImageGetsEverySignalAndNoError) {
  const Bytes png = encoded_image(".png");
  auto scanner = engine(kHashing);
  ASSERT_TRUE(scanner);
  auto result = scanner->scan_file(write("picture.png", png));
  ASSERT_TRUE(result.ok()) << result.status().to_string();
  EXPECT_TRUE(result->checked_completely());
  EXPECT_EQ(result->media_type, "image/png");
  ASSERT_NE(find_signal(*result, "pdq"), nullptr);
  ASSERT_NE(find_signal(*result, "md5"), nullptr);
  EXPECT_EQ(find_signal(*result, "md5")->value, md5_hex(png));
}

TEST_F(EngineUploads, AByteDetectorRunsOnEveryUploadAndSeesFramesOnlyWhenThereAreAny) {
  auto scanner = engine(
      "[[detector]]\nplugin = \"org.vigil.test.bytes\"\n"
      "[[detector]]\nplugin = \"org.vigil.test.good\"\n");
  ASSERT_TRUE(scanner);
  const Bytes document = text_bytes("just some text, not an image");
  auto other = scanner->scan_bytes(document);
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(find_signal(*other, "byte_length")->value, std::to_string(document.size()));
  EXPECT_EQ(find_signal(*other, "frames_seen")->value, "0");
  EXPECT_EQ(find_signal(*other, "pixel_sum"), nullptr)
      << "an image-only detector ran without pixels";
  EXPECT_NE(find_error(*other, "decode"), nullptr);

  const Bytes png = encoded_image(".png");
  auto image = scanner->scan_bytes(png);
  ASSERT_TRUE(image.ok());
  EXPECT_EQ(find_signal(*image, "byte_length")->value, std::to_string(png.size()));
  EXPECT_EQ(find_signal(*image, "frames_seen")->value, "1");
  EXPECT_NE(find_signal(*image, "pixel_sum"), nullptr);
  EXPECT_TRUE(image->checked_completely());
}

TEST_F(EngineUploads, WithOnlyByteDetectorsNothingIsDecodedAndNothingFails) {
  auto scanner = engine("[[detector]]\nplugin = \"org.vigil.test.bytes\"\n");
  ASSERT_TRUE(scanner);
  auto result = scanner->scan_bytes(text_bytes("not an image"));
  ASSERT_TRUE(result.ok());
  EXPECT_TRUE(result->checked_completely());
  EXPECT_EQ(find_signal(*result, "byte_length")->value, "12");
}

TEST_F(EngineUploads, AFileIsReadOnceSoEverySignalDescribesTheSameBytes) {
  const Bytes png = encoded_image(".png");
  const auto path = write("changing.png", png);
  auto scanner = engine("[[detector]]\nplugin = \"org.vigil.test.file_rewriter\"\npath = \"" +
                        path.string() + "\"\n" + kHashing);
  ASSERT_TRUE(scanner);
  auto result = scanner->scan_file(path);
  ASSERT_TRUE(result.ok()) << result.status().to_string();
  ASSERT_NE(find_signal(*result, "rewritten"), nullptr) << "the file was not changed mid-scan";
  ASSERT_NE(find_signal(*result, "pdq"), nullptr);
  ASSERT_NE(find_signal(*result, "md5"), nullptr);
  EXPECT_EQ(find_signal(*result, "md5")->value, md5_hex(png))
      << "MD5 was computed over bytes read after the file changed, not the decoded ones";
}

TEST_F(EngineUploads, AFileOverTheDecodeLimitIsStreamedToByteDetectors) {
  Bytes big(5000, 0x5a);
  list_md5(big, "listed-big");
  auto scanner = engine(std::string("[[detector]]\nplugin = \"org.vigil.test.bytes\"\n") + kHashing,
                        "[decode]\nmax_bytes = 1000\n");
  ASSERT_TRUE(scanner);
  auto result = scanner->scan_file(write("big.bin", big));
  ASSERT_TRUE(result.ok()) << result.status().to_string();
  EXPECT_EQ(find_signal(*result, "byte_length")->value, "5000");
  EXPECT_EQ(find_signal(*result, "md5")->value, md5_hex(big));
  EXPECT_EQ(result->verdict, Verdict::block);
  ASSERT_NE(find_error(*result, "decode"), nullptr);
  EXPECT_EQ(find_error(*result, "decode")->code, ErrorCode::too_large);
}

TEST_F(EngineUploads, AnEmptyFileIsHashedAndReportedAsEmpty) {
  auto scanner = engine(kHashing);
  ASSERT_TRUE(scanner);
  auto result = scanner->scan_file(write("empty", {}));
  ASSERT_TRUE(result.ok()) << result.status().to_string();
  EXPECT_EQ(find_signal(*result, "md5")->value, "d41d8cd98f00b204e9800998ecf8427e");
  ASSERT_NE(find_error(*result, "decode"), nullptr);
  EXPECT_EQ(find_error(*result, "decode")->code, ErrorCode::empty_input);
}

TEST_F(EngineUploads, AnUnreadableUploadIsAnErrorOfTheCall) {
  auto scanner = engine(kHashing);
  ASSERT_TRUE(scanner);
  EXPECT_EQ(scanner->scan_file(dir_.path() / "missing.jpg").status().code(), ErrorCode::not_found);
  EXPECT_EQ(scanner->scan_file(dir_.path()).status().code(), ErrorCode::invalid_argument);
}

TEST_F(EngineUploads, AFailingDetectorIsRecordedAndTheOthersSignalsStillMatch) {
  const Bytes png = encoded_image(".png");
  list_md5(png, "listed-picture");
  auto scanner =
      engine(std::string("[[detector]]\nplugin = \"org.vigil.test.throwing\"\n") + kHashing);
  ASSERT_TRUE(scanner);
  auto result = scanner->scan_bytes(png);
  ASSERT_TRUE(result.ok()) << result.status().to_string();
  const ScanError* failed = find_error(*result, "org.vigil.test.throwing");
  ASSERT_NE(failed, nullptr);
  EXPECT_EQ(failed->code, ErrorCode::detector_failed);
  EXPECT_EQ(result->verdict, Verdict::block);
  EXPECT_EQ(result->matches.at(0).entry_id, "listed-picture");
}

}  // namespace
}  // namespace vigil
