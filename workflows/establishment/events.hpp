#pragma once

#include "workflows/common/lifecycle.hpp"
#include "workflows/common/state.hpp"

namespace facilitator::workflows::establishment {

using core::Label;

// clang-format off
struct StartScreening    : EventBase { static constexpr std::string_view id = "start_screening";     static constexpr Label label{"Start avklaring", "Start screening"}; };
struct StartBusinessPlan : EventBase { static constexpr std::string_view id = "start_business_plan"; static constexpr Label label{"Start forretningsplan", "Start business plan"}; };
struct ApplyForFunding   : EventBase { static constexpr std::string_view id = "apply_for_funding";   static constexpr Label label{"Søk finansiering", "Apply for funding"}; };
struct RevisePlan        : EventBase { static constexpr std::string_view id = "revise_plan";         static constexpr Label label{"Revider planen", "Revise plan"}; };
struct RegisterCompany   : EventBase { static constexpr std::string_view id = "register_company";    static constexpr Label label{"Registrer selskap", "Register company"}; };
struct StartFollowUp     : EventBase { static constexpr std::string_view id = "start_follow_up";     static constexpr Label label{"Start oppfølging", "Start follow-up"}; };
// clang-format on

// Shared with the other project workflows (workflows/common/lifecycle.hpp).
using workflows::Close;
using workflows::Complete;
using workflows::Park;
using workflows::Reopen;
using workflows::Resume;

}  // namespace facilitator::workflows::establishment
