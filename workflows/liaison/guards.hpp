#pragma once

// Checks specific to the liaison workflow (docs/design.md#workflow-liaison). Shared ones live in
// workflows/common/checks.hpp.

#include "workflows/common/checks.hpp"

namespace facilitator::workflows::liaison {

using checks::has_text;
using core::GuardContext;
using core::GuardFailure;
using core::GuardKind;
using core::Label;

struct MunicipalUnitSet {
  static constexpr std::string_view id = "municipal_unit_set";
  static constexpr GuardKind kind = GuardKind::fact;
  static constexpr Label label{"Kommunal enhet er valgt", "A municipal unit is set"};
  static constexpr Label failure{"Velg hvilken enhet i kommunen saken sendes til.",
                                 "Set the municipal unit the case is referred to."};
  static std::optional<GuardFailure> check(const GuardContext& c) {
    if (has_text(c.facts.municipal_unit)) return std::nullopt;
    return failure_of<MunicipalUnitSet>("municipal_unit");
  }
};

/// The answer itself travels as the event's note, so it lands in the case's history with the event.
struct AnswerGiven {
  static constexpr std::string_view id = "answer_given";
  static constexpr GuardKind kind = GuardKind::input;
  static constexpr std::string_view input_field = "note";
  static constexpr Label label{"Svaret er skrevet i notatet", "The answer is written in the note"};
  static constexpr Label failure{"Skriv svaret til bedriften i notatet.", "Write the answer to the firm in the note."};
  static std::optional<GuardFailure> check(const GuardContext& c) {
    if (has_text(c.input->note)) return std::nullopt;
    return failure_of<AnswerGiven>("note");
  }
};

}  // namespace facilitator::workflows::liaison
