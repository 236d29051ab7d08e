#include "http/account_codecs.hpp"

#include "core/domain/time.hpp"

namespace facilitator::http {

namespace {
nlohmann::json optional_time(const std::optional<core::Timestamp>& t) {
  return t ? nlohmann::json(core::format_rfc3339(*t)) : nlohmann::json(nullptr);
}
}  // namespace

nlohmann::json user_json(const core::User& user) {
  return {{"id", user.id},
          {"email", user.email},
          {"name", user.name},
          {"role", core::to_string(user.role)},
          {"disabled", user.disabled},
          {"version", user.version},
          {"created_at", core::format_rfc3339(user.created_at)},
          {"last_login_at", optional_time(user.last_login_at)}};
}

nlohmann::json token_json(const core::ApiToken& token) {
  return {{"id", token.id},
          {"name", token.name},
          {"role", core::to_string(token.role)},
          {"prefix", token.prefix},
          {"created_by", token.created_by},
          {"created_at", core::format_rfc3339(token.created_at)},
          {"last_used_at", optional_time(token.last_used_at)},
          {"revoked_at", optional_time(token.revoked_at)}};
}

nlohmann::json invitation_json(const core::Invitation& invitation) {
  return {{"id", invitation.id},
          {"project_id", invitation.project_id},
          {"contact_id", invitation.contact_id},
          {"email", invitation.email},
          {"created_by", invitation.created_by},
          {"created_at", core::format_rfc3339(invitation.created_at)},
          {"expires_at", core::format_rfc3339(invitation.expires_at)},
          {"used_at", optional_time(invitation.used_at)}};
}

nlohmann::json audit_json(const core::AuditEntry& entry) {
  return {{"id", entry.id},           {"at", core::format_rfc3339(entry.at)},
          {"kind", entry.kind},       {"actor", entry.actor},
          {"address", entry.address}, {"detail", entry.detail}};
}

nlohmann::json session_json(const core::Session& session, const core::User& user,
                            const core::SessionSettings& settings) {
  return {{"user", {{"id", user.id}, {"email", user.email}, {"name", user.name}, {"role", core::to_string(user.role)}}},
          {"csrf_token", session.csrf_token},
          {"expires_at", core::format_rfc3339(session.expires_at)},
          {"idle_timeout_seconds", settings.idle_timeout.count()}};
}

}  // namespace facilitator::http
