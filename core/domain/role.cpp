#include "core/domain/role.hpp"

#include "core/domain/enum_names.hpp"

namespace facilitator::core {

namespace {
constexpr EnumNames<Role, 5> kRoles{{
    {Role::admin, "admin"},
    {Role::adviser, "adviser"},
    {Role::management, "management"},
    {Role::entrepreneur, "entrepreneur"},
    {Role::system, "system"},
}};
}  // namespace

std::string_view to_string(Role role) noexcept { return name_of(kRoles, role); }
std::optional<Role> parse_role(std::string_view text) noexcept { return value_of(kRoles, text); }

}  // namespace facilitator::core
