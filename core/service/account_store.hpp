#pragma once

// Repositories of accounts, sessions, tokens, invitations and the audit log, as the services see
// them (no SQL here). Like the case-data repositories, a broken unique constraint throws
// DomainError(duplicate).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/account/account.hpp"

namespace facilitator::core {

class UserRepository {
 public:
  virtual ~UserRepository() = default;
  /// Returns the new id; throws DomainError(duplicate) when the email is taken.
  virtual UserId insert(const User& user) = 0;
  virtual std::optional<User> find(UserId id) = 0;
  /// `email` lower-case.
  virtual std::optional<User> find_by_email(const std::string& email) = 0;
  /// False when the stored version is not `expected_version`.
  virtual bool update(const User& user, std::int64_t expected_version) = 0;
  virtual void record_login(UserId id, Timestamp at) = 0;
  /// Every user, in id order.
  virtual std::vector<User> list() = 0;
};

class SessionRepository {
 public:
  virtual ~SessionRepository() = default;
  virtual void insert(const Session& session) = 0;
  virtual std::optional<Session> find(const std::string& id_hash) = 0;
  virtual void touch(const std::string& id_hash, Timestamp last_seen_at) = 0;
  virtual void remove(const std::string& id_hash) = 0;
  virtual void remove_for_user(UserId user) = 0;
  /// Deletes sessions whose absolute expiry is before `now` or that were idle since before
  /// `idle_before`; returns how many.
  virtual std::int64_t remove_expired(Timestamp now, Timestamp idle_before) = 0;
};

class TokenRepository {
 public:
  virtual ~TokenRepository() = default;
  virtual std::int64_t insert(const ApiToken& token) = 0;
  virtual std::optional<ApiToken> find(std::int64_t id) = 0;
  virtual std::optional<ApiToken> find_by_hash(const std::string& token_hash) = 0;
  virtual void record_use(std::int64_t id, Timestamp at) = 0;
  /// False when there is no such token or it was already revoked.
  virtual bool revoke(std::int64_t id, Timestamp at) = 0;
  /// Every token, revoked ones too, in id order.
  virtual std::vector<ApiToken> list() = 0;
};

class InvitationRepository {
 public:
  virtual ~InvitationRepository() = default;
  virtual std::int64_t insert(const Invitation& invitation) = 0;
  virtual std::optional<Invitation> find_by_hash(const std::string& token_hash) = 0;
  /// Marks the invitation used by `user`, only if it is still unused; false when it was not.
  virtual bool mark_used(std::int64_t id, Timestamp at, UserId user) = 0;
  /// A project's invitations, newest first.
  virtual std::vector<Invitation> list(ProjectId project) = 0;
};

struct AuditQuery {
  std::optional<std::string> kind;
  std::optional<std::string> actor;
  std::optional<std::int64_t> before_id;  // paging: newest first, entries older than this id
  std::int64_t limit = 100;
};

class AuditRepository {
 public:
  virtual ~AuditRepository() = default;
  virtual void append(const AuditEntry& entry) = 0;
  /// Newest first.
  virtual std::vector<AuditEntry> list(const AuditQuery& query) = 0;
  virtual std::int64_t count(const AuditQuery& query) = 0;
};

}  // namespace facilitator::core
