#include "core/storage/account_repositories.hpp"

#include <algorithm>
#include <cctype>

#include "core/domain/error.hpp"
#include "core/storage/fetch.hpp"
#include "core/storage/soci_optional.hpp"
#include "core/storage/unique_violation.hpp"

namespace facilitator::core::storage {

namespace {

/// Runs an UPDATE or DELETE prepared with its values and says how many rows it touched.
std::int64_t touched(soci::statement& statement) {
  statement.execute(true);
  return statement.get_affected_rows();
}

std::optional<long long> millis(const std::optional<Timestamp>& t) {
  if (!t) return std::nullopt;
  return to_millis(*t);
}

std::optional<Timestamp> timestamp(const std::optional<long long>& ms) {
  if (!ms) return std::nullopt;
  return from_millis(*ms);
}

/// Emails are stored lower-case (the service lower-cases them). Folding A-Z here as well means no
/// caller can store two spellings of one ASCII address, whatever the backend's collation.
std::string lower_ascii(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

/// Runs `write`; a unique constraint it breaks becomes DomainError(duplicate), any other error
/// (a foreign key that points nowhere is the caller's mistake) stays what it is. On PostgreSQL
/// the transaction is unusable after the violation, hence an exception rather than a flag.
template <class Write>
auto unique_or_duplicate(Write write, const char* field, const std::string& detail) {
  try {
    return write();
  } catch (const soci::soci_error& e) {
    if (is_unique_violation(e))
      throw DomainError(ErrorCode::duplicate, detail, {{field, "duplicate", "is already taken"}});
    throw;
  }
}

// ---------------------------------------------------------------------------------------------
// rows

constexpr std::string_view kUserColumns =
    "id, email, name, role, password_hash, disabled, version, created_at, updated_at, last_login_at";

struct UserRow {
  long long id = 0;
  std::string email, name, role, password_hash;
  int disabled = 0;
  long long version = 0, created_at = 0, updated_at = 0;
  std::optional<long long> last_login_at;

  template <class Prepared>
  void bind_into(Prepared& p) {
    p, soci::into(id), soci::into(email), soci::into(name), soci::into(role), soci::into(password_hash),
        soci::into(disabled), soci::into(version), soci::into(created_at), soci::into(updated_at),
        soci::into(last_login_at);
  }

  [[nodiscard]] User to_user() const {
    return User{.id = id,
                .email = email,
                .name = name,
                .role = parsed(parse_role(role), "user role", role),
                .password_hash = password_hash,
                .disabled = disabled != 0,
                .version = version,
                .created_at = from_millis(created_at),
                .updated_at = from_millis(updated_at),
                .last_login_at = timestamp(last_login_at)};
  }

  static UserRow from(const User& u) {
    return UserRow{.id = u.id,
                   .email = lower_ascii(u.email),
                   .name = u.name,
                   .role = std::string(to_string(u.role)),
                   .password_hash = u.password_hash,
                   .disabled = u.disabled ? 1 : 0,
                   .version = u.version,
                   .created_at = to_millis(u.created_at),
                   .updated_at = to_millis(u.updated_at),
                   .last_login_at = millis(u.last_login_at)};
  }
};

constexpr std::string_view kSessionColumns =
    "id_hash, user_id, csrf_token, created_at, last_seen_at, expires_at, address";

struct SessionRow {
  std::string id_hash;
  long long user_id = 0;
  std::string csrf_token;
  long long created_at = 0, last_seen_at = 0, expires_at = 0;
  std::string address;

  template <class Prepared>
  void bind_into(Prepared& p) {
    p, soci::into(id_hash), soci::into(user_id), soci::into(csrf_token), soci::into(created_at),
        soci::into(last_seen_at), soci::into(expires_at), soci::into(address);
  }

  [[nodiscard]] Session to_session() const {
    return Session{.id_hash = id_hash,
                   .user_id = user_id,
                   .csrf_token = csrf_token,
                   .created_at = from_millis(created_at),
                   .last_seen_at = from_millis(last_seen_at),
                   .expires_at = from_millis(expires_at),
                   .address = address};
  }
};

constexpr std::string_view kTokenColumns =
    "id, name, role, token_hash, prefix, created_by, created_at, last_used_at, revoked_at";

struct TokenRow {
  long long id = 0;
  std::string name, role, token_hash, prefix, created_by;
  long long created_at = 0;
  std::optional<long long> last_used_at, revoked_at;

  template <class Prepared>
  void bind_into(Prepared& p) {
    p, soci::into(id), soci::into(name), soci::into(role), soci::into(token_hash), soci::into(prefix),
        soci::into(created_by), soci::into(created_at), soci::into(last_used_at), soci::into(revoked_at);
  }

  [[nodiscard]] ApiToken to_token() const {
    return ApiToken{.id = id,
                    .name = name,
                    .role = parsed(parse_role(role), "token role", role),
                    .token_hash = token_hash,
                    .prefix = prefix,
                    .created_by = created_by,
                    .created_at = from_millis(created_at),
                    .last_used_at = timestamp(last_used_at),
                    .revoked_at = timestamp(revoked_at)};
  }
};

constexpr std::string_view kInvitationColumns =
    "id, token_hash, project_id, contact_id, email, created_by, created_at, expires_at, used_at, user_id";

struct InvitationRow {
  long long id = 0;
  std::string token_hash;
  long long project_id = 0, contact_id = 0;
  std::string email, created_by;
  long long created_at = 0, expires_at = 0;
  std::optional<long long> used_at, user_id;

  template <class Prepared>
  void bind_into(Prepared& p) {
    p, soci::into(id), soci::into(token_hash), soci::into(project_id), soci::into(contact_id), soci::into(email),
        soci::into(created_by), soci::into(created_at), soci::into(expires_at), soci::into(used_at),
        soci::into(user_id);
  }

  [[nodiscard]] Invitation to_invitation() const {
    std::optional<UserId> user;
    if (user_id) user = *user_id;
    return Invitation{.id = id,
                      .token_hash = token_hash,
                      .project_id = project_id,
                      .contact_id = contact_id,
                      .email = email,
                      .created_by = created_by,
                      .created_at = from_millis(created_at),
                      .expires_at = from_millis(expires_at),
                      .used_at = timestamp(used_at),
                      .user_id = user};
  }
};

constexpr std::string_view kAuditColumns = "id, at, kind, actor, address, detail";

struct AuditRow {
  long long id = 0, at = 0;
  std::string kind, actor, address, detail;

  template <class Prepared>
  void bind_into(Prepared& p) {
    p, soci::into(id), soci::into(at), soci::into(kind), soci::into(actor), soci::into(address), soci::into(detail);
  }

  [[nodiscard]] AuditEntry to_entry() const {
    return AuditEntry{
        .id = id, .at = from_millis(at), .kind = kind, .actor = actor, .address = address, .detail = detail};
  }
};

/// The filters of an audit query as SQL, with the values bound by name. Paging (`before_id`,
/// `limit`) is not a filter: a count ignores it, as a project count does.
struct AuditFilter {
  std::string where = " WHERE 1 = 1";

  explicit AuditFilter(const AuditQuery& query) {
    if (query.kind) where += " AND kind = :kind";
    if (query.actor) where += " AND actor = :actor";
  }

  template <class Prepared>
  void bind(Prepared& p, const AuditQuery& query) {
    if (query.kind) p, soci::use(*query.kind, "kind");
    if (query.actor) p, soci::use(*query.actor, "actor");
  }
};

}  // namespace

// ---------------------------------------------------------------------------------------------
// users

UserId SociUserRepository::insert(const User& user) {
  UserRow r = UserRow::from(user);
  long long id = 0;
  unique_or_duplicate(
      [&] {
        sql_ << "INSERT INTO users (email, name, role, password_hash, disabled, version, created_at, updated_at, "
                "last_login_at) VALUES (:email, :name, :role, :password_hash, :disabled, :version, :created_at, "
                ":updated_at, :last_login_at) RETURNING id",
            soci::use(r.email), soci::use(r.name), soci::use(r.role), soci::use(r.password_hash), soci::use(r.disabled),
            soci::use(r.version), soci::use(r.created_at), soci::use(r.updated_at), soci::use(r.last_login_at),
            soci::into(id);
      },
      "email", "A user with this email address already exists.");
  return id;
}

std::optional<User> SociUserRepository::find(UserId id) {
  long long key = id;
  return fetch_one<UserRow>(
      sql_, "SELECT " + std::string(kUserColumns) + " FROM users WHERE id = :id",
      [](const UserRow& r) { return r.to_user(); }, key);
}

std::optional<User> SociUserRepository::find_by_email(const std::string& email) {
  std::string key = lower_ascii(email);
  return fetch_one<UserRow>(
      sql_, "SELECT " + std::string(kUserColumns) + " FROM users WHERE email = :email",
      [](const UserRow& r) { return r.to_user(); }, key);
}

bool SociUserRepository::update(const User& user, std::int64_t expected_version) {
  UserRow r = UserRow::from(user);
  long long expected = expected_version;
  return unique_or_duplicate(
      [&] {
        soci::statement st =
            (sql_.prepare << "UPDATE users SET email = :email, name = :name, role = :role, password_hash = "
                             ":password_hash, disabled = :disabled, version = :version, updated_at = :updated_at "
                             "WHERE id = :id AND version = :expected",
             soci::use(r.email), soci::use(r.name), soci::use(r.role), soci::use(r.password_hash),
             soci::use(r.disabled), soci::use(r.version), soci::use(r.updated_at), soci::use(r.id),
             soci::use(expected));
        return touched(st) == 1;
      },
      "email", "A user with this email address already exists.");
}

void SociUserRepository::record_login(UserId id, Timestamp at) {
  // Not an edit of the account: the version stays, so an admin's change in flight still applies.
  long long key = id, when = to_millis(at);
  sql_ << "UPDATE users SET last_login_at = :at WHERE id = :id", soci::use(when), soci::use(key);
}

std::vector<User> SociUserRepository::list() {
  return fetch_all<UserRow>(sql_, "SELECT " + std::string(kUserColumns) + " FROM users ORDER BY id",
                            [](const UserRow& r) { return r.to_user(); });
}

// ---------------------------------------------------------------------------------------------
// sessions

void SociSessionRepository::insert(const Session& session) {
  long long user = session.user_id, created = to_millis(session.created_at),
            last_seen = to_millis(session.last_seen_at), expires = to_millis(session.expires_at);
  unique_or_duplicate(
      [&] {
        sql_ << "INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, last_seen_at, expires_at, address) "
                "VALUES (:id_hash, :user_id, :csrf_token, :created_at, :last_seen_at, :expires_at, :address)",
            soci::use(session.id_hash), soci::use(user), soci::use(session.csrf_token), soci::use(created),
            soci::use(last_seen), soci::use(expires), soci::use(session.address);
      },
      "session", "The session already exists.");
}

std::optional<Session> SociSessionRepository::find(const std::string& id_hash) {
  std::string key = id_hash;
  return fetch_one<SessionRow>(
      sql_, "SELECT " + std::string(kSessionColumns) + " FROM sessions WHERE id_hash = :id_hash",
      [](const SessionRow& r) { return r.to_session(); }, key);
}

void SociSessionRepository::touch(const std::string& id_hash, Timestamp last_seen_at) {
  // Only forwards: two requests of one session that finish out of order keep the later time.
  long long at = to_millis(last_seen_at);
  sql_ << "UPDATE sessions SET last_seen_at = :at WHERE id_hash = :id_hash AND last_seen_at < :at2", soci::use(at),
      soci::use(id_hash), soci::use(at);
}

void SociSessionRepository::remove(const std::string& id_hash) {
  sql_ << "DELETE FROM sessions WHERE id_hash = :id_hash", soci::use(id_hash);
}

void SociSessionRepository::remove_for_user(UserId user) {
  long long key = user;
  sql_ << "DELETE FROM sessions WHERE user_id = :user_id", soci::use(key);
}

std::int64_t SociSessionRepository::remove_expired(Timestamp now, Timestamp idle_before) {
  long long at = to_millis(now), idle = to_millis(idle_before);
  soci::statement st = (sql_.prepare << "DELETE FROM sessions WHERE expires_at < :now OR last_seen_at < :idle_before",
                        soci::use(at), soci::use(idle));
  return touched(st);
}

// ---------------------------------------------------------------------------------------------
// API tokens

std::int64_t SociTokenRepository::insert(const ApiToken& token) {
  std::string role(to_string(token.role));
  long long id = 0, created = to_millis(token.created_at);
  std::optional<long long> last_used = millis(token.last_used_at), revoked = millis(token.revoked_at);
  unique_or_duplicate(
      [&] {
        sql_ << "INSERT INTO api_tokens (name, role, token_hash, prefix, created_by, created_at, last_used_at, "
                "revoked_at) VALUES (:name, :role, :token_hash, :prefix, :created_by, :created_at, :last_used_at, "
                ":revoked_at) RETURNING id",
            soci::use(token.name), soci::use(role), soci::use(token.token_hash), soci::use(token.prefix),
            soci::use(token.created_by), soci::use(created), soci::use(last_used), soci::use(revoked), soci::into(id);
      },
      "token", "The token already exists.");
  return id;
}

std::optional<ApiToken> SociTokenRepository::find(std::int64_t id) {
  long long key = id;
  return fetch_one<TokenRow>(
      sql_, "SELECT " + std::string(kTokenColumns) + " FROM api_tokens WHERE id = :id",
      [](const TokenRow& r) { return r.to_token(); }, key);
}

std::optional<ApiToken> SociTokenRepository::find_by_hash(const std::string& token_hash) {
  std::string key = token_hash;
  return fetch_one<TokenRow>(
      sql_, "SELECT " + std::string(kTokenColumns) + " FROM api_tokens WHERE token_hash = :token_hash",
      [](const TokenRow& r) { return r.to_token(); }, key);
}

void SociTokenRepository::record_use(std::int64_t id, Timestamp at) {
  // Only forwards, like a session's last use.
  long long key = id, when = to_millis(at);
  sql_ << "UPDATE api_tokens SET last_used_at = :at WHERE id = :id AND (last_used_at IS NULL OR last_used_at < :at2)",
      soci::use(when), soci::use(key), soci::use(when);
}

bool SociTokenRepository::revoke(std::int64_t id, Timestamp at) {
  long long key = id, when = to_millis(at);
  soci::statement st = (sql_.prepare << "UPDATE api_tokens SET revoked_at = :at WHERE id = :id AND revoked_at IS NULL",
                        soci::use(when), soci::use(key));
  return touched(st) == 1;
}

std::vector<ApiToken> SociTokenRepository::list() {
  return fetch_all<TokenRow>(sql_, "SELECT " + std::string(kTokenColumns) + " FROM api_tokens ORDER BY id",
                             [](const TokenRow& r) { return r.to_token(); });
}

// ---------------------------------------------------------------------------------------------
// invitations

std::int64_t SociInvitationRepository::insert(const Invitation& invitation) {
  long long id = 0, project = invitation.project_id, contact = invitation.contact_id,
            created = to_millis(invitation.created_at), expires = to_millis(invitation.expires_at);
  std::optional<long long> used = millis(invitation.used_at), user;
  if (invitation.user_id) user = *invitation.user_id;
  unique_or_duplicate(
      [&] {
        sql_ << "INSERT INTO invitations (token_hash, project_id, contact_id, email, created_by, created_at, "
                "expires_at, used_at, user_id) VALUES (:token_hash, :project_id, :contact_id, :email, :created_by, "
                ":created_at, :expires_at, :used_at, :user_id) RETURNING id",
            soci::use(invitation.token_hash), soci::use(project), soci::use(contact), soci::use(invitation.email),
            soci::use(invitation.created_by), soci::use(created), soci::use(expires), soci::use(used), soci::use(user),
            soci::into(id);
      },
      "invitation", "The invitation already exists.");
  return id;
}

std::optional<Invitation> SociInvitationRepository::find_by_hash(const std::string& token_hash) {
  std::string key = token_hash;
  return fetch_one<InvitationRow>(
      sql_, "SELECT " + std::string(kInvitationColumns) + " FROM invitations WHERE token_hash = :token_hash",
      [](const InvitationRow& r) { return r.to_invitation(); }, key);
}

bool SociInvitationRepository::mark_used(std::int64_t id, Timestamp at, UserId user) {
  // The condition on used_at makes a second acceptance of one link (a double click, a race)
  // touch nothing, whichever writer comes second.
  long long key = id, when = to_millis(at), account = user;
  soci::statement st =
      (sql_.prepare << "UPDATE invitations SET used_at = :at, user_id = :user_id WHERE id = :id AND used_at IS NULL",
       soci::use(when), soci::use(account), soci::use(key));
  return touched(st) == 1;
}

std::vector<Invitation> SociInvitationRepository::list(ProjectId project) {
  long long p = project;
  return fetch_all<InvitationRow>(
      sql_, "SELECT " + std::string(kInvitationColumns) + " FROM invitations WHERE project_id = :p ORDER BY id DESC",
      [](const InvitationRow& r) { return r.to_invitation(); }, p);
}

// ---------------------------------------------------------------------------------------------
// audit log

void SociAuditRepository::append(const AuditEntry& entry) {
  long long at = to_millis(entry.at);
  sql_ << "INSERT INTO audit_log (at, kind, actor, address, detail) VALUES (:at, :kind, :actor, :address, :detail)",
      soci::use(at), soci::use(entry.kind), soci::use(entry.actor), soci::use(entry.address), soci::use(entry.detail);
}

std::vector<AuditEntry> SociAuditRepository::list(const AuditQuery& query) {
  AuditFilter filter(query);
  long long before = query.before_id.value_or(0), limit = std::max<std::int64_t>(query.limit, 0);
  std::string text = "SELECT " + std::string(kAuditColumns) + " FROM audit_log" + filter.where;
  if (query.before_id) text += " AND id < :before";
  text += " ORDER BY id DESC LIMIT :limit";
  AuditRow row;
  auto prepared = (sql_.prepare << text);
  row.bind_into(prepared);
  filter.bind(prepared, query);
  if (query.before_id) prepared, soci::use(before, "before");
  prepared, soci::use(limit, "limit");
  soci::statement statement(prepared);
  statement.execute();
  std::vector<AuditEntry> result;
  while (statement.fetch()) result.push_back(row.to_entry());
  return result;
}

std::int64_t SociAuditRepository::count(const AuditQuery& query) {
  return count_filtered<AuditFilter>(sql_, "audit_log", query);
}

}  // namespace facilitator::core::storage
