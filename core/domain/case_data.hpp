#pragma once

// The case data around a project (docs/design.md#case-data): reference lists, companies, contact
// persons, notes, activities and strategic targets. Plain values; the services check and store
// them.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/domain/project.hpp"
#include "core/domain/time.hpp"

namespace facilitator::core {

// ---------------------------------------------------------------------------------------------
// Reference lists: configurable code lists that project fields point into.

enum class ReferenceList { municipalities, focus_areas, nace_sections, funding_sources };

[[nodiscard]] std::string_view to_string(ReferenceList list) noexcept;
/// The list's name in URLs ("focus-areas") or in the database ("focus_areas").
[[nodiscard]] std::optional<ReferenceList> parse_reference_list(std::string_view text) noexcept;
[[nodiscard]] std::string_view url_name(ReferenceList list) noexcept;
/// NACE sections are the statistical standard (A–U) and cannot be edited.
[[nodiscard]] constexpr bool is_editable(ReferenceList list) noexcept { return list != ReferenceList::nace_sections; }

struct ReferenceItem {
  std::string code;  // municipality number, focus area id, NACE letter, funding source id
  std::string name_nb;
  std::string name_en;
  bool active = true;  // inactive items stay valid on old records but are not offered for new ones
  int sort_order = 0;
};

struct ReferenceChanges {
  std::optional<std::string> code;  // only when adding
  std::optional<std::string> name_nb;
  std::optional<std::string> name_en;
  std::optional<bool> active;
  std::optional<int> sort_order;
};

// ---------------------------------------------------------------------------------------------
// Companies

using CompanyId = std::int64_t;

struct Company {
  CompanyId id = 0;
  std::string name;
  std::string organisation_number;  // nine digits, valid mod-11 check digit, unique
  std::int64_t version = 0;
  Timestamp created_at{};
  Timestamp updated_at{};
};

struct CompanyChanges {
  std::optional<std::string> name;
  std::optional<std::string> organisation_number;
};

// ---------------------------------------------------------------------------------------------
// Contact persons of a project (entrepreneurs and others)

using ContactId = std::int64_t;

struct Contact {
  ContactId id = 0;
  ProjectId project_id = 0;
  std::string name;
  std::optional<std::string> email;
  std::optional<std::string> phone;
  std::optional<std::string> role;      // free text: "daglig leder", "gründer", ...
  std::optional<std::int64_t> user_id;  // the entrepreneur account tied to this contact, if any
  std::int64_t version = 0;
  Timestamp created_at{};
  Timestamp updated_at{};
};

struct ContactChanges {
  std::optional<std::string> name;
  Change<std::string> email;
  Change<std::string> phone;
  Change<std::string> role;
};

// ---------------------------------------------------------------------------------------------
// Notes: written once, never edited, so the record of what was said stays as it was said.

using NoteId = std::int64_t;

struct Note {
  NoteId id = 0;
  ProjectId project_id = 0;
  std::string body;
  Visibility visibility = Visibility::internal;
  std::string author;
  Timestamp created_at{};
};

struct NewNote {
  std::string body;
  Visibility visibility = Visibility::internal;
};

// ---------------------------------------------------------------------------------------------
// Activities: adviser time spent on a project, for reporting effort.

using ActivityId = std::int64_t;

enum class ActivityKind { meeting, mentoring, course, phone, email, site_visit };
[[nodiscard]] std::string_view to_string(ActivityKind kind) noexcept;
[[nodiscard]] std::optional<ActivityKind> parse_activity_kind(std::string_view text) noexcept;

struct Activity {
  ActivityId id = 0;
  ProjectId project_id = 0;
  ActivityKind kind = ActivityKind::meeting;
  std::string date;          // ISO date the activity took place
  std::int64_t minutes = 0;  // stored in whole minutes; the API speaks hours
  std::string adviser;
  std::optional<std::string> note;
  std::int64_t version = 0;
  Timestamp created_at{};
  Timestamp updated_at{};
};

struct ActivityChanges {
  std::optional<ActivityKind> kind;
  std::optional<std::string> date;
  std::optional<std::int64_t> minutes;
  std::optional<std::string> adviser;
  Change<std::string> note;
};

// ---------------------------------------------------------------------------------------------
// Strategic targets: what management wants to reach in a year, overall or per focus area.

using TargetId = std::int64_t;

enum class TargetMetric {
  establishments,                // projects reaching `established`
  innovation_projects_funded,    // innovation projects with a granted application
  nok_granted,                   // NOK granted over all funding applications
  median_liaison_response_days,  // median working days from received to answered (lower is better)
  new_projects,                  // projects created
};
[[nodiscard]] std::string_view to_string(TargetMetric metric) noexcept;
[[nodiscard]] std::optional<TargetMetric> parse_target_metric(std::string_view text) noexcept;

struct Target {
  TargetId id = 0;
  int year = 0;
  TargetMetric metric = TargetMetric::establishments;
  std::optional<std::string> focus_area;  // none: the target is for all focus areas together
  std::int64_t target_value = 0;
  std::int64_t version = 0;
  Timestamp created_at{};
  Timestamp updated_at{};
};

struct TargetChanges {
  std::optional<int> year;
  std::optional<TargetMetric> metric;
  Change<std::string> focus_area;
  std::optional<std::int64_t> target_value;
};

}  // namespace facilitator::core
