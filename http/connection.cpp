#include "http/connection.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/ssl.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <condition_variable>
#include <cstdint>
#include <cstring>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

namespace facilitator::http {

namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

/// How often a waiting connection looks up from its socket: to notice that the server stops or
/// that others wait for a worker.
constexpr milliseconds kSlice{100};

/// Per worker thread: what the request being answered asked of its connection.
thread_local bool t_close_after_response = false;
thread_local HeadProblem t_head_problem = HeadProblem::none;
/// Set by WorkerPool around a connection it refuses (run on the accepting thread) or serves.
thread_local bool t_refuse_connection = false;
thread_local Clock::time_point t_accepted_at;

/// The wait for a socket to become readable or writable, bounded by `timeout`.
bool wait_for(int fd, short events, milliseconds timeout) {
  pollfd p{fd, events, 0};
  int ms = static_cast<int>(std::max<milliseconds::rep>(0, timeout.count()));
  for (;;) {
    int r = ::poll(&p, 1, ms);
    if (r >= 0) return r > 0;
    if (errno != EINTR) return false;
  }
}

enum class IoResult { data, closed, wait, failed };

/// Bytes in and out of one accepted socket, plain or TLS; never blocks longer than asked.
class Transport {
 public:
  virtual ~Transport() = default;
  /// Reads what is there into `buffer`, waiting at most `timeout` for something to come.
  virtual IoResult read_some(char* buffer, std::size_t size, milliseconds timeout, std::size_t& got) = 0;
  /// Writes all of `data` before `deadline`.
  virtual bool write_all(const char* data, std::size_t size, Clock::time_point deadline) = 0;
  /// Whether something may be read without waiting.
  virtual bool readable_now() = 0;
  [[nodiscard]] virtual int fd() const = 0;
};

class PlainTransport final : public Transport {
 public:
  explicit PlainTransport(int fd) : fd_(fd) {}

  IoResult read_some(char* buffer, std::size_t size, milliseconds timeout, std::size_t& got) override {
    for (bool waited = false;;) {
      ssize_t n = ::recv(fd_, buffer, size, MSG_DONTWAIT);
      if (n > 0) {
        got = static_cast<std::size_t>(n);
        return IoResult::data;
      }
      if (n == 0) return IoResult::closed;
      if (errno == EINTR) continue;
      if (errno != EAGAIN && errno != EWOULDBLOCK) return IoResult::failed;
      if (waited || !wait_for(fd_, POLLIN, timeout)) return IoResult::wait;
      waited = true;
    }
  }

  bool write_all(const char* data, std::size_t size, Clock::time_point deadline) override {
    while (size > 0) {
      ssize_t n = ::send(fd_, data, size, MSG_DONTWAIT | MSG_NOSIGNAL);
      if (n > 0) {
        data += n;
        size -= static_cast<std::size_t>(n);
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) return false;
      auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now());
      if (left.count() <= 0 || !wait_for(fd_, POLLOUT, left)) return false;
    }
    return true;
  }

  bool readable_now() override { return wait_for(fd_, POLLIN, milliseconds(0)); }
  [[nodiscard]] int fd() const override { return fd_; }

 private:
  int fd_;
};

/// TLS on a non-blocking socket: every OpenSSL call that wants the socket waits for it here, with
/// the caller's bound, instead of blocking inside OpenSSL.
class TlsTransport final : public Transport {
 public:
  TlsTransport(int fd, SSL_CTX* context) : fd_(fd), ssl_(SSL_new(context)) {
    if (ssl_ != nullptr) SSL_set_fd(ssl_, fd_);
  }
  ~TlsTransport() override {
    if (ssl_ == nullptr) return;
    if (handshaken_) SSL_shutdown(ssl_);  // one close_notify, not waiting for the peer's
    SSL_free(ssl_);
  }
  TlsTransport(const TlsTransport&) = delete;
  TlsTransport& operator=(const TlsTransport&) = delete;

