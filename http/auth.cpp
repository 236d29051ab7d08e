#include "http/auth.hpp"

#include "core/account/secret.hpp"
#include "core/domain/error.hpp"

namespace facilitator::http {

namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

bool is_safe_method(const std::string& method) { return method == "GET" || method == "HEAD" || method == "OPTIONS"; }

}  // namespace

std::optional<std::string> request_cookie(const httplib::Request& req, const std::string& name) {
  // A request may carry several Cookie headers (HTTP/2 proxies split them); look in each.
  auto range = req.headers.equal_range("Cookie");
  for (auto it = range.first; it != range.second; ++it) {
    std::string_view rest = it->second;
    while (!rest.empty()) {
      std::size_t end = rest.find(';');
      std::string_view pair = trim(rest.substr(0, end));
      rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end + 1);
      std::size_t eq = pair.find('=');
      if (eq == std::string_view::npos) continue;
      if (trim(pair.substr(0, eq)) == name) return std::string(trim(pair.substr(eq + 1)));
    }
  }
  return std::nullopt;
}

std::optional<Authentication> authenticate(const httplib::Request& req, core::AccountService& accounts,
                                           const std::string& address) {
  if (req.has_header("Authorization")) {
    std::string header = req.get_header_value("Authorization");
    constexpr std::string_view kBearer = "Bearer ";
    if (header.size() <= kBearer.size() || header.compare(0, kBearer.size(), kBearer) != 0)
      throw core::DomainError(core::ErrorCode::unauthenticated,
                              "The Authorization header must be 'Bearer ' followed by an API token.");
    std::string secret(trim(std::string_view(header).substr(kBearer.size())));
    auto actor = accounts.resolve_token(secret, address);
    if (!actor)
      throw core::DomainError(core::ErrorCode::unauthenticated, "The API token is not valid: unknown or revoked.");
    return Authentication{std::move(*actor), std::nullopt};
  }
  if (auto secret = request_cookie(req, kSessionCookie); secret && !secret->empty()) {
    if (auto session = accounts.resolve_session(*secret)) {
      core::Actor actor = session->actor();
      return Authentication{std::move(actor), std::move(*session)};
    }
  }
  return std::nullopt;
}

void require_csrf_token(const httplib::Request& req, const Authentication& auth) {
  if (!auth.session || is_safe_method(req.method)) return;
  std::string sent = req.get_header_value(kCsrfHeader);
  if (sent.empty() || !core::constant_time_equal(sent, auth.session->session.csrf_token))
    throw core::DomainError(core::ErrorCode::forbidden,
                            "This request needs the session's CSRF token in the X-CSRF-Token header (it is in the "
                            "login response and in GET /api/v1/session).");
}

std::string session_cookie(const std::string& secret, std::chrono::seconds max_age, bool secure) {
  return std::string(kSessionCookie) + "=" + secret + "; Path=/; Max-Age=" + std::to_string(max_age.count()) +
         "; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
}

std::string expired_session_cookie(bool secure) {
  return std::string(kSessionCookie) + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
}

bool over_tls(const httplib::Request& req) {
#ifdef CPPHTTPLIB_OPENSSL_SUPPORT
  return req.ssl != nullptr;
#else
  (void)req;
  return false;
#endif
}

}  // namespace facilitator::http
