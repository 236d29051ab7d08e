#pragma once

// Checks specific to the establishment workflow (docs/design.md#workflow-establishment). Shared
// ones live in workflows/common/checks.hpp.

#include "workflows/common/checks.hpp"

namespace facilitator::workflows::establishment {

using checks::has_text;
using core::GuardContext;
using core::GuardFailure;
using core::GuardKind;
using core::Label;

struct FocusAreaSet {
  static constexpr std::string_view id = "focus_area_set";
  static constexpr GuardKind kind = GuardKind::fact;
  static constexpr Label label{"Satsingsområde er valgt", "A focus area is set"};
  static constexpr Label failure{"Velg satsingsområde for prosjektet.", "Set the project's focus area."};
  static std::optional<GuardFailure> check(const GuardContext& c) {
    if (has_text(c.facts.focus_area)) return std::nullopt;
    return failure_of<FocusAreaSet>("focus_area");
  }
};

struct MunicipalitySet {
  static constexpr std::string_view id = "municipality_set";
  static constexpr GuardKind kind = GuardKind::fact;
  static constexpr Label label{"Kommune er valgt", "A municipality is set"};
  static constexpr Label failure{"Velg kommunen prosjektet hører til.", "Set the municipality the project belongs to."};
  static std::optional<GuardFailure> check(const GuardContext& c) {
    if (has_text(c.facts.municipality)) return std::nullopt;
    return failure_of<MunicipalitySet>("municipality");
  }
};

struct BusinessPlanComplete {
  static constexpr std::string_view id = "business_plan_complete";
  static constexpr GuardKind kind = GuardKind::fact;
  static constexpr Label label{"Forretningsplanen er ferdig", "The business plan is complete"};
  static constexpr Label failure{"Marker forretningsplanen som ferdig først.",
                                 "Mark the business plan as complete first."};
  static std::optional<GuardFailure> check(const GuardContext& c) {
    if (c.facts.business_plan_complete) return std::nullopt;
    return failure_of<BusinessPlanComplete>("business_plan_complete");
  }
};

struct RegistrationDateSet {
  static constexpr std::string_view id = "registration_date_set";
  static constexpr GuardKind kind = GuardKind::fact;
  static constexpr Label label{"Registreringsdato er satt", "A registration date is set"};
  static constexpr Label failure{"Registrer datoen selskapet ble registrert.",
                                 "Record the date the company was registered."};
  static std::optional<GuardFailure> check(const GuardContext& c) {
    if (has_text(c.facts.registration_date)) return std::nullopt;
    return failure_of<RegistrationDateSet>("registration_date");
  }
};

struct SelfFinanced {
  static constexpr std::string_view id = "self_financed";
  static constexpr GuardKind kind = GuardKind::fact;
  static constexpr Label label{"Prosjektet er selvfinansiert", "The project is self-financed"};
  static constexpr Label failure{"Uten innvilget finansiering må prosjektet være markert som selvfinansiert.",
                                 "Without granted funding the project must be marked as self-financed."};
  static std::optional<GuardFailure> check(const GuardContext& c) {
    if (c.facts.self_financed) return std::nullopt;
    return failure_of<SelfFinanced>("self_financed");
  }
};

}  // namespace facilitator::workflows::establishment
