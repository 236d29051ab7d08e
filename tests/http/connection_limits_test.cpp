// Slow, idle and too many connections (http/connection.hpp): none of them may keep the server
// from answering an active client. These exercise the connection layer, which is the same on
// both backends, so they run on SQLite only.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "http_test_support.hpp"

using namespace facilitator::testing;
using namespace std::chrono_literals;

namespace {

/// A client connection opened by hand, closed when it goes out of scope.
class Socket {
 public:
  explicit Socket(int port) : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = fd_ >= 0 && ::connect(fd_, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0;
  }
  ~Socket() {
    if (fd_ >= 0) ::close(fd_);
  }
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;
  Socket(Socket&& other) noexcept : fd_(std::exchange(other.fd_, -1)), connected_(other.connected_) {}

  [[nodiscard]] bool connected() const { return connected_; }
  bool send(const std::string& bytes) {
    return ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(bytes.size());
  }
  /// What arrives within `wait`, up to the first "\r\n\r\n" and Content-Length bytes, or until the peer closes.
  std::string read_answer(std::chrono::milliseconds wait) {
    std::string text;
    auto deadline = std::chrono::steady_clock::now() + wait;
    while (std::chrono::steady_clock::now() < deadline) {
      auto end = text.find("\r\n\r\n");
      if (end != std::string::npos) {
        auto at = text.find("Content-Length: ");
        std::size_t length = at == std::string::npos ? 0 : std::stoul(text.substr(at + 16));
        if (text.size() >= end + 4 + length) break;
      }
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, 100) <= 0) continue;
      char buffer[4096];
      ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
      if (n <= 0) {
        closed_ = true;
        break;
      }
      text.append(buffer, static_cast<std::size_t>(n));
    }
    return text;
  }
  /// Whether the server closes the connection within `wait` (reading and dropping what it sends).
  bool closed_by_server(std::chrono::milliseconds wait) {
    read_answer(wait);
    return closed_;
  }

 private:
  int fd_;
  bool connected_ = false;
  bool closed_ = false;
};

int status_of(const std::string& answer) {
  return answer.rfind("HTTP/1.1 ", 0) == 0 ? std::atoi(answer.c_str() + 9) : 0;
}

}  // namespace

TEST_CASE("With 200 clients sending their headers a line at a time, an active client still gets answers",
          "[http][sqlite][connections]") {
  TestDatabase db(TestBackend::sqlite);
  TestServer server(db, 4);
  std::vector<Socket> slow;
  for (int i = 0; i < 200; ++i) {
    slow.emplace_back(server.port());
    REQUIRE(slow.back().connected());
    slow.back().send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n");
  }
  int answered = 0;
  for (int round = 0; round < 3; ++round) {
    for (auto& s : slow) s.send("X-Slow: " + std::to_string(round) + "\r\n");
    Reply r = server.send("GET", "/health");  // the client's own read timeout is 5 s
    answered += r.status == 200 ? 1 : 0;
    std::this_thread::sleep_for(1s);
  }
  CHECK(answered == 3);
}

TEST_CASE("200 idle keep-alive connections give way to a new client", "[http][sqlite][connections]") {
  TestDatabase db(TestBackend::sqlite);
  TestServer server(db, 4);
  std::vector<Socket> idle;
  for (int i = 0; i < 200; ++i) {
    idle.emplace_back(server.port());
    REQUIRE(idle.back().connected());
    idle.back().send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");  // keep-alive: HTTP/1.1's default
  }
  int answered = 0;
  for (auto& s : idle) answered += status_of(s.read_answer(10s)) == 200 ? 1 : 0;
  CHECK(answered == 200);
  // They stay open on the client's side, asking nothing more.
  Reply r = server.send("GET", "/health");
  CHECK(r.status == 200);
}

TEST_CASE("Connections past the cap are answered 503 with Retry-After at once", "[http][sqlite][connections]") {
  TestDatabase db(TestBackend::sqlite);
  facilitator::http::ConnectionLimits limits;
  limits.max_connections = 8;
  limits.head_timeout = 60s;  // the first eight just sit there for the length of the test
  limits.scarce_head_timeout = 60s;
  TestServer server(db, 2, limits);
  std::vector<Socket> sitting;
  for (int i = 0; i < 8; ++i) {
    sitting.emplace_back(server.port());
    REQUIRE(sitting.back().connected());
  }
  std::this_thread::sleep_for(200ms);  // accepted and counted
  Socket extra(server.port());
  REQUIRE(extra.connected());
  std::string answer = extra.read_answer(5s);
  INFO(answer);
  CHECK(status_of(answer) == 503);
  CHECK(answer.find("Retry-After: ") != std::string::npos);
  CHECK(answer.find("application/problem+json") != std::string::npos);
  sitting.clear();  // the server notices them gone and has room again
  Reply r;
  for (int attempt = 0; attempt < 50 && r.status != 200; ++attempt) {
    std::this_thread::sleep_for(100ms);
    r = server.send("GET", "/health");
  }
  CHECK(r.status == 200);
}

TEST_CASE("A request's head and body have deadlines of their own, however slowly their bytes come",
          "[http][sqlite][connections]") {
  TestDatabase db(TestBackend::sqlite);
  facilitator::http::ConnectionLimits limits;
  limits.head_timeout = 1s;
  limits.body_timeout = 1s;
  TestServer server(db, 4, limits);

  Socket head(server.port());
  REQUIRE(head.connected());
  head.send("GET /health HTTP/1.1\r\n");
  bool head_closed = false;
  for (int i = 0; i < 8 && !head_closed; ++i) {
    head.send("X-Trickle: " + std::to_string(i) + "\r\n");  // a line every 0.4 s: each read is quick
    head_closed = head.closed_by_server(400ms);
  }
  CHECK(head_closed);

  Socket body(server.port());
  REQUIRE(body.connected());
  body.send(
      "POST /api/v1/session HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
      "Content-Length: 100\r\n\r\n{\"email\":");
  bool body_closed = false;
  for (int i = 0; i < 8 && !body_closed; ++i) {
    body.send(" ");
    body_closed = body.closed_by_server(400ms);
  }
  CHECK(body_closed);

  Reply r = server.send("GET", "/health");
  CHECK(r.status == 200);
}
