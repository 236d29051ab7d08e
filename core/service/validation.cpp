#include "core/service/validation.hpp"

#include <algorithm>

#include "core/domain/organisation_number.hpp"
#include "core/domain/time.hpp"

namespace facilitator::core {

namespace {

constexpr std::size_t kShortText = 200;
constexpr std::size_t kLongText = 20000;
constexpr std::int64_t kMaxAmount = 1'000'000'000'000;  // a trillion NOK: anything above is a typo

std::string trimmed(const std::string& text) {
  auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return {};
  auto last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last - first + 1);
}

/// Trims a text change; an empty text clears the field. Checks the length.
void normalise_text(Change<std::string>& change, const char* field, std::size_t max_length,
                    std::vector<FieldError>& errors) {
  if (!change || !*change) return;
  std::string value = trimmed(**change);
  if (value.empty()) {
    *change = std::nullopt;
    return;
  }
  if (value.size() > max_length) {
    errors.push_back({field, "too_long", "at most " + std::to_string(max_length) + " characters"});
    return;
  }
  **change = std::move(value);
}

void check_iso_date(const Change<std::string>& change, const char* field, std::vector<FieldError>& errors) {
  if (change && *change && !parse_iso_date(**change))
    errors.push_back({field, "invalid_date", "a real date written as yyyy-mm-dd"});
}

void check_amount(std::int64_t amount, const char* field, std::vector<FieldError>& errors) {
  if (amount < 0) errors.push_back({field, "negative", "an amount in whole NOK, not negative"});
  if (amount > kMaxAmount) errors.push_back({field, "too_large", "at most 1000000000000 NOK"});
}

}  // namespace

std::vector<FieldError> normalise(ProjectChanges& changes) {
  std::vector<FieldError> errors;
  if (changes.title) {
    *changes.title = trimmed(*changes.title);
    if (changes.title->empty()) errors.push_back({"title", "required", "a title is required"});
    if (changes.title->size() > kShortText) errors.push_back({"title", "too_long", "at most 200 characters"});
  }
  normalise_text(changes.adviser, "adviser", kShortText, errors);
  normalise_text(changes.municipality, "municipality", kShortText, errors);
  normalise_text(changes.focus_area, "focus_area", kShortText, errors);
  normalise_text(changes.organisation_number, "organisation_number", kShortText, errors);
  normalise_text(changes.registration_date, "registration_date", kShortText, errors);
  normalise_text(changes.result_summary, "result_summary", kLongText, errors);

  if (changes.municipality && *changes.municipality) {
    const std::string& number = **changes.municipality;
    bool four_digits = number.size() == 4 && std::all_of(number.begin(), number.end(), [](char c) {
                         return c >= '0' && c <= '9';
                       });
    if (!four_digits)
      errors.push_back({"municipality", "invalid", "the official four-digit municipality number, e.g. 3103"});
  }
  if (changes.organisation_number && *changes.organisation_number) {
    if (auto normalised = normalise_organisation_number(**changes.organisation_number))
      **changes.organisation_number = *normalised;
    else
      errors.push_back({"organisation_number", "invalid",
                        "not a valid Norwegian organisation number: 9 digits where the last is the mod-11 "
                        "check digit"});
  }
  check_iso_date(changes.registration_date, "registration_date", errors);
  return errors;
}

std::vector<FieldError> normalise(FundingChanges& changes) {
  std::vector<FieldError> errors;
  if (changes.source) {
    *changes.source = trimmed(*changes.source);
    if (changes.source->empty()) errors.push_back({"source", "required", "the funding source is required"});
    if (changes.source->size() > kShortText) errors.push_back({"source", "too_long", "at most 200 characters"});
  }
  if (changes.amount_applied) check_amount(*changes.amount_applied, "amount_applied", errors);
  if (changes.amount_granted && *changes.amount_granted) check_amount(**changes.amount_granted, "amount_granted", errors);
  normalise_text(changes.decision_date, "decision_date", kShortText, errors);
  check_iso_date(changes.decision_date, "decision_date", errors);
  return errors;
}

std::vector<FieldError> check_consistency(const FundingApplication& application) {
  std::vector<FieldError> errors;
  bool granted = application.status == FundingStatus::granted;
  if (granted && !application.amount_granted)
    errors.push_back({"amount_granted", "required", "the amount granted is required when the status is granted"});
  if (!granted && application.amount_granted && *application.amount_granted != 0)
    errors.push_back({"amount_granted", "not_granted", "only a granted application has an amount granted"});
  return errors;
}

}  // namespace facilitator::core
