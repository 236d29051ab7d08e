#pragma once

// Migration 9: retry safety for every request that creates something (issue 18). A creating
// request sent with an `Idempotency-Key` claims (actor, key) first in its transaction and stores
// its answer there last, so a retry finds either nothing (the first attempt rolled back: it runs
// anew), or the first answer. The primary key is what a retry racing its first attempt waits on
// (PostgreSQL: INSERT ... ON CONFLICT DO NOTHING waits for the transaction holding the key).
// Keys expire after a day; `idempotency_keys_by_age` serves the sweep that drops them.
//
// Transitions keep their keys on their event rows (migration 1), as before.

#include <string_view>

namespace facilitator::core::storage {

// clang-format off
inline constexpr std::string_view kM009IdempotencyKeys = R"sql(
CREATE TABLE idempotency_keys (
  actor            TEXT    NOT NULL,
  idempotency_key  TEXT    NOT NULL,
  method           TEXT    NOT NULL,
  path             TEXT    NOT NULL,
  request_hash     TEXT    NOT NULL,
  status           INTEGER NOT NULL,
  response_headers TEXT    NOT NULL,
  response_body    TEXT    NOT NULL,
  created_at       BIGINT  NOT NULL,
  PRIMARY KEY (actor, idempotency_key)
){without_rowid};
CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_at);
)sql";
// clang-format on

}  // namespace facilitator::core::storage