  /// The TLS handshake, before `deadline`.
  bool accept(Clock::time_point deadline) {
    if (ssl_ == nullptr) return false;
    for (;;) {
      int r = SSL_accept(ssl_);
      if (r == 1) return handshaken_ = true;
      if (!wait_as_asked(r, deadline - Clock::now())) return false;
    }
  }

  IoResult read_some(char* buffer, std::size_t size, milliseconds timeout, std::size_t& got) override {
    for (bool waited = false;;) {
      int n = SSL_read(ssl_, buffer, static_cast<int>(std::min<std::size_t>(size, 1 << 30)));
      if (n > 0) {
        got = static_cast<std::size_t>(n);
        return IoResult::data;
      }
      int error = SSL_get_error(ssl_, n);
      if (error == SSL_ERROR_ZERO_RETURN) return IoResult::closed;
      if (error != SSL_ERROR_WANT_READ && error != SSL_ERROR_WANT_WRITE) return IoResult::failed;
      if (waited) return IoResult::wait;
      if (!wait_for(fd_, error == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT, timeout)) return IoResult::wait;
      waited = true;
    }
  }

  bool write_all(const char* data, std::size_t size, Clock::time_point deadline) override {
    while (size > 0) {
      int n = SSL_write(ssl_, data, static_cast<int>(std::min<std::size_t>(size, 1 << 30)));
      if (n > 0) {
        data += n;
        size -= static_cast<std::size_t>(n);
        continue;
      }
      if (!wait_as_asked(n, deadline - Clock::now())) return false;
    }
    return true;
  }

  bool readable_now() override { return SSL_pending(ssl_) > 0 || wait_for(fd_, POLLIN, milliseconds(0)); }
  [[nodiscard]] int fd() const override { return fd_; }
  [[nodiscard]] SSL* ssl() const noexcept { return ssl_; }

 private:
  /// After an OpenSSL call returned `result`: waits for what it wants, if it only wants the socket.
  bool wait_as_asked(int result, Clock::duration left) {
    int error = SSL_get_error(ssl_, result);
    if (error != SSL_ERROR_WANT_READ && error != SSL_ERROR_WANT_WRITE) return false;
    auto ms = std::chrono::duration_cast<milliseconds>(left);
    return ms.count() > 0 && wait_for(fd_, error == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT, ms);
  }

  int fd_;
  SSL* ssl_;
  bool handshaken_ = false;
};

/// What cpp-httplib reads a connection's requests through: its own buffer, a deadline per
/// request phase, and a count of the head's lines and bytes as cpp-httplib consumes them (it
/// reads a head one byte at a time, so the count is exact).
class GuardedStream final : public httplib::Stream {
 public:
  GuardedStream(Transport& transport, const ConnectionLimits& limits, const ConnectionGate& gate,
                const std::function<bool()>& stopping)
      : transport_(transport), limits_(limits), gate_(gate), stopping_(stopping) {}

  /// Waits for the next request to begin: its first byte, or (for a new connection) until the
  /// head deadline. False when the connection should end instead: the client closed it, it stayed
  /// idle too long, the server stops, or others wait for a worker and this one has nothing to do.
  bool await_request(bool first, Clock::time_point accepted_at) {
    request_started_ = first ? accepted_at : Clock::now();
    phase_ = Phase::head;
    head_bytes_ = 0;
    head_lines_ = 0;
    line_length_ = 0;
    start_line();
    last_byte_ = '\0';
    if (failed_) return false;
    if (begin_ != end_) return true;  // a pipelined request is already here
    Clock::time_point deadline = request_started_ + (first ? limits_.head_timeout : limits_.idle_timeout);
    for (;;) {
      if (stopping_()) return false;
      if (transport_.readable_now()) return true;
      Clock::time_point now = Clock::now();
      if (now >= deadline) return false;
      // A keep-alive connection with no request is the first to give way to one that waits.
      if (!first && gate_.workers_scarce()) return false;
      if (first && gate_.workers_scarce() && now - request_started_ > limits_.scarce_head_timeout) return false;
      wait_for(transport_.fd(), POLLIN, std::min(kSlice, std::chrono::duration_cast<milliseconds>(deadline - now)));
    }
  }

