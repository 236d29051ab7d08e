#pragma once

// What the storage tests share: a ProjectService on a fresh database with a clock the test
// controls, short ways to create and move projects, a snapshot of everything a write could
// change (to assert that a refused command wrote nothing), and a replay of the event log.

#include <algorithm>
#include <atomic>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "core/service/paging.hpp"
#include "core/service/project_service.hpp"
#include "test_database.hpp"
#include "workflows/registry.hpp"

namespace facilitator::storage_test {

using core::Actor;
using core::DomainError;
using core::ErrorCode;
using core::FundingApplication;
using core::FundingChanges;
using core::FundingId;
using core::FundingStatus;
using core::Project;
using core::ProjectChanges;
using core::ProjectEvent;
using core::ProjectId;
using core::ProjectView;
using core::Role;
using core::Timestamp;
using core::TransitionCommand;
using core::TransitionRejected;
using core::TransitionResult;
using core::VersionConflict;
using testing::TestBackend;
using testing::TestDatabase;

/// A valid organisation number (mod-11 check digit 6), as a person would type it.
inline constexpr const char* kOrganisationNumber = "923 609 016";
inline constexpr const char* kOrganisationNumberDigits = "923609016";

/// A clock that moves one second per reading, from a fixed start, and is safe across threads.
/// Every write therefore has its own, predictable timestamp.
class SteppingClock {
 public:
  SteppingClock() : next_(std::make_shared<std::atomic<std::int64_t>>(kStart)) {}
  [[nodiscard]] core::Clock clock() const {
    auto next = next_;
    return [next] { return core::from_millis(next->fetch_add(1000)); };
  }
  static constexpr std::int64_t kStart = 1'767'600'000'000;  // 2026-01-05T08:00:00Z

 private:
  std::shared_ptr<std::atomic<std::int64_t>> next_;
};

inline const Actor kAdviser{"kari@mnu.no", Role::adviser};
inline const Actor kAdmin{"admin@mnu.no", Role::admin};
inline const Actor kEntrepreneur{"ola@bakeri.no", Role::entrepreneur};
inline const Actor kManagement{"leder@mnu.no", Role::management};

/// What a write could change about one project: compare before and after a refused command.
struct Snapshot {
  std::string project;  // every stored field, as text
  std::int64_t event_count = 0;
  std::string funding;  // every stored application, as text

