#pragma once

// Who is calling: a bearer token (integrations) or the session cookie (people in a browser).
// The one place where the caller's identity is decided; everything else gets an Actor.

#include <optional>
#include <string>

#include <httplib.h>

#include "core/domain/role.hpp"
#include "core/service/account_service.hpp"

namespace facilitator::http {

inline constexpr const char* kSessionCookie = "facilitator_session";
inline constexpr const char* kCsrfHeader = "X-CSRF-Token";

struct Authentication {
  core::Actor actor;
  std::optional<core::CurrentSession> session;  // set when the session cookie identified the caller
};

/// The value of cookie `name` in the request's Cookie header, if present.
[[nodiscard]] std::optional<std::string> request_cookie(const httplib::Request& req, const std::string& name);

/// The caller, if the request carries a valid token or session; nullopt when it carries neither.
/// Throws DomainError(unauthenticated) for a malformed Authorization header or a token that is
/// unknown or revoked (an integration should hear that its token is wrong, not be treated as
/// anonymous). A session cookie that is not (or no longer) valid counts as no identity.
[[nodiscard]] std::optional<Authentication> authenticate(const httplib::Request& req, core::AccountService& accounts,
                                                         const std::string& address);

/// For a state-changing request authenticated by cookie, the X-CSRF-Token header must equal the
/// session's token; throws DomainError(forbidden) when it does not. Token requests need none: a
/// browser never sends an Authorization header on its own.
void require_csrf_token(const httplib::Request& req, const Authentication& auth);

/// The Set-Cookie value for a new session (HttpOnly, SameSite=Strict, Path=/, Max-Age the
/// absolute lifetime; Secure when the connection is TLS).
[[nodiscard]] std::string session_cookie(const std::string& secret, std::chrono::seconds max_age, bool secure);
/// The Set-Cookie value that removes the session cookie.
[[nodiscard]] std::string expired_session_cookie(bool secure);

/// Whether the request came over TLS.
[[nodiscard]] bool over_tls(const httplib::Request& req);

}  // namespace facilitator::http
