// The engine matches scans against banks, applies rules, and swaps bank versions
// atomically while scanning.
#include <gtest/gtest.h>

#include <thread>

#include "bank_test_support.hpp"
#include "log_capture.hpp"
#include "vigil/bank_store.hpp"
#include "vigil/engine.hpp"

namespace vigil {
namespace {

using testing::entry;
using testing::random_hex;

// A textured benign image (w x h RGB) and the same image rotated 90 degrees.
std::vector<std::uint8_t> pattern(std::uint32_t w, std::uint32_t h) {
  std::vector<std::uint8_t> pixels(std::size_t{3} * w * h);
  for (std::uint32_t y = 0; y < h; ++y) {
    for (std::uint32_t x = 0; x < w; ++x) {
      std::uint8_t* p = &pixels[3 * (std::size_t{y} * w + x)];
      p[0] = static_cast<std::uint8_t>(((x / 16 + y / 24) % 2) * 200 + x % 50);
      p[1] = static_cast<std::uint8_t>((x * y) % 251);
      p[2] = static_cast<std::uint8_t>(255 - (y * 3) % 256);
    }
  }
  return pixels;
}

std::vector<std::uint8_t> rotate90(const std::vector<std::uint8_t>& in, std::uint32_t w,
                                   std::uint32_t h) {
  std::vector<std::uint8_t> out(in.size());
  for (std::uint32_t y = 0; y < h; ++y) {
    for (std::uint32_t x = 0; x < w; ++x) {
      // (x, y) -> (y, w - 1 - x) in an h-wide image: counter-clockwise.
      const std::size_t to = 3 * (std::size_t{w - 1 - x} * h + y);
      const std::size_t from = 3 * (std::size_t{y} * w + x);
      std::copy_n(&in[from], 3, &out[to]);
    }
  }
  return out;
}

Media media_of(const std::vector<std::uint8_t>& pixels, std::uint32_t w, std::uint32_t h) {
  Media media;
  media.frames.push_back(Frame::view(pixels.data(), w, h, std::size_t{3} * w));
  media.source_view = pixels;
  return media;
}

class EngineBanks : public ::testing::Test {
 protected:
  std::unique_ptr<Engine> engine(const std::string& banks_and_rules) {
    const std::string text =
        "[[detector]]\nplugin = \"org.vigil.hashing\"\nsignals = [\"pdq\", \"md5\"]\n"
        "dihedral = true\n" +
        banks_and_rules;
    auto config = parse_engine_config(text, "banks.toml");
    EXPECT_TRUE(config.ok()) << config.status().to_string();
    for (auto& bank : config->banks) bank.directory = dir_.path();
    auto created = Engine::create(*config);
    EXPECT_TRUE(created.ok()) << created.status().to_string();
    if (!created.ok()) return nullptr;
    return std::move(created).value();
  }

  // The PDQ hash of the test pattern, as the hashing plugin computes it.
  std::string pattern_pdq() {
    auto plain = engine("");
    auto result = plain->scan(media_of(pixels_, kW, kH));
    EXPECT_TRUE(result.ok()) << result.status().to_string();
    return result->signals.at(0).value;
  }

