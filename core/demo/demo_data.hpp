#pragma once

// Demo data: a realistic, deterministic dataset for the Moss region (issue 3, docs/demo-data.md).
// Everything goes through the services with a simulated clock, so every record passes the same
// validation as a person's input and every event carries its historical time.

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "core/domain/error.hpp"
#include "core/domain/role.hpp"
#include "core/domain/time.hpp"
#include "core/domain/workflow.hpp"
#include "core/service/store.hpp"

namespace facilitator::core::demo {

inline constexpr std::int64_t kDefaultProjects = 300;
inline constexpr std::uint64_t kDefaultSeed = 2024;
inline constexpr int kDefaultYears = 3;
inline constexpr std::int64_t kMaxProjects = 10'000'000;
inline constexpr int kMaxYears = 25;

/// The demo's users, one per role, all with kDemoPassword: for trying the product, never for a
/// database that holds real data.
struct DemoLogin {
  std::string_view email;
  Role role;
  std::string_view name;
};
inline constexpr std::string_view kDemoPassword = "demo-passord-2026";
inline constexpr std::array<DemoLogin, 4> kDemoLogins{{
    {"admin@demo.mnu.no", Role::admin, "Astrid Andersen"},
    {"radgiver@demo.mnu.no", Role::adviser, "Rune Dahle"},
    {"leder@demo.mnu.no", Role::management, "Liv Engen"},
    {"grunder@demo.mnu.no", Role::entrepreneur, "Guro Grønvold"},
}};
/// The demo adviser works a good share of the projects, so that "my projects" shows something.
inline constexpr std::string_view kDemoAdviser = "radgiver@demo.mnu.no";
/// The demo entrepreneur is a contact person of up to two projects: one established, one under way.
inline constexpr std::string_view kDemoEntrepreneur = "grunder@demo.mnu.no";

/// How far a run has come; reported after every project.
struct DemoProgress {
  std::int64_t projects_done = 0;
  std::int64_t projects_total = 0;
  std::int64_t events = 0;  // project events written so far (created, updated, transitions)
  std::int64_t writes = 0;  // service calls that wrote, i.e. database transactions
};

struct DemoOptions {
  std::int64_t projects = kDefaultProjects;
  std::uint64_t seed = kDefaultSeed;
  int years = kDefaultYears;
  /// Add to a database that already has projects (otherwise DatabaseNotEmpty).
  bool force = false;
  /// "Now": nothing happens later than this; the history covers `years` years up to it.
  Timestamp end{};
  std::function<void(const DemoProgress&)> progress;
};

/// What a run created.
struct DemoSummary {
  std::map<std::string, std::map<std::string, std::int64_t>> projects_by_state;  // workflow → state → count
  std::map<std::string, std::int64_t> events_by_name;  // "created", "updated", "start_screening", ...
  std::int64_t projects = 0;
  std::int64_t events = 0;
  std::int64_t companies = 0;
  std::int64_t contacts = 0;
  std::int64_t funding_applications = 0;
  std::int64_t activities = 0;
  std::int64_t notes = 0;
  std::int64_t targets = 0;
  std::int64_t users = 0;                  // demo users created (those that existed already are left as they are)
  std::int64_t entrepreneur_projects = 0;  // projects the demo entrepreneur was made a contact of
  std::int64_t writes = 0;
  Timestamp first{};  // the earliest and latest simulated time used
  Timestamp last{};
};

/// The database already has projects and `force` was not given: nothing was written.
class DatabaseNotEmpty : public DomainError {
 public:
  explicit DatabaseNotEmpty(std::int64_t projects);
  [[nodiscard]] std::int64_t projects() const noexcept { return projects_; }

 private:
  std::int64_t projects_;
};

/// Creates `options.projects` projects across every workflow of `workflows` (walked generically:
/// events chosen among those the workflow offers, failing guards satisfied by setting the facts
/// they name), with companies, contacts, funding applications, activities, notes and yearly
/// targets, and the users of kDemoLogins. The same seed, count, years and end give the same data (ids aside when the
/// database was not empty). Throws DatabaseNotEmpty, DomainError(invalid_input) for options out of range, and whatever
/// the store throws.
DemoSummary generate_demo_data(Store& store, const WorkflowRegistry& workflows, const DemoOptions& options);

}  // namespace facilitator::core::demo
