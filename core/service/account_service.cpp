#include "core/service/account_service.hpp"

#include <algorithm>
#include <cctype>

#include "core/access/policy.hpp"
#include "core/account/secret.hpp"
#include "core/domain/error.hpp"
#include "core/domain/utf8.hpp"
#include "core/service/audit_trail.hpp"
#include "core/service/idempotent_write.hpp"
#include "core/service/validation.hpp"

namespace facilitator::core {

namespace {

constexpr std::size_t kMaxEmailLength = 254;   // RFC 5321's limit on a forward path
constexpr std::size_t kMaxSecretLength = 200;  // longer than any secret we hand out
constexpr std::string_view kTokenPrefix = "fct_";
constexpr std::size_t kTokenPrefixShown = 8;
constexpr auto kUseRecordInterval = std::chrono::minutes(1);

const char* const kLoginRefused = "The email address or the password is not right.";
const char* const kInvitationInvalid =
    "This invitation link is not valid: it is unknown, has been used or has expired. Ask your adviser for a new one.";

std::string lower_trimmed(std::string_view text) {
  auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  auto last = text.find_last_not_of(" \t\r\n");
  std::string out(text.substr(first, last - first + 1));
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

/// local@domain.tld: one @, something before it, a domain with a dot inside it, no spaces or
/// control characters. Whether the mailbox exists is not ours to know.
bool looks_like_email(const std::string& email) {
  auto at = email.find('@');
  if (at == std::string::npos || at == 0 || email.find('@', at + 1) != std::string::npos) return false;
  if (std::any_of(email.begin(), email.end(), [](char c) {
        auto u = static_cast<unsigned char>(c);
        return u <= 0x20U || u == 0x7FU;
      }))
    return false;
  std::string domain = email.substr(at + 1);
  auto dot = domain.find('.');
  return dot != std::string::npos && dot != 0 && domain.back() != '.' && domain.find("..") == std::string::npos;
}

/// The email in lower case, trimmed; records a field error unless it looks like an address.
std::string checked_email(std::string_view text, std::vector<FieldError>& errors) {
  std::string email = lower_trimmed(text);
  if (email.empty())
    errors.push_back({"email", "required", "an email address is required"});
  else if (email.size() > kMaxEmailLength)
    errors.push_back({"email", "too_long", "at most 254 characters"});
  else if (!looks_like_email(email))
    errors.push_back({"email", "invalid", "an email address such as kari@firma.no"});
  return email;
}

void check_person_role(Role role, std::vector<FieldError>& errors) {
  if (role == Role::system) errors.push_back({"role", "invalid", "one of admin, adviser, management, entrepreneur"});
}

void check_password(const std::string& password, const char* field, std::vector<FieldError>& errors) {
  std::string problem = password_problem(password);
  if (!problem.empty()) errors.push_back({field, "weak", "the password must have " + problem});
}

/// What may be written to the audit log about a text a caller sent: one line, bounded, cut at a
/// character boundary (a cut inside a character would be text PostgreSQL refuses to store).
std::string loggable(std::string_view text) {
  std::string out;
  for (char c : utf8_prefix(text, kMaxEmailLength)) {
    auto u = static_cast<unsigned char>(c);
    out += u < 0x20U || u == 0x7FU ? '?' : c;
  }
  return out;
}

/// Users, tokens and invitations as they leave core: without the hash of their secret.
User without_secret(User user) {
  user.password_hash.clear();
  return user;
}
ApiToken without_secret(ApiToken token) {
  token.token_hash.clear();
  return token;
}
Invitation without_secret(Invitation invitation) {
  invitation.token_hash.clear();
  return invitation;
}

bool usable(const Invitation& invitation, Timestamp now) { return !invitation.used_at && now < invitation.expires_at; }

User load_user(Transaction& tx, UserId id) {
  auto user = tx.users().find(id);
  if (!user) throw DomainError(ErrorCode::not_found, "There is no user with that id.");
  return std::move(*user);
}

std::int64_t enabled_admins(Transaction& tx) {
  auto users = tx.users().list();
  return std::count_if(users.begin(), users.end(), [](const User& u) { return u.role == Role::admin && !u.disabled; });
}

}  // namespace

Actor CurrentSession::actor() const { return Actor{user.email, user.role, user.id}; }

AccountService::AccountService(Store& store, Clock clock, PasswordHasher& hasher, LoginThrottle& throttle,
                               SessionSettings settings)
    : store_(store), clock_(std::move(clock)), hasher_(hasher), throttle_(throttle), settings_(settings) {}

// -------------------------------------------------------------------------------------------------
// Users

User AccountService::add_user(NewUser request, const Actor& actor, const std::string& address,
                              const Retryable<User>* retry) {
  require(actor, Action::user_manage);
  std::vector<FieldError> errors;
  std::string email = checked_email(request.email, errors);
  check_person_role(request.role, errors);
  check_text(request.name, "name", kShortText, Lines::single, errors);
  check_password(request.password, "password", errors);
  throw_if_invalid(errors);
  if (request.name.empty()) request.name = email.substr(0, email.find('@'));

  std::string hash = hasher_.hash(request.password);  // slow: outside the transaction
  User user;
  user.email = email;
  user.name = request.name;
  user.role = request.role;
  user.password_hash = std::move(hash);
  user.version = 1;
  user.created_at = user.updated_at = clock_();
  return store_.write_returning([&](Transaction& tx) {
    return create_once(tx, actor, retry, user.created_at, [&](Transaction&) {
      if (tx.users().find_by_email(email))
        throw DomainError(ErrorCode::duplicate, "There is already an account with the email address " + email + ".",
                          {{"email", "duplicate", "already has an account"}});
      User added = user;
      added.id = tx.users().insert(added);
      audit_change(tx, actor, added.created_at, "user_created", {{"user", added.id}}, nullptr, audited_fields(added),
                   address);
      return without_secret(std::move(added));
    });
  });
}

std::vector<User> AccountService::list_users(const Actor& actor) {
  require(actor, Action::user_manage);
  auto users = store_.read_returning([](Transaction& tx) { return tx.users().list(); });
  for (User& user : users) user = without_secret(std::move(user));
  return users;
}

User AccountService::get_user(UserId id, const Actor& actor) {
  require(actor, Action::user_manage);
  return without_secret(store_.read_returning([&](Transaction& tx) { return load_user(tx, id); }));
}

User AccountService::find_user_by_email(const std::string& email, const Actor& actor) {
  require(actor, Action::user_manage);
  std::string key = lower_trimmed(email);
  auto user = store_.read_returning([&](Transaction& tx) { return tx.users().find_by_email(key); });
  if (!user) throw DomainError(ErrorCode::not_found, "There is no user with the email address " + loggable(key) + ".");
  return without_secret(std::move(*user));
}

User AccountService::update_user(UserId id, std::int64_t expected_version, UserChanges changes, const Actor& actor,
                                 const std::string& address) {
  require(actor, Action::user_manage);
  std::vector<FieldError> errors;
  if (changes.name) check_required_text(*changes.name, "name", "a name", errors);
  if (changes.role) check_person_role(*changes.role, errors);
  throw_if_invalid(errors);

  User user;
  store_.write([&](Transaction& tx) {
    user = load_user(tx, id);
    if (user.version != expected_version) throw VersionConflict("", user.version);
    const bool was_enabled_admin = user.role == Role::admin && !user.disabled;
    const nlohmann::json before = audited_fields(user);
    if (changes.name) user.name = *changes.name;
    // What the sessions may do was decided with the old role; a disabled user has none.
    const bool end_sessions =
        (changes.role && *changes.role != user.role) || (changes.disabled && *changes.disabled && !user.disabled);
    if (changes.role) user.role = *changes.role;
    if (changes.disabled) user.disabled = *changes.disabled;
    if (audited_fields(user) == before) return;  // nothing changed: no new version
    user.version = expected_version + 1;
    user.updated_at = clock_();
    if (!tx.users().update(user, expected_version)) throw VersionConflict("", expected_version);
    // Someone must be able to manage users afterwards (the CLI could still fix it, but should not have to).
    if (was_enabled_admin && enabled_admins(tx) == 0)
      throw DomainError(ErrorCode::invalid_input, "This is the last enabled admin: add or enable another admin first.",
                        {{changes.role ? "role" : "disabled", "last_admin", "the last enabled admin must stay one"}});
    if (end_sessions) tx.sessions().remove_for_user(id);
    audit_change(tx, actor, user.updated_at, "user_changed", {{"user", user.id}, {"email", user.email}}, before,
                 audited_fields(user), address);
  });
  return without_secret(std::move(user));
}

void AccountService::change_password(const Actor& actor, const std::string& current_password,
                                     const std::string& new_password, const std::string& address,
                                     const std::string& current_session_secret) {
  if (!actor.user_id) throw DomainError(ErrorCode::forbidden, "Only a person logged in with a password can change it.");
  std::vector<FieldError> errors;
  check_password(new_password, "new_password", errors);
  throw_if_invalid(errors);

  auto user = store_.read_returning([&](Transaction& tx) { return tx.users().find(*actor.user_id); });
  if (!user || user->disabled) throw DomainError(ErrorCode::unauthenticated, "Your session has ended; log in again.");
  Timestamp now = clock_();
  if (auto wait = throttle_.blocked(user->email, address, now))
    throw RateLimited("Too many wrong passwords. Try again later.", wait->count());
  if (!hasher_.verify(user->password_hash, current_password)) {
    throttle_.record_failure(user->email, address, now);
    audit("login_failed", user->email, address, "wrong current password when changing the password");
    // 400, not 401: the session is fine, and a client must not take a typo for a logout.
    throw DomainError(ErrorCode::invalid_input, "The current password is not right.",
                      {{"current_password", "wrong", "the current password is not right"}});
  }
  std::string hash = hasher_.hash(new_password);
  store_.write([&](Transaction& tx) {
    User stored = load_user(tx, *actor.user_id);
    stored.password_hash = hash;
    std::int64_t expected = stored.version;
    stored.version = expected + 1;
    stored.updated_at = clock_();
    if (!tx.users().update(stored, expected)) throw VersionConflict("", expected);
    // Every other session ends: whoever knew the old password is logged out.
    std::optional<Session> keep;
    if (!current_session_secret.empty()) keep = tx.sessions().find(sha256_hex(current_session_secret));
    tx.sessions().remove_for_user(stored.id);
    if (keep && keep->user_id == stored.id) tx.sessions().insert(*keep);
    tx.audit().append({0, stored.updated_at, "password_changed", stored.email, address, "other sessions ended"});
  });
}

// -------------------------------------------------------------------------------------------------
// Sessions

LoginResult AccountService::login(const std::string& email, const std::string& password, const std::string& address) {
  const std::string account = lower_trimmed(email);
  const std::string who = loggable(account);
  Timestamp now = clock_();
  if (auto wait = throttle_.blocked(account, address, now)) {
    audit("login_failed", who, address, "refused: too many failed logins for this account or address");
    auto minutes = (wait->count() + 59) / 60;
    throw RateLimited(
        "Too many failed logins. Try again in " + std::to_string(minutes) + (minutes == 1 ? " minute." : " minutes."),
        wait->count());
  }
  std::optional<User> user;
  if (!account.empty() && account.size() <= kMaxEmailLength)
    user = store_.read_returning([&](Transaction& tx) { return tx.users().find_by_email(account); });

  // The same work and the same answer whether the account exists, is disabled or the password is
  // wrong; only the audit log tells them apart.
  const char* reason = nullptr;
  if (!user) {
    hasher_.verify_dummy(password);
    reason = "unknown account";
  } else if (!hasher_.verify(user->password_hash, password)) {
    reason = "wrong password";
  } else if (user->disabled) {
    reason = "account disabled";
  }
  if (reason != nullptr) {
    throttle_.record_failure(account, address, now);
    audit("login_failed", who, address, reason);
    throw DomainError(ErrorCode::unauthenticated, kLoginRefused);
  }
  throttle_.record_success(account);
  return start_session(*user, address, "password");
}

LoginResult AccountService::start_session(User user, const std::string& address, const std::string& how) {
  Timestamp now = clock_();
  LoginResult result;
  result.session_secret = random_secret(32);
  result.session.id_hash = sha256_hex(result.session_secret);
  result.session.user_id = user.id;
  result.session.csrf_token = random_secret(32);
  result.session.created_at = result.session.last_seen_at = now;
  result.session.expires_at = now + std::chrono::duration_cast<std::chrono::milliseconds>(settings_.absolute_timeout);
  result.session.address = address;
  store_.write([&](Transaction& tx) {
    // Sessions that ended by themselves are cleared here, so the table stays the size of its use.
    tx.sessions().remove_expired(now,
                                 now - std::chrono::duration_cast<std::chrono::milliseconds>(settings_.idle_timeout));
    tx.sessions().insert(result.session);
    tx.users().record_login(user.id, now);
    tx.audit().append({0, now, "login", user.email, address, how});
  });
  user.last_login_at = now;
  result.user = without_secret(std::move(user));
  return result;
}

std::optional<CurrentSession> AccountService::resolve_session(const std::string& secret) {
  if (secret.empty() || secret.size() > kMaxSecretLength) return std::nullopt;
  const std::string hash = sha256_hex(secret);
  Timestamp now = clock_();
  auto idle = std::chrono::duration_cast<std::chrono::milliseconds>(settings_.idle_timeout);
  std::optional<CurrentSession> current;
  bool ended = false;
  store_.read([&](Transaction& tx) {
    auto session = tx.sessions().find(hash);
    if (!session) return;
    auto user = tx.users().find(session->user_id);
    ended = now >= session->expires_at || now >= session->last_seen_at + idle || !user || user->disabled;
    if (!ended) current = CurrentSession{std::move(*session), without_secret(std::move(*user))};
  });
  if (ended) store_.write([&](Transaction& tx) { tx.sessions().remove(hash); });
  if (current && now - current->session.last_seen_at >= kUseRecordInterval) {
    store_.write([&](Transaction& tx) { tx.sessions().touch(hash, now); });
    current->session.last_seen_at = now;
  }
  return current;
}

void AccountService::logout(const std::string& secret, const std::string& address) {
  if (secret.empty() || secret.size() > kMaxSecretLength) return;
  const std::string hash = sha256_hex(secret);
  store_.write([&](Transaction& tx) {
    auto session = tx.sessions().find(hash);
    if (!session) return;
    tx.sessions().remove(hash);
    auto user = tx.users().find(session->user_id);
    tx.audit().append(
        {0, clock_(), "logout", user ? user->email : "user " + std::to_string(session->user_id), address, ""});
  });
}

// -------------------------------------------------------------------------------------------------
// API tokens

CreatedToken AccountService::create_token(const std::string& name, Role role, const Actor& actor,
                                          const std::string& address, const Retryable<CreatedToken>* retry) {
  require(actor, Action::token_manage);
  std::vector<FieldError> errors;
  std::string checked_name = name;
  check_required_text(checked_name, "name", "a name saying what the token is for", errors);
  if (role != Role::admin && role != Role::adviser && role != Role::management)
    errors.push_back(
        {"role", "invalid", "one of admin, adviser, management (an entrepreneur is a person, not a token)"});
  throw_if_invalid(errors);

  CreatedToken created;
  created.secret = std::string(kTokenPrefix) + random_secret(32);
  ApiToken& token = created.token;
  token.name = checked_name;
  token.role = role;
  token.token_hash = sha256_hex(created.secret);
  token.prefix = created.secret.substr(kTokenPrefix.size(), kTokenPrefixShown);
  token.created_by = actor.id;
  token.created_at = clock_();
  return store_.write_returning([&](Transaction& tx) {
    return create_once(tx, actor, retry, token.created_at, [&](Transaction&) {
      CreatedToken stored = created;
      stored.token.id = tx.tokens().insert(stored.token);
      tx.audit().append({0, token.created_at, "token_created", actor.id, address,
                         "token " + std::to_string(stored.token.id) + " '" + token.name + "' (" + token.prefix +
                             "…) for role " + std::string(to_string(role))});
      stored.token = without_secret(std::move(stored.token));
      return stored;
    });
  });
}

std::vector<ApiToken> AccountService::list_tokens(const Actor& actor) {
  require(actor, Action::token_manage);
  auto tokens = store_.read_returning([](Transaction& tx) { return tx.tokens().list(); });
  for (ApiToken& token : tokens) token = without_secret(std::move(token));
  return tokens;
}

void AccountService::revoke_token(std::int64_t id, const Actor& actor, const std::string& address) {
  require(actor, Action::token_manage);
  store_.write([&](Transaction& tx) {
    auto token = tx.tokens().find(id);
    if (!token) throw DomainError(ErrorCode::not_found, "There is no API token with that id.");
    if (token->revoked_at) return;  // revoking twice is revoking once
    Timestamp now = clock_();
    tx.tokens().revoke(id, now);
    tx.audit().append({0, now, "token_revoked", actor.id, address,
                       "token " + std::to_string(id) + " '" + token->name + "' (" + token->prefix + "…)"});
  });
}

std::optional<Actor> AccountService::resolve_token(const std::string& secret, const std::string& address) {
  if (!secret.starts_with(kTokenPrefix) || secret.size() > kMaxSecretLength) return std::nullopt;
  const std::string hash = sha256_hex(secret);
  auto token = store_.read_returning([&](Transaction& tx) { return tx.tokens().find_by_hash(hash); });
  if (!token || token->revoked_at) return std::nullopt;
  Actor actor{"token:" + token->name, token->role, std::nullopt};
  Timestamp now = clock_();
  if (!token->last_used_at || now - *token->last_used_at >= kUseRecordInterval) {
    store_.write([&](Transaction& tx) {
      tx.tokens().record_use(token->id, now);
      tx.audit().append({0, now, "token_used", actor.id, address, "token " + std::to_string(token->id)});
    });
  }
  return actor;
}

// -------------------------------------------------------------------------------------------------
// Invitations

CreatedInvitation AccountService::invite(ProjectId project, ContactId contact, const Actor& actor,
                                         const std::string& address, const Retryable<CreatedInvitation>* retry) {
  require(actor, Action::invitation_create);
  CreatedInvitation created;
  created.secret = random_secret(32);
  Invitation& invitation = created.invitation;
  const Timestamp now = clock_();
  return store_.write_returning([&](Transaction& tx) {
    claim_idempotency_key(tx, actor, retry != nullptr ? &retry->request : nullptr, now);
    auto found_project = tx.projects().find_for_update(project);
    if (!found_project) throw DomainError(ErrorCode::not_found, "There is no project with that id.");
    auto person = tx.contacts().find(project, contact);
    if (!person) throw DomainError(ErrorCode::not_found, "This project has no contact with that id.");
    if (person->user_id)
      throw DomainError(ErrorCode::duplicate, person->name + " already has an account tied to this project.");
    std::vector<FieldError> errors;
    std::string email = person->email ? checked_email(*person->email, errors) : std::string();
    if (!person->email || !errors.empty())
      throw DomainError(ErrorCode::invalid_input,
                        person->name +
                            " has no usable email address: add one to the contact first; it becomes the "
                            "login of the account.",
                        {{"contact_id", "no_email", "the contact needs an email address to be invited"}});
    auto existing = tx.users().find_by_email(email);
    if (existing && existing->role != Role::entrepreneur)
      throw DomainError(ErrorCode::duplicate,
                        "The email address " + email + " belongs to a staff account (" +
                            std::string(to_string(existing->role)) +
                            "); an invitation can only create or join an entrepreneur's account.");
    invitation.token_hash = sha256_hex(created.secret);
    invitation.project_id = project;
    invitation.contact_id = contact;
    invitation.email = email;
    invitation.created_by = actor.id;
    invitation.created_at = now;
    invitation.expires_at =
        invitation.created_at + std::chrono::duration_cast<std::chrono::milliseconds>(settings_.invitation_lifetime);
    invitation.id = tx.invitations().insert(invitation);
    tx.audit().append({0, invitation.created_at, "invitation_created", actor.id, address,
                       "invitation " + std::to_string(invitation.id) + " for " + email + " to project " +
                           std::to_string(project) + " (contact " + std::to_string(contact) + ")"});
    CreatedInvitation answer = created;
    answer.invitation = without_secret(std::move(answer.invitation));
    remember_answer(tx, actor, retry, answer);
    return answer;
  });
}

std::vector<Invitation> AccountService::list_invitations(ProjectId project, const Actor& actor) {
  require(actor, Action::invitation_create);
  auto invitations = store_.read_returning([&](Transaction& tx) {
    if (!tx.projects().find(project)) throw DomainError(ErrorCode::not_found, "There is no project with that id.");
    return tx.invitations().list(project);
  });
  for (Invitation& invitation : invitations) invitation = without_secret(std::move(invitation));
  return invitations;
}

InvitationView AccountService::describe_invitation(const std::string& secret) {
  if (secret.empty() || secret.size() > kMaxSecretLength) throw DomainError(ErrorCode::not_found, kInvitationInvalid);
  const std::string hash = sha256_hex(secret);
  Timestamp now = clock_();
  return store_.read_returning([&](Transaction& tx) {
    auto invitation = tx.invitations().find_by_hash(hash);
    if (!invitation || !usable(*invitation, now)) throw DomainError(ErrorCode::not_found, kInvitationInvalid);
    auto project = tx.projects().find(invitation->project_id);
    auto contact = tx.contacts().find(invitation->project_id, invitation->contact_id);
    if (!project || !contact) throw DomainError(ErrorCode::not_found, kInvitationInvalid);
    auto existing = tx.users().find_by_email(invitation->email);
    return InvitationView{project->title, contact->name, invitation->email, invitation->expires_at,
                          existing && existing->role == Role::entrepreneur};
  });
}

LoginResult AccountService::accept_invitation(const std::string& secret, const std::string& password,
                                              const std::string& address) {
  if (secret.empty() || secret.size() > kMaxSecretLength) throw DomainError(ErrorCode::not_found, kInvitationInvalid);
  const std::string hash = sha256_hex(secret);
  Timestamp now = clock_();
  struct Found {
    Invitation invitation;
    std::optional<User> existing;
    std::string contact_name;
  };
  Found found = store_.read_returning([&](Transaction& tx) {
    auto invitation = tx.invitations().find_by_hash(hash);
    if (!invitation || !usable(*invitation, now)) throw DomainError(ErrorCode::not_found, kInvitationInvalid);
    auto contact = tx.contacts().find(invitation->project_id, invitation->contact_id);
    if (!contact) throw DomainError(ErrorCode::not_found, kInvitationInvalid);
    return Found{*invitation, tx.users().find_by_email(invitation->email), contact->name};
  });
  const Invitation& invitation = found.invitation;

  std::string new_hash;
  if (found.existing) {
    const User& user = *found.existing;
    if (user.role != Role::entrepreneur)
      throw DomainError(ErrorCode::duplicate, "The email address " + invitation.email +
                                                  " belongs to a staff account, not an entrepreneur's: the invitation "
                                                  "cannot be used with it. Ask your adviser.");
    if (user.disabled)
      throw DomainError(ErrorCode::forbidden, "The account with the email address " + invitation.email +
                                                  " is disabled. Ask an administrator to enable it.");
    // Joining an account proves its password: that is a login attempt, throttled like one.
    if (auto wait = throttle_.blocked(user.email, address, now))
      throw RateLimited("Too many wrong passwords. Try again later.", wait->count());
    if (!hasher_.verify(user.password_hash, password)) {
      throttle_.record_failure(user.email, address, now);
      audit("login_failed", user.email, address,
            "wrong password when accepting invitation " + std::to_string(invitation.id));
      throw DomainError(ErrorCode::unauthenticated,
                        "There is already an account with the email address " + invitation.email +
                            ": give its password to add this project to it.",
                        {{"password", "wrong", "the password of the existing account"}});
    }
    throttle_.record_success(user.email);
  } else {
    std::vector<FieldError> errors;
    check_password(password, "password", errors);
    throw_if_invalid(errors);
    new_hash = hasher_.hash(password);  // slow: outside the transaction
  }

  User user;
  store_.write([&](Transaction& tx) {
    Timestamp at = clock_();
    auto current = tx.invitations().find_by_hash(hash);
    if (!current || !usable(*current, at) || !tx.contacts().find(invitation.project_id, invitation.contact_id))
      throw DomainError(ErrorCode::not_found, kInvitationInvalid);
    std::string how;
    if (found.existing) {
      user = load_user(tx, found.existing->id);
      how = "joined the existing account";
    } else {
      user.email = invitation.email;
      user.name = found.contact_name;
      user.role = Role::entrepreneur;
      user.password_hash = new_hash;
      user.version = 1;
      user.created_at = user.updated_at = at;
      user.id = tx.users().insert(user);  // duplicate if an account with the email appeared meanwhile
      how = "created an entrepreneur account";
      audit_change(tx, Actor{user.email, Role::entrepreneur, user.id}, at, "user_created",
                   {{"user", user.id}, {"invitation", invitation.id}}, nullptr, audited_fields(user), address);
    }
    tx.contacts().link_user(invitation.project_id, invitation.contact_id, user.id);
    if (!tx.invitations().mark_used(invitation.id, at, user.id))
      throw DomainError(ErrorCode::not_found, kInvitationInvalid);
    tx.audit().append({0, at, "invitation_accepted", user.email, address,
                       "invitation " + std::to_string(invitation.id) + " to project " +
                           std::to_string(invitation.project_id) + ": " + how});
  });
  return start_session(std::move(user), address, "invitation");
}

// -------------------------------------------------------------------------------------------------
// Audit log

void AccountService::audit(const std::string& kind, const std::string& actor, const std::string& address,
                           const std::string& detail) {
  AuditEntry entry{0, clock_(), kind, loggable(actor), loggable(address), detail};
  store_.write([&](Transaction& tx) { tx.audit().append(entry); });
}

Page<AuditEntry> AccountService::list_audit(AuditQuery query, const Actor& actor) {
  require(actor, Action::audit_read);
  query.limit = checked_page_size(query.limit);
  AuditQuery probe = query;
  probe.limit = query.limit + 1;
  AuditQuery all = query;
  all.before_id.reset();
  Page<AuditEntry> page;
  store_.read([&](Transaction& tx) {
    page.items = tx.audit().list(probe);
    page.total = tx.audit().count(all);
  });
  if (static_cast<std::int64_t>(page.items.size()) > query.limit) {
    page.items.pop_back();
    page.next_cursor = encode_cursor("audit", page.items.back().id);
  }
  return page;
}

}  // namespace facilitator::core
