#pragma once

// The Idempotency-Keys of creating requests and their first answers, on SQLite and PostgreSQL.

#include <soci/soci.h>

#include "core/service/idempotency.hpp"

namespace facilitator::core::storage {

class SociIdempotencyRepository final : public IdempotencyRepository {
 public:
  explicit SociIdempotencyRepository(soci::session& sql) : sql_(sql) {}
  std::optional<IdempotencyRecord> claim(const IdempotencyRecord& record, Timestamp expired_before) override;
  void answer(const std::string& actor, const std::string& key, const StoredAnswer& answer) override;
  std::int64_t remove_expired(Timestamp before) override;

 private:
  soci::session& sql_;
};

}  // namespace facilitator::core::storage
