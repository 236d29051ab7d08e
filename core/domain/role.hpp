#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace facilitator::core {

/// What a person may do (docs/design.md#roles). `system` acts for imports and maintenance commands.
enum class Role { admin, adviser, management, entrepreneur, system };

[[nodiscard]] std::string_view to_string(Role role) noexcept;
[[nodiscard]] std::optional<Role> parse_role(std::string_view text) noexcept;

/// Who performs an operation; recorded on every write. `id` is the user's email address (or
/// "token:NAME" for an API token, "system" for the operator's commands); `user_id` is set when a
/// user account acts, and is what ties an entrepreneur to the projects they are a contact of.
struct Actor {
  Actor() = default;
  Actor(std::string id_, Role role_, std::optional<std::int64_t> user_id_ = std::nullopt)
      : id(std::move(id_)), role(role_), user_id(user_id_) {}

  std::string id;
  Role role = Role::adviser;
  std::optional<std::int64_t> user_id;
};

}  // namespace facilitator::core
