#include "http/reply.hpp"

namespace facilitator::http {

void reply_json(httplib::Response& res, int status, const nlohmann::json& body) {
  res.status = status;
  // Replace invalid UTF-8 rather than fail: stored text came through our own validation.
  res.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), "application/json");
}

void set_etag(httplib::Response& res, std::int64_t version) {
  res.set_header("ETag", "\"" + std::to_string(version) + "\"");
}

}  // namespace facilitator::http
