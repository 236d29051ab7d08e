#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "core/domain/error.hpp"
#include "core/domain/project.hpp"

namespace facilitator::http {

/// Parses a JSON request body. Throws HttpError(415) unless the Content-Type is JSON
/// (application/json, or application/merge-patch+json where `allow_merge_patch`), and
/// DomainError(invalid_input) for malformed or too deeply nested JSON.
[[nodiscard]] nlohmann::json parse_json_body(const httplib::Request& req, bool allow_merge_patch = false);

/// Reads the members of a JSON object strictly: wrong types and unknown members are errors, all
/// reported together by `finish()`, so a client fixes its request in one round.
class ObjectReader {
 public:
  explicit ObjectReader(const nlohmann::json& value);

  std::optional<std::string> text(const char* name);
  core::Change<std::string> nullable_text(const char* name);
  std::optional<bool> boolean(const char* name);
  std::optional<std::int64_t> integer(const char* name);
  core::Change<std::int64_t> nullable_integer(const char* name);
  /// A member that may not be written this way (e.g. `state` in a PATCH); `why` says what to do.
  void forbid(const char* name, const char* why);
  /// Throws DomainError(invalid_input) listing every problem, including members nobody read.
  void finish();

  void add_error(std::string field, std::string code, std::string message);
  [[nodiscard]] bool has_errors() const noexcept { return !errors_.empty(); }

 private:
  const nlohmann::json* member(const char* name);
  std::optional<std::int64_t> integer_value(const nlohmann::json& value, const char* name);
  const nlohmann::json& object_;
  std::set<std::string, std::less<>> read_;
  std::vector<core::FieldError> errors_;
};

/// Query parameters, strictly: unknown parameters are refused, so a typo is not silently ignored.
class QueryReader {
 public:
  QueryReader(const httplib::Request& req, std::initializer_list<std::string_view> known);
  std::optional<std::string> text(const char* name);
  std::optional<std::int64_t> integer(const char* name);
  void finish();

 private:
  const httplib::Request& req_;
  std::vector<core::FieldError> errors_;
};

/// The version from `If-Match: "7"` (or W/"7"); nothing when the header is absent.
/// Throws invalid_input when present but not a version this API issued.
[[nodiscard]] std::optional<std::int64_t> if_match_version(const httplib::Request& req);
/// The same, for writes that must name the version they change: 428 without If-Match.
[[nodiscard]] std::int64_t required_if_match(const httplib::Request& req);

/// A path segment that must be a positive id; anything else names no resource (404).
[[nodiscard]] std::int64_t path_id(const httplib::Request& req, std::size_t index, const char* what);

}  // namespace facilitator::http
