#pragma once

// Retry safety for the requests that create something (docs/design.md, "Retried creations").
// A client that sends `Idempotency-Key` with a creating request and retries it (a lost answer, a
// timeout) gets the first answer again and creates nothing more. The key, the request it came with
// and the answer are one row of `idempotency_keys`, written in the transaction that creates the
// record, so that neither can be kept without the other. Transitions keep their own keys on their
// event rows (ProjectService::transition).

#include <chrono>
#include <cstdint>
#include <exception>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/domain/time.hpp"

namespace facilitator::core {

/// How long a key is remembered: a retry comes within minutes, and a day covers a client that
/// retries after an outage. An older key is free again.
inline constexpr std::chrono::hours kIdempotencyKeyLifetime{24};

/// A creating request as its retries are recognised: the caller's key, and the method, path and a
/// hash of the body it came with.
struct IdempotentRequest {
  std::string key;
  std::string method;
  std::string path;
  std::string request_hash;
};

/// An answer as it was sent, kept so that a retry gets it again.
struct StoredAnswer {
  int status = 0;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // those a retry needs again (Location, ETag)
};

/// One remembered key: whose it is, the request it came with, and the answer (empty until the
/// creation is done).
struct IdempotencyRecord {
  std::string actor;
  IdempotentRequest request;
  StoredAnswer answer;
  Timestamp created_at{};
};

class IdempotencyRepository {
 public:
  virtual ~IdempotencyRepository() = default;
  /// Takes (actor, key) for this transaction: inserts the record (without an answer) unless the
  /// pair is already there, and returns the record that is there instead. A record created before
  /// `expired_before` is dropped first. On PostgreSQL the insert waits while another transaction
  /// holds the same pair, and then sees what it committed.
  virtual std::optional<IdempotencyRecord> claim(const IdempotencyRecord& record, Timestamp expired_before) = 0;
  /// Stores the answer of a pair this transaction claimed.
  virtual void answer(const std::string& actor, const std::string& key, const StoredAnswer& answer) = 0;
  /// Drops the records created before `before`; returns how many.
  virtual std::int64_t remove_expired(Timestamp before) = 0;
};

/// A creation its caller may retry: the request, and how the created record becomes the answer
/// (called inside the transaction, so that the answer is stored with the record).
template <class T>
struct Retryable {
  IdempotentRequest request;
  std::function<StoredAnswer(const T&)> answer;
};

/// Thrown from inside a creating transaction when its key was used before for the same request:
/// the transaction writes nothing, and whoever asked for the creation sends the first answer.
class IdempotentReplay : public std::exception {
 public:
  explicit IdempotentReplay(StoredAnswer answer) : answer_(std::move(answer)) {}
  [[nodiscard]] const StoredAnswer& answer() const noexcept { return answer_; }
  [[nodiscard]] const char* what() const noexcept override { return "a retried request: the first answer applies"; }

 private:
  StoredAnswer answer_;
};

}  // namespace facilitator::core
