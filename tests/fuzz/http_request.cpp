// The whole request handling: the input is written as it is to a real facilitator server (one per
// process, on 127.0.0.1, over a migrated SQLite database in a temporary folder), through cpp-httplib,
// the router, the handlers and the store. Whatever the bytes, the server must answer below 500 and
// must answer at all when the input holds a whole request head. A crash in a server thread takes
// the process down, which libFuzzer reports like any other.
//
// So that inputs reach the handlers behind the login, these placeholders are replaced before the
// bytes are sent (the seed corpus and the dictionary use them):
//   {{token.admin}}, {{token.adviser}}, {{token.management}}       an API token of that role
//   {{session.ROLE}}, {{csrf.ROLE}} for admin, adviser, management, entrepreneur
//                                        a session cookie ("facilitator_session=...") and its CSRF token
// A credential that an input ended (logout, a revoked token, a disabled user, a changed password)
// is replaced by a new one before the next input that uses it.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cctype>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "core/service/service_set.hpp"
#include "http/auth.hpp"
#include "http/server.hpp"
#include "http/services.hpp"
#include "temporary_store.hpp"
#include "workflows/registry.hpp"

namespace {

using namespace facilitator;
using namespace std::chrono_literals;

constexpr const char* kPassword = "fuzz-password-2026";
constexpr const char* kAddress = "127.0.0.1";
/// The address the harness's own logins come from: the inputs' failed logins from 127.0.0.1 may
/// throttle that address (as they should), and must not lock the harness out of its sessions.
constexpr const char* kHarnessAddress = "192.0.2.1";
/// How long the server has to answer and close; far more than any request needs.
constexpr auto kAnswerDeadline = 20s;

constexpr std::array kTokenRoles{core::Role::admin, core::Role::adviser, core::Role::management};
constexpr std::array kSessionRoles{core::Role::admin, core::Role::adviser, core::Role::management,
                                   core::Role::entrepreneur};

[[noreturn]] void fail(const std::string& what) {
  std::fprintf(stderr, "http_request: %s\n", what.c_str());
  std::fflush(stderr);
  __builtin_trap();
}

struct Session {
  std::string secret;
  std::string csrf_token;
};

class FuzzServer {
 public:
  FuzzServer()
      : store_(fuzz::open_temporary_store(8)),
        registry_(workflows::builtin_registry()),
        set_(*store_, registry_, core::system_clock()),
        services_(http::services_of(*store_, registry_, set_)) {
    http::ServerOptions options;
    options.host = kAddress;
    options.port = 0;
    options.threads = 4;
    server_ = std::make_unique<http::Server>(services_, options);
    port_ = server_->bind();
    std::thread([this] { server_->run(); }).detach();  // serves until the process ends
    auto deadline = std::chrono::steady_clock::now() + 10s;
    while (!server_->running() && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(1ms);
    if (!server_->running()) throw std::runtime_error("the server did not start");
  }

  [[nodiscard]] int port() const noexcept { return port_; }

  /// The input with its placeholders replaced by credentials that are valid now.
  std::string substitute(std::string text) {
    if (text.find("{{") == std::string::npos) return text;
    for (core::Role role : kTokenRoles) {
      std::string name = "{{token." + std::string(core::to_string(role)) + "}}";
      if (text.find(name) != std::string::npos) replace_all(text, name, token(role));
    }
    for (core::Role role : kSessionRoles) {
      std::string cookie = "{{session." + std::string(core::to_string(role)) + "}}";
      std::string csrf = "{{csrf." + std::string(core::to_string(role)) + "}}";
      if (text.find(cookie) == std::string::npos && text.find(csrf) == std::string::npos) continue;
      const Session& s = session(role);
      replace_all(text, cookie, std::string(http::kSessionCookie) + "=" + s.secret);
      replace_all(text, csrf, s.csrf_token);
    }
    return text;
  }

 private:
  static void replace_all(std::string& text, const std::string& from, const std::string& to) {
    for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
      text.replace(at, from.size(), to);
  }

  const std::string& token(core::Role role) {
    auto it = tokens_.find(role);
    if (it != tokens_.end() && set_.accounts.resolve_token(it->second, kAddress)) return it->second;
    core::Actor admin{"fuzz", core::Role::admin};
    std::string secret =
        set_.accounts.create_token("fuzz " + std::string(core::to_string(role)), role, admin, kAddress).secret;
    return tokens_[role] = secret;
  }

  const Session& session(core::Role role) {
    auto it = sessions_.find(role);
    if (it != sessions_.end() && set_.accounts.resolve_session(it->second.secret)) return it->second;
    // The user may have been disabled, throttled or given another password by an input: then a
    // new user of that role takes its place.
    auto& email = emails_[role];
    if (!email.empty()) {
      try {
        core::LoginResult login = set_.accounts.login(email, kPassword, kHarnessAddress);
        return sessions_[role] = {login.session_secret, login.session.csrf_token};
      } catch (const std::exception&) {
      }
    }
    email = "fuzz." + std::string(core::to_string(role)) + "." + std::to_string(++users_) + "@mnu.no";
    if (role == core::Role::entrepreneur) return sessions_[role] = invited_entrepreneur(email);
    set_.accounts.add_user({email, "Fuzz " + std::string(core::to_string(role)), role, kPassword},
                           core::Actor{"system", core::Role::system});
    core::LoginResult login = set_.accounts.login(email, kPassword, kHarnessAddress);
    return sessions_[role] = {login.session_secret, login.session.csrf_token};
  }

  /// An entrepreneur the way a real one comes to be: a contact of a new project, invited by an
  /// adviser, who accepts the invitation. Through the API, so the project has its history.
  Session invited_entrepreneur(const std::string& email) {
    httplib::Client client(kAddress, port_);
    client.set_read_timeout(30s);
    httplib::Headers headers{{"Authorization", "Bearer " + token(core::Role::adviser)}};
    auto post = [&](const std::string& path, const nlohmann::json& body) {
      auto result = client.Post(path.c_str(), headers, body.dump(), "application/json");
      if (!result || result->status != 201)
        throw std::runtime_error("setting up an entrepreneur: POST " + path + " answered " +
                                 (result ? std::to_string(result->status) + " " + result->body : "nothing"));
      return nlohmann::json::parse(result->body);
    };
    auto project = post("/api/v1/projects", {{"workflow", "establishment"}, {"title", "Fuzz " + email}});
    std::string base = "/api/v1/projects/" + std::to_string(project["id"].get<std::int64_t>());
    auto contact = post(base + "/contacts", {{"name", "Gründer " + email}, {"email", email}});
    auto invitation = post(base + "/invitations", {{"contact_id", contact["id"]}});
    core::LoginResult login =
        set_.accounts.accept_invitation(invitation["token"].get<std::string>(), kPassword, kHarnessAddress);
    return {login.session_secret, login.session.csrf_token};
  }

  std::unique_ptr<core::storage::SociStore> store_;
  core::WorkflowRegistry registry_;
  core::ServiceSet set_;
  http::Services services_;
  std::unique_ptr<http::Server> server_;
  int port_ = 0;
  std::map<core::Role, std::string> tokens_;
  std::map<core::Role, Session> sessions_;
  std::map<core::Role, std::string> emails_;
  int users_ = 0;
};

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

/// Where the message (request or response) starting at `at` ends: its head, then a body of
/// Content-Length bytes or a chunked body up to its last chunk. npos while it is incomplete.
std::size_t message_end(const std::string& text, std::size_t at = 0) {
  auto head_end = text.find("\r\n\r\n", at);
  if (head_end == std::string::npos) return std::string::npos;
  std::string head = lower(std::string_view(text).substr(at, head_end - at));
  if (head.find("\r\ntransfer-encoding:") != std::string::npos) {
    auto last = text.find("0\r\n\r\n", head_end + 4);
    return last == std::string::npos ? last : last + 5;
  }
  auto length = head.find("\r\ncontent-length:");
  // cpp-httplib 0.11 reads the body of these methods until the connection closes when the
  // request gives no length: such a request is whole only when the sending side is closed.
  for (const char* method : {"post ", "put ", "patch ", "pri ", "delete "})
    if (length == std::string::npos && head.rfind(method, 0) == 0) return std::string::npos;
  std::size_t body = length == std::string::npos ? 0 : std::strtoull(head.c_str() + length + 17, nullptr, 10);
  if (body > text.size() || head_end + 4 + body > text.size()) return std::string::npos;
  return head_end + 4 + body;
}

/// Whether `answer` holds a whole final response (an interim 100 Continue does not count).
bool has_final_response(const std::string& answer) {
  for (std::size_t at = 0; at < answer.size();) {
    std::size_t end = message_end(answer, at);
    if (end == std::string::npos) return false;
    if (answer.compare(at, 10, "HTTP/1.1 1") != 0) return true;
    at = end;
  }
  return false;
}

/// Writes `bytes` to a new connection and reads what the server answers until it closes.
///
/// cpp-httplib drops a response when it finds the client's sending side closed (its is_writable()
/// peeks for EOF), so the sending side is closed only once the answer is in, when the input holds
/// a whole request (`expect_answer`), or at once otherwise, so that the server stops waiting for
/// the rest of a request that never comes. Fails when an expected answer or the close does not
/// come within the deadline.
std::string exchange(int port, const std::string& bytes, bool expect_answer, bool single_request) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) fail("socket() failed");
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0)
    fail("cannot connect to the server: it no longer accepts connections");
  for (std::size_t sent = 0; sent < bytes.size();) {
    ssize_t n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;  // the server may answer and close before reading everything
    sent += static_cast<std::size_t>(n);
  }
  bool half_closed = false;
  auto half_close = [&] {
    ::shutdown(fd, SHUT_WR);
    half_closed = true;
  };
  if (!expect_answer) half_close();

  std::string answer;
  auto deadline = std::chrono::steady_clock::now() + kAnswerDeadline;
  char buffer[16384];
  while (true) {
    if (std::chrono::steady_clock::now() > deadline) {
      ::close(fd);
      fail(half_closed ? "the server did not close the connection within the deadline"
                       : "no answer to a whole request within the deadline");
    }
    // Pipelined requests: once the first answer is in, wait until the server falls quiet.
    int wait_ms = !half_closed && has_final_response(answer) ? 20 : 100;
    pollfd p{fd, POLLIN, 0};
    int ready = ::poll(&p, 1, wait_ms);
    if (ready < 0) continue;
    if (ready == 0) {
      if (!half_closed && has_final_response(answer)) half_close();
      continue;
    }
    ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) break;  // closed (or reset after the answer)
    answer.append(buffer, static_cast<std::size_t>(n));
    if (!half_closed && single_request && has_final_response(answer)) half_close();
  }
  ::close(fd);
  return answer;
}

