// vigil::hashing::compute_digests: known answers for MD5 / SHA-1 / SHA-256, streaming across
// chunk boundaries, error propagation from the reader, and all three digests in one pass.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "crypto_digests.hpp"

namespace vigil::hashing {
namespace {

constexpr std::size_t kMiB = std::size_t{1} << 20;
const std::vector<DigestType> kAll = {DigestType::md5, DigestType::sha1, DigestType::sha256};

struct Expected {
  std::string md5;
  std::string sha1;
  std::string sha256;
};

// Serves `data` in pieces of at most `piece` bytes (and never more than the buffer the
// caller offers), counting calls and bytes delivered.
class PieceReader {
 public:
  PieceReader(const std::vector<std::uint8_t>& data, std::size_t piece)
      : data_(&data), piece_(piece) {}

  std::size_t operator()(std::span<std::uint8_t> buffer) {
    ++calls_;
    largest_buffer_ = std::max(largest_buffer_, buffer.size());
    const std::size_t n = std::min({piece_, buffer.size(), data_->size() - offset_});
    std::copy_n(data_->begin() + static_cast<std::ptrdiff_t>(offset_), n, buffer.begin());
    offset_ += n;
    if (n == 0) ++end_calls_;
    return n;
  }

  std::size_t delivered() const { return offset_; }
  std::size_t calls() const { return calls_; }
  std::size_t end_calls() const { return end_calls_; }
  std::size_t largest_buffer() const { return largest_buffer_; }

