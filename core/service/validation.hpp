#pragma once

#include <vector>

#include "core/domain/error.hpp"
#include "core/domain/facts.hpp"
#include "core/domain/funding.hpp"
#include "core/domain/project.hpp"

namespace facilitator::core {

/// Checks and normalises project fields in place (trims text, writes organisation numbers as nine
/// digits) and returns every problem found. Empty text is treated as clearing the field.
[[nodiscard]] std::vector<FieldError> normalise(ProjectChanges& changes);

/// The same for funding applications; `current` is the stored application when updating.
[[nodiscard]] std::vector<FieldError> normalise(FundingChanges& changes);
/// Trims a transition's note (at most 20000 characters, line breaks allowed) and reason; a blank
/// text counts as not given.
[[nodiscard]] std::vector<FieldError> normalise(TransitionInput& input);

[[nodiscard]] std::vector<FieldError> check_consistency(const FundingApplication& application);

}  // namespace facilitator::core
