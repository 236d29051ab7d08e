#pragma once

// The boundary for bytes: what cpp-httplib has parsed of a request (its path, query and headers)
// is checked here, once, before a route or a file handler sees it. Everything behind it may take
// these texts to be well-formed UTF-8 without control characters, and within the limits below.
// Bodies are checked by their readers (the JSON parser refuses invalid UTF-8).

#include <cstddef>
#include <optional>

#include <httplib.h>

#include "http/problem.hpp"

namespace facilitator::http {

/// How much of a request's head the server reads at all: the connection layer (http/connection.*)
/// enforces the byte and line counts while reading; check_request the rest.
struct RequestLimits {
  std::size_t max_header_lines = 100;        // request headers, not counting the request line
  std::size_t max_header_bytes = 64 * 1024;  // the request line and every header line
  std::size_t max_query_parameters = 100;
  std::size_t max_body_bytes = 1 << 20;  // a larger Content-Length is 413 before a byte of it is read
};

/// Nothing when the request may go on to routing; otherwise the 400 that refuses it, naming each
/// offending part (path, query parameter, header) with its text escaped, never its raw bytes.
/// Refused: any of them not valid UTF-8 or holding a control character (a tab is allowed in a
/// header value), more query parameters than the limit, a Content-Length that is not one plain
/// decimal number or that is given twice, and a Content-Length together with a Transfer-Encoding
/// (one request read two ways by two parsers is how requests are smuggled past a proxy); and a
/// Content-Length above the body limit is 413 before the body is read (cpp-httplib would read
/// and drop all of it first).
[[nodiscard]] std::optional<Problem> check_request(const httplib::Request& req, const RequestLimits& limits);

}  // namespace facilitator::http
