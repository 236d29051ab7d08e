#pragma once

// A record of what the test server answered, for checking the answers against the OpenAPI
// document (tests/openapi/validate.mjs): when FACILITATOR_RESPONSE_LOG names a file, every
// exchange of TestServer and TestClient is appended to it as one JSON line.

#include <httplib.h>

#include <string>

namespace facilitator::testing {

/// What the client sent: `target` is the request target as sent, path and query together.
/// `request_line` is set only for TestServer::raw(), whose bytes may be deliberately malformed.
struct LoggedRequest {
  std::string method;
  std::string target;
  bool raw = false;
  std::string request_line;
};

/// Appends the exchange to the file FACILITATOR_RESPONSE_LOG names; does nothing without it, or
/// when no response came (status 0). Thread-safe, and safe for several processes on one file:
/// each line is one write(2) to a file opened with O_APPEND, which Linux performs under the
/// file's lock, so lines of parallel test processes never interleave.
void log_response(const LoggedRequest& request, int status, const httplib::Headers& headers, const std::string& body);

/// The first line of hand-made request bytes, without its line ending.
[[nodiscard]] LoggedRequest raw_request(const std::string& bytes);

}  // namespace facilitator::testing
