#pragma once

#include <cstdint>
#include <exception>
#include <optional>
#include <string>
#include <vector>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "core/domain/error.hpp"

namespace facilitator::http {

/// An RFC 9457 problem document, ready to send as application/problem+json.
struct Problem {
  int status = 500;
  std::string type;   // a stable URN naming the kind of problem, e.g. "urn:facilitator:problem:not-found"
  std::string title;  // short, the same for every instance of the type
  std::string detail;
  std::vector<core::FieldError> errors;
  nlohmann::json extensions = nlohmann::json::object();  // extra members, e.g. current_state
  std::optional<std::int64_t> retry_after_seconds;       // sent as Retry-After (429; 503 has a default)
};

/// The one mapping from a domain error code to an HTTP status and problem type.
[[nodiscard]] Problem problem_for(core::ErrorCode code, std::string detail);
/// Maps whatever a handler threw; unknown exceptions become a 500 without internal detail (logged).
/// Total: it cannot throw, whatever the exception carries.
[[nodiscard]] Problem problem_from(std::exception_ptr error) noexcept;
/// A problem for a status cpp-httplib produced itself (404 without a route, 413, 400 on a bad request line).
[[nodiscard]] Problem problem_for_status(int status);

/// Writes `problem` as application/problem+json. Total: texts that quote a request are escaped
/// (core::printable), a 503 always says when to retry, and should anything fail on the way the
/// answer becomes write_last_resort's.
void write_problem(httplib::Response& res, const Problem& problem) noexcept;

/// A fixed, preallocated-as-far-as-possible 500 problem: what an answer becomes when writing the
/// real one failed.
void write_last_resort(httplib::Response& res) noexcept;

/// Thrown by the HTTP layer for problems that are about HTTP rather than the domain (405, 415, 413).
class HttpError : public std::runtime_error {
 public:
  HttpError(int status, std::string detail) : std::runtime_error(std::move(detail)), status_(status) {}
  [[nodiscard]] int status() const noexcept { return status_; }

 private:
  int status_;
};

}  // namespace facilitator::http
