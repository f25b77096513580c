// vigil_test_portal: the loopback CyberTipline test portal as a program, for trying the
// reporter by hand. Serves until SIGINT or SIGTERM and logs one line per call:
//   <method> <path> <HTTP status | dropped> <responseCode | -> <Request-ID>
#include <pthread.h>

#include <csignal>
#include <cstdlib>
#include <iostream>
#include <mutex>
#include <string>
#include <string_view>

#include "test_portal.hpp"

namespace {

constexpr char kUsage[] =
    "usage: vigil_test_portal [--port N] [--user U] [--password P]\n"
    "Serves an imitation of the CyberTipline API on http://127.0.0.1:N/ispws (default: a free\n"
    "port; credentials vigil-test / test-password) until SIGINT or SIGTERM.\n";

}  // namespace

int main(int argc, char** argv) {
  vigil::testing::TestPortalOptions options;
  for (int i = 1; i < argc; ++i) {
    const std::string_view flag = argv[i];
    if (flag == "--help" || flag == "-h") {
      std::cout << kUsage;
      return 0;
    }
    if (i + 1 >= argc || (flag != "--port" && flag != "--user" && flag != "--password")) {
      std::cerr << kUsage;
      return 2;
    }
    const std::string value = argv[++i];
    if (flag == "--port") {
      char* end = nullptr;
      const long port = std::strtol(value.c_str(), &end, 10);
      if (*end != '\0' || port < 0 || port > 65535) {
        std::cerr << "vigil_test_portal: bad port '" << value << "'\n";
        return 2;
      }
      options.port = static_cast<int>(port);
    } else if (flag == "--user") {
      options.user = value;
    } else {
      options.password = value;
    }
  }

  // Block the stop signals before any thread starts, so every thread inherits the mask and
  // sigwait() below receives them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  vigil::testing::TestPortal portal(options);
  std::mutex output;
  portal.on_call([&output](const vigil::testing::PortalCall& call,
                           vigil::testing::CallPhase phase) {
    if (phase != vigil::testing::CallPhase::responded) return;
    std::lock_guard lock(output);
    std::cout << call.method << ' ' << call.path << ' '
              << (call.dropped ? std::string("dropped") : std::to_string(call.http_status)) << ' '
              << (call.response_code ? std::to_string(*call.response_code) : std::string("-"))
              << ' ' << call.request_id << std::endl;
  });
  try {
    portal.start();
  } catch (const std::exception& e) {
    std::cerr << "vigil_test_portal: " << e.what() << "\n";
    return 1;
  }
  {
    std::lock_guard lock(output);
    std::cout << "listening on " << portal.base_url() << std::endl;
  }
  int received = 0;
  sigwait(&stop_signals, &received);
  portal.stop();
  return 0;
}
