#pragma once

#include <cstdint>

#include <httplib.h>
#include <nlohmann/json.hpp>

namespace facilitator::http {

/// Sends `body` as application/json with `status`.
void reply_json(httplib::Response& res, int status, const nlohmann::json& body);

/// The ETag of a resource at `version`: "7". Clients send it back in If-Match.
void set_etag(httplib::Response& res, std::int64_t version);

}  // namespace facilitator::http
