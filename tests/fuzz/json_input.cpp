// The JSON body reader of every write: parse_json_body on the bytes as an application/json body
// (and as a merge patch), then ObjectReader reading members of each kind and finish(). Malformed
// input must be refused the two ways the API answers it (DomainError: 400, HttpError: 415 and
// the like); any other exception escapes and libFuzzer reports it.

#include <cstddef>
#include <cstdint>
#include <string>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "core/domain/error.hpp"
#include "http/json_input.hpp"
#include "http/problem.hpp"

namespace {

using namespace facilitator;

/// What a PATCH handler does with a body: members of each kind, some forbidden, then finish().
void read_object(const nlohmann::json& body) {
  http::ObjectReader reader(body);
  (void)reader.text("title");
  (void)reader.nullable_text("description");
  (void)reader.boolean("business_plan_complete");
  (void)reader.integer("amount_applied");
  (void)reader.nullable_integer("amount_granted");
  reader.forbid("state", "change the state with a transition");
  reader.finish();
}

void read_as(const std::string& bytes, const char* content_type, bool allow_merge_patch) {
  httplib::Request req;
  req.method = allow_merge_patch ? "PATCH" : "POST";
  req.set_header("Content-Type", content_type);
  req.body = bytes;
  try {
    nlohmann::json body = http::parse_json_body(req, allow_merge_patch);
    read_object(body);
    (void)body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  } catch (const core::DomainError&) {  // 400 problem+json
  } catch (const http::HttpError&) {    // 415 and the like
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string bytes(reinterpret_cast<const char*>(data), size);
  read_as(bytes, "application/json", false);
  read_as(bytes, "application/merge-patch+json; charset=utf-8", true);
  return 0;
}
