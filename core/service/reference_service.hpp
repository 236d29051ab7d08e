#pragma once

// The configurable code lists (municipalities, focus areas, funding sources) and the fixed NACE
// sections, and the one check that a field's code is in its list.

#include <string>
#include <vector>

#include "core/domain/case_data.hpp"
#include "core/domain/error.hpp"
#include "core/domain/role.hpp"
#include "core/domain/time.hpp"
#include "core/service/idempotency.hpp"
#include "core/service/store.hpp"

namespace facilitator::core {

class ReferenceService {
 public:
  ReferenceService(Store& store, Clock clock) : store_(store), clock_(std::move(clock)) {}

  std::vector<ReferenceItem> list(ReferenceList list);
  /// One item; 404 when the list has no such code.
  ReferenceItem get(ReferenceList list, const std::string& code);
  /// Adds an item; the code is required and must be new (409 duplicate otherwise). With `retry`,
  /// once per Idempotency-Key. Every change is audited in its transaction.
  ReferenceItem add(ReferenceList list, ReferenceChanges item, const Actor& actor,
                    const Retryable<ReferenceItem>* retry = nullptr);
  /// Renames, reorders or (de)activates an item. Codes never change: records point at them.
  ReferenceItem update(ReferenceList list, const std::string& code, ReferenceChanges changes, const Actor& actor);

 private:
  Store& store_;
  Clock clock_;
};

/// Records an error when `code` is not in `list`. Inactive codes are accepted only when the
/// record already had them (`previous`), so old records stay valid after a code is retired.
void check_reference(Transaction& tx, ReferenceList list, const std::string& code, const char* field,
                     std::vector<FieldError>& errors, const std::optional<std::string>& previous = std::nullopt);

}  // namespace facilitator::core
