#pragma once

// Users, sessions, API tokens, invitations and the audit log on SQLite and PostgreSQL.

#include <soci/soci.h>

#include "core/service/account_store.hpp"

namespace facilitator::core::storage {

class SociUserRepository final : public UserRepository {
 public:
  explicit SociUserRepository(soci::session& sql) : sql_(sql) {}
  UserId insert(const User& user) override;
  std::optional<User> find(UserId id) override;
  std::optional<User> find_by_email(const std::string& email) override;
  bool update(const User& user, std::int64_t expected_version) override;
  void record_login(UserId id, Timestamp at) override;
  std::vector<User> list() override;

 private:
  soci::session& sql_;
};

class SociSessionRepository final : public SessionRepository {
 public:
  explicit SociSessionRepository(soci::session& sql) : sql_(sql) {}
  void insert(const Session& session) override;
  std::optional<Session> find(const std::string& id_hash) override;
  void touch(const std::string& id_hash, Timestamp last_seen_at) override;
  void remove(const std::string& id_hash) override;
  void remove_for_user(UserId user) override;
  std::int64_t remove_expired(Timestamp now, Timestamp idle_before) override;

 private:
  soci::session& sql_;
};

class SociTokenRepository final : public TokenRepository {
 public:
  explicit SociTokenRepository(soci::session& sql) : sql_(sql) {}
  std::int64_t insert(const ApiToken& token) override;
  std::optional<ApiToken> find(std::int64_t id) override;
  std::optional<ApiToken> find_by_hash(const std::string& token_hash) override;
  void record_use(std::int64_t id, Timestamp at) override;
  bool revoke(std::int64_t id, Timestamp at) override;
  std::vector<ApiToken> list() override;

 private:
  soci::session& sql_;
};

class SociInvitationRepository final : public InvitationRepository {
 public:
  explicit SociInvitationRepository(soci::session& sql) : sql_(sql) {}
  std::int64_t insert(const Invitation& invitation) override;
  std::optional<Invitation> find_by_hash(const std::string& token_hash) override;
  bool mark_used(std::int64_t id, Timestamp at, UserId user) override;
  std::vector<Invitation> list(ProjectId project) override;

 private:
  soci::session& sql_;
};

class SociAuditRepository final : public AuditRepository {
 public:
  explicit SociAuditRepository(soci::session& sql) : sql_(sql) {}
  void append(const AuditEntry& entry) override;
  std::vector<AuditEntry> list(const AuditQuery& query) override;
  std::int64_t count(const AuditQuery& query) override;

 private:
  soci::session& sql_;
};

}  // namespace facilitator::core::storage
