#include "http/actor.hpp"

#include <algorithm>

#include "core/domain/error.hpp"

namespace facilitator::http {

namespace {
constexpr std::size_t kMaxActorLength = 200;

bool printable(const std::string& text) {
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return static_cast<unsigned char>(c) >= 0x20 && c != 0x7f; });
}
}  // namespace

core::Actor resolve_actor(const httplib::Request& req, bool write) {
  core::Actor actor;
  actor.id = req.get_header_value("X-Actor");
  if (actor.id.empty()) {
    if (write)
      throw core::DomainError(core::ErrorCode::unauthenticated,
                              "Say who you are: send the X-Actor header (e.g. X-Actor: kari.nordmann@mnu.no).");
    actor.id = "anonymous";
  }
  if (actor.id.size() > kMaxActorLength || !printable(actor.id))
    throw core::DomainError(core::ErrorCode::invalid_input, "X-Actor must be at most 200 printable characters.",
                            {{"X-Actor", "invalid", "at most 200 printable characters"}});
  if (req.has_header("X-Actor-Role")) {
    auto role = core::parse_role(req.get_header_value("X-Actor-Role"));
    if (!role || *role == core::Role::system)
      throw core::DomainError(core::ErrorCode::invalid_input,
                              "X-Actor-Role must be admin, adviser, management or entrepreneur.",
                              {{"X-Actor-Role", "invalid", "admin, adviser, management or entrepreneur"}});
    actor.role = *role;
  }
  return actor;
}

}  // namespace facilitator::http
