// Host callbacks are a firewall: whatever fails inside the host while a plugin calls it
// (here: running out of memory while copying a signal) comes back to the plugin as an
// error status, never as an exception unwinding through the plugin's C frames.
//
// This program replaces the global operator new so that, while `g_refuse_from` is set on
// the scanning thread, any allocation of at least that many bytes fails with bad_alloc.
#include <gtest/gtest.h>

#include <cstdlib>
#include <new>

#include "vigil/engine.hpp"

namespace {
thread_local std::size_t g_refuse_from = 0;  // 0: never refuse
}  // namespace

void* operator new(std::size_t size) {
  if (g_refuse_from != 0 && size >= g_refuse_from) throw std::bad_alloc();
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

namespace vigil {
namespace {

TEST(HostCallbacks, AnAllocationFailureWhileCopyingASignalIsAnErrorNotAnUnwind) {
  auto config =
      parse_engine_config("[engine]\nplugin_path = [\"" + std::string(VIGIL_TEST_PLUGINDIR) +
                              "\"]\n[[detector]]\nplugin = \"org.vigil.test.large_signal\"\n",
                          "callbacks.toml");
  ASSERT_TRUE(config.ok()) << config.status().to_string();
  auto engine = Engine::create(*config);
  ASSERT_TRUE(engine.ok()) << engine.status().to_string();
  std::vector<std::uint8_t> pixels(3 * 4 * 4, 9);
  Media media;
  media.frames.push_back(Frame::view(pixels.data(), 4, 4, 12));

  auto normal = (*engine)->scan(media);
  ASSERT_TRUE(normal.ok());
  ASSERT_EQ(normal->signals.size(), 1u);
  EXPECT_EQ(normal->signals[0].value.size(), 256u * 1024);

  g_refuse_from = 128 * 1024;  // the host's copy of the 256 KiB value fails
  auto starved = (*engine)->scan(media);
  g_refuse_from = 0;
  ASSERT_TRUE(starved.ok()) << starved.status().to_string();
  ASSERT_EQ(starved->errors.size(), 1u);
  EXPECT_EQ(starved->errors[0].code, ErrorCode::detector_failed);
  EXPECT_NE(starved->errors[0].message.find("could not copy"), std::string::npos)
      << starved->errors[0].message;
  EXPECT_TRUE(starved->signals.empty());
}

}  // namespace
}  // namespace vigil
