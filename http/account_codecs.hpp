#pragma once

// JSON of accounts, sessions, tokens, invitations and audit entries. Password hashes and the
// hashes of secrets never appear: there is no codec for them.

#include <nlohmann/json.hpp>

#include "core/account/account.hpp"
#include "core/service/account_service.hpp"

namespace facilitator::http {

[[nodiscard]] nlohmann::json user_json(const core::User& user);
[[nodiscard]] nlohmann::json token_json(const core::ApiToken& token);
[[nodiscard]] nlohmann::json invitation_json(const core::Invitation& invitation);
[[nodiscard]] nlohmann::json audit_json(const core::AuditEntry& entry);
/// The body of a login and of GET /api/v1/session: the user, the CSRF token and the expiries.
[[nodiscard]] nlohmann::json session_json(const core::Session& session, const core::User& user,
                                          const core::SessionSettings& settings);

}  // namespace facilitator::http
