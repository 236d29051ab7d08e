#pragma once

// The connection layer under cpp-httplib: how a connection is read, how long it may take, and
// when it is refused or let go. cpp-httplib 0.11 gives a connection a worker thread for its
// whole life, limits each read but not a request, and reads headers without limit; a few slow or
// idle clients could hold every worker and one request could fill memory. Here each request has
// deadlines for its head and its body (not per read), its head is counted while it is read, idle
// keep-alive connections are let go as soon as others wait for a worker, and past a cap new
// connections are answered 503 at once. See docs/reliability.md.

#include <atomic>
#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

#include <httplib.h>

#include "http/problem.hpp"

namespace facilitator::http {

/// The limits of the connection layer. The defaults are what `facilitator serve` uses.
struct ConnectionLimits {
  /// From a request's first byte (for a new connection: from its acceptance) to the end of its head.
  std::chrono::milliseconds head_timeout{10'000};
  /// From the end of a request's head to the end of its body.
  std::chrono::milliseconds body_timeout{30'000};
  /// How long a keep-alive connection may wait for its next request while no one waits for a worker.
  std::chrono::milliseconds idle_timeout{5'000};
  /// How long one response may take to be written.
  std::chrono::milliseconds write_timeout{10'000};
  /// While connections wait for a worker, a head still incomplete after this long is given up.
  std::chrono::milliseconds scarce_head_timeout{1'000};
  std::size_t max_head_lines = 100;        // header lines, besides the request line
  std::size_t max_head_line_bytes = 8192;  // one header line (cpp-httplib's own limit)
  std::size_t max_head_bytes = 64 * 1024;  // the request line and the header lines
  /// Connections being served or waiting for a worker; more are answered 503 with Retry-After.
  /// cpp-httplib 0.11 answers 500 to sockets numbered FD_SETSIZE (1024) or above, so this stays
  /// well below that, leaving room for the database's files and connections.
  std::size_t max_connections = 512;
  std::size_t max_requests_per_connection = 1000;
};

/// Counts shared by the workers and the connections they serve.
struct ConnectionGate {
  std::atomic<std::size_t> waiting{0};  // accepted connections that no worker has taken up yet
  std::atomic<std::size_t> active{0};   // connections a worker serves

  [[nodiscard]] bool workers_scarce() const noexcept { return waiting.load(std::memory_order_relaxed) > 0; }
};

/// Makes a cpp-httplib server (TLS when `cert_file` is not empty) whose connections this layer
/// serves with `threads` workers.
[[nodiscard]] std::unique_ptr<httplib::Server> make_guarded_server(const ConnectionLimits& limits, std::size_t threads,
                                                                   const std::string& cert_file = {},
                                                                   const std::string& key_file = {});

/// For request handlers: close the connection once this response is written (its request may
/// have left unread bytes on it).
void close_after_this_response() noexcept;

/// What the connection layer found wrong with the head it was reading, when it stopped reading it.
enum class HeadProblem {
  none,
  too_large,       // more lines or bytes than the limits: 431
  bare_line_feed,  // a line ended by LF alone, which cpp-httplib would skip and wait past: 400
  blank_length,    // a Content-Length or Transfer-Encoding without a value, which cpp-httplib would drop: 400
};

/// For the error handler: why the head of the request being answered was not read to its end, so
/// that cpp-httplib's bare 400 can say what it was.
[[nodiscard]] HeadProblem head_problem() noexcept;

/// The answer to a head the connection layer stopped reading: 431 or 400, saying why. The same
/// whether cpp-httplib answers it or (for a request line that broke a limit) the connection layer.
[[nodiscard]] Problem problem_for(HeadProblem problem);

}  // namespace facilitator::http