  friend bool operator==(const Snapshot&, const Snapshot&) = default;
};

inline std::string opt(const std::optional<std::string>& value) { return value ? "'" + *value + "'" : "null"; }

/// Every stored field of a project, as one readable line (so a failed comparison shows the difference).
inline std::string to_text(const Project& p) {
  std::ostringstream out;
  out << "id=" << p.id << " workflow=" << p.workflow << " title='" << p.title << "' state=" << p.state
      << " version=" << p.version << " adviser=" << opt(p.facts.adviser)
      << " municipality=" << opt(p.facts.municipality) << " focus_area=" << opt(p.facts.focus_area)
      << " organisation_number=" << opt(p.facts.organisation_number)
      << " registration_date=" << opt(p.facts.registration_date) << " result_summary=" << opt(p.facts.result_summary)
      << " parked_from=" << opt(p.facts.parked_from) << " business_plan_complete=" << p.facts.business_plan_complete
      << " self_financed=" << p.facts.self_financed << " created_at=" << core::format_rfc3339(p.created_at)
      << " updated_at=" << core::format_rfc3339(p.updated_at) << " state_since=" << core::format_rfc3339(p.state_since)
      << " created_by=" << p.created_by;
  return out.str();
}

inline std::string to_text(const ProjectEvent& e) {
  std::ostringstream out;
  out << "project=" << e.project_id << " seq=" << e.seq << " kind=" << core::to_string(e.kind) << " event=" << e.event
      << " from=" << opt(e.from_state) << " to=" << e.to_state << " actor=" << e.actor
      << " at=" << core::format_rfc3339(e.at) << " note=" << opt(e.note) << " reason=" << opt(e.reason)
      << " visibility=" << core::to_string(e.visibility) << " key=" << opt(e.idempotency_key)
      << " changes=" << opt(e.changes);
  return out.str();
}

inline std::string to_text(const FundingApplication& a) {
  std::ostringstream out;
  out << "id=" << a.id << " project=" << a.project_id << " source='" << a.source << "' applied=" << a.amount_applied
      << " granted=" << (a.amount_granted ? std::to_string(*a.amount_granted) : std::string("null"))
      << " status=" << core::to_string(a.status) << " decision_date=" << opt(a.decision_date)
      << " version=" << a.version << " created_at=" << core::format_rfc3339(a.created_at)
      << " updated_at=" << core::format_rfc3339(a.updated_at);
  return out.str();
}

template <class T>
std::string to_text(const std::vector<T>& items) {
  std::string text;
  for (const auto& item : items) text += to_text(item) + "\n";
  return text;
}

/// The guard ids and fields of a rejection, sorted, e.g. {"adviser_assigned/adviser"}.
inline std::vector<std::string> failed_guards(const TransitionRejected& e) {
  std::vector<std::string> result;
  for (const auto& f : e.decision().failures) result.push_back(f.guard + "/" + f.field);
  std::sort(result.begin(), result.end());
  return result;
}

/// The fields named by a validation error, sorted.
inline std::vector<std::string> error_fields(const DomainError& e) {
  std::vector<std::string> result;
  for (const auto& f : e.errors()) result.push_back(f.field);
  std::sort(result.begin(), result.end());
  return result;
}

/// Runs `work` and returns the exception of type E it threw, or nothing if it threw none.
/// Any other exception propagates, so Catch2 reports it with its message.
template <class E, class Work>
std::optional<E> thrown(Work&& work) {
  try {
    work();
  } catch (const E& e) {
    return e;
  }
  return std::nullopt;
}

/// The state, version, parked_from and history a project's events imply, folded from the log.
struct Replay {
  std::string state;
  std::int64_t version = 0;
  std::optional<std::string> parked_from;
  bool seq_contiguous = true;  // 1, 2, ..., n
  bool starts_with_created = false;
  bool transitions_chain = true;  // each transition leaves the state the previous event reached
};

inline Replay replay(const std::vector<ProjectEvent>& events) {
  Replay r;
  for (std::size_t i = 0; i < events.size(); ++i) {
    const ProjectEvent& e = events[i];
    if (e.seq != static_cast<std::int64_t>(i) + 1) r.seq_contiguous = false;
    if (i == 0) r.starts_with_created = e.kind == core::EventKind::created && !e.from_state;
    if (i > 0 && e.from_state != r.state) r.transitions_chain = false;
    if (e.kind == core::EventKind::transition) {
      if (e.to_state == "parked")
        r.parked_from = e.from_state;
      else if (e.from_state == "parked")
        r.parked_from.reset();
    }
    r.state = e.to_state;
    r.version = e.seq;
  }
  return r;
}

/// A ProjectService on a fresh database, and the shortcuts most tests need.
class Fixture {
 public:
  explicit Fixture(TestBackend backend)
      : db_(backend), registry_(workflows::builtin_registry()), service_(make_service()) {}

  core::ProjectService& service() { return *service_; }
  TestDatabase& db() { return db_; }
  const core::WorkflowRegistry& registry() const { return registry_; }

  /// Simulates a restart: closes every connection, opens the store again, new service.
  void restart() {
    service_.reset();
    db_.close_store();
    service_ = make_service();
  }

  ProjectView create(const std::string& title, ProjectChanges fields = {}, const Actor& actor = kAdviser) {
    core::NewProject request{"establishment", std::move(fields)};
    request.fields.title = title;
    return service_->create(std::move(request), actor);
  }

  Project project(ProjectId id) { return service_->get(id, kAdviser).project; }

  ProjectView update(ProjectId id, ProjectChanges changes, const Actor& actor = kAdviser) {
    return service_->update(id, project(id).version, std::move(changes), actor);
  }

