#pragma once

#include <array>
#include <optional>
#include <string_view>
#include <utility>

namespace facilitator::core {

/// A fixed table of an enum's values and their stable text ids (used in the API and the database).
template <class Enum, std::size_t N>
using EnumNames = std::array<std::pair<Enum, std::string_view>, N>;

template <class Enum, std::size_t N>
[[nodiscard]] constexpr std::string_view name_of(const EnumNames<Enum, N>& names, Enum value) noexcept {
  for (const auto& [v, name] : names)
    if (v == value) return name;
  return "unknown";
}

template <class Enum, std::size_t N>
[[nodiscard]] constexpr std::optional<Enum> value_of(const EnumNames<Enum, N>& names, std::string_view text) noexcept {
  for (const auto& [v, name] : names)
    if (name == text) return v;
  return std::nullopt;
}

}  // namespace facilitator::core