  [[nodiscard]] bool failed() const noexcept { return failed_; }
  [[nodiscard]] bool wrote_this_request() const noexcept { return wrote_; }
  void forget_writes() noexcept { wrote_ = false; }

  bool is_readable() const override { return begin_ != end_ || transport_.readable_now(); }
  bool is_writable() const override { return !failed_ && wait_for(transport_.fd(), POLLOUT, milliseconds(0)); }

  ssize_t read(char* ptr, size_t size) override {
    if (failed_ || size == 0) return failed_ ? -1 : 0;
    if (begin_ == end_ && !fill()) return failed_ ? -1 : 0;
    std::size_t n = std::min(size, end_ - begin_);
    if (phase_ == Phase::head) n = account_head(n);
    if (failed_) return -1;
    std::memcpy(ptr, buffer_.data() + begin_, n);
    begin_ += n;
    return static_cast<ssize_t>(n);
  }

  ssize_t write(const char* ptr, size_t size) override {
    if (failed_) return -1;
    wrote_ = true;
    if (!transport_.write_all(ptr, size, Clock::now() + limits_.write_timeout)) {
      failed_ = true;
      return -1;
    }
    return static_cast<ssize_t>(size);
  }

  void get_remote_ip_and_port(std::string& ip, int& port) const override { address_of(false, ip, port); }
  void get_local_ip_and_port(std::string& ip, int& port) const override { address_of(true, ip, port); }
  ::socket_t socket() const override { return transport_.fd(); }

 private:
  enum class Phase { head, body };

