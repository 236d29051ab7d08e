#pragma once

// Accounts and what proves who a caller is (docs/design.md#accounts): users, web sessions, API
// tokens, entrepreneur invitations, and the audit log. Secrets (passwords, session ids, tokens,
// invitation links) are never stored: only their hashes are.

#include <cstdint>
#include <optional>
#include <string>

#include "core/domain/case_data.hpp"
#include "core/domain/project.hpp"
#include "core/domain/role.hpp"
#include "core/domain/time.hpp"

namespace facilitator::core {

using UserId = std::int64_t;

struct User {
  UserId id = 0;
  std::string email;  // stored lower-case; unique
  std::string name;
  Role role = Role::adviser;
  std::string password_hash;  // argon2id encoded string; never leaves core
  bool disabled = false;
  std::int64_t version = 0;
  Timestamp created_at{};
  Timestamp updated_at{};
  std::optional<Timestamp> last_login_at;
};

/// A web session. The browser holds the session id; the database holds its SHA-256.
struct Session {
  std::string id_hash;
  UserId user_id = 0;
  std::string csrf_token;  // sent back by the client in X-CSRF-Token on every write
  Timestamp created_at{};
  Timestamp last_seen_at{};
  Timestamp expires_at{};  // the absolute expiry; the idle one is last_seen_at + idle timeout
  std::string address;     // the address that logged in
};

/// A bearer token for an integration: it acts with a role, not as a person.
struct ApiToken {
  std::int64_t id = 0;
  std::string name;  // what it is for, e.g. "kommunens rapportuttrekk"
  Role role = Role::management;
  std::string token_hash;  // SHA-256 of the secret
  std::string prefix;      // the secret's first characters, to tell tokens apart in lists
  std::string created_by;
  Timestamp created_at{};
  std::optional<Timestamp> last_used_at;
  std::optional<Timestamp> revoked_at;
};

/// An adviser's invitation to a project's contact person to become an entrepreneur user.
struct Invitation {
  std::int64_t id = 0;
  std::string token_hash;  // SHA-256 of the link's secret
  ProjectId project_id = 0;
  ContactId contact_id = 0;
  std::string email;  // the contact's email when invited: the account's login
  std::string created_by;
  Timestamp created_at{};
  Timestamp expires_at{};
  std::optional<Timestamp> used_at;
  std::optional<UserId> user_id;  // the account it created or joined
};

/// One line of the audit log.
struct AuditEntry {
  std::int64_t id = 0;
  Timestamp at{};
  std::string kind;     // login, login_failed, logout, token_created, token_used, token_revoked,
                        // invitation_created, invitation_accepted, permission_denied, user_created,
                        // user_changed, password_changed
  std::string actor;    // who (an email, "token:NAME", or the email tried at a failed login)
  std::string address;  // the client's address
  std::string detail;   // what, in words (never a secret)
};

}  // namespace facilitator::core
