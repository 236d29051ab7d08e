#include "core/storage/repositories.hpp"

#include <limits>

#include "core/domain/error.hpp"
#include "core/storage/fetch.hpp"
#include "core/storage/rows.hpp"

namespace facilitator::core::storage {

namespace {

/// Filters of a project list as SQL, with the values bound by name.
struct ProjectFilter {
  std::string where = " WHERE 1 = 1";
  std::string pattern, number;
  long long company_id = 0, in_state_before = 0, contact_user = 0;

  explicit ProjectFilter(const ProjectQuery& query) {
    auto equals = [this](const std::optional<std::string>& value, const char* column) {
      if (value) where += std::string(" AND ") + column + " = :" + column;
    };
    equals(query.workflow, "workflow");
    equals(query.state, "state");
    equals(query.municipality, "municipality");
    equals(query.focus_area, "focus_area");
    equals(query.nace_section, "nace_section");
    equals(query.adviser, "adviser");
    if (query.company_id) {
      where += " AND company_id = :company_id";
      company_id = *query.company_id;
    }
    if (query.in_state_before) {
      where += " AND state_since < :in_state_before";
      in_state_before = to_millis(*query.in_state_before);
    }
    if (query.contact_user) {
      // An entrepreneur's few projects, found through contacts_by_user rather than by testing
      // every project (IN lets SQLite start from the contacts; PostgreSQL plans it as a semi-join).
      where += " AND id IN (SELECT ct.project_id FROM contacts ct WHERE ct.user_id = :contact_user)";
      contact_user = *query.contact_user;
    }
    if (query.text) {
      // Case-insensitive for A-Z on both backends (SQLite's LOWER is ASCII-only). Every
      // placeholder has its own name: repeating one is not portable across SOCI's backends.
      where +=
          " AND (LOWER(title) LIKE LOWER(:pattern1) ESCAPE '\\' OR organisation_number = :number1 OR company_id IN "
          "(SELECT c.id FROM companies c WHERE LOWER(c.name) LIKE LOWER(:pattern2) ESCAPE '\\' OR "
          "c.organisation_number = :number2))";
      pattern = like_pattern(*query.text);
      for (char c : *query.text)
        if (c != ' ') number += c;
    }
  }

  template <class Prepared>
  void bind(Prepared& p, const ProjectQuery& query) {
    if (query.workflow) p, soci::use(*query.workflow, "workflow");
    if (query.state) p, soci::use(*query.state, "state");
    if (query.municipality) p, soci::use(*query.municipality, "municipality");
    if (query.focus_area) p, soci::use(*query.focus_area, "focus_area");
    if (query.nace_section) p, soci::use(*query.nace_section, "nace_section");
    if (query.adviser) p, soci::use(*query.adviser, "adviser");
    if (query.company_id) p, soci::use(company_id, "company_id");
    if (query.in_state_before) p, soci::use(in_state_before, "in_state_before");
    if (query.contact_user) p, soci::use(contact_user, "contact_user");
    if (query.text)
      p, soci::use(pattern, "pattern1"), soci::use(number, "number1"), soci::use(pattern, "pattern2"),
          soci::use(number, "number2");
  }
};

/// Where a page of projects longest in their current state starts: a keyset on (state_since, id).
/// Every placeholder has its own name: repeating one is not portable across SOCI's backends.
struct StateSinceKeyset {
  long long since = 0, same_since = 0, after = 0;

