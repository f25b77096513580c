#include "loopback_connections.hpp"

#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

#include <array>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstring>
#include <string_view>
#include <vector>

namespace vigil::testing::details {
namespace {

// The IPv4 address `get` (getsockname or getpeername) reports for `fd`, if it has one.
template <typename Getter>
bool ipv4_address(int fd, Getter get, sockaddr_in& address) {
  sockaddr_storage storage{};
  socklen_t length = sizeof(storage);
  if (get(fd, reinterpret_cast<sockaddr*>(&storage), &length) != 0) return false;
  if (storage.ss_family != AF_INET) return false;
  std::memcpy(&address, &storage, sizeof(address));
  return true;
}

std::vector<int> open_descriptors() {
  std::vector<int> fds;
  DIR* directory = opendir("/proc/self/fd");
  if (directory == nullptr) return fds;
  const int own_fd = dirfd(directory);
  while (const dirent* entry = readdir(directory)) {
    const std::string_view name = entry->d_name;
    int fd = -1;
    const auto [end, error] = std::from_chars(name.data(), name.data() + name.size(), fd);
    if (error == std::errc{} && end == name.data() + name.size() && fd != own_fd) fds.push_back(fd);
  }
  closedir(directory);
  return fds;
}

}  // namespace

std::vector<int> find_loopback_connections(int local_port, int remote_port) {
  std::vector<int> found;
  for (const int fd : open_descriptors()) {
    sockaddr_in local{};
    sockaddr_in peer{};
    if (!ipv4_address(fd, ::getsockname, local) || !ipv4_address(fd, ::getpeername, peer)) continue;
    if (local.sin_addr.s_addr != htonl(INADDR_LOOPBACK) || ntohs(local.sin_port) != local_port) {
      continue;
    }
    if (remote_port >= 0 && ntohs(peer.sin_port) != remote_port) continue;
    found.push_back(fd);
  }
  return found;
}

int shutdown_loopback_connections(int local_port, int remote_port) {
  int count = 0;
  for (const int fd : find_loopback_connections(local_port, remote_port)) {
    if (::shutdown(fd, SHUT_RDWR) == 0) ++count;
  }
  return count;
}

bool linger_loopback_connection(int local_port, int remote_port, int budget_ms) {
  const std::vector<int> fds = find_loopback_connections(local_port, remote_port);
  if (fds.empty()) return false;
  const int fd = fds.front();
  ::shutdown(fd, SHUT_WR);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(budget_ms);
  std::array<char, 65536> discard{};
  while (true) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) break;
    pollfd readable{fd, POLLIN, 0};
    const int ready = ::poll(&readable, 1, static_cast<int>(left.count()));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) break;
    const ssize_t n = ::recv(fd, discard.data(), discard.size(), MSG_DONTWAIT);
    if (n == 0) break;  // the peer closed: nothing is left for anyone to misread
    if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) break;
  }
  ::shutdown(fd, SHUT_RD);
  return true;
}

}  // namespace vigil::testing::details
