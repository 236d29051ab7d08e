#pragma once

#include "workflows/common/lifecycle.hpp"
#include "workflows/common/state.hpp"

namespace facilitator::workflows::innovation {

using core::Label;

// clang-format off
struct StartPreProject   : EventBase { static constexpr std::string_view id = "start_pre_project";  static constexpr Label label{"Start forprosjekt", "Start pre-project"}; };
struct SubmitApplication : EventBase { static constexpr std::string_view id = "submit_application"; static constexpr Label label{"Send søknad", "Submit application"}; };
struct Revise            : EventBase { static constexpr std::string_view id = "revise";             static constexpr Label label{"Tilbake til forprosjekt", "Back to pre-project"}; };
struct StartProject      : EventBase { static constexpr std::string_view id = "start_project";      static constexpr Label label{"Start gjennomføring", "Start project"}; };
// clang-format on

// Shared with the other project workflows (workflows/common/lifecycle.hpp).
using workflows::Close;
using workflows::Complete;
using workflows::Park;
using workflows::Reopen;
using workflows::Resume;

}  // namespace facilitator::workflows::innovation
