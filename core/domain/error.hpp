#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/domain/label.hpp"

namespace facilitator::core {

/// Every way an operation can be refused. The HTTP layer maps each to one status, in one place.
enum class ErrorCode {
  invalid_input,          // malformed or invalid request data
  not_found,              // no such resource, or the caller may not know it exists
  forbidden,              // the caller is known but may not do this
  unauthenticated,        // no valid session or token
  version_conflict,       // the caller's view of the resource is stale
  precondition_required,  // a write without the version it expects
  transition_rejected,    // the workflow refuses the event now
  duplicate,              // a unique value is already taken
  rate_limited,           // too many attempts; try later
  unavailable,            // a dependency (the database) does not answer
};

/// One problem with one field of a request.
struct FieldError {
  std::string field;
  std::string code;
  std::string message;
};

/// A refusal that the caller can act on. Thrown by core, mapped once by the HTTP layer.
class DomainError : public std::runtime_error {
 public:
  DomainError(ErrorCode code, std::string detail, std::vector<FieldError> errors = {})
      : std::runtime_error(std::move(detail)), code_(code), errors_(std::move(errors)) {}

  [[nodiscard]] ErrorCode code() const noexcept { return code_; }
  [[nodiscard]] const std::vector<FieldError>& errors() const noexcept { return errors_; }

 private:
  ErrorCode code_;
  std::vector<FieldError> errors_;
};

/// Throws `invalid_input` listing every field error, if there are any.
void throw_if_invalid(const std::vector<FieldError>& errors,
                      const std::string& detail = "The request has invalid fields.");

/// The caller expected another version: carries what is current so it can refresh.
class VersionConflict : public DomainError {
 public:
  VersionConflict(std::string current_state, std::int64_t current_version)
      : DomainError(ErrorCode::version_conflict, "The resource has changed since you read it (current version " +
                                                     std::to_string(current_version) + ")."),
        current_state_(std::move(current_state)),
        current_version_(current_version) {}

  [[nodiscard]] const std::string& current_state() const noexcept { return current_state_; }
  [[nodiscard]] std::int64_t current_version() const noexcept { return current_version_; }

 private:
  std::string current_state_;
  std::int64_t current_version_;
};

/// Too many attempts: carries how long to wait, for the Retry-After header.
class RateLimited : public DomainError {
 public:
  RateLimited(std::string detail, std::int64_t retry_after_seconds)
      : DomainError(ErrorCode::rate_limited, std::move(detail)), retry_after_seconds_(retry_after_seconds) {}
  [[nodiscard]] std::int64_t retry_after_seconds() const noexcept { return retry_after_seconds_; }

 private:
  std::int64_t retry_after_seconds_;
};

/// Why a workflow refuses an event: each failed guard, in words a person can act on.
struct GuardFailure {
  std::string guard;  // stable id of the guard, e.g. "adviser_assigned"
  std::string field;  // the fact or input that is missing or wrong, empty when none applies
  Label message;
};

}  // namespace facilitator::core
