#pragma once

// Events and guards that mean the same in every project workflow: parking, resuming, closing and
// reopening (docs/design.md#lifecycle-events). One definition keeps their ids, labels and required
// inputs identical across workflows, so the board and the reports can treat them alike.

#include "workflows/common/checks.hpp"
#include "workflows/common/guards.hpp"
#include "workflows/common/state.hpp"

namespace facilitator::workflows {

// clang-format off
struct Park     : EventBase { static constexpr std::string_view id = "park";     static constexpr core::Label label{"Parker", "Park"}; };
struct Resume   : EventBase { static constexpr std::string_view id = "resume";   static constexpr core::Label label{"Gjenoppta", "Resume"}; };
struct Close    : EventBase { static constexpr std::string_view id = "close";    static constexpr core::Label label{"Avslutt", "Close"}; };
struct Reopen   : EventBase { static constexpr std::string_view id = "reopen";   static constexpr core::Label label{"Gjenåpne", "Reopen"}; };
struct Complete : EventBase { static constexpr std::string_view id = "complete"; static constexpr core::Label label{"Fullfør", "Complete"}; };
// clang-format on

/// Parking needs a note saying why.
using ParkGuard = Require<checks::NoteGiven>;
/// Closing needs one of the reason codes and a note.
using CloseGuard = Require<checks::CloseReasonGiven, checks::NoteGiven>;
/// One resume row per stage; only the row of the stage the project was parked from passes.
template <class State>
using ResumeTo = Require<checks::WasParkedFrom<State>>;

}  // namespace facilitator::workflows
