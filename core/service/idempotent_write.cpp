#include "core/service/idempotent_write.hpp"

#include <atomic>

#include "core/domain/error.hpp"

namespace facilitator::core {

namespace {

/// Expired keys are dropped by a creation at most this often per process: a sweep on every
/// creation would have concurrent creations wait for each other's delete of the same old rows.
constexpr std::chrono::minutes kSweepInterval{10};
std::atomic<std::int64_t> last_sweep_millis{0};

bool sweep_due(Timestamp now) {
  std::int64_t last = last_sweep_millis.load();
  std::int64_t at = to_millis(now);
  if (at >= last && at - last < std::chrono::duration_cast<std::chrono::milliseconds>(kSweepInterval).count())
    return false;
  return last_sweep_millis.compare_exchange_strong(last, at);
}

}  // namespace

void claim_idempotency_key(Transaction& tx, const Actor& actor, const IdempotentRequest* request, Timestamp now) {
  if (request == nullptr) return;
  const Timestamp expired_before = now - kIdempotencyKeyLifetime;
  IdempotencyRecord record{actor.id, *request, {}, now};
  auto first = tx.idempotency().claim(record, expired_before);
  if (!first) {
    if (sweep_due(now)) tx.idempotency().remove_expired(expired_before);
    return;
  }
  if (first->request.method != request->method || first->request.path != request->path ||
      first->request.request_hash != request->request_hash)
    throw DomainError(ErrorCode::invalid_input,
                      "This Idempotency-Key was already used for a different request (" + first->request.method + " " +
                          first->request.path + ").",
                      {{"Idempotency-Key", "reused", "use a new key for a new request"}});
  throw IdempotentReplay(std::move(first->answer));
}

}  // namespace facilitator::core
