#include "core/domain/role.hpp"

#include <array>
#include <utility>

namespace facilitator::core {

namespace {
constexpr std::array<std::pair<Role, std::string_view>, 5> kRoles{{
    {Role::admin, "admin"},
    {Role::adviser, "adviser"},
    {Role::management, "management"},
    {Role::entrepreneur, "entrepreneur"},
    {Role::system, "system"},
}};
}  // namespace

std::string_view to_string(Role role) noexcept {
  for (const auto& [value, name] : kRoles)
    if (value == role) return name;
  return "unknown";
}

std::optional<Role> parse_role(std::string_view text) noexcept {
  for (const auto& [value, name] : kRoles)
    if (name == text) return value;
  return std::nullopt;
}

}  // namespace facilitator::core
