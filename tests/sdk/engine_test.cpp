// The engine runs detectors, contains their failures and scans safely from many threads.
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <numeric>
#include <thread>

#include "log_capture.hpp"
#include "vigil/engine.hpp"

namespace vigil {
namespace {

std::unique_ptr<Engine> make_engine(const std::string& detectors_toml) {
  std::string text =
      "[engine]\nplugin_path = [\"" + std::string(VIGIL_TEST_PLUGINDIR) + "\"]\n" + detectors_toml;
  auto config = parse_engine_config(text, "test.toml");
  EXPECT_TRUE(config.ok()) << config.status().to_string();
  if (!config.ok()) return nullptr;
  auto engine = Engine::create(*config);
  EXPECT_TRUE(engine.ok()) << engine.status().to_string();
  if (!engine.ok()) return nullptr;
  return std::move(engine).value();
}

Status create_error(const std::string& detectors_toml) {
  std::string text =
      "[engine]\nplugin_path = [\"" + std::string(VIGIL_TEST_PLUGINDIR) + "\"]\n" + detectors_toml;
  auto config = parse_engine_config(text, "test.toml");
  if (!config.ok()) return config.status();
  auto engine = Engine::create(*config);
  return engine.ok() ? Status::success() : engine.status();
}

// A width x height image whose bytes follow `seed`.
Media image(std::uint32_t width, std::uint32_t height, unsigned seed) {
  std::vector<std::uint8_t> pixels(std::size_t{3} * width * height);
  for (std::size_t i = 0; i < pixels.size(); ++i) {
    pixels[i] = static_cast<std::uint8_t>((i * 31 + seed * 17) % 251);
  }
  Media media;
  media.frames.push_back(Frame::owned(std::move(pixels), width, height));
  media.metadata.content_id = "content-" + std::to_string(seed);
  return media;
}

std::string pixel_sum(const Media& media) {
  const auto& bytes = media.frames[0].storage;
  return std::to_string(std::accumulate(bytes.begin(), bytes.end(), 0ull));
}

TEST(Engine, ScansWithTheConfiguredDetectorAndItsSettings) {
  auto engine = make_engine(
      "[[detector]]\nplugin = \"org.vigil.test.good\"\nquality = 77\n"
      "label = \"demo\"\n");
  ASSERT_TRUE(engine);
  Media media = image(16, 9, 3);
  auto result = engine->scan(media);
  ASSERT_TRUE(result.ok()) << result.status().to_string();
  EXPECT_EQ(result->verdict, Verdict::allow);
  ASSERT_EQ(result->signals.size(), 1u);  // no raw bytes: no byte_count
  EXPECT_EQ(result->signals[0].type, "pixel_sum");
  EXPECT_EQ(result->signals[0].value, pixel_sum(media));
  EXPECT_EQ(result->signals[0].quality, 77);
  EXPECT_EQ(result->signals[0].attributes.at("label"), "demo");
  EXPECT_EQ(result->signal_sources, std::vector<std::string>{"org.vigil.test.good"});
}

TEST(Engine, ScansWithAPluginBuiltAgainstThePreviousMinorAbiLayout) {
  auto engine = make_engine("[[detector]]\nplugin = \"org.vigil.test.previous_minor\"\n");
  ASSERT_TRUE(engine);
  Media media = image(5, 4, 1);
  auto result = engine->scan(media);
  ASSERT_TRUE(result.ok()) << result.status().to_string();
  ASSERT_EQ(result->signals.size(), 1u);
  EXPECT_EQ(result->signals[0].type, "pixel_sum");
  EXPECT_EQ(result->signals[0].value, pixel_sum(media));
}

TEST(Engine, ScansWithEachPluginOfALibraryThatExportsSeveral) {
  auto engine = make_engine(
      "[[detector]]\nplugin = \"org.vigil.test.table.first\"\n"
      "[[detector]]\nplugin = \"org.vigil.test.table.second\"\n");
  ASSERT_TRUE(engine);
  auto result = engine->scan(image(3, 3, 2));
  ASSERT_TRUE(result.ok()) << result.status().to_string();
  std::map<std::string, std::string> signals;
  for (const auto& signal : result->signals) signals[signal.type] = signal.value;
  EXPECT_EQ(signals,
            (std::map<std::string, std::string>{{"first_count", "1"}, {"second_count", "1"}}));
}

TEST(Engine, StreamsRawBytesFromMemoryAndFromFiles) {
  auto engine = make_engine("[[detector]]\nplugin = \"org.vigil.test.good\"\n");
  ASSERT_TRUE(engine);
  Media media = image(4, 4, 1);
  media.source_bytes = std::make_shared<std::vector<std::uint8_t>>(10000, 7);
  auto from_memory = engine->scan(media);
  ASSERT_TRUE(from_memory.ok());
  EXPECT_EQ(from_memory->signals.at(1).value, "10000");

  media.source_bytes.reset();
  media.source_path = std::filesystem::path(VIGIL_TEST_PLUGINDIR) / "a_good.so";
  auto from_file = engine->scan(media);
  ASSERT_TRUE(from_file.ok());
  EXPECT_EQ(from_file->signals.at(1).value,
            std::to_string(std::filesystem::file_size(*media.source_path)));
}

// The lifecycle is configure -> create -> scan: an engine is ready when create() returns
// (0.1 refused to scan until a freeze() that changed nothing else).
TEST(Engine, ScansAsSoonAsItIsCreated) {
  auto engine = make_engine("[[detector]]\nplugin = \"org.vigil.test.good\"\n");
  ASSERT_TRUE(engine);
  auto result = engine->scan(image(2, 2, 0));
  ASSERT_TRUE(result.ok()) << result.status().to_string();
  EXPECT_FALSE(result->signals.empty());
  EXPECT_TRUE(result->checked_completely());
}

TEST(Engine, RefusesMediaWithNeitherFramesNorBytes) {
  auto engine = make_engine("[[detector]]\nplugin = \"org.vigil.test.good\"\n");
  ASSERT_TRUE(engine);
  EXPECT_EQ(engine->scan(Media{}).status().code(), ErrorCode::invalid_argument);
}

TEST(Engine, RejectsMalformedFrames) {
  auto engine = make_engine("");
  ASSERT_TRUE(engine);
  Media media = image(4, 4, 0);
  media.frames[0].stride = 5;
  EXPECT_EQ(engine->scan(media).status().code(), ErrorCode::invalid_argument);
}

TEST(Engine, ConcurrentScansMatchSequentialOnes) {
  auto engine = make_engine("[[detector]]\nplugin = \"org.vigil.test.good\"\n");
  ASSERT_TRUE(engine);
  constexpr int kThreads = 8;
  constexpr int kPerThread = 60;
  std::vector<Media> inputs;
  for (int i = 0; i < kThreads * kPerThread; ++i) {
    inputs.push_back(image(8 + i % 13, 5 + i % 7, static_cast<unsigned>(i)));
    inputs.back().source_bytes =
        std::make_shared<std::vector<std::uint8_t>>(static_cast<std::size_t>(i) * 3, 1);
  }
  std::vector<ScanResult> sequential;
  for (const Media& media : inputs) {
    auto result = engine->scan(media);
    ASSERT_TRUE(result.ok());
    sequential.push_back(*result);
  }
  std::vector<ScanResult> concurrent(inputs.size());
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      // Interleave so threads hit the same detector instance at the same time.
      for (std::size_t i = static_cast<std::size_t>(t); i < inputs.size(); i += kThreads) {
        auto result = engine->scan(inputs[i]);
        if (result.ok()) concurrent[i] = *result;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    ASSERT_EQ(concurrent[i], sequential[i]) << "input " << i;
  }
}

TEST(Engine, PluginLogsAreRoutedThroughTheHostUnderThePluginId) {
  testing::LogCapture logs;
  configure_logging({.level = LogLevel::info});
  auto engine = make_engine("[[detector]]\nplugin = \"org.vigil.test.good\"\n");
  configure_logging({});
  ASSERT_TRUE(engine);
  EXPECT_TRUE(logs.contains(LogLevel::info, "org.vigil.test.good", {"good detector created"}));
}

TEST(Engine, LogsOnlyWarningsUntilConfiguredOtherwise) {
  testing::LogCapture logs;
  auto engine = make_engine("[[detector]]\nplugin = \"org.vigil.test.good\"\n");
  ASSERT_TRUE(engine);
  EXPECT_FALSE(logs.contains(LogLevel::info, "org.vigil.test.good", {"good detector created"}));
  EXPECT_FALSE(logs.contains(LogLevel::info, "vigil", {"engine created"}));
}

TEST(Engine, AScanThatThrowsIsRecordedForThatScanOnly) {
  testing::LogCapture logs;
  auto engine = make_engine("[[detector]]\nplugin = \"org.vigil.test.throwing\"\n");
  ASSERT_TRUE(engine);
  auto failed = engine->scan(image(4, 4, 0));
  ASSERT_TRUE(failed.ok()) << failed.status().to_string();
  ASSERT_EQ(failed->errors.size(), 1u);
  EXPECT_EQ(failed->errors[0].detector, "org.vigil.test.throwing");
  EXPECT_EQ(failed->errors[0].code, ErrorCode::detector_failed);
  EXPECT_NE(failed->errors[0].message.find("org.vigil.test.throwing"), std::string::npos);
  EXPECT_NE(failed->errors[0].message.find("boom: index 7 out of range"), std::string::npos);
  EXPECT_FALSE(failed->checked_completely());
  EXPECT_TRUE(logs.contains(LogLevel::warn, "vigil", {"content-0", "boom"}));
  // The engine is still usable.
  auto next = engine->scan(image(1, 4, 0));
  ASSERT_TRUE(next.ok()) << next.status().to_string();
  EXPECT_EQ(next->signals.at(0).type, "never");
  EXPECT_TRUE(next->errors.empty());
}

TEST(Engine, APluginWhoseCreateFailsIsAClearError) {
  Status status = create_error("[[detector]]\nplugin = \"org.vigil.test.failing_create\"\n");
  EXPECT_EQ(status.code(), ErrorCode::plugin_error);
  EXPECT_NE(status.message().find("test.toml:3: detector[0]"), std::string::npos)
      << status.message();
  EXPECT_NE(status.message().find("license file /nonexistent/key not found"), std::string::npos);
}

TEST(Engine, ContractViolationsAreRecordedWithTheReason) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"undeclared", "emitted undeclared signal type 'sneaky'"},
      {"null_value", "null type or value"},
      {"bad_status", "unknown status 77"},
      {"raw_throw", "let an exception escape scan()"},
  };
  for (const auto& [mode, reason] : cases) {
    auto engine = make_engine(
        "[[detector]]\nplugin = \"org.vigil.test.contract_breaker\"\n"
        "mode = \"" +
        mode + "\"\n");
    ASSERT_TRUE(engine);
    auto result = engine->scan(image(2, 2, 0));
    ASSERT_TRUE(result.ok()) << mode;
    ASSERT_EQ(result->errors.size(), 1u) << mode;
    EXPECT_EQ(result->errors[0].code, ErrorCode::detector_failed) << mode;
    EXPECT_NE(result->errors[0].message.find(reason), std::string::npos)
        << mode << ": " << result->errors[0].message;
    EXPECT_TRUE(result->signals.empty()) << mode << ": a failed detector's signals were kept";
  }
}

TEST(Engine, ConfigErrorsAboutPluginsNameFileLineAndKey) {
  Status unknown = create_error("\n[[detector]]\nplugin = \"org.vigil.test.nope\"\n");
  EXPECT_EQ(unknown.code(), ErrorCode::config_error);
  EXPECT_NE(unknown.message().find("test.toml:4: detector[0]: no plugin 'org.vigil.test.nope'"),
            std::string::npos)
      << unknown.message();

  Status bad_type =
      create_error("[[detector]]\nplugin = \"org.vigil.test.good\"\nquality = \"high\"\n");
  EXPECT_EQ(bad_type.code(), ErrorCode::config_error);
  EXPECT_NE(
      bad_type.message().find("test.toml:5: detector[0].quality: expected integer, got string"),
      std::string::npos)
      << bad_type.message();

  Status unknown_setting =
      create_error("[[detector]]\nplugin = \"org.vigil.test.good\"\ncolour = \"red\"\n");
  EXPECT_NE(
      unknown_setting.message().find("test.toml:5: detector[0].colour: unknown setting for plugin "
                                     "'org.vigil.test.good' (accepted: quality, label)"),
      std::string::npos)
      << unknown_setting.message();
}

}  // namespace
}  // namespace vigil
