// Finds this process's own TCP connections by address and shuts them down. cpp-httplib 0.11
// gives request handlers no access to their socket, so the test portal uses this to drop a
// connection without a response (drop_after_commit), to close a connection whose request
// body was refused unread (413), and to cut keep-alive connections on stop(). Linux only
// (/proc/self/fd). Internal to the vigil_test_portal library.
#pragma once

#include <vector>

namespace vigil::testing::details {

// The descriptors of this process's connected IPv4 sockets whose local address is
// 127.0.0.1:`local_port` and, when `remote_port` >= 0, whose peer port is `remote_port`.
// Another thread may close (and the kernel reuse) a descriptor at any time: only use this
// for connections the caller knows are still open, or accept that small race.
std::vector<int> find_loopback_connections(int local_port, int remote_port = -1);

// Shuts down, in both directions, every connection find_loopback_connections() finds. The
// descriptors stay open (their owner closes them). Returns how many.
int shutdown_loopback_connections(int local_port, int remote_port = -1);

// A lingering close, for a response sent before the request body was read: half-closes the
// connection (the peer reads the whole response, then end of stream), reads and discards
// whatever the peer still sends until it closes or `budget_ms` pass, then shuts down
// reading too. Closing with unread data instead would send a reset that can destroy the
// response before the peer reads it. Returns false if the connection was not found.
bool linger_loopback_connection(int local_port, int remote_port, int budget_ms);

}  // namespace vigil::testing::details
