#include "http/request_check.hpp"

#include <string>
#include <string_view>
#include <vector>

#include "core/domain/utf8.hpp"

namespace facilitator::http {

namespace {

/// Headers cpp-httplib adds to every request itself, describing the connection.
bool added_by_server(const std::string& name) {
  return name == "REMOTE_ADDR" || name == "REMOTE_PORT" || name == "LOCAL_ADDR" || name == "LOCAL_PORT";
}

/// Records an error for `text` in `field` unless it is clean UTF-8.
void check_text(std::string_view text, std::string field, bool tab_allowed, std::vector<core::FieldError>& errors) {
  if (!core::is_valid_utf8(text))
    errors.push_back({std::move(field), "invalid_utf8", "is not valid UTF-8"});
  else if (core::has_control_character(text, tab_allowed ? std::string_view("\t") : std::string_view()))
    errors.push_back({std::move(field), "control_character", "holds a control character"});
}

bool plain_decimal(std::string_view text) {
  if (text.empty() || text.size() > 18) return false;  // 18 digits cannot overflow 64 bits
  for (char c : text)
    if (c < '0' || c > '9') return false;
  return true;
}

Problem bad_request(std::string detail, std::vector<core::FieldError> errors = {}) {
  Problem problem = problem_for(core::ErrorCode::invalid_input, std::move(detail));
  problem.errors = std::move(errors);
  return problem;
}

}  // namespace

std::optional<Problem> check_request(const httplib::Request& req, const RequestLimits& limits) {
  std::vector<core::FieldError> errors;

  check_text(req.path, "path", false, errors);

  if (req.params.size() > limits.max_query_parameters)
    return bad_request("The query has more than " + std::to_string(limits.max_query_parameters) + " parameters.");
  for (const auto& [name, value] : req.params) {
    // Field names are escaped when the problem is written; the name shown is the parameter's.
    std::string field = "query parameter '" + name + "'";
    check_text(name, field, false, errors);
    check_text(value, field + " value", false, errors);
  }

  for (const auto& [name, value] : req.headers) {
    if (added_by_server(name)) continue;
    std::string field = "header '" + name + "'";
    check_text(name, field, false, errors);
    check_text(value, field + " value", true, errors);
  }
  if (!errors.empty()) return bad_request("The request holds text that is not allowed.", std::move(errors));

  std::size_t lengths = req.get_header_value_count("Content-Length");
  if (lengths > 1)
    return bad_request("The request has more than one Content-Length.",
                       {{"Content-Length", "repeated", "may be given only once"}});
  if (lengths == 1) {
    if (req.has_header("Transfer-Encoding"))
      return bad_request("The request has both a Content-Length and a Transfer-Encoding.",
                         {{"Transfer-Encoding", "conflict", "may not be sent with a Content-Length"}});
    std::string length = req.get_header_value("Content-Length");
    if (!plain_decimal(length))
      return bad_request("The Content-Length is not a number of bytes.",
                         {{"Content-Length", "invalid", "must be a decimal number of bytes"}});
    if (std::stoull(length) > limits.max_body_bytes) {
      Problem problem = problem_for_status(413);
      problem.detail = "The request body may be at most " + std::to_string(limits.max_body_bytes) + " bytes.";
      return problem;
    }
  }
  if (req.get_header_value_count("Transfer-Encoding") > 1)
    return bad_request("The request has more than one Transfer-Encoding.",
                       {{"Transfer-Encoding", "repeated", "may be given only once"}});
  return std::nullopt;
}

}  // namespace facilitator::http
