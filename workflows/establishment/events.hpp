#pragma once

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
struct Complete          : EventBase { static constexpr std::string_view id = "complete";            static constexpr Label label{"Fullfør", "Complete"}; };
struct Park              : EventBase { static constexpr std::string_view id = "park";                static constexpr Label label{"Parker", "Park"}; };
struct Resume            : EventBase { static constexpr std::string_view id = "resume";              static constexpr Label label{"Gjenoppta", "Resume"}; };
struct Close             : EventBase { static constexpr std::string_view id = "close";               static constexpr Label label{"Avslutt", "Close"}; };
struct Reopen            : EventBase { static constexpr std::string_view id = "reopen";              static constexpr Label label{"Gjenåpne", "Reopen"}; };
// clang-format on

}  // namespace facilitator::workflows::establishment