  /// Of the `n` buffered bytes about to be read in the head: how many belong to it. Counts lines
  /// and bytes; past a limit the stream fails, and cpp-httplib answers 400 (made 431 by the server's
  /// error handler, which asks head_problem()).
  std::size_t account_head(std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) {
      char c = buffer_[begin_ + i];
      if (++head_bytes_ > limits_.max_head_bytes) return fail_head(HeadProblem::too_large);
      if (c != '\n') {
        ++line_length_;
        note_header_byte(c);
        // The request line is cpp-httplib's to judge (414); a header line is ours.
        if (head_lines_ > 0 && line_length_ > limits_.max_head_line_bytes) return fail_head(HeadProblem::too_large);
        last_byte_ = c;
        continue;
      }
      if (line_length_ == 0 || last_byte_ != '\r') return fail_head(HeadProblem::bare_line_feed);
      if (head_lines_ > 0 && blank_framing_header()) return fail_head(HeadProblem::blank_length);
      start_line();
      // A head ends with an empty line: "\r\n" alone, as cpp-httplib reads it.
      bool empty_line = line_length_ == 1;
      line_length_ = 0;
      last_byte_ = c;
      if (empty_line && head_lines_ > 0) {
        phase_ = Phase::body;
        body_started_ = Clock::now();
        return i + 1;
      }
      if (++head_lines_ > limits_.max_head_lines + 1) return fail_head(HeadProblem::too_large);  // + the request line
    }
    return n;
  }

  // A Content-Length or Transfer-Encoding line with nothing after its colon is invalid (RFC 9110
  // wants digits, RFC 9112 a coding), and cpp-httplib drops a header without a value: a request
  // with "Content-Length:" and "Content-Length: 487" would pass as one with a single length.
  // The name of each header line (lower-cased, only as much as these names need) and whether its
  // value has anything but blanks.
  void start_line() noexcept {
    name_length_ = 0;
    in_value_ = false;
    value_blank_ = true;
  }

  void note_header_byte(char c) noexcept {
    if (in_value_) {
      if (c != ' ' && c != '\t' && c != '\r') value_blank_ = false;
    } else if (c == ':') {
      in_value_ = true;
    } else if (name_length_ < line_name_.size()) {
      line_name_[name_length_++] = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }

  [[nodiscard]] bool blank_framing_header() const noexcept {
    if (!in_value_ || !value_blank_) return false;
    std::string_view name(line_name_.data(), name_length_);
    return name == "content-length" || name == "transfer-encoding";
  }

  std::size_t fail_head(HeadProblem problem) {
    t_head_problem = problem;
    failed_ = true;
    return 0;
  }

  /// Waits for more bytes within the current phase's deadline. What the socket already holds is
  /// taken first: a request that waited for a worker has usually arrived whole.
  bool fill() {
    begin_ = end_ = 0;
    for (milliseconds wait{0};;) {
      std::size_t got = 0;
      switch (transport_.read_some(buffer_.data(), buffer_.size(), wait, got)) {
        case IoResult::data:
          end_ = got;
          return true;
        case IoResult::closed:
          return false;
        case IoResult::failed:
          failed_ = true;
          return false;
        case IoResult::wait:
          break;
      }
      Clock::time_point now = Clock::now();
      Clock::time_point deadline =
          phase_ == Phase::head ? request_started_ + limits_.head_timeout : body_started_ + limits_.body_timeout;
      bool scarce_head =
          phase_ == Phase::head && gate_.workers_scarce() && now - request_started_ > limits_.scarce_head_timeout;
      if (now >= deadline || scarce_head || stopping_()) {
        failed_ = true;
        return false;
      }
      wait = std::min(kSlice, std::chrono::duration_cast<milliseconds>(deadline - now) + milliseconds(1));
    }
  }

  void address_of(bool local, std::string& ip, int& port) const {
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    auto* raw = reinterpret_cast<sockaddr*>(&address);
    int r = local ? ::getsockname(transport_.fd(), raw, &length) : ::getpeername(transport_.fd(), raw, &length);
    ip.clear();
    port = 0;
    if (r != 0) return;
    char text[INET6_ADDRSTRLEN] = {};
    if (address.ss_family == AF_INET) {
      auto* in = reinterpret_cast<sockaddr_in*>(&address);
      ::inet_ntop(AF_INET, &in->sin_addr, text, sizeof text);
      port = ntohs(in->sin_port);
    } else if (address.ss_family == AF_INET6) {
      auto* in6 = reinterpret_cast<sockaddr_in6*>(&address);
      ::inet_ntop(AF_INET6, &in6->sin6_addr, text, sizeof text);
      port = ntohs(in6->sin6_port);
    }
    ip = text;
  }

  Transport& transport_;
  const ConnectionLimits& limits_;
  const ConnectionGate& gate_;
  const std::function<bool()>& stopping_;
  std::array<char, 16 * 1024> buffer_{};
  std::size_t begin_ = 0;
  std::size_t end_ = 0;
  Phase phase_ = Phase::head;
  Clock::time_point request_started_;
  Clock::time_point body_started_;
  std::size_t head_bytes_ = 0;
  std::size_t head_lines_ = 0;
  std::size_t line_length_ = 0;
  char last_byte_ = '\0';
  std::array<char, 20> line_name_{};  // longer names are none of these
  std::size_t name_length_ = 0;
  bool in_value_ = false;
  bool value_blank_ = true;
  bool failed_ = false;
  bool wrote_ = false;
};

/// A complete answer written straight to a socket, for when cpp-httplib is not asked at all: the
/// problem as write_problem writes it, with the headers every answer of the server carries
/// (http/server.cpp) and an id of its own.
std::string raw_problem(const Problem& problem, const char* reason) {
  httplib::Response res;
  write_problem(res, problem);
  static std::atomic<std::uint64_t> answered{0};
  std::string head = "HTTP/1.1 " + std::to_string(res.status) + " " + reason +
                     "\r\nContent-Length: " + std::to_string(res.body.size()) +
                     "\r\nConnection: close\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n"
                     "Content-Security-Policy: default-src 'none'; frame-ancestors 'none'\r\n"
                     "Referrer-Policy: no-referrer\r\nX-Request-Id: connection-" +
                     std::to_string(++answered) + "\r\n";
  for (const auto& [name, value] : res.headers) head += name + ": " + value + "\r\n";
  return head + "\r\n" + res.body;
}