  static constexpr std::uint32_t kW = 320, kH = 200;
  testing::TempDir dir_;
  BankStore store_{dir_.path()};
  std::vector<std::uint8_t> pixels_ = pattern(kW, kH);
};

TEST_F(EngineBanks, APlantedImageIsFoundEvenRotatedAndTheRulesDecide) {
  const std::string pdq = pattern_pdq();
  ASSERT_TRUE(
      store_
          .apply("hotline", {{entry("pdq", pdq, "case-17", "A")}, {}}, ImportMode::replace, "test")
          .ok());
  ASSERT_TRUE(
      store_.apply("internal", {{entry("pdq", pdq, "review-3")}, {}}, ImportMode::replace, "test")
          .ok());
  auto e = engine(
      "[[bank]]\nname = \"hotline\"\n[[bank]]\nname = \"internal\"\n"
      "[[rule]]\nbanks = [\"internal\"]\nverdict = \"review\"\nreport_to = [\"queue\"]\n"
      "[[rule]]\nbanks = [\"hotline\"]\nsignal_types = [\"pdq\"]\nverdict = \"block\"\n"
      "report_to = [\"cybertipline\", \"queue\"]\n");
  ASSERT_TRUE(e);

  auto direct = e->scan(media_of(pixels_, kW, kH));
  ASSERT_TRUE(direct.ok()) << direct.status().to_string();
  EXPECT_EQ(direct->verdict, Verdict::block);
  ASSERT_EQ(direct->matches.size(), 2u);
  EXPECT_EQ(direct->matches[0].bank, "hotline");
  EXPECT_EQ(direct->matches[0].entry_id, "case-17");
  EXPECT_EQ(direct->matches[0].distance, 0);
  EXPECT_EQ(direct->matches[0].variant, "orig");
  EXPECT_EQ(direct->matches[1].bank, "internal");
  EXPECT_TRUE(direct->matches[0].acted_on && direct->matches[1].acted_on);
  EXPECT_EQ(direct->report_to, (std::vector<std::string>{"queue", "cybertipline"}));

  const auto rotated = rotate90(pixels_, kW, kH);
  auto turned = e->scan(media_of(rotated, kH, kW));
  ASSERT_TRUE(turned.ok());
  ASSERT_EQ(turned->matches.size(), 2u);
  EXPECT_NE(turned->matches[0].variant, "orig");
  EXPECT_LE(turned->matches[0].distance, 31);

  std::vector<std::uint8_t> other = pattern(kW, kH);
  std::reverse(other.begin(), other.end());
  auto clean = e->scan(media_of(other, kW, kH));
  ASSERT_TRUE(clean.ok());
  EXPECT_EQ(clean->verdict, Verdict::allow);
  EXPECT_TRUE(clean->matches.empty());
  EXPECT_TRUE(clean->report_to.empty());
}

TEST_F(EngineBanks, WithoutRulesAnyMatchBlocksAndMaxDistanceNarrowsARule) {
  const std::string pdq = pattern_pdq();
  ASSERT_TRUE(store_
                  .apply("b", {{entry("pdq", testing::flip_bits(pdq, 12), "near")}, {}},
                         ImportMode::replace, "")
                  .ok());
  auto no_rules = engine("[[bank]]\nname = \"b\"\n");
  auto blocked = no_rules->scan(media_of(pixels_, kW, kH));
  EXPECT_EQ(blocked->verdict, Verdict::block);
  ASSERT_EQ(blocked->matches.size(), 1u);
  EXPECT_TRUE(blocked->matches[0].acted_on);  // no rule at all: every match blocks
  auto strict = engine(
      "[[bank]]\nname = \"b\"\n[[rule]]\nbanks = [\"b\"]\nmax_distance = 8\n"
      "verdict = \"block\"\n");
  auto result = strict->scan(media_of(pixels_, kW, kH));
  ASSERT_EQ(result->matches.size(), 1u);
  EXPECT_EQ(result->verdict, Verdict::allow);
  EXPECT_FALSE(result->matches[0].acted_on);  // listed, but no rule fired on it
}

TEST_F(EngineBanks, OnlyTheMatchesARuleFiresOnAreActedOn) {
  const std::string pdq = pattern_pdq();
  for (const char* name : {"hotline", "internal"}) {
    ASSERT_TRUE(
        store_.apply(name, {{entry("pdq", pdq, "e1")}, {}}, ImportMode::replace, "test").ok());
  }
  auto e = engine(
      "[[bank]]\nname = \"hotline\"\n[[bank]]\nname = \"internal\"\n"
      "[[rule]]\nbanks = [\"hotline\"]\nverdict = \"review\"\n");
  ASSERT_TRUE(e);
  auto result = e->scan(media_of(pixels_, kW, kH));
  ASSERT_TRUE(result.ok()) << result.status().to_string();
  EXPECT_EQ(result->verdict, Verdict::review);
  ASSERT_EQ(result->matches.size(), 2u);
  EXPECT_EQ(result->matches[0].bank, "hotline");
  EXPECT_TRUE(result->matches[0].acted_on);
  EXPECT_EQ(result->matches[1].bank, "internal");
  EXPECT_FALSE(result->matches[1].acted_on);
}

TEST_F(EngineBanks, ConfigErrorsNameTheBankOrRule) {
  auto config = parse_engine_config("[[bank]]\nname = \"absent\"\n", "banks.toml");
  ASSERT_TRUE(config.ok());
  config->banks[0].directory = dir_.path();
  auto missing = Engine::create(*config);
  EXPECT_EQ(missing.status().code(), ErrorCode::not_found);
  EXPECT_NE(missing.status().message().find("banks.toml:1: bank[0]"), std::string::npos);

  ASSERT_TRUE(
      store_.apply("x", {{entry("md5", random_hex(1, 32), "1")}, {}}, ImportMode::replace, "")
          .ok());
  auto rule = parse_engine_config(
      "[[bank]]\nname = \"x\"\n[[rule]]\nbanks = [\"y\"]\nverdict = \"block\"\n", "banks.toml");
  rule->banks[0].directory = dir_.path();
  auto unknown = Engine::create(*rule);
  EXPECT_EQ(unknown.status().code(), ErrorCode::config_error);
  EXPECT_NE(unknown.status().message().find("banks.toml:3: rule[0]: bank 'y' is not configured"),
            std::string::npos)
      << unknown.status().message();
}

TEST_F(EngineBanks, MatchSignalsNeedsNoMedia) {
  const std::string md5 = random_hex(7, 32);
  ASSERT_TRUE(store_.apply("l", {{entry("md5", md5, "m")}, {}}, ImportMode::replace, "").ok());
  auto e = engine("[[bank]]\nname = \"l\"\n");
  auto hit = e->match_signals({{"md5", md5, {}, {}}});
  ASSERT_TRUE(hit.ok());
  EXPECT_EQ(hit->verdict, Verdict::block);
  EXPECT_EQ(hit->matches.at(0).entry_id, "m");
}

// A third-party detector's own signal type is matched like any other: the test plugin's
// "pixel_sum" (the sum of every pixel byte) against a bank holding this image's sum.
TEST_F(EngineBanks, WarnsAtStartUpAboutBankTypesNoDetectorEmits) {
  // The detector computes pdq and md5 only: a typo'd type and sha256 can never match.
  ASSERT_TRUE(
      store_
          .apply("hotline",
                 {{entry("md5", random_hex(1, 32), "e-1"), entry("pqd", random_hex(2, 64), "e-2"),
                   entry("sha256", random_hex(3, 64), "e-3"),
                   entry("sha256", random_hex(4, 64), "e-4")},
                  {}},
                 ImportMode::replace, "test")
          .ok());
  testing::LogCapture logs;
  ASSERT_TRUE(engine("[[bank]]\nname = \"hotline\"\n"));
  EXPECT_TRUE(logs.contains(LogLevel::warn, "vigil",
                            {"banks.toml:5: bank[0]", "bank 'hotline' holds 1 'pqd' entries",
                             "no configured detector emits 'pqd'"}));
  EXPECT_TRUE(logs.contains(LogLevel::warn, "vigil", {"holds 2 'sha256' entries"}));
  EXPECT_FALSE(logs.contains(LogLevel::warn, "vigil", {"'md5' entries"}));
}

TEST_F(EngineBanks, APluginsOwnSignalTypeMatchesExactly) {
  std::uint64_t sum = 0;
  for (std::uint8_t byte : pixels_) sum += byte;
  ASSERT_TRUE(store_
                  .apply("plugin", {{entry("pixel_sum", std::to_string(sum), "this-image")}, {}},
                         ImportMode::replace, "")
                  .ok());
  auto config = parse_engine_config(
      "[engine]\nplugin_path = [\"" + std::string(VIGIL_TEST_PLUGINDIR) +
          "\"]\n[[detector]]\nplugin = \"org.vigil.test.good\"\n[[bank]]\nname = \"plugin\"\n"
          "[[rule]]\nbanks = [\"plugin\"]\nsignal_types = [\"pixel_sum\"]\nverdict = \"block\"\n",
      "plugin.toml");
  ASSERT_TRUE(config.ok()) << config.status().to_string();
  config->banks[0].directory = dir_.path();
  auto engine = Engine::create(*config);
  ASSERT_TRUE(engine.ok()) << engine.status().to_string();

  auto hit = (*engine)->scan(media_of(pixels_, kW, kH));
  ASSERT_TRUE(hit.ok()) << hit.status().to_string();
  EXPECT_EQ(hit->verdict, Verdict::block);
  ASSERT_EQ(hit->matches.size(), 1u);
  EXPECT_EQ(hit->matches[0].entry_id, "this-image");
  EXPECT_EQ(hit->matches[0].signal_type, "pixel_sum");
  EXPECT_EQ(hit->matches[0].distance, 0);

  std::vector<std::uint8_t> other = pixels_;
  other[0] ^= 1;  // a sum one away: exact means exact
  auto miss = (*engine)->scan(media_of(other, kW, kH));
  ASSERT_TRUE(miss.ok()) << miss.status().to_string();
  EXPECT_EQ(miss->verdict, Verdict::allow);
  EXPECT_TRUE(miss->matches.empty());
}

// 8 threads scan while the bank is swapped between two versions 100 times. Version 1
// holds the image as entry "one"; version 2 as entry "two" plus a second entry with the
// same hash ("two-b"). A torn read would show a mix.
TEST_F(EngineBanks, BankSwapsUnderLoadAreAtomic) {
  const std::string pdq = pattern_pdq();
  auto v1 = store_.apply("live", {{entry("pdq", pdq, "one")}, {}}, ImportMode::replace, "");
  ASSERT_TRUE(v1.ok());
  auto e = engine("[[bank]]\nname = \"live\"\n");
  auto bank1 = Bank::open(v1->path);
  auto v2 = store_.apply("live", {{entry("pdq", pdq, "two"), entry("pdq", pdq, "two-b")}, {}},
                         ImportMode::replace, "");
  ASSERT_TRUE(v2.ok());
  auto bank2 = Bank::open(v2->path);
  ASSERT_TRUE(bank1.ok() && bank2.ok());

  std::atomic<bool> done{false};
  std::atomic<int> scans{0}, torn{0}, failed{0};
  std::vector<std::thread> scanners;
  const Media media = media_of(pixels_, kW, kH);
  for (int t = 0; t < 8; ++t) {
    scanners.emplace_back([&] {
      while (!done.load()) {
        auto result = e->scan(media);
        if (!result.ok()) {
          ++failed;
          continue;
        }
        const auto& m = result->matches;
        const bool consistent =
            (m.size() == 1 && m[0].bank_version == "1" && m[0].entry_id == "one") ||
            (m.size() == 2 && m[0].bank_version == "2" && m[1].bank_version == "2" &&
             m[0].entry_id == "two" && m[1].entry_id == "two-b");
        if (!consistent) ++torn;
        ++scans;
      }
    });
  }
  for (int swap = 0; swap < 100; ++swap) {
    ASSERT_TRUE(e->replace_bank(swap % 2 == 0 ? *bank2 : *bank1).ok());
    // Let a few scans run on this version (however loaded the machine is) before the next.
    const int before = scans.load();
    while (scans.load() < before + 3 && failed.load() == 0) std::this_thread::yield();
  }
  // reload_banks() picks up the store's CURRENT (version 2) the same way.
  ASSERT_TRUE(e->reload_banks().ok());
  done = true;
  for (auto& thread : scanners) thread.join();
  EXPECT_EQ(torn.load(), 0);
  EXPECT_EQ(failed.load(), 0);
  EXPECT_GT(scans.load(), 100);
  EXPECT_EQ(e->banks().at(0).version, 2u);
}

}  // namespace
}  // namespace vigil
