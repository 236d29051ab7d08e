#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace facilitator::core {

/// What a person may do (DESIGN.md 3.4). `system` acts for imports and maintenance commands.
enum class Role { admin, adviser, management, entrepreneur, system };

[[nodiscard]] std::string_view to_string(Role role) noexcept;
[[nodiscard]] std::optional<Role> parse_role(std::string_view text) noexcept;

/// Who performs an operation; recorded on every write.
struct Actor {
  std::string id;
  Role role = Role::adviser;
};

}  // namespace facilitator::core
