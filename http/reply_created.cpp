#include "http/reply_created.hpp"

#include <algorithm>

#include "core/account/secret.hpp"
#include "core/domain/error.hpp"

namespace facilitator::http {

namespace {

constexpr std::size_t kMaxIdempotencyKey = 200;

std::string dumped(const nlohmann::json& body) {
  // As reply_json writes it: stored text came through our own validation.
  return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

std::optional<std::string> idempotency_key(const httplib::Request& req) {
  if (!req.has_header("Idempotency-Key")) return std::nullopt;
  std::string key = req.get_header_value("Idempotency-Key");
  bool printable = !key.empty() && key.size() <= kMaxIdempotencyKey &&
                   std::all_of(key.begin(), key.end(), [](char c) { return c > 0x20 && c < 0x7f; });
  if (!printable)
    throw core::DomainError(core::ErrorCode::invalid_input,
                            "Idempotency-Key must be 1 to 200 visible ASCII characters.",
                            {{"Idempotency-Key", "invalid", "1 to 200 visible ASCII characters"}});
  return key;
}

core::IdempotentRequest idempotent_request(const httplib::Request& req, std::string key, const nlohmann::json& body) {
  return {std::move(key), req.method, req.path, core::sha256_hex(dumped(body))};
}

core::StoredAnswer created_answer(const nlohmann::json& body, const std::string& location,
                                  std::optional<std::int64_t> version) {
  core::StoredAnswer answer{201, dumped(body), {}};
  if (!location.empty()) answer.headers.emplace_back("Location", location);
  if (version) answer.headers.emplace_back("ETag", "\"" + std::to_string(*version) + "\"");
  return answer;
}

void send_answer(httplib::Response& res, const core::StoredAnswer& answer) {
  for (const auto& [name, value] : answer.headers) res.set_header(name, value);
  res.status = answer.status;
  res.set_content(answer.body, "application/json");
}

}  // namespace facilitator::http
