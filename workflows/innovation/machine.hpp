#pragma once

// The innovation workflow (an innovation project in an existing company,
// docs/design.md#workflow-innovation) as a Boost.MSM functor front-end. The table below is the
// single source of truth: the engine runs it, and the API, the diagrams and the board read it
// through MsmWorkflow. Every check it uses is shared with establishment
// (workflows/common/checks.hpp), so there is no innovation-specific guards.hpp.

#include "workflows/common/checks.hpp"
#include "workflows/common/lifecycle.hpp"
#include "workflows/common/msm_config.hpp"
#include "workflows/innovation/events.hpp"
#include "workflows/innovation/states.hpp"

namespace facilitator::workflows::innovation {

using boost::msm::front::none;
using boost::msm::front::Row;
using checks::ActorIsAdviserOrAdmin;
using checks::FundingApplicationRegistered;
using checks::FundingGranted;
using checks::NoFundingPending;
using checks::NoteGiven;
using checks::OrganisationNumberValid;
using checks::ResultSummaryGiven;

/// Reopening lands in the pre-project, so it asks for what entering the pre-project asks for.
using ReopenGuard = Require<ActorIsAdviserOrAdmin, NoteGiven, OrganisationNumberValid>;

struct Front : FrontBase<Front> {
  using initial_state = Idea;

  // clang-format off
  struct transition_table : boost::mpl::vector<
    //   Source       Event              Target       Action  Guard
    //  +------------+------------------+------------+-------+-----------------------------------------+
    Row< Idea        , StartPreProject  , PreProject , none  , Require<OrganisationNumberValid>         >,
    Row< PreProject  , SubmitApplication, Application, none  , Require<FundingApplicationRegistered>    >,
    Row< Application , Revise           , PreProject , none  , Require<NoFundingPending>                >,
    Row< Application , StartProject     , InProgress , none  , Require<FundingGranted>                  >,
    Row< InProgress  , Complete         , Completed  , none  , Require<ResultSummaryGiven>              >,
    //  +------------+------------------+------------+-------+-----------------------------------------+
    Row< Idea        , Park             , Parked     , none  , ParkGuard                                >,
    Row< PreProject  , Park             , Parked     , none  , ParkGuard                                >,
    Row< Application , Park             , Parked     , none  , ParkGuard                                >,
    Row< InProgress  , Park             , Parked     , none  , ParkGuard                                >,
    Row< Parked      , Resume           , Idea       , none  , ResumeTo<Idea>                           >,
    Row< Parked      , Resume           , PreProject , none  , ResumeTo<PreProject>                     >,
    Row< Parked      , Resume           , Application, none  , ResumeTo<Application>                    >,
    Row< Parked      , Resume           , InProgress , none  , ResumeTo<InProgress>                     >,
    //  +------------+------------------+------------+-------+-----------------------------------------+
    Row< Idea        , Close            , Closed     , none  , CloseGuard                               >,
    Row< PreProject  , Close            , Closed     , none  , CloseGuard                               >,
    Row< Application , Close            , Closed     , none  , CloseGuard                               >,
    Row< InProgress  , Close            , Closed     , none  , CloseGuard                               >,
    Row< Parked      , Close            , Closed     , none  , CloseGuard                               >,
    Row< Closed      , Reopen           , PreProject , none  , ReopenGuard                              >
    //  +------------+------------------+------------+-------+-----------------------------------------+
  > {};
  // clang-format on
};

struct Definition {
  using Front = innovation::Front;
  static constexpr std::string_view id = "innovation";
  static constexpr core::Label label{"Innovasjon", "Innovation"};
};

}  // namespace facilitator::workflows::innovation