/// Checks every response in `answer` (several when the input pipelined requests): the first must
/// be an HTTP/1.1 response, and none may have a status of 500 or more. A response whose length the
/// head does not give (chunked, or to a HEAD request) ends the check at the next "HTTP/1.1 ".
void check_answer(const std::string& answer) {
  if (answer.compare(0, 9, "HTTP/1.1 ") != 0)
    fail("an answer that is not an HTTP/1.1 response: " + answer.substr(0, 200));
  std::size_t at = 0;
  while (at < answer.size()) {
    if (answer.compare(at, 9, "HTTP/1.1 ") != 0) {
      at = answer.find("HTTP/1.1 ", at);
      if (at == std::string::npos) return;
    }
    auto head_end = answer.find("\r\n\r\n", at);
    if (head_end == std::string::npos) fail("a response without the end of its head: " + answer.substr(at, 200));
    int status = std::atoi(answer.substr(at + 9, 3).c_str());
    if (status >= 500) fail("status " + std::to_string(status) + ":\n" + answer.substr(at, 2000));
    std::string head = lower(std::string_view(answer).substr(at, head_end - at));
    auto length = head.find("\r\ncontent-length:");
    at = head_end + 4 + (length == std::string::npos ? 0 : std::strtoull(head.c_str() + length + 17, nullptr, 10));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static FuzzServer& server = *new FuzzServer();  // never destroyed: its thread serves to the end
  std::string bytes = server.substitute(std::string(reinterpret_cast<const char*>(data), size));
  std::size_t first_end = message_end(bytes);
  bool whole_request = first_end != std::string::npos;
  std::string answer = exchange(server.port(), bytes, whole_request, first_end == bytes.size());
  if (answer.empty()) {
    if (whole_request) fail("the server closed without answering a whole request");
    return 0;  // nothing to answer: no request was complete
  }
  check_answer(answer);
  return 0;
}
