#pragma once

// What every write of a record leaves in the audit log (docs/access.md, "The audit log"): who,
// when, the kind ("company.updated"), which record, and each field that changed with its value
// before and after, as JSON in the entry's detail:
//   {"company": 12, "changes": {"name": {"from": "Moss Bakeri", "to": "Moss Bakeri AS"}}}
// A created record's fields change from null, a deleted one's to null. Secrets never appear: a
// user's fields are email, name, role and whether disabled, never the password's hash.
// Project changes are not repeated here: the project's own event log records them.

#include <string>

#include <nlohmann/json.hpp>

#include "core/account/account.hpp"
#include "core/domain/case_data.hpp"
#include "core/domain/funding.hpp"
#include "core/domain/role.hpp"
#include "core/service/store.hpp"

namespace facilitator::core {

/// A record's fields as the audit log shows them.
[[nodiscard]] nlohmann::json audited_fields(const Company& company);
[[nodiscard]] nlohmann::json audited_fields(const Contact& contact);
[[nodiscard]] nlohmann::json audited_fields(const Note& note);
[[nodiscard]] nlohmann::json audited_fields(const Activity& activity);
[[nodiscard]] nlohmann::json audited_fields(const FundingApplication& application);
[[nodiscard]] nlohmann::json audited_fields(const Target& target);
[[nodiscard]] nlohmann::json audited_fields(const ReferenceItem& item);
[[nodiscard]] nlohmann::json audited_fields(const User& user);

/// The fields that differ between `before` and `after` (either may be null: created, deleted):
/// {"field": {"from": old, "to": new}}.
[[nodiscard]] nlohmann::json changed_fields(const nlohmann::json& before, const nlohmann::json& after);

/// Appends one entry in the caller's transaction, so that it is kept exactly when the change is.
/// `record` names the record ({"company": 12}, {"project": 3, "contact": 7}); the detail is
/// `record` with "changes" added. Nothing is written when nothing changed. `address` is the
/// client's, where the service knows it (the account operations).
void audit_change(Transaction& tx, const Actor& actor, Timestamp at, const std::string& kind, nlohmann::json record,
                  const nlohmann::json& before, const nlohmann::json& after, const std::string& address = "");

}  // namespace facilitator::core
