#pragma once

// The two steps every creating transaction takes for its Idempotency-Key: claim it first, store
// the answer last (core/service/idempotency.hpp says why).

#include "core/service/idempotency.hpp"
#include "core/service/store.hpp"

namespace facilitator::core {

/// The first step of a creating transaction, before any lock on a record, so that every
/// transaction takes its key first and none waits for another in a cycle. Without a request,
/// nothing. A new key is claimed; a key used before for the same method, path and body throws
/// IdempotentReplay with the first answer; a key used for another request is refused (400, as a
/// transition's key reused for another event). Now and then it also drops every expired key.
void claim_idempotency_key(Transaction& tx, const Actor& actor, const IdempotentRequest* request, Timestamp now);

/// The last step: stores the answer the created record gives, in the record's transaction.
template <class T>
void remember_answer(Transaction& tx, const Actor& actor, const Retryable<T>* retry, const T& created) {
  if (retry != nullptr) tx.idempotency().answer(actor.id, retry->request.key, retry->answer(created));
}

/// Both steps around a creation: `create(tx)` makes the record and returns it.
template <class T, class Create>
T create_once(Transaction& tx, const Actor& actor, const Retryable<T>* retry, Timestamp now, Create&& create) {
  claim_idempotency_key(tx, actor, retry != nullptr ? &retry->request : nullptr, now);
  T created = create(tx);
  remember_answer(tx, actor, retry, created);
  return created;
}

}  // namespace facilitator::core
