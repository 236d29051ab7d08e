#pragma once

// The establishment workflow (etablering, docs/design.md#workflow-establishment) as a Boost.MSM
// functor front-end. The table below is the single source of truth: the engine runs it, and the
// API, the diagrams and the board read it through MsmWorkflow.

#include "workflows/common/checks.hpp"
#include "workflows/common/lifecycle.hpp"
#include "workflows/common/msm_config.hpp"
#include "workflows/establishment/events.hpp"
#include "workflows/establishment/guards.hpp"
#include "workflows/establishment/states.hpp"

namespace facilitator::workflows::establishment {

using boost::msm::front::none;
using boost::msm::front::Row;
using checks::ActorIsAdviserOrAdmin;
using checks::AdviserAssigned;
using checks::FundingApplicationRegistered;
using checks::FundingGranted;
using checks::NoFundingPending;
using checks::NoteGiven;
using checks::OrganisationNumberValid;
using checks::ResultSummaryGiven;

struct Front : FrontBase<Front> {
  using initial_state = Idea;

  // clang-format off
  struct transition_table : boost::mpl::vector<
    //   Source        Event              Target        Action  Guard
    //  +-------------+------------------+-------------+-------+--------------------------------------------------------------------+
    Row< Idea         , StartScreening   , Screening   , none  , Require<AdviserAssigned>                                           >,
    Row< Screening    , StartBusinessPlan, BusinessPlan, none  , Require<FocusAreaSet, MunicipalitySet>                             >,
    Row< BusinessPlan , ApplyForFunding  , Funding     , none  , Require<BusinessPlanComplete, FundingApplicationRegistered>        >,
    Row< Funding      , RevisePlan       , BusinessPlan, none  , Require<NoFundingPending>                                          >,
    Row< Funding      , RegisterCompany  , Established , none  , Require<OrganisationNumberValid, RegistrationDateSet, FundingGranted> >,
    Row< BusinessPlan , RegisterCompany  , Established , none  , Require<OrganisationNumberValid, RegistrationDateSet, SelfFinanced>   >,
    Row< Established  , StartFollowUp    , FollowUp    , none  , none                                                               >,
    Row< FollowUp     , Complete         , Completed   , none  , Require<ResultSummaryGiven>                                        >,
    //  +-------------+------------------+-------------+-------+--------------------------------------------------------------------+
    Row< Idea         , Park             , Parked      , none  , ParkGuard                                                          >,
    Row< Screening    , Park             , Parked      , none  , ParkGuard                                                          >,
    Row< BusinessPlan , Park             , Parked      , none  , ParkGuard                                                          >,
    Row< Funding      , Park             , Parked      , none  , ParkGuard                                                          >,
    Row< Established  , Park             , Parked      , none  , ParkGuard                                                          >,
    Row< FollowUp     , Park             , Parked      , none  , ParkGuard                                                          >,
    Row< Parked       , Resume           , Idea        , none  , ResumeTo<Idea>                                                     >,
    Row< Parked       , Resume           , Screening   , none  , ResumeTo<Screening>                                                >,
    Row< Parked       , Resume           , BusinessPlan, none  , ResumeTo<BusinessPlan>                                             >,
    Row< Parked       , Resume           , Funding     , none  , ResumeTo<Funding>                                                  >,
    Row< Parked       , Resume           , Established , none  , ResumeTo<Established>                                              >,
    Row< Parked       , Resume           , FollowUp    , none  , ResumeTo<FollowUp>                                                 >,
    //  +-------------+------------------+-------------+-------+--------------------------------------------------------------------+
    Row< Idea         , Close            , Closed      , none  , CloseGuard                                                         >,
    Row< Screening    , Close            , Closed      , none  , CloseGuard                                                         >,
    Row< BusinessPlan , Close            , Closed      , none  , CloseGuard                                                         >,
    Row< Funding      , Close            , Closed      , none  , CloseGuard                                                         >,
    Row< Established  , Close            , Closed      , none  , CloseGuard                                                         >,
    Row< FollowUp     , Close            , Closed      , none  , CloseGuard                                                         >,
    Row< Parked       , Close            , Closed      , none  , CloseGuard                                                         >,
    Row< Closed       , Reopen           , Screening   , none  , Require<ActorIsAdviserOrAdmin, NoteGiven>                          >
    //  +-------------+------------------+-------------+-------+--------------------------------------------------------------------+
  > {};
  // clang-format on
};

struct Definition {
  using Front = establishment::Front;
  static constexpr std::string_view id = "establishment";
  static constexpr core::Label label{"Etablering", "Establishment"};
};

}  // namespace facilitator::workflows::establishment
