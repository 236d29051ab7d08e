#include "core/domain/organisation_number.hpp"

#include <array>

namespace facilitator::core {

std::optional<std::string> normalise_organisation_number(std::string_view text) {
  std::string digits;
  for (char c : text) {
    if (c == ' ') continue;  // written in groups of three: "923 609 016"
    if (c < '0' || c > '9') return std::nullopt;
    digits.push_back(c);
  }
  if (digits.size() != 9) return std::nullopt;

  constexpr std::array<int, 8> kWeights{3, 2, 7, 6, 5, 4, 3, 2};
  int sum = 0;
  for (std::size_t i = 0; i < kWeights.size(); ++i) sum += (digits[i] - '0') * kWeights[i];
  int check = 11 - sum % 11;
  if (check == 11) check = 0;
  if (check == 10) return std::nullopt;  // numbers with this remainder are never issued
  if (digits[8] - '0' != check) return std::nullopt;
  return digits;
}

bool is_valid_organisation_number(std::string_view text) { return normalise_organisation_number(text).has_value(); }

}  // namespace facilitator::core