 private:
  const std::vector<std::uint8_t>* data_;
  std::size_t piece_;
  std::size_t offset_ = 0;
  std::size_t calls_ = 0;
  std::size_t end_calls_ = 0;
  std::size_t largest_buffer_ = 0;
};

std::vector<std::uint8_t> bytes_of(std::string_view s) {
  return std::vector<std::uint8_t>(s.begin(), s.end());
}

// compute_digests wants a ChunkReader (a std::function, copied); keep state outside it.
std::vector<Digest> digest_all(PieceReader& reader, const std::vector<DigestType>& types = kAll) {
  return compute_digests(types, [&reader](std::span<std::uint8_t> b) { return reader(b); });
}

void expect_digests(const std::vector<Digest>& got, const Expected& want) {
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[0].type, DigestType::md5);
  EXPECT_EQ(got[0].hex, want.md5);
  EXPECT_EQ(got[1].type, DigestType::sha1);
  EXPECT_EQ(got[1].hex, want.sha1);
  EXPECT_EQ(got[2].type, DigestType::sha256);
  EXPECT_EQ(got[2].hex, want.sha256);
}

// ---------------------------------------------------------------- known answers

TEST(CryptoDigests, KnownAnswerEmpty) {
  const std::vector<std::uint8_t> data;
  PieceReader reader(data, kMiB);
  expect_digests(digest_all(reader),
                 {"d41d8cd98f00b204e9800998ecf8427e", "da39a3ee5e6b4b0d3255bfef95601890afd80709",
                  "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"});
}

TEST(CryptoDigests, KnownAnswerAbc) {
  const std::vector<std::uint8_t> data = bytes_of("abc");
  PieceReader reader(data, kMiB);
  expect_digests(digest_all(reader),
                 {"900150983cd24fb0d6963f7d28e17f72", "a9993e364706816aba3e25717850c26c9cd0d89d",
                  "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"});
}

const Expected kMillionA = {"7707d6ae4e027c70eea2a935c2296f21",
                            "34aa973cd4c4daa4f61eeb2bdbad27316534016f",
                            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"};

TEST(CryptoDigests, KnownAnswerMillionA) {
  const std::vector<std::uint8_t> data(1'000'000, 'a');
  PieceReader reader(data, kMiB);
  expect_digests(digest_all(reader), kMillionA);
}

TEST(CryptoDigests, SignalNames) {
  EXPECT_STREQ(signal_name(DigestType::md5), "md5");
  EXPECT_STREQ(signal_name(DigestType::sha1), "sha1");
  EXPECT_STREQ(signal_name(DigestType::sha256), "sha256");
}

// ---------------------------------------------------------------- streaming

// 3 MiB + 5 bytes of a fixed pattern: crosses the implementation's 1 MiB chunk boundary
// several times and ends mid-chunk. Expected values computed independently (Python hashlib).
std::vector<std::uint8_t> pattern_data() {
  std::vector<std::uint8_t> data(3 * kMiB + 5);
  for (std::size_t i = 0; i < data.size(); ++i) {
    const auto x = static_cast<std::uint32_t>(static_cast<std::uint32_t>(i) * 2654435761u);
    data[i] = static_cast<std::uint8_t>(x >> 24);
  }
  return data;
}

const Expected kPattern = {"e42237963b53a84d2898000ef7975c68",
                           "f1bb1811d0c23bc5ef79e2be28a397e1066935bf",
                           "f24532f3e6818f6c458bcc39f3d9bfd9bad85bf275e4d331b6f4537f07789cba"};

class CryptoDigestsPieces : public ::testing::TestWithParam<std::size_t> {};

TEST_P(CryptoDigestsPieces, SameDigestWhateverTheReadSize) {
  const std::size_t piece = GetParam();
  {
    const std::vector<std::uint8_t> data(1'000'000, 'a');
    PieceReader reader(data, piece);
    expect_digests(digest_all(reader), kMillionA);
    EXPECT_EQ(reader.delivered(), data.size());
  }
  {
    const std::vector<std::uint8_t> data = pattern_data();
    PieceReader reader(data, piece);
    expect_digests(digest_all(reader), kPattern);
    EXPECT_EQ(reader.delivered(), data.size());
  }
}

// 1 byte, 7 bytes (never aligned with a block or a chunk) and 1 MiB + 1 (more than the
// caller's buffer: it is capped at the buffer size, so the reader fills whole buffers).
INSTANTIATE_TEST_SUITE_P(ReadSizes, CryptoDigestsPieces,
                         ::testing::Values(std::size_t{1}, std::size_t{7}, kMiB + 1),
                         [](const ::testing::TestParamInfo<std::size_t>& p) {
                           return "piece" + std::to_string(p.param);
                         });

// Piece sizes that change from call to call.
TEST(CryptoDigests, IrregularReadSizes) {
  const std::vector<std::uint8_t> data = pattern_data();
  const std::size_t sizes[] = {1, 7, kMiB + 1, 4096, 63, 65, kMiB - 1};
  std::size_t offset = 0;
  std::size_t call = 0;
  const auto digests = compute_digests(kAll, [&](std::span<std::uint8_t> buffer) {
    const std::size_t want = sizes[call++ % std::size(sizes)];
    const std::size_t n = std::min({want, buffer.size(), data.size() - offset});
    std::copy_n(data.begin() + static_cast<std::ptrdiff_t>(offset), n, buffer.begin());
    offset += n;
    return n;
  });
  expect_digests(digests, kPattern);
}

// ---------------------------------------------------------------- errors

struct ReadFailure : std::runtime_error {
  using std::runtime_error::runtime_error;
};

TEST(CryptoDigests, ReaderExceptionPropagates) {
  // At the first read.
  EXPECT_THROW(
      compute_digests(
          kAll, [](std::span<std::uint8_t>) -> std::size_t { throw ReadFailure("disk gone"); }),
      ReadFailure);
  // After some data has been hashed.
  std::size_t calls = 0;
  try {
    (void)compute_digests(kAll, [&calls](std::span<std::uint8_t> buffer) -> std::size_t {
      if (++calls == 3) throw ReadFailure("connection reset");
      std::fill(buffer.begin(), buffer.end(), std::uint8_t{'x'});
      return buffer.size();
    });
    ADD_FAILURE() << "expected ReadFailure";
  } catch (const ReadFailure& e) {
    EXPECT_STREQ(e.what(), "connection reset");
  }
  EXPECT_EQ(calls, 3u);
}

// ---------------------------------------------------------------- one pass

TEST(CryptoDigests, AllThreeFromOnePass) {
  const std::vector<std::uint8_t> data = pattern_data();
  PieceReader reader(data, kMiB + 1);
  const auto digests = digest_all(reader);
  expect_digests(digests, kPattern);
  // Each byte was delivered once and the end was asked for once: a single pass.
  EXPECT_EQ(reader.delivered(), data.size());
  EXPECT_EQ(reader.end_calls(), 1u);
  EXPECT_EQ(reader.calls(),
            (data.size() + reader.largest_buffer() - 1) / reader.largest_buffer() + 1);
}

TEST(CryptoDigests, OrderAndSubsetFollowTheRequest) {
  const std::vector<std::uint8_t> data = bytes_of("abc");
  PieceReader reader(data, 1);
  const auto digests = digest_all(reader, {DigestType::sha256, DigestType::md5});
  ASSERT_EQ(digests.size(), 2u);
  EXPECT_EQ(digests[0].type, DigestType::sha256);
  EXPECT_EQ(digests[0].hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(digests[1].type, DigestType::md5);
  EXPECT_EQ(digests[1].hex, "900150983cd24fb0d6963f7d28e17f72");
  EXPECT_EQ(reader.end_calls(), 1u);
}

}  // namespace
}  // namespace vigil::hashing
