#pragma once

// Strategic targets per year: what management wants to reach, overall or per focus area.

#include <cstdint>
#include <optional>
#include <vector>

#include "core/domain/case_data.hpp"
#include "core/domain/role.hpp"
#include "core/domain/time.hpp"
#include "core/service/idempotency.hpp"
#include "core/service/store.hpp"

namespace facilitator::core {

inline constexpr int kFirstTargetYear = 2000;
inline constexpr int kLastTargetYear = 2100;

class TargetService {
 public:
  TargetService(Store& store, Clock clock) : store_(store), clock_(std::move(clock)) {}

  /// Year, metric and target value are required; one target per year, metric and focus area
  /// (409 duplicate otherwise, naming the target that exists). With `retry`, once per
  /// Idempotency-Key. Every change is audited in its transaction.
  Target add(TargetChanges request, const Actor& actor, const Retryable<Target>* retry = nullptr);
  Target get(TargetId id, const Actor& actor);
  /// Every target, or one year's, ordered by year, metric and focus area (overall first).
  std::vector<Target> list(std::optional<int> year, const Actor& actor);
  Target update(TargetId id, std::int64_t expected_version, TargetChanges changes, const Actor& actor);
  void remove(TargetId id, std::int64_t expected_version, const Actor& actor);

 private:
  Store& store_;
  Clock clock_;
};

}  // namespace facilitator::core
