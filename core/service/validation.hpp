#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "core/domain/error.hpp"
#include "core/domain/facts.hpp"
#include "core/domain/funding.hpp"
#include "core/domain/project.hpp"

namespace facilitator::core {

// Building blocks shared by every resource's checks. Each records what is wrong in `errors`
// (field, code, message) and leaves the value normalised: trimmed, organisation numbers as nine
// digits. Limits count characters, not bytes.

inline constexpr std::size_t kShortText = 200;   // names, titles, codes
inline constexpr std::size_t kLongText = 20000;  // notes and summaries

enum class Lines { single, multiple };  // whether line breaks and tabs are allowed

/// Trims `value` and checks length and characters; false when it breaks a rule.
bool check_text(std::string& value, const char* field, std::size_t max_length, Lines lines,
                std::vector<FieldError>& errors);
/// A text change: trimmed and checked; an empty text clears the field.
void normalise_text(Change<std::string>& change, const char* field, std::size_t max_length, Lines lines,
                    std::vector<FieldError>& errors);
/// An optional text that cannot be cleared: blank counts as not given.
void normalise_text(std::optional<std::string>& text, const char* field, std::size_t max_length, Lines lines,
                    std::vector<FieldError>& errors);
/// A required single-line text (at most kShortText): present and not blank.
void check_required_text(std::string& value, const char* field, const char* what, std::vector<FieldError>& errors);
void check_iso_date(const std::optional<std::string>& text, const char* field, std::vector<FieldError>& errors);
void check_iso_date(const Change<std::string>& change, const char* field, std::vector<FieldError>& errors);
/// Whole NOK from 0 to a trillion.
void check_amount(std::int64_t amount, const char* field, std::vector<FieldError>& errors);
/// Nine digits (spaces allowed on input) with a valid mod-11 check digit; rewritten as nine digits.
void check_organisation_number(std::string& number, const char* field, std::vector<FieldError>& errors);

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
