#include "test_server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <chrono>
#include <cstdlib>
#include <stdexcept>

#include "response_log.hpp"
#include "workflows/registry.hpp"

namespace facilitator::testing {

std::string Reply::header(const std::string& name) const {
  auto it = headers.find(name);
  return it == headers.end() ? std::string() : it->second;
}

TestServer::TestServer(TestDatabase& database, std::size_t threads)
    : TestServer(database, threads, http::ConnectionLimits{}) {}

TestServer::TestServer(TestDatabase& database, std::size_t threads, const http::ConnectionLimits& limits)
    : registry_(workflows::builtin_registry()) {
  core::Store& store = database.store();
  service_set_ = std::make_unique<core::ServiceSet>(store, registry_, core::system_clock());
  services_ = std::make_unique<http::Services>(http::services_of(store, registry_, *service_set_));
  http::ServerOptions options;
  options.host = "127.0.0.1";
  options.port = 0;
  options.threads = threads;
  options.connection_limits = limits;
  server_ = std::make_unique<http::Server>(*services_, options);
  port_ = server_->bind();
  thread_ = std::thread([this] { server_->run(); });
  // cpp-httplib 0.11 has no wait_until_ready: poll until the accept loop runs.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!server_->running() && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  REQUIRE(server_->running());
}

TestServer::~TestServer() {
  server_->stop();
  if (thread_.joinable()) thread_.join();
}

namespace {

/// Parses the body as JSON when the Content-Type says it is JSON; discarded when it is not valid.
void parse_json(Reply& reply) {
  if (reply.header("Content-Type").find("json") != std::string::npos && !reply.body.empty())
    reply.json = nlohmann::json::parse(reply.body, nullptr, false);
}

/// Sends one request on `client`; what TestServer::send() and TestClient::send() share.
Reply send_on(httplib::Client& client, const std::string& method, const std::string& path, const std::string& body,
              httplib::Headers headers, const std::string& content_type) {
  httplib::Request req;
  req.method = method;
  req.path = path;
  req.headers = std::move(headers);
  if (!body.empty() || method == "POST" || method == "PATCH") {
    req.body = body;
    if (!content_type.empty()) req.set_header("Content-Type", content_type);
  }
  Reply reply;
  auto result = client.send(req);
  if (!result) return reply;  // status 0: the connection failed
  reply.status = result->status;
  reply.headers = result->headers;
  reply.body = result->body;
  parse_json(reply);
  log_response(LoggedRequest{method, path, false, ""}, reply.status, reply.headers, reply.body);
  return reply;
}

}  // namespace

Reply TestServer::send(const std::string& method, const std::string& path, const std::string& body,
                       httplib::Headers headers, const std::string& content_type) const {
  httplib::Client client("127.0.0.1", port_);
  client.set_read_timeout(std::chrono::seconds(30));
  return send_on(client, method, path, body, with_identity(std::move(headers)), content_type);
}

TestClient::TestClient(const TestServer& server) : server_(server), client_("127.0.0.1", server.port()) {
  client_.set_keep_alive(true);
  client_.set_read_timeout(std::chrono::seconds(30));
  (void)server_.identity(core::Role::adviser);  // created here, not racing in the threads that send
}

Reply TestClient::send(const std::string& method, const std::string& path, const std::string& body,
                       httplib::Headers headers, const std::string& content_type) {
  return send_on(client_, method, path, body, server_.with_identity(std::move(headers)), content_type);
}

httplib::Headers Identity::headers() const { return {{"Cookie", cookie}, {"X-CSRF-Token", csrf_token}}; }

std::string Identity::header_lines() const { return "Cookie: " + cookie + "\r\nX-CSRF-Token: " + csrf_token + "\r\n"; }

httplib::Headers TestServer::with_identity(httplib::Headers headers) const {
  bool told = headers.count("Cookie") > 0 || headers.count("Authorization") > 0;
  for (auto it = headers.begin(); it != headers.end();) {
    if ((it->first == "Cookie" || it->first == "Authorization") && it->second.empty())
      it = headers.erase(it);
    else
      ++it;
  }
  if (!told)
    for (auto& [name, value] : identity(default_role_.load()).headers())
      if (headers.find(name) == headers.end()) headers.emplace(name, value);
  return headers;
}

Identity TestServer::login(const std::string& email, const std::string& password) const {
  Reply r = send("POST", "/api/v1/session", nlohmann::json{{"email", email}, {"password", password}}.dump(),
                 {{"Cookie", ""}});
  if (r.status != 201) throw std::runtime_error("login of " + email + " refused: " + r.body);
  std::string set_cookie = r.header("Set-Cookie");
  Identity identity;
  identity.email = email;
  identity.user_id = r.json["user"]["id"].get<std::int64_t>();
  identity.cookie = set_cookie.substr(0, set_cookie.find(';'));
  identity.csrf_token = r.json["csrf_token"].get<std::string>();
  return identity;
}

const Identity& TestServer::identity(core::Role role) const {
  std::lock_guard<std::mutex> lock(identities_mutex_);
  auto it = identities_.find(role);
  if (it != identities_.end()) return it->second;
  std::string email = "test." + std::string(core::to_string(role)) + "@mnu.no";
  core::NewUser user{email, "Test " + std::string(core::to_string(role)), role, kPassword};
  try {
    service_set_->accounts.add_user(std::move(user), core::Actor{"system", core::Role::system});
  } catch (const core::DomainError& e) {
    if (e.code() != core::ErrorCode::duplicate) throw;  // a second server over the same database
  }
  return identities_.emplace(role, login(email, kPassword)).first->second;
}

Identity TestServer::entrepreneur_of(std::int64_t project, const std::string& email) const {
  std::string base = "/api/v1/projects/" + std::to_string(project);
  Reply contact =
      send("POST", base + "/contacts", nlohmann::json{{"name", "Gründer " + email}, {"email", email}}.dump());
  if (contact.status != 201) throw std::runtime_error("adding contact " + email + " refused: " + contact.body);
  Reply invitation = send("POST", base + "/invitations", nlohmann::json{{"contact_id", contact.json["id"]}}.dump());
  if (invitation.status != 201) throw std::runtime_error("inviting " + email + " refused: " + invitation.body);
  Reply accepted =
      send("POST", "/api/v1/invitations/accept",
           nlohmann::json{{"token", invitation.json["token"]}, {"password", kPassword}}.dump(), {{"Cookie", ""}});
  if (accepted.status != 201) throw std::runtime_error("accepting the invitation refused: " + accepted.body);
  Identity identity;
  identity.email = email;
  identity.user_id = accepted.json["user"]["id"].get<std::int64_t>();
  std::string set_cookie = accepted.header("Set-Cookie");
  identity.cookie = set_cookie.substr(0, set_cookie.find(';'));
  identity.csrf_token = accepted.json["csrf_token"].get<std::string>();
  return identity;
}

Reply TestServer::request(const std::string& method, const std::string& path, const std::string& body,
                          httplib::Headers headers, const std::string& content_type) {
  Reply reply = send(method, path, body, std::move(headers), content_type);
  REQUIRE(reply.status != 0);  // the connection itself must work
  if (reply.json.is_discarded()) FAIL("the response claims JSON but is not: " << reply.body);
  return reply;
}

Reply TestServer::raw(const std::string& bytes) const {
  Reply reply;
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return reply;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port_));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::string text;
  std::size_t expected = std::string::npos;  // bytes of the first response, once its headers are in
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0) {
    for (std::size_t sent = 0; sent < bytes.size();) {
      ssize_t n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) break;  // the server may answer and close before reading everything
      sent += static_cast<std::size_t>(n);
    }
    // Read until the first response is complete (headers plus Content-Length bytes) or EOF.
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    char buffer[16384];
    while (std::chrono::steady_clock::now() < deadline) {
      auto head_end = text.find("\r\n\r\n");
      if (head_end != std::string::npos && expected == std::string::npos) {
        std::string head = text.substr(0, head_end);
        for (char& c : head) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        auto at = head.find("\r\ncontent-length:");
        expected = head_end + 4 + (at == std::string::npos ? 0 : std::strtoull(head.c_str() + at + 17, nullptr, 10));
      }
      if (expected != std::string::npos && text.size() >= expected) break;
      pollfd p{fd, POLLIN, 0};
      if (::poll(&p, 1, 1000) <= 0) continue;
      ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
      if (n <= 0) break;
      text.append(buffer, static_cast<std::size_t>(n));
    }
  }
  ::close(fd);
  if (expected != std::string::npos && text.size() > expected) text.resize(expected);  // a second response

  auto head_end = text.find("\r\n\r\n");
  if (text.rfind("HTTP/1.", 0) != 0 || head_end == std::string::npos) return reply;
  reply.status = std::atoi(text.c_str() + text.find(' ') + 1);
  std::size_t line = text.find("\r\n") + 2;
  while (line < head_end) {
    std::size_t next = text.find("\r\n", line);
    std::string header = text.substr(line, next - line);
    auto colon = header.find(':');
    if (colon != std::string::npos) {
      std::size_t value = header.find_first_not_of(' ', colon + 1);
      reply.headers.emplace(header.substr(0, colon), value == std::string::npos ? "" : header.substr(value));
    }
    line = next + 2;
  }
  reply.body = text.substr(head_end + 4);
  parse_json(reply);
  log_response(raw_request(bytes), reply.status, reply.headers, reply.body);
  return reply;
}

Reply TestServer::get(const std::string& path, httplib::Headers headers) {
  return request("GET", path, "", std::move(headers), "");
}

Reply TestServer::post(const std::string& path, const nlohmann::json& body, httplib::Headers headers) {
  return request("POST", path, body.dump(), std::move(headers));
}

Reply TestServer::patch(const std::string& path, const nlohmann::json& body, httplib::Headers headers) {
  return request("PATCH", path, body.dump(), std::move(headers));
}

}  // namespace facilitator::testing
