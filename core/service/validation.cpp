#include "core/service/validation.hpp"

#include <algorithm>

#include "core/domain/organisation_number.hpp"
#include "core/domain/time.hpp"
#include "core/domain/utf8.hpp"

namespace facilitator::core {

namespace {

constexpr std::int64_t kMaxAmount = 1'000'000'000'000;  // a trillion NOK: anything above is a typo

std::string trimmed(const std::string& text) {
  auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return {};
  auto last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last - first + 1);
}

/// Characters, not bytes: the JSON parser has already refused invalid UTF-8, so counting the
/// bytes that do not continue a sequence counts code points ("æøå" is three, not six).
std::size_t character_count(const std::string& text) {
  return static_cast<std::size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U; }));
}

/// Control characters have no place in our texts, and NUL would be cut off by PostgreSQL's
/// client library: refusing them keeps both backends storing exactly what was sent. Line breaks
/// and tabs are allowed where a text may span lines.
bool refused_control_character(const std::string& text, bool multiline) {
  return has_control_character(text, multiline ? std::string_view("\n\r\t") : std::string_view());
}

}  // namespace

void check_amount(std::int64_t amount, const char* field, std::vector<FieldError>& errors) {
  if (amount < 0) errors.push_back({field, "negative", "an amount in whole NOK, not negative"});
  if (amount > kMaxAmount) errors.push_back({field, "too_large", "at most 1000000000000 NOK"});
}

bool check_text(std::string& value, const char* field, std::size_t max_length, Lines lines,
                std::vector<FieldError>& errors) {
  value = trimmed(value);
  if (!is_valid_utf8(value)) {  // the JSON parser refuses it; other callers (an import) may not
    errors.push_back({field, "invalid_utf8", "is not valid UTF-8"});
    return false;
  }
  if (refused_control_character(value, lines == Lines::multiple)) {
    errors.push_back({field, "control_character",
                      lines == Lines::multiple ? "may not contain control characters other than line breaks and tabs"
                                               : "may not contain control characters or line breaks"});
    return false;
  }
  if (character_count(value) > max_length) {
    errors.push_back({field, "too_long", "at most " + std::to_string(max_length) + " characters"});
    return false;
  }
  return true;
}

void normalise_text(Change<std::string>& change, const char* field, std::size_t max_length, Lines lines,
                    std::vector<FieldError>& errors) {
  if (!change || !*change) return;
  if (!check_text(**change, field, max_length, lines, errors)) return;
  if ((*change)->empty()) *change = std::nullopt;
}

void normalise_text(std::optional<std::string>& text, const char* field, std::size_t max_length, Lines lines,
                    std::vector<FieldError>& errors) {
  if (!text) return;
  if (!check_text(*text, field, max_length, lines, errors)) return;
  if (text->empty()) text.reset();
}

void check_required_text(std::string& value, const char* field, const char* what, std::vector<FieldError>& errors) {
  if (!check_text(value, field, kShortText, Lines::single, errors)) return;
  if (value.empty()) errors.push_back({field, "required", std::string(what) + " is required"});
}

void check_iso_date(const std::optional<std::string>& text, const char* field, std::vector<FieldError>& errors) {
  if (text && !parse_iso_date(*text)) errors.push_back({field, "invalid_date", "a real date written as yyyy-mm-dd"});
}

void check_iso_date(const Change<std::string>& change, const char* field, std::vector<FieldError>& errors) {
  if (change && *change && !parse_iso_date(**change))
    errors.push_back({field, "invalid_date", "a real date written as yyyy-mm-dd"});
}

void check_organisation_number(std::string& number, const char* field, std::vector<FieldError>& errors) {
  if (auto normalised = normalise_organisation_number(number))
    number = *normalised;
  else
    errors.push_back({field, "invalid",
                      "not a valid Norwegian organisation number: 9 digits where the last is the mod-11 check digit"});
}

std::vector<FieldError> normalise(ProjectChanges& changes) {
  std::vector<FieldError> errors;
  if (changes.title) check_required_text(*changes.title, "title", "a title", errors);
  normalise_text(changes.adviser, "adviser", kShortText, Lines::single, errors);
  normalise_text(changes.municipality, "municipality", kShortText, Lines::single, errors);
  normalise_text(changes.focus_area, "focus_area", kShortText, Lines::single, errors);
  normalise_text(changes.organisation_number, "organisation_number", kShortText, Lines::single, errors);
  normalise_text(changes.registration_date, "registration_date", kShortText, Lines::single, errors);
  normalise_text(changes.result_summary, "result_summary", kLongText, Lines::multiple, errors);
  normalise_text(changes.nace_section, "nace_section", kShortText, Lines::single, errors);
  normalise_text(changes.municipal_unit, "municipal_unit", kShortText, Lines::single, errors);
  normalise_text(changes.external_ref, "external_ref", 100, Lines::single, errors);
  if (changes.nace_section && *changes.nace_section) {
    std::string& section = **changes.nace_section;
    if (section.size() == 1 && section[0] >= 'a' && section[0] <= 'u') section[0] = static_cast<char>(section[0] - 32);
  }
  if (changes.company_id && *changes.company_id && **changes.company_id < 1)
    errors.push_back({"company_id", "invalid", "the id of a registered company"});

  if (changes.municipality && *changes.municipality) {
    const std::string& number = **changes.municipality;
    bool four_digits =
        number.size() == 4 && std::all_of(number.begin(), number.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (!four_digits)
      errors.push_back({"municipality", "invalid", "the official four-digit municipality number, e.g. 3103"});
  }
  if (changes.organisation_number && *changes.organisation_number)
    check_organisation_number(**changes.organisation_number, "organisation_number", errors);
  check_iso_date(changes.registration_date, "registration_date", errors);
  return errors;
}

std::vector<FieldError> normalise(FundingChanges& changes) {
  std::vector<FieldError> errors;
  if (changes.source) check_required_text(*changes.source, "source", "the funding source", errors);
  if (changes.amount_applied) check_amount(*changes.amount_applied, "amount_applied", errors);
  if (changes.amount_granted && *changes.amount_granted)
    check_amount(**changes.amount_granted, "amount_granted", errors);
  normalise_text(changes.decision_date, "decision_date", kShortText, Lines::single, errors);
  check_iso_date(changes.decision_date, "decision_date", errors);
  return errors;
}

std::vector<FieldError> normalise(TransitionInput& input) {
  std::vector<FieldError> errors;
  normalise_text(input.note, "note", kLongText, Lines::multiple, errors);
  normalise_text(input.reason, "reason", kShortText, Lines::single, errors);
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
