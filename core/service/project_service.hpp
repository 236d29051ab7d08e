#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/domain/funding.hpp"
#include "core/domain/project.hpp"
#include "core/domain/role.hpp"
#include "core/domain/time.hpp"
#include "core/domain/workflow.hpp"
#include "core/service/idempotency.hpp"
#include "core/service/store.hpp"

namespace facilitator::core {

/// A project as a caller sees it: the snapshot, and which events the workflow allows now.
struct ProjectView {
  Project project;
  std::vector<Availability> available_events;
};

struct ProjectListRequest {
  std::optional<std::string> workflow;
  std::optional<std::string> state;
  std::optional<std::string> municipality;
  std::optional<std::string> focus_area;
  std::optional<std::string> nace_section;
  std::optional<std::string> adviser;
  std::optional<std::int64_t> company_id;
  std::optional<std::string> text;
  std::optional<std::int64_t> in_state_days;  // in the current state longer than this many days
  std::optional<std::string> sort;            // "id" (the default) or "state_since"
  std::optional<std::string> cursor;
  std::optional<std::int64_t> limit;
};

struct EventListRequest {
  std::optional<std::string> cursor;
  std::optional<std::int64_t> limit;
};

/// The operations on projects, their history and their funding applications. Each public call is
/// one database transaction; the workflow decides, this class records. Creations take an
/// Idempotency-Key's `retry` (core/service/idempotency.hpp); funding applications are audited
/// (core/service/audit_trail.hpp), projects have their event log.
class ProjectService {
 public:
  ProjectService(Store& store, const WorkflowRegistry& workflows, Clock clock);

  ProjectView create(NewProject request, const Actor& actor, const Retryable<ProjectView>* retry = nullptr);
  ProjectView get(ProjectId id, const Actor& actor);
  Page<Project> list(const ProjectListRequest& request, const Actor& actor);
  ProjectView update(ProjectId id, std::int64_t expected_version, ProjectChanges changes, const Actor& actor);
  TransitionResult transition(TransitionCommand command, const Actor& actor);
  Page<ProjectEvent> events(ProjectId id, const EventListRequest& request, const Actor& actor);

  FundingApplication add_funding(ProjectId project, FundingChanges request, const Actor& actor,
                                 const Retryable<FundingApplication>* retry = nullptr);
  FundingApplication get_funding(ProjectId project, FundingId id, const Actor& actor);
  std::vector<FundingApplication> list_funding(ProjectId project, const Actor& actor);
  FundingApplication update_funding(ProjectId project, FundingId id, std::int64_t expected_version,
                                    FundingChanges changes, const Actor& actor);

 private:
  ProjectView view_of(Project project, Transaction& tx, const Actor& actor) const;
  Project load(Transaction& tx, ProjectId id, bool for_update) const;

  Store& store_;
  const WorkflowRegistry& workflows_;
  Clock clock_;
};

}  // namespace facilitator::core
