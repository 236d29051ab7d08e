#pragma once

#include <string_view>

namespace facilitator::core {

/// A text in the two languages the product speaks: Norwegian bokmål and English.
struct Label {
  std::string_view nb;
  std::string_view en;

  [[nodiscard]] constexpr std::string_view in(std::string_view language) const noexcept {
    return language == "en" ? en : nb;
  }
};

}  // namespace facilitator::core
