#pragma once

// Column lists and the C++ rows they read into. Text ids in the database, never enum numbers.

#include <optional>
#include <string>
#include <string_view>

#include <soci/soci.h>

#include "core/domain/funding.hpp"
#include "core/domain/project.hpp"
#include "core/storage/soci_optional.hpp"

namespace facilitator::core::storage {

inline constexpr std::string_view kProjectColumns =
    "id, workflow, title, state, version, adviser, municipality, focus_area, organisation_number, "
    "registration_date, result_summary, parked_from, business_plan_complete, self_financed, created_at, "
    "updated_at, state_since, created_by, company_id, nace_section, municipal_unit, response_deadline, external_ref";

struct ProjectRow {
  long long id = 0;
  std::string workflow, title, state;
  long long version = 0;
  std::optional<std::string> adviser, municipality, focus_area, organisation_number, registration_date, result_summary,
      parked_from;
  int business_plan_complete = 0, self_financed = 0;
  long long created_at = 0, updated_at = 0, state_since = 0;
  std::string created_by;
  std::optional<long long> company_id;
  std::optional<std::string> nace_section, municipal_unit, response_deadline, external_ref;

  template <class Prepared>
  void bind_into(Prepared& p) {
    p, soci::into(id), soci::into(workflow), soci::into(title), soci::into(state), soci::into(version),
        soci::into(adviser), soci::into(municipality), soci::into(focus_area), soci::into(organisation_number),
        soci::into(registration_date), soci::into(result_summary), soci::into(parked_from),
        soci::into(business_plan_complete), soci::into(self_financed), soci::into(created_at), soci::into(updated_at),
        soci::into(state_since), soci::into(created_by), soci::into(company_id), soci::into(nace_section),
        soci::into(municipal_unit), soci::into(response_deadline), soci::into(external_ref);
  }

  [[nodiscard]] Project to_project() const;
  static ProjectRow from(const Project& project);
};

inline constexpr std::string_view kEventColumns =
    "project_id, seq, kind, event, from_state, to_state, actor, occurred_at, note, reason, visibility, "
    "idempotency_key, changes";

struct EventRow {
  long long project_id = 0, seq = 0;
  std::string kind, event;
  std::optional<std::string> from_state;
  std::string to_state, actor;
  long long occurred_at = 0;
  std::optional<std::string> note, reason;
  std::string visibility;
  std::optional<std::string> idempotency_key, changes;

  template <class Prepared>
  void bind_into(Prepared& p) {
    p, soci::into(project_id), soci::into(seq), soci::into(kind), soci::into(event), soci::into(from_state),
        soci::into(to_state), soci::into(actor), soci::into(occurred_at), soci::into(note), soci::into(reason),
        soci::into(visibility), soci::into(idempotency_key), soci::into(changes);
  }

  [[nodiscard]] ProjectEvent to_event() const;
  static EventRow from(const ProjectEvent& event);
};

inline constexpr std::string_view kFundingColumns =
    "id, project_id, source, amount_applied, amount_granted, status, decision_date, version, created_at, updated_at";

struct FundingRow {
  long long id = 0, project_id = 0;
  std::string source;
  long long amount_applied = 0;
  std::optional<long long> amount_granted;
  std::string status;
  std::optional<std::string> decision_date;
  long long version = 0, created_at = 0, updated_at = 0;

  template <class Prepared>
  void bind_into(Prepared& p) {
    p, soci::into(id), soci::into(project_id), soci::into(source), soci::into(amount_applied),
        soci::into(amount_granted), soci::into(status), soci::into(decision_date), soci::into(version),
        soci::into(created_at), soci::into(updated_at);
  }

  [[nodiscard]] FundingApplication to_application() const;
  static FundingRow from(const FundingApplication& application);
};

}  // namespace facilitator::core::storage
