#include "http/problem.hpp"

#include <cstdio>
#include <iostream>

#include "core/domain/project.hpp"
#include "core/domain/utf8.hpp"

namespace facilitator::http {

namespace {

struct Kind {
  int status;
  const char* slug;
  const char* title;
};

Kind kind_of(core::ErrorCode code) {
  using core::ErrorCode;
  switch (code) {
    case ErrorCode::invalid_input:
      return {400, "invalid-input", "The request is not valid"};
    case ErrorCode::unauthenticated:
      return {401, "unauthenticated", "Authentication is required"};
    case ErrorCode::forbidden:
      return {403, "forbidden", "You may not do this"};
    case ErrorCode::not_found:
      return {404, "not-found", "Not found"};
    case ErrorCode::version_conflict:
      return {409, "version-conflict", "The resource has changed"};
    case ErrorCode::duplicate:
      return {409, "duplicate", "Already exists"};
    case ErrorCode::transition_rejected:
      return {422, "transition-rejected", "The workflow does not allow this now"};
    case ErrorCode::precondition_required:
      return {428, "precondition-required", "The version you expect is required"};
    case ErrorCode::rate_limited:
      return {429, "rate-limited", "Too many attempts"};
    case ErrorCode::unavailable:
      return {503, "unavailable", "The service is temporarily unavailable"};
  }
  return {500, "internal", "Internal error"};
}

constexpr std::size_t kMaxDetailChars = 2000;
constexpr std::size_t kMaxFieldChars = 200;
constexpr std::int64_t kUnavailableRetryAfterSeconds = 5;
constexpr const char* kLastResortBody =
    R"({"type":"urn:facilitator:problem:internal","title":"Internal error","status":500})";

/// One line of JSON on stderr for the operator. Texts that are not UTF-8 are written with
/// U+FFFD in their place; a log line must never be the thing that fails.
void log_error(const char* message, const char* what) noexcept {
  try {
    nlohmann::json line = {{"level", "error"}, {"message", message}};
    if (*what != '\0') line["what"] = what;
    std::cerr << line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
  } catch (...) {
    std::fputs("{\"level\":\"error\",\"message\":\"an error could not be logged\"}\n", stderr);
  }
}

std::string type_uri(std::string_view slug) { return "urn:facilitator:problem:" + std::string(slug); }

nlohmann::json label_json(core::Label label) { return {{"nb", label.nb}, {"en", label.en}}; }

}  // namespace

Problem problem_for(core::ErrorCode code, std::string detail) {
  Kind kind = kind_of(code);
  return Problem{kind.status, type_uri(kind.slug),      kind.title,  std::move(detail),
                 {},          nlohmann::json::object(), std::nullopt};
}

Problem problem_for_status(int status) {
  switch (status) {
    case 400:
      return {400, type_uri("bad-request"),  "Bad request", "The request could not be read.",
              {},  nlohmann::json::object(), std::nullopt};
    case 404:
      return {404, type_uri("not-found"),    "Not found", "There is nothing at this address.",
              {},  nlohmann::json::object(), std::nullopt};
    case 405:
      return {405,
              type_uri("method-not-allowed"),
              "Method not allowed",
              "This address does not accept that method; see the Allow header.",
              {},
              nlohmann::json::object(),
              std::nullopt};
    case 411:
      return {411, type_uri("length-required"), "Length required", "Send the body with a Content-Length.",
              {},  nlohmann::json::object(),    std::nullopt};
    case 413:
      return {413,
              type_uri("payload-too-large"),
              "Request body too large",
              "The request body exceeds the size this server accepts.",
              {},
              nlohmann::json::object(),
              std::nullopt};
    case 431:
      return {431,
              type_uri("request-head-too-large"),
              "Request head too large",
              "The request line and headers exceed what this server reads.",
              {},
              nlohmann::json::object(),
              std::nullopt};
    case 414:
      return {414, type_uri("uri-too-long"), "Address too long", "The request address is too long.",
              {},  nlohmann::json::object(), std::nullopt};
    case 415:
      return {415,
              type_uri("unsupported-media-type"),
              "Unsupported media type",
              "Send the body as application/json.",
              {},
              nlohmann::json::object(),
              std::nullopt};
    default:
      break;
  }
  if (status >= 500)
    return {status, type_uri("internal"),     "Internal error", "The server failed to answer; the error is logged.",
            {},     nlohmann::json::object(), std::nullopt};
  return {status,      type_uri("http-" + std::to_string(status)), "Request failed", "", {}, nlohmann::json::object(),
          std::nullopt};
}

Problem problem_from(std::exception_ptr error) noexcept {
  try {
    try {
      std::rethrow_exception(error);
    } catch (const core::VersionConflict& e) {
      Problem p = problem_for(e.code(), e.what());
      if (!e.current_state().empty()) p.extensions["current_state"] = e.current_state();  // resources without states
      p.extensions["current_version"] = e.current_version();
      return p;
    } catch (const core::TransitionRejected& e) {
      Problem p = problem_for(e.code(), e.what());
      using Outcome = core::Decision::Outcome;
      Outcome outcome = e.decision().outcome;
      p.extensions["event"] = e.event();
      p.extensions["state"] = e.state();
      p.extensions["rejection"] = outcome == Outcome::guard_failed    ? "guard_failed"
                                  : outcome == Outcome::unknown_event ? "unknown_event"
                                                                      : "not_possible";
      nlohmann::json reasons = nlohmann::json::array();
      for (const auto& f : e.decision().failures)
        reasons.push_back({{"guard", f.guard}, {"field", f.field}, {"message", label_json(f.message)}});
      p.extensions["reasons"] = std::move(reasons);
      return p;
    } catch (const core::RateLimited& e) {
      Problem p = problem_for(e.code(), e.what());
      p.retry_after_seconds = e.retry_after_seconds();
      return p;
    } catch (const core::DomainError& e) {
      Problem p = problem_for(e.code(), e.what());
      p.errors = e.errors();
      return p;
    } catch (const HttpError& e) {
      Problem p = problem_for_status(e.status());
      p.detail = e.what();
      return p;
    } catch (const std::exception& e) {
      log_error("unhandled exception", e.what());
    } catch (...) {
      log_error("unhandled non-standard exception", "");
    }
    return problem_for_status(500);
  } catch (...) {
    // Building the problem failed itself (out of memory): an empty problem, which write_problem
    // answers with write_last_resort's.
    return Problem{};
  }
}

void write_problem(httplib::Response& res, const Problem& problem) noexcept {
  if (problem.type.empty()) return write_last_resort(res);
  try {
    nlohmann::json body = problem.extensions;
    body["type"] = problem.type;
    body["title"] = problem.title;
    body["status"] = problem.status;
    // Details and field names may quote what a client sent: shown escaped, never as raw bytes.
    if (!problem.detail.empty()) body["detail"] = core::printable(problem.detail, kMaxDetailChars);
    if (!problem.errors.empty()) {
      nlohmann::json errors = nlohmann::json::array();
      for (const auto& e : problem.errors)
        errors.push_back({{"field", core::printable(e.field, kMaxFieldChars)},
                          {"code", e.code},
                          {"message", core::printable(e.message, kMaxDetailChars)}});
      body["errors"] = std::move(errors);
    }
    res.status = problem.status;
    std::optional<std::int64_t> retry_after = problem.retry_after_seconds;
    if (!retry_after && problem.status == 503) retry_after = kUnavailableRetryAfterSeconds;
    if (retry_after) {
      res.headers.erase("Retry-After");
      res.set_header("Retry-After", std::to_string(*retry_after));
    }
    // Tells a client how to authenticate; "Bearer" keeps browsers from showing a password dialog.
    if (problem.status == 401) res.set_header("WWW-Authenticate", "Bearer realm=\"facilitator\"");
    // Anything else that is not UTF-8 (an extension copied from a request) becomes U+FFFD
    // rather than an exception.
    res.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), "application/problem+json");
  } catch (...) {
    write_last_resort(res);
  }
}

void write_last_resort(httplib::Response& res) noexcept {
  try {
    res.status = 500;
    res.headers.erase("Content-Type");
    res.set_content(kLastResortBody, "application/problem+json");
  } catch (...) {
    // Nothing is left to allocate with: cpp-httplib still answers the status, with no body.
    res.status = 500;
  }
}

}  // namespace facilitator::http
