#pragma once

// The liaison workflow (næringssak, docs/design.md#workflow-liaison): a business case between a
// firm and the municipality, as a Boost.MSM functor front-end. The table below is the single source
// of truth.
//
// No parking: a case has a response deadline in working days that keeps running, so "on hold"
// would only hide an overdue case. No reopening either: a case that comes back is a new case with
// a new deadline.

#include "workflows/common/checks.hpp"
#include "workflows/common/lifecycle.hpp"
#include "workflows/common/msm_config.hpp"
#include "workflows/liaison/events.hpp"
#include "workflows/liaison/guards.hpp"
#include "workflows/liaison/states.hpp"

namespace facilitator::workflows::liaison {

using boost::msm::front::none;
using boost::msm::front::Row;
using checks::AdviserAssigned;

/// Withdrawing a case that will not be answered asks what closing a project asks: a reason and a note.
using WithdrawGuard = CloseGuard;

struct Front : FrontBase<Front> {
  using initial_state = Received;

  // clang-format off
  struct transition_table : boost::mpl::vector<
    //   Source     Event     Target    Action  Guard
    //  +----------+---------+---------+-------+---------------------------+
    Row< Received , Assign  , Assigned, none  , Require<AdviserAssigned>  >,
    Row< Assigned , Refer   , Referred, none  , Require<MunicipalUnitSet> >,
    Row< Assigned , Answer  , Answered, none  , Require<AnswerGiven>      >,
    Row< Referred , Answer  , Answered, none  , Require<AnswerGiven>      >,
    Row< Answered , Close   , Closed  , none  , none                      >,
    //  +----------+---------+---------+-------+---------------------------+
    Row< Received , Withdraw, Closed  , none  , WithdrawGuard             >,
    Row< Assigned , Withdraw, Closed  , none  , WithdrawGuard             >,
    Row< Referred , Withdraw, Closed  , none  , WithdrawGuard             >
    //  +----------+---------+---------+-------+---------------------------+
  > {};
  // clang-format on
};

struct Definition {
  using Front = liaison::Front;
  static constexpr std::string_view id = "liaison";
  static constexpr core::Label label{"Næringssak", "Business liaison"};
};

}  // namespace facilitator::workflows::liaison