/// Serves one connection's requests with `process` (cpp-httplib's process_request).
template <class Process>
void serve_connection(Transport& transport, const ConnectionLimits& limits, const ConnectionGate& gate,
                      const std::function<bool()>& stopping, Clock::time_point accepted_at, Process process) {
  GuardedStream stream(transport, limits, gate, stopping);
  for (std::size_t served = 0; served < limits.max_requests_per_connection; ++served) {
    if (!stream.await_request(served == 0, accepted_at)) return;
    t_close_after_response = false;
    t_head_problem = HeadProblem::none;
    stream.forget_writes();
    bool last = served + 1 == limits.max_requests_per_connection;
    bool closed = false;
    bool ok = process(stream, last, closed);
    if (t_head_problem != HeadProblem::none && !stream.wrote_this_request()) {
      // The request line itself broke a rule: cpp-httplib gives up without an answer.
      std::string answer =
          raw_problem(problem_for(t_head_problem),
                      t_head_problem == HeadProblem::too_large ? "Request Header Fields Too Large" : "Bad Request");
      transport.write_all(answer.data(), answer.size(), Clock::now() + limits.write_timeout);
    }
    if (!ok || closed || t_close_after_response || stream.failed()) return;
  }
}

/// Sets the socket non-blocking: every wait is a poll with a bound of our own.
void make_non_blocking(int fd) {
  int flags = ::fcntl(fd, F_GETFL, 0);
  if (flags >= 0) ::fcntl(fd, F_SETFL, flags | O_NONBLOCK);
}

/// Closes our side gently: a client still sending (a body we refused unread, a head past the
/// limit) would otherwise get a reset, and a reset can destroy the answer before it reads it. So
/// its bytes are read and dropped for a moment first, as nginx's lingering close does; not while
/// others wait for a worker.
void close_gently(int fd, const ConnectionGate& gate) {
  constexpr milliseconds kLinger{500};
  constexpr std::size_t kMaxDrained = 1 << 20;
  ::shutdown(fd, SHUT_WR);
  if (!gate.workers_scarce()) {
    Clock::time_point deadline = Clock::now() + kLinger;
    std::array<char, 4096> sink{};
    for (std::size_t drained = 0; drained < kMaxDrained;) {
      auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now());
      if (left.count() <= 0 || !wait_for(fd, POLLIN, left)) break;
      ssize_t n = ::recv(fd, sink.data(), sink.size(), MSG_DONTWAIT);
      if (n <= 0) break;  // the client closed too (or the socket failed): done
      drained += static_cast<std::size_t>(n);
    }
  }
  ::close(fd);
}

/// The answer to a connection past the cap, written without waiting by the accepting thread.
void refuse(int fd) {
  const std::string answer = raw_problem(
      problem_for(core::ErrorCode::unavailable, "The server has as many connections as it serves; try again shortly."),
      "Service Unavailable");
  (void)::send(fd, answer.data(), answer.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
}

/// cpp-httplib's task queue: a fixed set of workers that keeps the counts ConnectionGate shows,
/// and refuses connections past the cap instead of queueing them without end.
class WorkerPool final : public httplib::TaskQueue {
 public:
  WorkerPool(std::size_t threads, std::size_t max_connections, std::shared_ptr<ConnectionGate> gate)
      : max_connections_(max_connections), gate_(std::move(gate)) {
    for (std::size_t i = 0; i < std::max<std::size_t>(threads, 1); ++i) workers_.emplace_back([this] { work(); });
  }
  ~WorkerPool() override { shutdown(); }
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  void enqueue(std::function<void()> fn) override {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (gate_->waiting + gate_->active < max_connections_) {
        jobs_.push_back({std::move(fn), Clock::now()});
        ++gate_->waiting;
        ready_.notify_one();
        return;
      }
    }
    // Over the cap: the job answers 503 and closes its socket here and now (see refuse()).
    t_refuse_connection = true;
    fn();
    t_refuse_connection = false;
  }

  void shutdown() override {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (stopping_) return;
      stopping_ = true;
    }
    ready_.notify_all();
    for (auto& worker : workers_) worker.join();
  }

 private:
  struct Job {
    std::function<void()> run;
    Clock::time_point accepted_at;
  };

  void work() {
    for (;;) {
      Job job;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        ready_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
        if (jobs_.empty()) return;  // stopping, and nothing left to answer
        job = std::move(jobs_.front());
        jobs_.pop_front();
        --gate_->waiting;
        ++gate_->active;
      }
      t_accepted_at = job.accepted_at;
      job.run();  // cpp-httplib's job (process_and_close_socket) does not throw
      --gate_->active;
    }
  }

  std::size_t max_connections_;
  std::shared_ptr<ConnectionGate> gate_;
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<Job> jobs_;
  std::vector<std::thread> workers_;
  bool stopping_ = false;
};

