#pragma once

// Users, logins and sessions, API tokens, entrepreneur invitations and the audit log: everything
// that decides who a caller is. The HTTP layer turns a cookie or a bearer token into an Actor
// only through this service.

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "core/account/account.hpp"
#include "core/account/login_throttle.hpp"
#include "core/account/password.hpp"
#include "core/domain/role.hpp"
#include "core/domain/time.hpp"
#include "core/service/idempotency.hpp"
#include "core/service/paging.hpp"
#include "core/service/store.hpp"

namespace facilitator::core {

struct SessionSettings {
  std::chrono::seconds idle_timeout{30 * 60};        // a session unused this long ends
  std::chrono::seconds absolute_timeout{12 * 3600};  // and every session ends this long after login
  std::chrono::seconds invitation_lifetime{7 * 24 * 3600};
};

struct NewUser {
  std::string email;
  std::string name;  // optional; defaults to the part of the email before '@'
  Role role = Role::adviser;
  std::string password;
};

struct UserChanges {
  std::optional<std::string> name;
  std::optional<Role> role;
  std::optional<bool> disabled;  // disabling also ends the user's sessions
};

/// A successful login: the secret session id (for the cookie, shown nowhere else) and whom it is for.
struct LoginResult {
  std::string session_secret;
  Session session;
  User user;
};

/// A session that is valid now, with its user.
struct CurrentSession {
  Session session;
  User user;
  [[nodiscard]] Actor actor() const;
};

struct CreatedToken {
  ApiToken token;
  std::string secret;  // shown once, never again
};

struct CreatedInvitation {
  Invitation invitation;
  std::string secret;  // the link's secret, shown once to the adviser who hands it over
};

/// What the invitation link shows before the contact accepts it.
struct InvitationView {
  std::string project_title;
  std::string contact_name;
  std::string email;
  Timestamp expires_at{};
  bool existing_account = false;  // the email has an entrepreneur account: accepting needs its password
};

class AccountService {
 public:
  AccountService(Store& store, Clock clock, PasswordHasher& hasher, LoginThrottle& throttle,
                 SessionSettings settings = {});

  [[nodiscard]] const SessionSettings& settings() const noexcept { return settings_; }

  // --- Users (admins; the CLI acts as system) ---
  /// Email must look like an address, the role must not be system, the password must pass
  /// password_problem(). Throws duplicate when the email has an account. With `retry`, once per
  /// Idempotency-Key (core/service/idempotency.hpp), as token and invitation creations.
  User add_user(NewUser request, const Actor& actor, const std::string& address = "",
                const Retryable<User>* retry = nullptr);
  std::vector<User> list_users(const Actor& actor);
  User get_user(UserId id, const Actor& actor);
  User update_user(UserId id, std::int64_t expected_version, UserChanges changes, const Actor& actor,
                   const std::string& address = "");
  /// For the CLI: the user with this email, or not_found.
  User find_user_by_email(const std::string& email, const Actor& actor);
  /// The caller changes their own password (the current one is required); every session of theirs
  /// ends except the one whose secret is `current_session_secret` (the one making the change).
  void change_password(const Actor& actor, const std::string& current_password, const std::string& new_password,
                       const std::string& address, const std::string& current_session_secret = "");

  // --- Sessions ---
  /// Throws unauthenticated with the same words whether the email is unknown, the account
  /// disabled or the password wrong; RateLimited when the account or address is throttled.
  /// Every attempt is audited. A new session id every time.
  LoginResult login(const std::string& email, const std::string& password, const std::string& address);
  /// The session for a cookie's secret if it exists, has not expired (idle or absolute) and its
  /// user is enabled; records the use (at most once a minute, to keep reads cheap).
  std::optional<CurrentSession> resolve_session(const std::string& secret);
  /// Ends the session server-side; unknown secrets are ignored.
  void logout(const std::string& secret, const std::string& address);

  // --- API tokens (admins) ---
  /// Roles admin, adviser or management (an entrepreneur is a person, never a token).
  CreatedToken create_token(const std::string& name, Role role, const Actor& actor, const std::string& address,
                            const Retryable<CreatedToken>* retry = nullptr);
  std::vector<ApiToken> list_tokens(const Actor& actor);
  void revoke_token(std::int64_t id, const Actor& actor, const std::string& address);
  /// The actor a bearer secret acts as, if it is a token that exists and is not revoked; records
  /// its last use and audits the use (both at most once a minute per token).
  std::optional<Actor> resolve_token(const std::string& secret, const std::string& address);

  // --- Invitations ---
  /// An adviser invites a contact of a project that has an email address. The project and contact
  /// must exist (not_found); a contact already tied to an account is refused (duplicate).
  CreatedInvitation invite(ProjectId project, ContactId contact, const Actor& actor, const std::string& address,
                           const Retryable<CreatedInvitation>* retry = nullptr);
  std::vector<Invitation> list_invitations(ProjectId project, const Actor& actor);
  /// For the link's page; not_found for an unknown, used or expired link (the same answer).
  InvitationView describe_invitation(const std::string& secret);
  /// Creates the entrepreneur account (or, when the email already has an entrepreneur account
  /// and `password` is its password, joins it), ties it to the contact, uses up the invitation
  /// and logs in. not_found for an unknown, used or expired link.
  LoginResult accept_invitation(const std::string& secret, const std::string& password, const std::string& address);

  // --- Audit log ---
  /// Appends in its own transaction, so that it is kept when the request it describes fails.
  void audit(const std::string& kind, const std::string& actor, const std::string& address, const std::string& detail);
  /// Admins only; newest first.
  Page<AuditEntry> list_audit(AuditQuery query, const Actor& actor);

 private:
  /// A new session for a user whose password was checked: stored, audited, the login recorded.
  LoginResult start_session(User user, const std::string& address, const std::string& how);

  Store& store_;
  Clock clock_;
  PasswordHasher& hasher_;
  LoginThrottle& throttle_;
  SessionSettings settings_;
};

}  // namespace facilitator::core
