#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace facilitator::core {

/// Normalises a Norwegian organisation number ("923 609 016" → "923609016") and checks it:
/// nine digits whose last is the mod-11 check digit over weights 3 2 7 6 5 4 3 2.
/// Returns nothing when the number is not valid.
[[nodiscard]] std::optional<std::string> normalise_organisation_number(std::string_view text);

[[nodiscard]] bool is_valid_organisation_number(std::string_view text);

}  // namespace facilitator::core