/// A cpp-httplib server (Base: Server or SSLServer) whose connections serve_connection serves.
template <class Base>
class GuardedServer final : public Base {
 public:
  template <class... Args>
  GuardedServer(const ConnectionLimits& limits, std::size_t threads, Args&&... args)
      : Base(std::forward<Args>(args)...), limits_(limits), gate_(std::make_shared<ConnectionGate>()) {
    this->new_task_queue = [threads, limits = limits_, gate = gate_] {
      return new WorkerPool(threads, limits.max_connections, gate);
    };
  }

 private:
  bool process_and_close_socket(::socket_t sock) override {
    if (t_refuse_connection) {
      refuse(sock);
    } else {
      make_non_blocking(sock);
      try {
        serve(sock);
      } catch (...) {
        // Nothing a request does may end the process; the connection ends here instead.
      }
      close_gently(sock, *gate_);
      return true;
    }
    ::shutdown(sock, SHUT_RDWR);
    ::close(sock);
    return true;
  }

  void serve(int sock) {
    // Server::stop() closes the listening socket first; is_running() turns false only after every
    // worker has finished.
    std::function<bool()> stopping = [this] { return this->svr_sock_ == INVALID_SOCKET; };
    if constexpr (std::is_same_v<Base, httplib::SSLServer>) {
      TlsTransport transport(sock, this->ssl_context());
      if (!transport.accept(t_accepted_at + limits_.head_timeout)) return;
      // Handlers tell a TLS request by req.ssl, as cpp-httplib's own TLS connections set it.
      std::function<void(httplib::Request&)> mark_tls = [&transport](httplib::Request& req) {
        req.ssl = transport.ssl();
      };
      serve_connection(transport, limits_, *gate_, stopping, t_accepted_at,
                       [this, &mark_tls](httplib::Stream& stream, bool last, bool& closed) {
                         return this->process_request(stream, last, closed, mark_tls);
                       });
    } else {
      PlainTransport transport(sock);
      serve_connection(transport, limits_, *gate_, stopping, t_accepted_at,
                       [this](httplib::Stream& stream, bool last, bool& closed) {
                         return this->process_request(stream, last, closed, nullptr);
                       });
    }
  }

  ConnectionLimits limits_;
  std::shared_ptr<ConnectionGate> gate_;
};

}  // namespace

std::unique_ptr<httplib::Server> make_guarded_server(const ConnectionLimits& limits, std::size_t threads,
                                                     const std::string& cert_file, const std::string& key_file) {
  if (cert_file.empty()) return std::make_unique<GuardedServer<httplib::Server>>(limits, threads);
  return std::make_unique<GuardedServer<httplib::SSLServer>>(limits, threads, cert_file.c_str(), key_file.c_str());
}

void close_after_this_response() noexcept { t_close_after_response = true; }

HeadProblem head_problem() noexcept { return t_head_problem; }

Problem problem_for(HeadProblem problem) {
  Problem answer = problem_for_status(problem == HeadProblem::too_large ? 431 : 400);
  switch (problem) {
    case HeadProblem::too_large:
      answer.detail = "The request has more header lines or bytes than this server reads.";
      break;
    case HeadProblem::blank_length:
      answer.detail = "Content-Length and Transfer-Encoding may not be empty.";
      break;
    default:
      answer.detail = "Each line of the request head must end with CR LF.";
      break;
  }
  return answer;
}

}  // namespace facilitator::http
