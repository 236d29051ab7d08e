#pragma once

#include "workflows/common/lifecycle.hpp"
#include "workflows/common/state.hpp"

namespace facilitator::workflows::liaison {

using core::Label;

// clang-format off
struct Assign   : EventBase { static constexpr std::string_view id = "assign";   static constexpr Label label{"Tildel rådgiver", "Assign adviser"}; };
struct Refer    : EventBase { static constexpr std::string_view id = "refer";    static constexpr Label label{"Henvis til kommunen", "Refer to the municipality"}; };
struct Answer   : EventBase { static constexpr std::string_view id = "answer";   static constexpr Label label{"Besvar", "Answer"}; };
struct Withdraw : EventBase { static constexpr std::string_view id = "withdraw"; static constexpr Label label{"Trekk saken", "Withdraw case"}; };
// clang-format on

// The ordinary end of an answered case; shared id and label with the project workflows.
using workflows::Close;

}  // namespace facilitator::workflows::liaison
