#pragma once

// Companies: the firms projects are about, one per organisation number.

#include <optional>
#include <string>

#include "core/domain/case_data.hpp"
#include "core/domain/role.hpp"
#include "core/domain/time.hpp"
#include "core/service/idempotency.hpp"
#include "core/service/store.hpp"

namespace facilitator::core {

struct CompanyListRequest {
  std::optional<std::string> text;  // part of the name, or the organisation number
  std::optional<std::string> ids;   // only these companies: ids separated by commas, "3,17,42"
  std::optional<std::string> cursor;
  std::optional<std::int64_t> limit;
};

class CompanyService {
 public:
  CompanyService(Store& store, Clock clock) : store_(store), clock_(std::move(clock)) {}

  /// Name and a valid organisation number are required; a number already registered is a 409
  /// whose detail names the existing company. With `retry`, once per Idempotency-Key
  /// (core/service/idempotency.hpp).
  Company create(CompanyChanges request, const Actor& actor, const Retryable<Company>* retry = nullptr);
  Company get(CompanyId id, const Actor& actor);
  Page<Company> list(const CompanyListRequest& request, const Actor& actor);
  Company update(CompanyId id, std::int64_t expected_version, CompanyChanges changes, const Actor& actor);

 private:
  Store& store_;
  Clock clock_;
};

}  // namespace facilitator::core