  TransitionCommand command(ProjectId id, const std::string& event, std::optional<std::string> note = std::nullopt,
                            std::optional<std::string> reason = std::nullopt) {
    TransitionCommand c;
    c.project_id = id;
    c.event = event;
    c.input.note = std::move(note);
    c.input.reason = std::move(reason);
    c.expected_version = project(id).version;
    return c;
  }

  /// Applies `event` at the project's current version.
  TransitionResult move(ProjectId id, const std::string& event, std::optional<std::string> note = std::nullopt,
                        std::optional<std::string> reason = std::nullopt, const Actor& actor = kAdviser) {
    return service_->transition(command(id, event, std::move(note), std::move(reason)), actor);
  }

  std::vector<ProjectEvent> all_events(ProjectId id) {
    std::vector<ProjectEvent> result;
    core::EventListRequest request;
    request.limit = core::kMaxPageSize;
    while (true) {
      auto page = service_->events(id, request, kAdviser);
      result.insert(result.end(), page.items.begin(), page.items.end());
      if (!page.next_cursor) break;
      request.cursor = page.next_cursor;
    }
    return result;
  }

  FundingApplication add_funding(ProjectId id, std::int64_t amount, FundingStatus status = FundingStatus::draft,
                                 std::optional<std::int64_t> granted = std::nullopt) {
    FundingChanges c;
    c.source = "innovasjon_norge";
    c.amount_applied = amount;
    c.status = status;
    if (granted) c.amount_granted = std::optional<std::int64_t>(*granted);
    return service_->add_funding(id, std::move(c), kAdviser);
  }

  FundingApplication set_funding_status(ProjectId id, FundingId funding, FundingStatus status,
                                        std::optional<std::int64_t> granted = std::nullopt) {
    FundingApplication current = service_->get_funding(id, funding, kAdviser);
    FundingChanges c;
    c.status = status;
    c.amount_granted = granted;  // granted needs an amount; any other status has none
    if (status != FundingStatus::draft && status != FundingStatus::submitted) c.decision_date = "2026-03-01";
    return service_->update_funding(id, funding, current.version, std::move(c), kAdviser);
  }

  Snapshot snapshot(ProjectId id) {
    return Snapshot{to_text(project(id)), service_->events(id, {}, kAdviser).total,
                    to_text(service_->list_funding(id, kAdviser))};
  }

  /// Brings a new project to `state` along the main path (idea, screening, business_plan, funding,
  /// established, follow_up), setting the facts and funding the guards need on the way.
  ProjectId project_in(const std::string& state, const std::string& title = "Bakeri i Moss") {
    ProjectChanges fields;
    fields.adviser = std::optional<std::string>("kari@mnu.no");
    fields.municipality = std::optional<std::string>("3103");
    fields.focus_area = std::optional<std::string>("tourism");
    ProjectId id = create(title, fields).project.id;
    const std::vector<std::pair<std::string, std::string>> path{{"screening", "start_screening"},
                                                                {"business_plan", "start_business_plan"},
                                                                {"funding", "apply_for_funding"},
                                                                {"established", "register_company"},
                                                                {"follow_up", "start_follow_up"}};
    for (const auto& [target, event] : path) {
      if (project(id).state == state) break;
      if (event == "apply_for_funding") {
        ProjectChanges plan;
        plan.business_plan_complete = true;
        update(id, plan);
        add_funding(id, 250000);
      }
      if (event == "register_company") {
        ProjectChanges company;
        company.organisation_number = std::optional<std::string>(kOrganisationNumber);
        company.registration_date = std::optional<std::string>("2026-03-10");
        update(id, company);
        auto funding = service_->list_funding(id, kAdviser);
        set_funding_status(id, funding.front().id, FundingStatus::granted, 200000);
      }
      move(id, event);
    }
    return id;
  }

 private:
  std::unique_ptr<core::ProjectService> make_service() {
    return std::make_unique<core::ProjectService>(db_.store(), registry_, clock_.clock());
  }

  TestDatabase db_;
  core::WorkflowRegistry registry_;
  SteppingClock clock_;
  std::unique_ptr<core::ProjectService> service_;
};

}  // namespace facilitator::storage_test