  [[nodiscard]] static std::string_view clause() {
    return " AND (state_since > :since OR (state_since = :same_since AND id > :after)) ORDER BY state_since, id";
  }
  template <class Prepared>
  void bind(Prepared& prepared) {
    prepared, soci::use(since, "since"), soci::use(same_since, "same_since"), soci::use(after, "after");
  }
};

}  // namespace

// ---------------------------------------------------------------------------------------------
// projects

std::array<std::optional<std::string>, 5> SociProjectRepository::report_fields(const Project& project) {
  return {project.facts.municipality, project.facts.focus_area, project.nace_section, project.facts.adviser,
          project.response_deadline};
}

ProjectId SociProjectRepository::insert(const Project& project) {
  ProjectRow r = ProjectRow::from(project);
  long long id = 0;
  sql_ << "INSERT INTO projects (workflow, title, state, version, adviser, municipality, focus_area, "
          "organisation_number, registration_date, result_summary, parked_from, business_plan_complete, "
          "self_financed, created_at, updated_at, state_since, created_by, company_id, nace_section, municipal_unit, "
          "response_deadline, external_ref) VALUES (:workflow, :title, :state, :version, :adviser, :municipality, "
          ":focus_area, :organisation_number, :registration_date, :result_summary, :parked_from, "
          ":business_plan_complete, :self_financed, :created_at, :updated_at, :state_since, :created_by, :company_id, "
          ":nace_section, :municipal_unit, :response_deadline, :external_ref) RETURNING id",
      soci::use(r.workflow), soci::use(r.title), soci::use(r.state), soci::use(r.version), soci::use(r.adviser),
      soci::use(r.municipality), soci::use(r.focus_area), soci::use(r.organisation_number),
      soci::use(r.registration_date), soci::use(r.result_summary), soci::use(r.parked_from),
      soci::use(r.business_plan_complete), soci::use(r.self_financed), soci::use(r.created_at), soci::use(r.updated_at),
      soci::use(r.state_since), soci::use(r.created_by), soci::use(r.company_id), soci::use(r.nace_section),
      soci::use(r.municipal_unit), soci::use(r.response_deadline), soci::use(r.external_ref), soci::into(id);
  return id;
}

std::optional<Project> SociProjectRepository::find_with(ProjectId id, std::string_view suffix) {
  long long key = id;
  auto project = fetch_one<ProjectRow>(
      sql_, "SELECT " + std::string(kProjectColumns) + " FROM projects WHERE id = :id" + std::string(suffix),
      [](const ProjectRow& r) { return r.to_project(); }, key);
  if (project) read_fields_[project->id] = report_fields(*project);
  return project;
}

std::optional<Project> SociProjectRepository::find(ProjectId id) { return find_with(id, ""); }

std::optional<Project> SociProjectRepository::find_for_update(ProjectId id) {
  // SQLite's write transaction (BEGIN IMMEDIATE) already excludes every other writer.
  return find_with(id, backend_ == Backend::postgresql ? " FOR UPDATE" : "");
}

std::optional<Project> SociProjectRepository::find_by_external_ref(const std::string& external_ref) {
  std::string key = external_ref;
  return fetch_one<ProjectRow>(
      sql_, "SELECT " + std::string(kProjectColumns) + " FROM projects WHERE external_ref = :ref",
      [](const ProjectRow& r) { return r.to_project(); }, key);
}

bool SociProjectRepository::update(const Project& project, std::int64_t expected_version) {
  ProjectRow r = ProjectRow::from(project);
  long long expected = expected_version;
  soci::statement st =
      (sql_.prepare << "UPDATE projects SET title = :title, state = :state, version = :version, adviser = :adviser, "
                       "municipality = :municipality, focus_area = :focus_area, organisation_number = "
                       ":organisation_number, registration_date = :registration_date, result_summary = "
                       ":result_summary, parked_from = :parked_from, business_plan_complete = "
                       ":business_plan_complete, self_financed = :self_financed, updated_at = :updated_at, "
                       "state_since = :state_since, company_id = :company_id, nace_section = :nace_section, "
                       "municipal_unit = :municipal_unit, response_deadline = :response_deadline, external_ref = "
                       ":external_ref WHERE id = :id AND version = :expected",
       soci::use(r.title), soci::use(r.state), soci::use(r.version), soci::use(r.adviser), soci::use(r.municipality),
       soci::use(r.focus_area), soci::use(r.organisation_number), soci::use(r.registration_date),
       soci::use(r.result_summary), soci::use(r.parked_from), soci::use(r.business_plan_complete),
       soci::use(r.self_financed), soci::use(r.updated_at), soci::use(r.state_since), soci::use(r.company_id),
       soci::use(r.nace_section), soci::use(r.municipal_unit), soci::use(r.response_deadline),
       soci::use(r.external_ref), soci::use(r.id), soci::use(expected));
  st.execute(true);
  if (st.get_affected_rows() != 1) return false;
  // The reports' copies (migrations 5, 6 and 8), unless the fields are as this transaction read
  // them (every transition): statements saved on the busiest write.
  auto read = read_fields_.find(project.id);
  std::array<std::optional<std::string>, 5> fields = report_fields(project);
  if (read == read_fields_.end() || read->second != fields) copy_report_fields(sql_, backend_, project.id, notes_);
  read_fields_[project.id] = std::move(fields);
  return true;
}

std::vector<Project> SociProjectRepository::list(const ProjectQuery& query) {
  auto convert = [](const ProjectRow& r) { return r.to_project(); };
  if (query.order == ProjectOrder::id)
    return fetch_page<ProjectRow, ProjectFilter>(sql_, "projects", kProjectColumns, query, convert);
  // With a workflow and a state (a board column) projects_by_workflow_state finds the rows and the
  // sort is of that column only.
  long long since =
      query.after_state_since ? to_millis(*query.after_state_since) : std::numeric_limits<long long>::min();
  return fetch_page<ProjectRow, ProjectFilter>(sql_, "projects", kProjectColumns, query, convert,
                                               StateSinceKeyset{since, since, query.after_id.value_or(0)});
}

std::int64_t SociProjectRepository::count(const ProjectQuery& query) {
  return count_filtered<ProjectFilter>(sql_, "projects", query);
}

bool SociProjectRepository::has_contact_user(ProjectId id, std::int64_t user) {
  long long project = id, account = user, found = 0;
  sql_ << "SELECT COUNT(*) FROM contacts WHERE user_id = :user_id AND project_id = :project_id", soci::use(account),
      soci::use(project), soci::into(found);
  return found > 0;
}

// ---------------------------------------------------------------------------------------------
// events

void SociEventRepository::append(const ProjectEvent& event) {
  EventRow r = EventRow::from(event);
  try {
    sql_ << "INSERT INTO project_events (" << kEventColumns
         << ") VALUES (:project_id, :seq, :kind, :event, :from_state, :to_state, :actor, :occurred_at, :note, "
            ":reason, :visibility, :idempotency_key, :changes)",
        soci::use(r.project_id), soci::use(r.seq), soci::use(r.kind), soci::use(r.event), soci::use(r.from_state),
        soci::use(r.to_state), soci::use(r.actor), soci::use(r.occurred_at), soci::use(r.note), soci::use(r.reason),
        soci::use(r.visibility), soci::use(r.idempotency_key), soci::use(r.changes);
  } catch (const soci::soci_error& e) {
    // The primary key (project, seq) backs up the version check: two writers never both succeed.
    if (e.get_error_category() == soci::soci_error::constraint_violation)
      throw DomainError(ErrorCode::version_conflict, "The project changed while this request was processed.");
    throw;
  }
  // The reports' view of the log, brought up to date when they next run (migration 6).
  note_stage_change(notes_, event);
}

std::optional<ProjectEvent> SociEventRepository::find_by_idempotency_key(ProjectId project, std::string_view key) {
  long long id = project;
  std::string k(key);
  return fetch_one<EventRow>(
      sql_,
      "SELECT " + std::string(kEventColumns) + " FROM project_events WHERE project_id = :p AND idempotency_key = :k",
      [](const EventRow& r) { return r.to_event(); }, id, k);
}

std::vector<ProjectEvent> SociEventRepository::list(ProjectId project, std::int64_t after_seq, std::int64_t limit) {
  long long id = project, after = after_seq, max = limit;
  return fetch_all<EventRow>(
      sql_,
      "SELECT " + std::string(kEventColumns) +
          " FROM project_events WHERE project_id = :p AND seq > :after ORDER BY seq LIMIT :max",
      [](const EventRow& r) { return r.to_event(); }, id, after, max);
}

std::int64_t SociEventRepository::count(ProjectId project) {
  long long id = project, total = 0;
  sql_ << "SELECT COUNT(*) FROM project_events WHERE project_id = :p", soci::use(id), soci::into(total);
  return total;
}

// ---------------------------------------------------------------------------------------------
// funding applications

FundingId SociFundingRepository::insert(const FundingApplication& application) {
  FundingRow r = FundingRow::from(application);
  long long id = 0;
  sql_ << "INSERT INTO funding_applications (project_id, source, amount_applied, amount_granted, status, "
          "decision_date, version, created_at, updated_at) VALUES (:project_id, :source, :amount_applied, "
          ":amount_granted, :status, :decision_date, :version, :created_at, :updated_at) RETURNING id",
      soci::use(r.project_id), soci::use(r.source), soci::use(r.amount_applied), soci::use(r.amount_granted),
      soci::use(r.status), soci::use(r.decision_date), soci::use(r.version), soci::use(r.created_at),
      soci::use(r.updated_at), soci::into(id);
  return id;
}

std::optional<FundingApplication> SociFundingRepository::find(ProjectId project, FundingId id) {
  long long p = project, key = id;
  return fetch_one<FundingRow>(
      sql_, "SELECT " + std::string(kFundingColumns) + " FROM funding_applications WHERE project_id = :p AND id = :id",
      [](const FundingRow& r) { return r.to_application(); }, p, key);
}

bool SociFundingRepository::update(const FundingApplication& application, std::int64_t expected_version) {
  FundingRow r = FundingRow::from(application);
  long long expected = expected_version;
  soci::statement st =
      (sql_.prepare << "UPDATE funding_applications SET source = :source, amount_applied = :amount_applied, "
                       "amount_granted = :amount_granted, status = :status, decision_date = :decision_date, "
                       "version = :version, updated_at = :updated_at WHERE id = :id AND version = :expected",
       soci::use(r.source), soci::use(r.amount_applied), soci::use(r.amount_granted), soci::use(r.status),
       soci::use(r.decision_date), soci::use(r.version), soci::use(r.updated_at), soci::use(r.id), soci::use(expected));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

std::vector<FundingApplication> SociFundingRepository::list(ProjectId project) {
  long long p = project;
  return fetch_all<FundingRow>(
      sql_, "SELECT " + std::string(kFundingColumns) + " FROM funding_applications WHERE project_id = :p ORDER BY id",
      [](const FundingRow& r) { return r.to_application(); }, p);
}

}  // namespace facilitator::core::storage
