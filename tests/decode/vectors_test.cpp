// The shared conformance images (read in place from the vectors directory): every file
// decodes to the size the expected-values table lists, exif-rotn files keep their stored
// size and report their orientation, and where a reference decode exists (pdq/pixels) the
// RGB pixels match it exactly. Skipped when the vectors are absent.
#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

#include <gtest/gtest.h>

#include <opencv2/imgcodecs.hpp>

#include "synthetic_images.hpp"
#include "vectors_dir.hpp"
#include "vigil/decode.hpp"

namespace vigil::decode_test {
namespace {

namespace fs = std::filesystem;

struct ListedSize {
  std::uint32_t width = 0;
  std::uint32_t height = 0;
};

class Vectors : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto dir = vectors_dir();
    if (!dir) {
      GTEST_SKIP() << "conformance vectors not found: set VIGIL_VECTORS_DIR to the directory "
                      "holding pdq/images (configured default: "
                   << VIGIL_DECODE_TEST_VECTORS_DIR << ")";
    }
    root_ = *dir / "pdq";
  }

  fs::path images() const { return root_ / "images"; }

  // image path (relative to pdq/images) -> size, from pdq-core-rgb-images.csv.
  std::map<std::string, ListedSize> listed_sizes() const {
    std::map<std::string, ListedSize> out;
    std::ifstream csv(root_ / "expected" / "pdq-core-rgb-images.csv");
    std::string line;
    std::getline(csv, line);  // header: image,width,height,pdq_hex,quality
    while (std::getline(csv, line)) {
      std::stringstream fields(line);
      std::string name, width, height;
      if (!std::getline(fields, name, ',') || !std::getline(fields, width, ',') ||
          !std::getline(fields, height, ',')) {
        continue;
      }
      out[name] = {static_cast<std::uint32_t>(std::stoul(width)),
                   static_cast<std::uint32_t>(std::stoul(height))};
    }
    return out;
  }

  std::vector<fs::path> image_files() const {
    std::vector<fs::path> out;
    for (const auto& entry : fs::recursive_directory_iterator(images())) {
      if (entry.is_regular_file()) out.push_back(entry.path());
    }
    std::sort(out.begin(), out.end());
    return out;
  }

  fs::path root_;
};

TEST_F(Vectors, EveryImageDecodesToItsListedSize) {
  const auto sizes = listed_sizes();
  ASSERT_FALSE(sizes.empty()) << "pdq-core-rgb-images.csv missing or empty";
  std::size_t checked = 0;
  for (const fs::path& path : image_files()) {
    const std::string name = fs::relative(path, images()).generic_string();
    SCOPED_TRACE(name);
    const auto media = decode_image_file(path);
    ASSERT_TRUE(media.ok()) << media.status().to_string();
    ASSERT_EQ(media->frames.size(), 1u);
    const auto it = sizes.find(name);
    ASSERT_NE(it, sizes.end()) << "not listed in pdq-core-rgb-images.csv";
    EXPECT_EQ(media->frames[0].width, it->second.width);
    EXPECT_EQ(media->frames[0].height, it->second.height);
    const std::string extension = path.extension().string();
    const std::string mime = extension == ".png"    ? "image/png"
                             : extension == ".webp" ? "image/webp"
                                                    : "image/jpeg";
    EXPECT_EQ(media->metadata.mime_type, mime);
    ++checked;
  }
  EXPECT_EQ(checked, sizes.size()) << "some listed images are missing from pdq/images";
}

TEST_F(Vectors, ExifRotatedPhotosKeepTheirStoredSize) {
  const fs::path dir = images() / "pdq" / "data" / "reg-test-input" / "exif-rotn";
  for (const int orientation : {1, 3, 6, 8}) {
    const fs::path path = dir / ("exif-rotn-" + std::to_string(orientation) + ".jpg");
    SCOPED_TRACE(path.filename().string());
    const auto media = decode_image_file(path);
    ASSERT_TRUE(media.ok()) << media.status().to_string();
    EXPECT_EQ(media->metadata.exif_orientation, orientation);
    EXPECT_EQ(media->frames[0].width, 4032u);  // stored landscape, even for 6 and 8
    EXPECT_EQ(media->frames[0].height, 3024u);
  }
}

// Reads a binary PPM (P6, maxval 255).
bool read_ppm(const fs::path& path, std::uint32_t& width, std::uint32_t& height, Bytes& rgb) {
  std::ifstream in(path, std::ios::binary);
  std::string magic;
  unsigned maxval = 0;
  in >> magic >> width >> height >> maxval;
  if (!in || magic != "P6" || maxval != 255) return false;
  in.get();  // the single whitespace byte after the header
  rgb.resize(std::size_t{3} * width * height);
  in.read(reinterpret_cast<char*>(rgb.data()), static_cast<std::streamsize>(rgb.size()));
  return static_cast<std::size_t>(in.gcount()) == rgb.size();
}

TEST_F(Vectors, PixelsMatchTheReferenceDecodes) {
  // pdq/pixels holds reference RGB for some images, named after the image path with '/'
  // replaced by '_'. I16.png's reference clips 16-bit values; Vigil scales them (checked
  // separately below).
  std::size_t compared = 0;
  for (const fs::path& path : image_files()) {
    std::string flat = fs::relative(path, images()).generic_string();
    std::replace(flat.begin(), flat.end(), '/', '_');
    const fs::path reference = root_ / "pixels" / (flat + ".ppm");
    if (!fs::exists(reference) || path.filename() == "I16.png") continue;
    SCOPED_TRACE(flat);
    std::uint32_t width = 0;
    std::uint32_t height = 0;
    Bytes rgb;
    ASSERT_TRUE(read_ppm(reference, width, height, rgb)) << "unreadable reference";
    const auto media = decode_image_file(path);
    ASSERT_TRUE(media.ok()) << media.status().to_string();
    ASSERT_EQ(media->frames[0].width, width);
    ASSERT_EQ(media->frames[0].height, height);
    EXPECT_EQ(max_abs_difference(media->frames[0], rgb), 0);
    ++compared;
  }
  EXPECT_GT(compared, 10u) << "expected reference decodes in pdq/pixels";
}

TEST_F(Vectors, SixteenBitPngIsScaledNotClipped) {
  const fs::path path = images() / "python-threatexchange" / "threatexchange" / "tests" /
                        "hashing" / "resources" / "I16.png";
  if (!fs::exists(path)) GTEST_SKIP() << "I16.png not in this vectors set";
  const cv::Mat raw = cv::imread(path.string(), cv::IMREAD_UNCHANGED);
  ASSERT_EQ(raw.depth(), CV_16U);
  const auto media = decode_image_file(path);
  ASSERT_TRUE(media.ok()) << media.status().to_string();
  const Frame& frame = media->frames[0];
  ASSERT_EQ(frame.width, static_cast<std::uint32_t>(raw.cols));
  for (int y = 0; y < raw.rows; ++y) {
    for (int x = 0; x < raw.cols; ++x) {
      const unsigned value = raw.channels() == 1 ? raw.at<std::uint16_t>(y, x)
                                                 : raw.ptr<std::uint16_t>(y)[x * raw.channels()];
      const auto expected = static_cast<std::uint8_t>((value * 255u + 32767u) / 65535u);
      ASSERT_EQ(rgb_at(frame, static_cast<std::uint32_t>(x), static_cast<std::uint32_t>(y))[2],
                expected)
          << x << "," << y;
    }
  }
}

}  // namespace
}  // namespace vigil::decode_test
