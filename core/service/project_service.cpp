#include "core/service/project_service.hpp"

#include <algorithm>
#include <limits>

#include <nlohmann/json.hpp>

#include "core/access/access_control.hpp"
#include "core/domain/working_days.hpp"
#include "core/service/audit_trail.hpp"
#include "core/service/idempotent_write.hpp"
#include "core/service/paging.hpp"
#include "core/service/reference_service.hpp"
#include "core/service/validation.hpp"

namespace facilitator::core {

namespace {

// The kinds of the project list's cursors, one per order, so that a cursor is not taken for the other's.
constexpr std::string_view kProjectsCursor = "projects";
constexpr std::string_view kProjectsByStateSinceCursor = "projects_by_state_since";

DomainError project_not_found(ProjectId id) { return DomainError(ErrorCode::not_found, project_not_found_detail(id)); }

std::vector<FundingStatus> funding_statuses(const std::vector<FundingApplication>& applications) {
  std::vector<FundingStatus> statuses;
  statuses.reserve(applications.size());
  for (const auto& a : applications) statuses.push_back(a.status);
  return statuses;
}

template <class T>
void apply(const Change<T>& change, std::optional<T>& field, nlohmann::json& changed, const char* name) {
  if (!change || *change == field) return;
  field = *change;
  changed[name] = field ? nlohmann::json(*field) : nlohmann::json(nullptr);
}

template <class T>
void apply(const std::optional<T>& change, T& field, nlohmann::json& changed, const char* name) {
  if (!change || *change == field) return;
  field = *change;
  changed[name] = field;
}

/// Applies the changes to the project and returns what actually changed, as a JSON object.
nlohmann::json apply_changes(const ProjectChanges& c, Project& p) {
  nlohmann::json changed = nlohmann::json::object();
  apply(c.title, p.title, changed, "title");
  apply(c.adviser, p.facts.adviser, changed, "adviser");
  apply(c.municipality, p.facts.municipality, changed, "municipality");
  apply(c.focus_area, p.facts.focus_area, changed, "focus_area");
  apply(c.organisation_number, p.facts.organisation_number, changed, "organisation_number");
  apply(c.registration_date, p.facts.registration_date, changed, "registration_date");
  apply(c.result_summary, p.facts.result_summary, changed, "result_summary");
  apply(c.business_plan_complete, p.facts.business_plan_complete, changed, "business_plan_complete");
  apply(c.self_financed, p.facts.self_financed, changed, "self_financed");
  apply(c.company_id, p.company_id, changed, "company_id");
  apply(c.nace_section, p.nace_section, changed, "nace_section");
  apply(c.municipal_unit, p.facts.municipal_unit, changed, "municipal_unit");
  apply(c.external_ref, p.external_ref, changed, "external_ref");
  return changed;
}

void apply_changes(const FundingChanges& c, FundingApplication& a) {
  if (c.source) a.source = *c.source;
  if (c.amount_applied) a.amount_applied = *c.amount_applied;
  if (c.amount_granted) a.amount_granted = *c.amount_granted;
  if (c.status) a.status = *c.status;
  if (c.decision_date) a.decision_date = *c.decision_date;
}

/// Codes must be in their reference lists and the company must exist. A code that was retired
/// stays acceptable on a project that already had it. Runs inside the write transaction.
void check_references(Transaction& tx, const ProjectChanges& c, const Project* before) {
  std::vector<FieldError> errors;
  auto check = [&](const Change<std::string>& change, ReferenceList list, const char* field,
                   const std::optional<std::string>& previous) {
    if (change && *change) check_reference(tx, list, **change, field, errors, previous);
  };
  check(c.municipality, ReferenceList::municipalities, "municipality",
        before ? before->facts.municipality : std::nullopt);
  check(c.focus_area, ReferenceList::focus_areas, "focus_area", before ? before->facts.focus_area : std::nullopt);
  check(c.nace_section, ReferenceList::nace_sections, "nace_section", before ? before->nace_section : std::nullopt);
  if (c.company_id && *c.company_id && !tx.companies().find(**c.company_id))
    errors.push_back({"company_id", "unknown", "there is no company " + std::to_string(**c.company_id)});
  if (c.external_ref && *c.external_ref) {
    auto other = tx.projects().find_by_external_ref(**c.external_ref);
    if (other && (!before || other->id != before->id))
      throw DomainError(ErrorCode::duplicate,
                        "Project " + std::to_string(other->id) + " already has this external reference.",
                        {{"external_ref", "duplicate", "already used by project " + std::to_string(other->id)}});
  }
  throw_if_invalid(errors);
}

nlohmann::json funding_record(const FundingApplication& a) {
  return {{"project", a.project_id}, {"funding_application", a.id}};
}

/// What the guards see: the project's own facts, with the organisation number of its company
/// when the project has none of its own (an innovation project in an existing firm).
ProjectFacts facts_for_guards(Transaction& tx, const Project& project) {
  ProjectFacts facts = project.facts;
  facts.funding = funding_statuses(tx.funding().list(project.id));
  if (!facts.organisation_number && project.company_id)
    if (auto company = tx.companies().find(*project.company_id))
      facts.organisation_number = company->organisation_number;
  return facts;
}

/// What an entrepreneur sees of a project's history: the stage changes, with their notes only when
/// those were written for the entrepreneur. Edits of facts, internal notes and reasons, actors and
/// idempotency keys stay inside. The cursor still pages over all events, so paging stays stable.
void redact_for_outsiders(Page<ProjectEvent>& page) {
  std::vector<ProjectEvent> shown;
  for (ProjectEvent& event : page.items) {
    if (event.kind == EventKind::updated) continue;
    if (event.visibility != Visibility::public_) {
      event.note.reset();
      event.reason.reset();
    }
    event.actor.clear();
    event.idempotency_key.reset();
    event.changes.reset();
    shown.push_back(std::move(event));
  }
  page.items = std::move(shown);
}

}  // namespace

ProjectService::ProjectService(Store& store, const WorkflowRegistry& workflows, Clock clock)
    : store_(store), workflows_(workflows), clock_(std::move(clock)) {}

Project ProjectService::load(Transaction& tx, ProjectId id, bool for_update) const {
  auto project = for_update ? tx.projects().find_for_update(id) : tx.projects().find(id);
  if (!project) throw project_not_found(id);
  return std::move(*project);
}

ProjectView ProjectService::view_of(Project project, Transaction& tx, const Actor& actor) const {
  const Workflow& workflow = workflows_.get(project.workflow);
  ProjectFacts facts = facts_for_guards(tx, project);
  GuardContext context{facts, nullptr, actor.role};
  auto available = workflow.available(project.state, context);
  return ProjectView{std::move(project), std::move(available)};
}

ProjectView ProjectService::create(NewProject request, const Actor& actor, const Retryable<ProjectView>* retry) {
  std::vector<FieldError> errors = normalise(request.fields);
  const Workflow* workflow = workflows_.find(request.workflow);
  if (request.workflow.empty())
    errors.push_back({"workflow", "required", "the workflow of the project, e.g. establishment"});
  else if (workflow == nullptr)
    errors.push_back({"workflow", "unknown", "no workflow is called '" + request.workflow + "'"});
  if (!request.fields.title) errors.push_back({"title", "required", "a title is required"});
  throw_if_invalid(errors);

  Timestamp now = clock_();
  Project project;
  project.workflow = request.workflow;
  project.state = std::string(workflow->initial_state().id);
  project.version = 1;
  project.created_at = project.updated_at = project.state_since = now;
  project.created_by = actor.id;
  apply_changes(request.fields, project);
  if (workflow->id() == "liaison")  // docs/design.md#liaison-deadline
    project.response_deadline = format_date(add_working_days(oslo_date(now), kLiaisonResponseWorkingDays));

  return store_.write_returning([&](Transaction& tx) {
    return create_once(tx, actor, retry, now, [&](Transaction&) {
      check_references(tx, request.fields, nullptr);
      Project created_project = project;
      created_project.id = tx.projects().insert(created_project);
      ProjectEvent created;
      created.project_id = created_project.id;
      created.seq = 1;
      created.kind = EventKind::created;
      created.event = "created";
      created.to_state = created_project.state;
      created.actor = actor.id;
      created.at = now;
      tx.events().append(created);
      return view_of(std::move(created_project), tx, actor);
    });
  });
}

ProjectView ProjectService::get(ProjectId id, const Actor& actor) {
  return store_.read_returning([&](Transaction& tx) {
    check_project_access(tx, actor, Action::project_read, id);
    return view_of(load(tx, id, false), tx, actor);
  });
}

Page<Project> ProjectService::list(const ProjectListRequest& request, const Actor& actor) {
  ProjectQuery query;
  // An entrepreneur lists the projects they are a contact person of, and nothing else.
  if (scope_of(actor.role, Action::project_read) == Scope::own) {
    if (!actor.user_id) throw DomainError(ErrorCode::forbidden, "Only a person's account can list its own projects.");
    // The filters on facts an entrepreneur does not see would let them probe those facts.
    std::vector<FieldError> hidden;
    auto refuse = [&hidden](bool given, const char* field) {
      if (given) hidden.push_back({field, "not_available", "not a filter of your own projects' list"});
    };
    refuse(request.municipality.has_value(), "municipality");
    refuse(request.focus_area.has_value(), "focus_area");
    refuse(request.nace_section.has_value(), "nace_section");
    refuse(request.adviser.has_value(), "adviser");
    refuse(request.company_id.has_value(), "company_id");
    refuse(request.text.has_value(), "q");
    refuse(request.in_state_days.has_value(), "in_state_days");
    throw_if_invalid(hidden, "Your projects can be filtered by workflow and state only.");
    query.contact_user = actor.user_id;
  } else {
    require(actor, Action::project_read);
  }
  query.workflow = request.workflow;
  query.state = request.state;
  query.municipality = request.municipality;
  query.focus_area = request.focus_area;
  query.nace_section = request.nace_section;
  if (query.nace_section && query.nace_section->size() == 1 && (*query.nace_section)[0] >= 'a' &&
      (*query.nace_section)[0] <= 'u')
    (*query.nace_section)[0] = static_cast<char>((*query.nace_section)[0] - 'a' + 'A');  // as writes store it
  query.adviser = request.adviser;
  query.company_id = request.company_id;
  if (request.text) {
    std::vector<FieldError> errors;
    std::string text = *request.text;
    check_text(text, "q", kShortText, Lines::single, errors);
    throw_if_invalid(errors);
    if (!text.empty()) query.text = text;
  }
  if (request.in_state_days) {
    if (*request.in_state_days < 0 || *request.in_state_days > 36500)
      throw DomainError(ErrorCode::invalid_input, "in_state_days is out of range.",
                        {{"in_state_days", "out_of_range", "a number of days from 0 to 36500"}});
    query.in_state_before = clock_() - std::chrono::days(*request.in_state_days);
  }
  query.limit = checked_page_size(request.limit);
  if (request.sort && *request.sort == "state_since")
    query.order = ProjectOrder::state_since;
  else if (request.sort && *request.sort != "id")
    throw DomainError(ErrorCode::invalid_input, "Unknown sort order.",
                      {{"sort", "unknown", "'id' (the default) or 'state_since' (longest in its state first)"}});
  if (request.cursor && query.order == ProjectOrder::id)
    query.after_id = decode_cursor(kProjectsCursor, *request.cursor);
  if (request.cursor && query.order == ProjectOrder::state_since) {
    auto [since, id] = decode_cursor_pair(kProjectsByStateSinceCursor, *request.cursor);
    query.after_state_since = from_millis(since);
    query.after_id = id;
  }
  if (query.workflow && !workflows_.find(*query.workflow))
    throw DomainError(ErrorCode::invalid_input, "Unknown workflow.",
                      {{"workflow", "unknown", "no workflow is called '" + *query.workflow + "'"}});
  if (query.state) {
    // A misspelt state would list nothing and look like an empty pipeline; say so instead.
    const auto& all = workflows_.all();
    bool known = std::any_of(all.begin(), all.end(), [&](const std::unique_ptr<Workflow>& w) {
      return (!query.workflow || w->id() == *query.workflow) && w->find_state(*query.state) != nullptr;
    });
    if (!known)
      throw DomainError(ErrorCode::invalid_input, "Unknown state.",
                        {{"state", "unknown",
                          "no state is called '" + *query.state + "'" +
                              (query.workflow ? " in workflow " + *query.workflow : std::string())}});
  }

  return store_.read_returning([&](Transaction& tx) {
    // Unknown codes would list nothing and look like an empty pipeline; say so instead.
    std::vector<FieldError> errors;
    auto known = [&](const std::optional<std::string>& code, ReferenceList list, const char* field) {
      if (code) check_reference(tx, list, *code, field, errors, code);  // retired codes still filter
    };
    known(query.municipality, ReferenceList::municipalities, "municipality");
    known(query.focus_area, ReferenceList::focus_areas, "focus_area");
    known(query.nace_section, ReferenceList::nace_sections, "nace_section");
    if (query.company_id && !tx.companies().find(*query.company_id))
      errors.push_back({"company_id", "unknown", "there is no company " + std::to_string(*query.company_id)});
    throw_if_invalid(errors);
    auto list = [&](const ProjectQuery& q) { return tx.projects().list(q); };
    auto count = [&](const ProjectQuery& q) { return tx.projects().count(q); };
    if (query.order == ProjectOrder::id) return keyset_page(kProjectsCursor, query, list, count);
    return keyset_page_after(query, list, count, [](const Project& last) {
      return encode_cursor(kProjectsByStateSinceCursor, to_millis(last.state_since), last.id);
    });
  });
}

ProjectView ProjectService::update(ProjectId id, std::int64_t expected_version, ProjectChanges changes,
                                   const Actor& actor) {
  throw_if_invalid(normalise(changes));
  return store_.write_returning([&](Transaction& tx) {
    Project project = load(tx, id, true);
    if (project.version != expected_version) throw VersionConflict(project.state, project.version);
    check_references(tx, changes, &project);
    nlohmann::json changed = apply_changes(changes, project);
    if (changed.empty()) return view_of(std::move(project), tx, actor);  // nothing to record

    Timestamp now = clock_();
    project.version = expected_version + 1;
    project.updated_at = now;
    if (!tx.projects().update(project, expected_version)) throw VersionConflict(project.state, expected_version);
    ProjectEvent updated;
    updated.project_id = id;
    updated.seq = project.version;
    updated.kind = EventKind::updated;
    updated.event = "updated";
    updated.from_state = project.state;
    updated.to_state = project.state;
    updated.actor = actor.id;
    updated.at = now;
    updated.changes = changed.dump();
    tx.events().append(updated);
    return view_of(std::move(project), tx, actor);
  });
}

namespace {

/// A reason is recorded only with events that ask for one (closing); anywhere else it would be a
/// value that nothing reads, so it is refused rather than silently kept.
void check_inputs_accepted(const Workflow& workflow, const TransitionCommand& command) {
  if (!command.input.reason) return;
  const EventDescription* event = workflow.find_event(command.event);
  if (event == nullptr) return;  // decide() answers unknown events
  bool takes_reason = std::any_of(event->inputs.begin(), event->inputs.end(),
                                  [](const EventInput& input) { return input.field == "reason"; });
  if (!takes_reason)
    throw DomainError(ErrorCode::invalid_input, "This event takes no reason.",
                      {{"reason", "not_accepted", "only events that ask for a reason take one, e.g. close"}});
}

}  // namespace

TransitionResult ProjectService::transition(TransitionCommand command, const Actor& actor) {
  throw_if_invalid(normalise(command.input));
  return store_.write_returning([&](Transaction& tx) {
    // Lock the project first: a retry racing its own first attempt then waits and finds the key.
    Project project = load(tx, command.project_id, true);
    if (command.idempotency_key) {
      if (auto first = tx.events().find_by_idempotency_key(project.id, *command.idempotency_key)) {
        if (first->event != command.event || first->note != command.input.note)
          throw DomainError(ErrorCode::invalid_input,
                            "This Idempotency-Key was already used for a different request on this project.",
                            {{"Idempotency-Key", "reused", "use a new key for a new request"}});
        return TransitionResult{std::move(*first), true};
      }
    }
    if (project.version != command.expected_version) throw VersionConflict(project.state, project.version);

    const Workflow& workflow = workflows_.get(project.workflow);
    ProjectFacts facts = facts_for_guards(tx, project);
    GuardContext context{facts, &command.input, actor.role};
    Decision decision = workflow.decide(project.state, command.event, context);
    if (!decision.allowed()) throw TransitionRejected(command.event, project.state, std::move(decision));
    check_inputs_accepted(workflow, command);

    Timestamp now = clock_();
    std::string from = project.state;
    const StateDescription* target = workflow.find_state(decision.to);
    if (target != nullptr && target->kind == StateKind::parked)
      project.facts.parked_from = from;  // resume returns here
    else if (const StateDescription* source = workflow.find_state(from); source && source->kind == StateKind::parked)
      project.facts.parked_from.reset();
    project.state = decision.to;
    project.version = command.expected_version + 1;
    project.state_since = now;
    project.updated_at = now;
    if (!tx.projects().update(project, command.expected_version))
      throw VersionConflict(project.state, command.expected_version);

    ProjectEvent event;
    event.project_id = project.id;
    event.seq = project.version;
    event.kind = EventKind::transition;
    event.event = command.event;
    event.from_state = from;
    event.to_state = project.state;
    event.actor = actor.id;
    event.at = now;
    event.note = command.input.note;
    event.reason = command.input.reason;
    event.visibility = command.visibility;
    event.idempotency_key = command.idempotency_key;
    tx.events().append(event);
    return TransitionResult{std::move(event), false};
  });
}

Page<ProjectEvent> ProjectService::events(ProjectId id, const EventListRequest& request, const Actor& actor) {
  std::int64_t limit = checked_page_size(request.limit);
  std::int64_t after = request.cursor ? decode_cursor("events", *request.cursor) : 0;
  bool full = scope_of(actor.role, Action::project_history_full) != Scope::none;
  return store_.read_returning([&](Transaction& tx) {
    check_project_access(tx, actor, Action::project_read, id);
    load(tx, id, false);
    Page<ProjectEvent> page;
    page.items = tx.events().list(id, after, limit + 1);
    page.total = tx.events().count(id);
    if (static_cast<std::int64_t>(page.items.size()) > limit) {
      page.items.pop_back();
      page.next_cursor = encode_cursor("events", page.items.back().seq);
    }
    if (!full) {
      redact_for_outsiders(page);
      // Histories are short (tens of events), so counting what an outsider sees is one more read.
      auto all = tx.events().list(id, 0, std::numeric_limits<std::int64_t>::max());
      page.total =
          std::count_if(all.begin(), all.end(), [](const ProjectEvent& e) { return e.kind != EventKind::updated; });
    }
    return page;
  });
}

FundingApplication ProjectService::add_funding(ProjectId project_id, FundingChanges request, const Actor& actor,
                                               const Retryable<FundingApplication>* retry) {
  std::vector<FieldError> errors = normalise(request);
  if (!request.source) errors.push_back({"source", "required", "the funding source is required"});
  if (!request.amount_applied) errors.push_back({"amount_applied", "required", "the amount applied for, in NOK"});
  throw_if_invalid(errors);

  Timestamp now = clock_();
  FundingApplication application;
  application.project_id = project_id;
  application.version = 1;
  application.created_at = application.updated_at = now;
  apply_changes(request, application);
  throw_if_invalid(check_consistency(application));

  return store_.write_returning([&](Transaction& tx) {
    return create_once(tx, actor, retry, now, [&](Transaction&) {
      load(tx, project_id, true);
      std::vector<FieldError> unknown;
      check_reference(tx, ReferenceList::funding_sources, application.source, "source", unknown);
      throw_if_invalid(unknown);
      FundingApplication added = application;
      added.id = tx.funding().insert(added);
      audit_change(tx, actor, now, "funding.created", funding_record(added), nullptr, audited_fields(added));
      return added;
    });
  });
}

FundingApplication ProjectService::get_funding(ProjectId project_id, FundingId id, const Actor&) {
  return store_.read_returning([&](Transaction& tx) {
    load(tx, project_id, false);
    auto application = tx.funding().find(project_id, id);
    if (!application)
      throw DomainError(ErrorCode::not_found, "Project " + std::to_string(project_id) + " has no funding application " +
                                                  std::to_string(id) + ".");
    return std::move(*application);
  });
}

std::vector<FundingApplication> ProjectService::list_funding(ProjectId project_id, const Actor&) {
  return store_.read_returning([&](Transaction& tx) {
    load(tx, project_id, false);
    return tx.funding().list(project_id);
  });
}

FundingApplication ProjectService::update_funding(ProjectId project_id, FundingId id, std::int64_t expected_version,
                                                  FundingChanges changes, const Actor& actor) {
  throw_if_invalid(normalise(changes));
  return store_.write_returning([&](Transaction& tx) {
    load(tx, project_id, true);
    auto application = tx.funding().find(project_id, id);
    if (!application)
      throw DomainError(ErrorCode::not_found, "Project " + std::to_string(project_id) + " has no funding application " +
                                                  std::to_string(id) + ".");
    if (application->version != expected_version)
      throw VersionConflict(std::string(to_string(application->status)), application->version);
    if (changes.source) {
      std::vector<FieldError> unknown;
      check_reference(tx, ReferenceList::funding_sources, *changes.source, "source", unknown, application->source);
      throw_if_invalid(unknown);
    }
    const nlohmann::json before = audited_fields(*application);
    apply_changes(changes, *application);
    throw_if_invalid(check_consistency(*application));
    application->version = expected_version + 1;
    application->updated_at = clock_();
    if (!tx.funding().update(*application, expected_version))
      throw VersionConflict(std::string(to_string(application->status)), expected_version);
    audit_change(tx, actor, application->updated_at, "funding.updated", funding_record(*application), before,
                 audited_fields(*application));
    return std::move(*application);
  });
}

}  // namespace facilitator::core
