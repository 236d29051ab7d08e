#include "api.hpp"

#include <stdexcept>

namespace facilitator::crash {

httplib::Headers Session::headers() const { return {{"Cookie", cookie}, {"X-CSRF-Token", csrf}}; }

Session log_in(int port, const std::string& email, const std::string& password) {
  auto client = connect(port);
  nlohmann::json body = {{"email", email}, {"password", password}};
  auto res = client->Post("/api/v1/session", body.dump(), "application/json");
  if (!res) throw std::runtime_error("cannot log in: no answer (" + httplib::to_string(res.error()) + ")");
  if (res->status != 201)
    throw std::runtime_error("cannot log in as " + email + ": HTTP " + std::to_string(res->status) + " " + res->body);
  std::string cookie = res->get_header_value("Set-Cookie");
  return Session{port, cookie.substr(0, cookie.find(';')), body_of(*res).at("csrf_token").get<std::string>()};
}

std::unique_ptr<httplib::Client> connect(int port) {
  auto client = std::make_unique<httplib::Client>("127.0.0.1", port);
  client->set_keep_alive(true);
  client->set_tcp_nodelay(true);
  client->set_connection_timeout(std::chrono::seconds(5));
  client->set_read_timeout(std::chrono::seconds(60));
  client->set_write_timeout(std::chrono::seconds(60));
  return client;
}

nlohmann::json get_json(httplib::Client& client, const Session& session, const std::string& path) {
  auto res = client.Get(path, session.headers());
  if (!res) throw std::runtime_error("GET " + path + ": no answer (" + httplib::to_string(res.error()) + ")");
  if (res->status != 200)
    throw std::runtime_error("GET " + path + ": HTTP " + std::to_string(res->status) + " " + res->body);
  nlohmann::json body = body_of(*res);
  if (body.is_discarded()) throw std::runtime_error("GET " + path + ": the answer is not JSON");
  return body;
}

nlohmann::json body_of(const httplib::Response& res) { return nlohmann::json::parse(res.body, nullptr, false); }

}  // namespace facilitator::crash
