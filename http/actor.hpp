#pragma once

#include <httplib.h>

#include "core/domain/role.hpp"

namespace facilitator::http {

/// Who is calling. For now the caller names itself in `X-Actor` (and optionally `X-Actor-Role`);
/// accounts and sessions replace this function, and nothing else, in a later change.
/// Writes need an actor (401 without one); reads without one act as an anonymous adviser.
[[nodiscard]] core::Actor resolve_actor(const httplib::Request& req, bool write);

}  // namespace facilitator::http
