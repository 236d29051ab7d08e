// Writing an error cannot fail: whatever an exception carries, the answer is a well-formed
// problem document, and the last resort is a fixed 500.

#include <catch2/catch.hpp>

#include <stdexcept>

#include <nlohmann/json.hpp>

#include "core/domain/error.hpp"
#include "core/domain/utf8.hpp"
#include "http/problem.hpp"

using namespace facilitator;

namespace {

nlohmann::json written(const http::Problem& problem, httplib::Response& res) {
  http::write_problem(res, problem);
  REQUIRE(core::is_valid_utf8(res.body));
  return nlohmann::json::parse(res.body);
}

}  // namespace

TEST_CASE("A problem quoting invalid bytes is written with them escaped", "[unit]") {
  http::Problem problem = http::problem_for(core::ErrorCode::invalid_input, "The Content-Type '\xff' is not accepted.");
  problem.errors.push_back({"x\xc0\xaf", "unknown_parameter", "is not a parameter \xed\xa0\x80"});
  problem.extensions["copied"] = "\xff\xfe";  // an extension that slipped through: replaced, not thrown
  httplib::Response res;
  nlohmann::json body = written(problem, res);
  CHECK(res.status == 400);
  CHECK(body["detail"] == "The Content-Type '\\xFF' is not accepted.");
  CHECK(body["errors"][0]["field"] == "x\\xC0\\xAF");
  CHECK(body["copied"] == "\xef\xbf\xbd\xef\xbf\xbd");
}

TEST_CASE("Any exception becomes a problem; unknown ones a 500 that tells nothing of them", "[unit]") {
  httplib::Response res;
  auto from = [](auto exception) { return http::problem_from(std::make_exception_ptr(exception)); };
  CHECK(written(from(core::DomainError(core::ErrorCode::not_found, "No \xff")), res)["status"] == 404);
  nlohmann::json internal = written(from(std::runtime_error("secret \xff internals")), res);
  CHECK(res.status == 500);
  CHECK(internal.dump().find("secret") == std::string::npos);
  CHECK(written(from(42), res)["status"] == 500);
}

TEST_CASE("A 503 says when to come back", "[unit]") {
  httplib::Response res;
  written(http::problem_for(core::ErrorCode::unavailable, "The database is not available."), res);
  CHECK(res.status == 503);
  CHECK(res.get_header_value("Retry-After") == "5");
}

TEST_CASE("The last resort is a fixed 500 problem, also for a problem that could not be built", "[unit]") {
  httplib::Response res;
  http::write_last_resort(res);
  CHECK(res.status == 500);
  CHECK(res.get_header_value("Content-Type") == "application/problem+json");
  CHECK(nlohmann::json::parse(res.body)["status"] == 500);

  httplib::Response empty;
  http::write_problem(empty, http::Problem{});  // what problem_from returns when it cannot build one
  CHECK(empty.status == 500);
  CHECK(nlohmann::json::parse(empty.body)["type"] == "urn:facilitator:problem:internal");
}
