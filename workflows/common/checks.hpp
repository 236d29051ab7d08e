#pragma once

// Checks that more than one workflow uses. Each names the fact or input it looks at, the
// condition (label) and what to tell a person when it fails (failure).

#include <algorithm>
#include <array>
#include <optional>
#include <string_view>

#include "core/domain/organisation_number.hpp"
#include "workflows/common/guards.hpp"

namespace facilitator::workflows::checks {

using core::GuardContext;
using core::GuardFailure;
using core::GuardKind;
using core::Label;

[[nodiscard]] inline bool has_text(const std::optional<std::string>& value) {
  return value && value->find_first_not_of(" \t\r\n") != std::string::npos;
}

struct AdviserAssigned {
  static constexpr std::string_view id = "adviser_assigned";
  static constexpr GuardKind kind = GuardKind::fact;
  static constexpr Label label{"Rådgiver er tildelt", "An adviser is assigned"};
  static constexpr Label failure{"Prosjektet har ingen rådgiver. Tildel en rådgiver først.",
                                 "The project has no adviser. Assign an adviser first."};
  static std::optional<GuardFailure> check(const GuardContext& c) {
    if (has_text(c.facts.adviser)) return std::nullopt;
    return failure_of<AdviserAssigned>("adviser");
  }
};

struct NoteGiven {
  static constexpr std::string_view id = "note_given";
  static constexpr GuardKind kind = GuardKind::input;
  static constexpr std::string_view input_field = "note";
  static constexpr Label label{"Et notat er skrevet", "A note is given"};
  static constexpr Label failure{"Skriv et notat som forklarer hvorfor.", "Write a note that explains why."};
  static std::optional<GuardFailure> check(const GuardContext& c) {
    if (has_text(c.input->note)) return std::nullopt;
    return failure_of<NoteGiven>("note");
  }
};

/// Why a project was closed; reports count closures by these codes.
inline constexpr std::array<std::string_view, 4> kCloseReasons{"not_viable", "withdrawn", "referred_elsewhere",
                                                               "duplicate"};

struct CloseReasonGiven {
  static constexpr std::string_view id = "close_reason_given";
  static constexpr GuardKind kind = GuardKind::input;
  static constexpr std::string_view input_field = "reason";
  static constexpr auto& allowed_values = kCloseReasons;
  static constexpr Label label{"En gyldig årsak er valgt", "A valid reason is chosen"};
  static constexpr Label failure{"Velg en årsak: not_viable, withdrawn, referred_elsewhere eller duplicate.",
                                 "Choose a reason: not_viable, withdrawn, referred_elsewhere or duplicate."};
  static std::optional<GuardFailure> check(const GuardContext& c) {
    const auto& reason = c.input->reason;
    if (reason && std::find(kCloseReasons.begin(), kCloseReasons.end(), *reason) != kCloseReasons.end())
      return std::nullopt;
    return failure_of<CloseReasonGiven>("reason");
  }
};

struct ActorIsAdviserOrAdmin {
  static constexpr std::string_view id = "actor_is_adviser_or_admin";
  static constexpr GuardKind kind = GuardKind::actor;
  static constexpr Label label{"Utføres av rådgiver eller administrator", "Done by an adviser or an administrator"};
  static constexpr Label failure{"Bare en rådgiver eller en administrator kan gjøre dette.",
                                 "Only an adviser or an administrator can do this."};
  static std::optional<GuardFailure> check(const GuardContext& c) {
    if (c.actor_role == core::Role::adviser || c.actor_role == core::Role::admin) return std::nullopt;
    return failure_of<ActorIsAdviserOrAdmin>("");
  }
};

/// Resume goes back to exactly the stage the project was parked from.
template <class State>
struct WasParkedFrom {
  static constexpr std::string_view id = "parked_from";
  static constexpr GuardKind kind = GuardKind::fact;
  static constexpr Label label{"Prosjektet ble parkert herfra", "The project was parked from here"};
  static constexpr Label failure{"Prosjektet kan bare gjenopptas i fasen det ble parkert fra.",
                                 "The project can only resume in the stage it was parked from."};
  static std::optional<GuardFailure> check(const GuardContext& c) {
    if (c.facts.parked_from && *c.facts.parked_from == State::id) return std::nullopt;
    return failure_of<WasParkedFrom>("parked_from");
  }
};

struct ResultSummaryGiven {
  static constexpr std::string_view id = "result_summary_given";
  static constexpr GuardKind kind = GuardKind::fact;
  static constexpr Label label{"Resultatoppsummering finnes", "A result summary exists"};
  static constexpr Label failure{"Skriv en resultatoppsummering først.", "Write a result summary first."};
  static std::optional<GuardFailure> check(const GuardContext& c) {
    if (has_text(c.facts.result_summary)) return std::nullopt;
    return failure_of<ResultSummaryGiven>("result_summary");
  }
};

struct OrganisationNumberValid {
  static constexpr std::string_view id = "organisation_number_valid";
  static constexpr GuardKind kind = GuardKind::fact;
  static constexpr Label label{"Gyldig organisasjonsnummer", "A valid organisation number"};
  static constexpr Label failure{"Registrer et gyldig organisasjonsnummer (9 siffer med riktig kontrollsiffer).",
                                 "Register a valid organisation number (9 digits with a correct check digit)."};
  static std::optional<GuardFailure> check(const GuardContext& c) {
    if (c.facts.organisation_number && core::is_valid_organisation_number(*c.facts.organisation_number))
      return std::nullopt;
    return failure_of<OrganisationNumberValid>("organisation_number");
  }
};

[[nodiscard]] inline bool any_funding(const GuardContext& c, bool (*predicate)(core::FundingStatus)) {
  return std::any_of(c.facts.funding.begin(), c.facts.funding.end(), predicate);
}

struct FundingApplicationRegistered {
  static constexpr std::string_view id = "funding_application_registered";
  static constexpr GuardKind kind = GuardKind::fact;
  static constexpr Label label{"Minst én finansieringssøknad er registrert",
                               "At least one funding application is registered"};
  static constexpr Label failure{"Registrer minst én finansieringssøknad som ikke er trukket.",
                                 "Register at least one funding application that is not withdrawn."};
  static std::optional<GuardFailure> check(const GuardContext& c) {
    if (any_funding(c, [](core::FundingStatus s) { return s != core::FundingStatus::withdrawn; })) return std::nullopt;
    return failure_of<FundingApplicationRegistered>("funding_applications");
  }
};

struct FundingGranted {
  static constexpr std::string_view id = "funding_granted";
  static constexpr GuardKind kind = GuardKind::fact;
  static constexpr Label label{"Minst én søknad er innvilget", "At least one application is granted"};
  static constexpr Label failure{"Ingen finansieringssøknad er innvilget ennå.",
                                 "No funding application has been granted yet."};
  static std::optional<GuardFailure> check(const GuardContext& c) {
    if (any_funding(c, [](core::FundingStatus s) { return s == core::FundingStatus::granted; })) return std::nullopt;
    return failure_of<FundingGranted>("funding_applications");
  }
};

struct NoFundingPending {
  static constexpr std::string_view id = "no_funding_pending";
  static constexpr GuardKind kind = GuardKind::fact;
  static constexpr Label label{"Ingen søknad venter på svar", "No funding application is pending"};
  static constexpr Label failure{
      "En finansieringssøknad venter fortsatt på svar. Registrer avgjørelsen eller trekk søknaden først.",
      "A funding application is still pending. Record its decision or withdraw it first."};
  static std::optional<GuardFailure> check(const GuardContext& c) {
    if (!any_funding(c, [](core::FundingStatus s) { return core::is_pending(s); })) return std::nullopt;
    return failure_of<NoFundingPending>("funding_applications");
  }
};

}  // namespace facilitator::workflows::checks
