#pragma once

// Migration 3: accounts, roles and access (docs/design.md#accounts). Users, web sessions, API
// tokens, entrepreneur invitations, the audit log, and the tie between a project's contact person
// and an entrepreneur's account. Secrets are stored only as hashes.
//
// Deleting a contact deletes its invitations first (SociContactRepository::remove) rather than by
// ON DELETE CASCADE: the rule then reads in one place and holds on any connection, whatever its
// foreign-key setting.
//
// Newest-first audit listing walks the primary key backwards; the (kind, id) and (actor, id)
// indexes serve the filtered lists in the same order. contacts_by_user makes "is this user a
// contact of that project" and "the projects this user is a contact of" index lookups; it is
// partial because most contacts never get an account.

#include <string_view>

namespace facilitator::core::storage {

// clang-format off
inline constexpr std::string_view kM003Accounts = R"sql(
CREATE TABLE users (
  id            {id},
  email         TEXT     NOT NULL,
  name          TEXT     NOT NULL,
  role          TEXT     NOT NULL,
  password_hash TEXT     NOT NULL,
  disabled      SMALLINT NOT NULL DEFAULT 0,
  version       BIGINT   NOT NULL,
  created_at    BIGINT   NOT NULL,
  updated_at    BIGINT   NOT NULL,
  last_login_at BIGINT
);
CREATE UNIQUE INDEX users_by_email ON users (email);
CREATE TABLE sessions (
  id_hash      TEXT   NOT NULL PRIMARY KEY,
  user_id      BIGINT NOT NULL REFERENCES users (id),
  csrf_token   TEXT   NOT NULL,
  created_at   BIGINT NOT NULL,
  last_seen_at BIGINT NOT NULL,
  expires_at   BIGINT NOT NULL,
  address      TEXT   NOT NULL
){without_rowid};
CREATE INDEX sessions_by_user ON sessions (user_id);
CREATE INDEX sessions_by_expiry ON sessions (expires_at);
CREATE INDEX sessions_by_last_seen ON sessions (last_seen_at);
CREATE TABLE api_tokens (
  id           {id},
  name         TEXT   NOT NULL,
  role         TEXT   NOT NULL,
  token_hash   TEXT   NOT NULL,
  prefix       TEXT   NOT NULL,
  created_by   TEXT   NOT NULL,
  created_at   BIGINT NOT NULL,
  last_used_at BIGINT,
  revoked_at   BIGINT
);
CREATE UNIQUE INDEX api_tokens_by_hash ON api_tokens (token_hash);
ALTER TABLE contacts ADD COLUMN user_id BIGINT REFERENCES users (id);
CREATE INDEX contacts_by_user ON contacts (user_id, project_id) WHERE user_id IS NOT NULL;
CREATE TABLE invitations (
  id         {id},
  token_hash TEXT   NOT NULL,
  project_id BIGINT NOT NULL REFERENCES projects (id),
  contact_id BIGINT NOT NULL REFERENCES contacts (id),
  email      TEXT   NOT NULL,
  created_by TEXT   NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  used_at    BIGINT,
  user_id    BIGINT REFERENCES users (id)
);
CREATE UNIQUE INDEX invitations_by_hash ON invitations (token_hash);
CREATE INDEX invitations_by_project ON invitations (project_id, id);
CREATE INDEX invitations_by_contact ON invitations (contact_id);
CREATE TABLE audit_log (
  id      {id},
  at      BIGINT NOT NULL,
  kind    TEXT   NOT NULL,
  actor   TEXT   NOT NULL,
  address TEXT   NOT NULL,
  detail  TEXT   NOT NULL
);
CREATE INDEX audit_log_by_kind ON audit_log (kind, id);
CREATE INDEX audit_log_by_actor ON audit_log (actor, id);
)sql";
// clang-format on

}  // namespace facilitator::core::storage
