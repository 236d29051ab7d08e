#include "test_server.hpp"

#include <chrono>

#include "workflows/registry.hpp"

namespace facilitator::testing {

std::string Reply::header(const std::string& name) const {
  auto it = headers.find(name);
  return it == headers.end() ? std::string() : it->second;
}

TestServer::TestServer(TestDatabase& database, std::size_t threads) : registry_(workflows::builtin_registry()) {
  core::Store& store = database.store();
  projects_ = std::make_unique<core::ProjectService>(store, registry_, core::system_clock());
  services_ = std::make_unique<http::Services>(http::Services{store, registry_, *projects_});
  http::ServerOptions options;
  options.host = "127.0.0.1";
  options.port = 0;
  options.threads = threads;
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

Reply TestServer::request(const std::string& method, const std::string& path, const std::string& body,
                          httplib::Headers headers, const std::string& content_type) {
  httplib::Client client("127.0.0.1", port_);
  client.set_read_timeout(std::chrono::seconds(30));
  if (method != "GET" && headers.find("X-Actor") == headers.end()) headers.emplace("X-Actor", "test.adviser@mnu.no");
  httplib::Request req;
  req.method = method;
  req.path = path;
  req.headers = std::move(headers);
  if (!body.empty() || method == "POST" || method == "PATCH") {
    req.body = body;
    if (!content_type.empty()) req.set_header("Content-Type", content_type);
  }
  auto result = client.send(req);
  REQUIRE(result);  // the connection itself must work
  Reply reply;
  reply.status = result->status;
  reply.headers = result->headers;
  reply.body = result->body;
  std::string type = result->get_header_value("Content-Type");
  if (type.find("json") != std::string::npos && !reply.body.empty()) reply.json = nlohmann::json::parse(reply.body);
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
