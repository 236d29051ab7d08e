#include "core/storage/report_repositories.hpp"

#include <soci/sqlite3/soci-sqlite3.h>

#include <algorithm>
#include <deque>
#include <initializer_list>
#include <map>
#include <memory>
#include <tuple>
#include <type_traits>
#include <unordered_map>
#include <variant>

#include "core/storage/m004_reports.hpp"
#include "core/storage/m005_report_effort.hpp"
#include "core/storage/m008_report_funding.hpp"
#include "core/storage/soci_optional.hpp"

namespace facilitator::core::storage {

namespace {

/// A statement under construction: text plus values bound by generated names (every placeholder
/// has its own name: repeating one is not portable across SOCI's backends).
class Sql {
 public:
  Sql& operator<<(std::string_view text) {
    text_ += text;
    return *this;
  }
  /// Appends a placeholder bound to `value`.
  Sql& value(std::string value) {
    params_.emplace_back(std::move(value));
    return placeholder();
  }
  Sql& value(long long value) {
    params_.emplace_back(value);
    return placeholder();
  }
  Sql& value(std::int64_t value) { return this->value(static_cast<long long>(value)); }

  [[nodiscard]] const std::string& text() const noexcept { return text_; }

  /// Calls `f(name, value)` for each value, `value` a std::string or a long long.
  template <class F>
  void each_value(F f) const {
    for (std::size_t i = 0; i < params_.size(); ++i) std::visit([&](const auto& v) { f(names_[i], v); }, params_[i]);
  }

  template <class Prepared>
  void bind(Prepared& prepared) {
    for (std::size_t i = 0; i < params_.size(); ++i) {
      if (auto* text = std::get_if<std::string>(&params_[i]))
        prepared, soci::use(*text, names_[i]);
      else
        prepared, soci::use(std::get<long long>(params_[i]), names_[i]);
    }
  }

 private:
  Sql& placeholder() {
    names_.push_back("p" + std::to_string(names_.size()));
    text_ += ":" + names_.back();
    return *this;
  }

  std::string text_;
  std::deque<std::variant<std::string, long long>> params_;  // stable addresses for soci::use
  std::deque<std::string> names_;
};

/// Runs `query` through SQLite's own interface, calling `on_row(statement)` for each row: for a
/// query with very many rows, which SOCI's SQLite backend would copy as text, numbers included, and
/// parse back. In the session's transaction, like any other statement.
template <class OnRow>
void each_sqlite_row(soci::session& session, const Sql& query, OnRow on_row) {
  namespace api = ::sqlite_api;
  api::sqlite3* db = static_cast<soci::sqlite3_session_backend*>(session.get_backend())->conn_;
  api::sqlite3_stmt* raw = nullptr;
  if (api::sqlite3_prepare_v2(db, query.text().c_str(), -1, &raw, nullptr) != SQLITE_OK)
    throw soci::sqlite3_soci_error(api::sqlite3_errmsg(db), api::sqlite3_errcode(db));
  std::unique_ptr<api::sqlite3_stmt, int (*)(api::sqlite3_stmt*)> statement(raw, api::sqlite3_finalize);
  query.each_value([&](const std::string& name, const auto& value) {
    int index = api::sqlite3_bind_parameter_index(raw, (":" + name).c_str());
    int rc = SQLITE_OK;
    if constexpr (std::is_same_v<std::decay_t<decltype(value)>, std::string>)
      rc = api::sqlite3_bind_text(raw, index, value.data(), static_cast<int>(value.size()), SQLITE_STATIC);
    else
      rc = api::sqlite3_bind_int64(raw, index, value);
    if (rc != SQLITE_OK) throw soci::sqlite3_soci_error(api::sqlite3_errmsg(db), rc);
  });
  int rc = SQLITE_OK;
  while ((rc = api::sqlite3_step(raw)) == SQLITE_ROW) on_row(raw);
  // With SQLite's result code, so that a full disk or an I/O error is told from a mistake.
  if (rc != SQLITE_DONE) throw soci::sqlite3_soci_error(api::sqlite3_errmsg(db), rc);
}

/// Column `i` of the current row as text (empty for NULL).
std::string_view sqlite_text(::sqlite_api::sqlite3_stmt* statement, int i) {
  const auto* text = ::sqlite_api::sqlite3_column_text(statement, i);
  if (!text) return {};
  return {reinterpret_cast<const char*>(text),
          static_cast<std::size_t>(::sqlite_api::sqlite3_column_bytes(statement, i))};
}

/// Runs `query` with the row read into `into...`, calling `on_row` for each row.
template <class OnRow, class... Into>
void each_row(soci::session& session, Sql& query, OnRow on_row, Into&... into) {
  auto prepared = (session.prepare << query.text());
  ((prepared, soci::into(into)), ...);
  query.bind(prepared);
  soci::statement statement(prepared);
  statement.execute();
  while (statement.fetch()) on_row();
}

/// The group a row falls in, as an SQL expression over a table alias that has the project's
/// workflow, municipality, focus_area, nace_section and adviser (projects, or stage_intervals,
/// which carries copies of them).
std::string group_column(ReportGrouping grouping, std::string_view alias) {
  std::string a(alias);
  switch (grouping) {
    case ReportGrouping::none:
      return "CAST('' AS TEXT)";
    case ReportGrouping::workflow:
      return a + ".workflow";
    case ReportGrouping::municipality:
      return "COALESCE(" + a + ".municipality, '')";
    case ReportGrouping::focus_area:
      return "COALESCE(" + a + ".focus_area, '')";
    case ReportGrouping::nace_section:
      return "COALESCE(" + a + ".nace_section, '')";
    case ReportGrouping::adviser:
      return "COALESCE(" + a + ".adviser, '')";
  }
  return "CAST('' AS TEXT)";
}

/// " GROUP BY " the given columns, then the group (column 1) unless nothing is grouped: a constant
/// in the list would keep SQLite from grouping in index order.
std::string group_by(ReportGrouping grouping, std::string_view columns) {
  bool grouped = grouping != ReportGrouping::none;
  if (columns.empty()) return grouped ? " GROUP BY 1" : "";
  return " GROUP BY " + std::string(columns) + (grouped ? ", 1" : "");
}

/// " AND ..." for each filter, over the same columns.
void add_filter(Sql& sql, const ReportFilter& filter, std::string_view alias) {
  auto equals = [&](const std::optional<std::string>& value, std::string_view column) {
    if (value) sql << " AND " << alias << "." << column << " = ", sql.value(*value);
  };
  equals(filter.workflow, "workflow");
  equals(filter.municipality, "municipality");
  equals(filter.focus_area, "focus_area");
  equals(filter.nace_section, "nace_section");
  equals(filter.adviser, "adviser");
}

/// "(w.workflow = .. AND w.state = ..) OR ..." over the alias; "1 = 0" for none.
void add_states(Sql& sql, std::string_view alias, const std::vector<WorkflowState>& states) {
  if (states.empty()) {
    sql << "1 = 0";
    return;
  }
  sql << "(";
  for (std::size_t i = 0; i < states.size(); ++i) {
    if (i > 0) sql << " OR ";
    sql << "(" << alias << ".workflow = ";
    sql.value(states[i].workflow);
    sql << " AND " << alias << ".state = ";
    sql.value(states[i].state);
    sql << ")";
  }
  sql << ")";
}

/// "alias.workflow = .. AND alias.state = .. AND alias.entered_day in [from_day, to_day]": the
/// intervals that entered a state in the window, one range of stage_intervals_by_state.
void add_entered_in_window(Sql& sql, std::string_view alias, const std::string& workflow, const std::string& state,
                           std::int64_t from_day, std::int64_t to_day) {
  sql << alias << ".workflow = ";
  sql.value(workflow);
  sql << " AND " << alias << ".state = ";
  sql.value(state);
  sql << " AND " << alias << ".entered_day >= ";
  sql.value(from_day);
  sql << " AND " << alias << ".entered_day <= ";
  sql.value(to_day);
}

/// " AND " the condition that an interval of `si` holds at `as_of` (started at or before it, not
/// ended by then): the open ones, or those that ended after it (on its Oslo day or later). Two
/// statements rather than one with an OR, so that each is one index range: stage_intervals_open,
/// stage_intervals_by_left_day.
void add_holds_at(Sql& sql, Timestamp as_of, bool open) {
  long long at = to_millis(as_of);
  if (open) {
    sql << " AND si.left_at IS NULL";
  } else {
    sql << " AND si.left_day >= ", sql.value(oslo_day_number(as_of));
    sql << " AND si.left_at > ", sql.value(at);
  }
  sql << " AND si.entered_at <= ", sql.value(at);
}

/// The index add_holds_at means.
std::string_view holds_at_index(bool open) { return open ? "stage_intervals_open" : "stage_intervals_by_left_day"; }

/// The index of the intervals under way at as_of that in_state_before reads: of the open ones,
/// those not settled (migration 7).
std::string_view under_way_index(bool open) {
  return open ? "stage_intervals_open_unsettled" : "stage_intervals_by_left_day";
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// upkeep

void PendingIntervals::add(const std::vector<long long>& projects) {
  std::lock_guard<std::mutex> lock(mutex_);
  projects_.insert(projects.begin(), projects.end());
}

std::vector<long long> PendingIntervals::pending() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return {projects_.begin(), projects_.end()};
}

void PendingIntervals::caught_up(const std::vector<long long>& projects, bool reconciled) {
  std::lock_guard<std::mutex> lock(mutex_);
  // Nothing can have been noted since the catch-up took them (both are writes, one at a time), so
  // this leaves the set empty; removing only what was taken keeps it right regardless.
  for (long long id : projects) projects_.erase(id);
  reconciled_ = reconciled_ || reconciled;
}

bool PendingIntervals::behind() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return !projects_.empty() || !reconciled_;
}

bool PendingIntervals::reconciled() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return reconciled_;
}

void IntervalNotes::note(long long project) {
  if (store_) {
    noted_.push_back(project);
    return;
  }
  sql_ << "INSERT INTO stage_interval_backlog (project_id) VALUES (:project)", soci::use(project);
}

void IntervalNotes::committed() {
  if (!store_) return;
  if (!taken.empty() || reconciled) store_->caught_up(taken, reconciled);
  if (!noted_.empty()) store_->add(noted_);
}

void note_stage_change(IntervalNotes& notes, const ProjectEvent& event) {
  if (event.kind != EventKind::updated) notes.note(event.project_id);
}

void copy_report_fields(soci::session& sql, Backend backend, std::int64_t project_id, IntervalNotes& notes) {
  long long id = project_id;
  // The stage intervals take the new values when the reports next rebuild the project's intervals.
  notes.note(id);
  // The copies on the project's activities (migration 5) and funding applications (migration 8),
  // each table through its index by project, and only rows that differ.
  std::string_view differs = backend == Backend::sqlite ? " IS NOT " : " IS DISTINCT FROM ";
  auto copy = [&](std::string_view table, std::initializer_list<std::string_view> columns) {
    std::string set, select, changed;
    for (std::string_view column : columns) {
      std::string c(column);
      set += (set.empty() ? "" : ", ") + c + " = p." + c;
      select += (select.empty() ? "" : ", ") + c;
      changed += (changed.empty() ? "" : " OR ") + std::string(table) + "." + c + std::string(differs) + "p." + c;
    }
    std::string text = "UPDATE " + std::string(table) + " SET " + set + " FROM (SELECT " + select +
                       " FROM projects WHERE id = :id) p WHERE " + std::string(table) + ".project_id = :project AND (" +
                       changed + ")";
    sql << text, soci::use(id, "id"), soci::use(id, "project");
  };
  copy("activities", {"workflow", "municipality", "focus_area", "nace_section"});
  copy("funding_applications", {"workflow", "municipality", "focus_area", "nace_section", "adviser"});
}

namespace {

/// Creates the trigger `name` that copies `columns` from the project onto each new row of `table`
/// (migrations 5 and 8); the SQL differs per backend.
void add_report_trigger(soci::session& sql, std::string_view table, std::string_view name, std::string_view columns) {
  std::string t(table), n(name), c(columns);
  if (sql.get_backend_name() == "sqlite3") {
    sql << "CREATE TRIGGER " + n + " AFTER INSERT ON " + t + " BEGIN UPDATE " + t + " SET (" + c + ") = (SELECT " + c +
               " FROM projects WHERE id = NEW.project_id) WHERE id = NEW.id; END";
    return;
  }
  std::string into;
  std::string from;
  for (std::size_t start = 0; start < c.size();) {
    std::size_t end = c.find(", ", start);
    std::string column = c.substr(start, end == std::string::npos ? std::string::npos : end - start);
    into += (into.empty() ? "NEW." : ", NEW.") + column;
    from += (from.empty() ? "p." : ", p.") + column;
    start = end == std::string::npos ? c.size() : end + 2;
  }
  sql << "CREATE FUNCTION " + n + "() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN SELECT " + from + " INTO " + into +
             " FROM projects p WHERE p.id = NEW.project_id; RETURN NEW; END $$";
  sql << "CREATE TRIGGER " + n + " BEFORE INSERT ON " + t + " FOR EACH ROW EXECUTE FUNCTION " + n + "()";
}

}  // namespace

void add_funding_report_trigger(soci::session& sql) {
  add_report_trigger(sql, "funding_applications", "funding_report_fields",
                     "workflow, municipality, focus_area, nace_section, adviser");
}

void add_activity_report_trigger(soci::session& sql) {
  add_report_trigger(sql, "activities", "activities_report_fields", "workflow, municipality, focus_area, nace_section");
}

namespace {

/// The PostgreSQL advisory lock that serialises catch-ups (any number unique to this purpose).
constexpr long long kCatchUpLock = 0x5374616765496eLL;  // "StageIn"

/// A stage change (a `created` or `transition` event) with its project's fields, as an interval
/// row: the interval it opens, closed by the project's next stage change.
struct IntervalRow {
  long long project = 0, seq = 0, at = 0, day = 0;
  std::string workflow, state;
  std::optional<std::string> reason, municipality, focus_area, nace_section, adviser, response_deadline;
  std::optional<long long> left_seq, left_at, left_day;
  // Migration 7's facts from the project's whole history.
  int first_entry = 0;
  long long created_at = 0, parked_before = 0;
  std::string later_states;
  std::optional<std::string> close_reason;
  int settled = 0;
};

/// The stage changes, in (project, seq) order; `where` narrows them (" AND ...").
std::string stage_changes(std::string_view where) {
  return "SELECT e.project_id, e.seq, e.occurred_at, p.workflow, e.to_state, e.reason, p.municipality, p.focus_area, "
         "p.nace_section, p.adviser, p.response_deadline FROM project_events e JOIN projects p ON p.id = e.project_id "
         "WHERE e.kind IN ('created', 'transition')" +
         std::string(where) + " ORDER BY e.project_id, e.seq";
}

/// Binds `statement`'s results to `row`, in the order of stage_changes.
template <class Prepared>
void into_interval(Prepared& statement, IntervalRow& row) {
  statement, soci::into(row.project), soci::into(row.seq), soci::into(row.at), soci::into(row.workflow),
      soci::into(row.state), soci::into(row.reason), soci::into(row.municipality), soci::into(row.focus_area),
      soci::into(row.nace_section), soci::into(row.adviser), soci::into(row.response_deadline);
}

/// Which columns IntervalWriter writes: migration 4's (its backfill runs before migration 7 adds
/// the rest), or all.
enum class IntervalColumns { migration_4, all };

bool listed(const std::vector<WorkflowState>& states, const std::string& workflow, const std::string& state) {
  return std::any_of(states.begin(), states.end(),
                     [&](const WorkflowState& s) { return s.workflow == workflow && s.state == state; });
}

/// Writes the intervals of stage changes given in (project, seq) order. A project's changes are
/// held until its last has come, because each interval's facts look both ways: when it was left
/// (the next change), what came before (first entry, creation, time parked) and what came after
/// (later states, last closing), by the states' `kinds`.
class IntervalWriter {
 public:
  IntervalWriter(soci::session& sql, IntervalColumns columns, const SummaryStateKinds& kinds)
      : insert_(prepare_insert(sql, columns)), kinds_(kinds) {}

  void add(const IntervalRow& change) {
    if (!project_.empty() && project_.front().project != change.project) flush();
    project_.push_back(change);
  }

  /// Writes the held project's intervals.
  void flush() {
    std::vector<std::string> seen;
    long long parked = 0;
    for (std::size_t i = 0; i < project_.size(); ++i) {
      IntervalRow& r = project_[i];
      r.day = oslo_day_number(from_millis(r.at));
      r.first_entry = std::find(seen.begin(), seen.end(), r.state) == seen.end() ? 1 : 0;
      if (r.first_entry) seen.push_back(r.state);
      r.created_at = project_.front().at;
      r.parked_before = parked;
      r.settled = listed(kinds_.settled, r.workflow, r.state) ? 1 : 0;
      if (i + 1 < project_.size()) {
        const IntervalRow& next = project_[i + 1];
        r.left_seq = next.seq;
        r.left_at = next.at;
        r.left_day = oslo_day_number(from_millis(next.at));
        if (listed(kinds_.parked, r.workflow, r.state)) parked += next.at - r.at;
      }
    }
    std::vector<std::string> later;  // the states after the interval at hand, each once
    std::optional<std::string> last_close;
    for (std::size_t i = project_.size(); i-- > 0;) {
      IntervalRow& r = project_[i];
      r.close_reason = last_close;
      r.later_states.clear();
      for (const std::string& state : later) r.later_states += (r.later_states.empty() ? "" : ",") + state;
      if (std::find(later.begin(), later.end(), r.state) == later.end()) later.push_back(r.state);
      if (!last_close && listed(kinds_.closed, r.workflow, r.state)) last_close = r.reason.value_or("");
    }
    for (const IntervalRow& r : project_) {
      row_ = r;
      insert_.execute(true);
    }
    project_.clear();
  }

 private:
  // SOCI's type for a statement being prepared (what `sql.prepare << text` makes), under
  // soci::details: the columns bound depend on `columns`.
  soci::details::prepare_temp_type prepare_insert(soci::session& sql, IntervalColumns columns) {
    bool all = columns == IntervalColumns::all;
    std::string text =
        "INSERT INTO stage_intervals (project_id, seq, workflow, state, entered_at, entered_day, reason, left_seq, "
        "left_at, left_day, municipality, focus_area, nace_section, adviser";
    text +=
        all ? ", first_entry, created_at, parked_before, response_deadline, later_states, close_reason, settled" : "";
    text +=
        ") VALUES (:project_id, :seq, :workflow, :state, :entered_at, :entered_day, :reason, :left_seq, :left_at, "
        ":left_day, :municipality, :focus_area, :nace_section, :adviser";
    text += all ? ", :first_entry, :created_at, :parked_before, :response_deadline, :later_states, :close_reason, "
                  ":settled)"
                : ")";
    auto prepared = (sql.prepare << text);
    prepared, soci::use(row_.project), soci::use(row_.seq), soci::use(row_.workflow), soci::use(row_.state),
        soci::use(row_.at), soci::use(row_.day), soci::use(row_.reason), soci::use(row_.left_seq),
        soci::use(row_.left_at), soci::use(row_.left_day), soci::use(row_.municipality), soci::use(row_.focus_area),
        soci::use(row_.nace_section), soci::use(row_.adviser);
    if (all)
      prepared, soci::use(row_.first_entry), soci::use(row_.created_at), soci::use(row_.parked_before),
          soci::use(row_.response_deadline), soci::use(row_.later_states), soci::use(row_.close_reason),
          soci::use(row_.settled);
    return prepared;
  }

  IntervalRow row_;  // what insert_ writes; declared before it, which binds its fields
  soci::statement insert_;
  const SummaryStateKinds& kinds_;
  std::vector<IntervalRow> project_;  // the changes of the project at hand
};

/// The fingerprint of the kinds of state the intervals were written with; empty before the first
/// catch-up.
std::string written_with(soci::session& sql) {
  std::string kinds;
  soci::indicator found = soci::i_null;
  sql << "SELECT kinds FROM stage_interval_kinds", soci::into(kinds, found);
  return found == soci::i_ok ? kinds : std::string();
}

/// The projects whose last interval is not the one their last stage change opened, or whose
/// copied fields differ from the project's: what a process noted on SQLite and did not catch up
/// before it stopped. One look at each project's intervals and stage changes.
std::vector<long long> lagging_projects(soci::session& sql) {
  Sql query;
  query << "SELECT p.id FROM projects p LEFT JOIN stage_intervals si ON si.project_id = p.id AND si.left_at IS NULL "
           "WHERE si.project_id IS NULL OR si.seq IS NOT (SELECT MAX(e.seq) FROM project_events e WHERE "
           "e.project_id = p.id AND e.kind IN ('created', 'transition')) OR si.municipality IS NOT p.municipality OR "
           "si.focus_area IS NOT p.focus_area OR si.nace_section IS NOT p.nace_section OR si.adviser IS NOT "
           "p.adviser OR si.response_deadline IS NOT p.response_deadline";
  std::vector<long long> result;
  long long id = 0;
  each_row(
      sql, query, [&] { result.push_back(id); }, id);
  return result;
}

/// Writes the intervals of every project, in one pass over the log.
void write_all_intervals(soci::session& sql, IntervalColumns columns, const SummaryStateKinds& kinds) {
  IntervalRow row;
  auto prepared = (sql.prepare << stage_changes(""));
  into_interval(prepared, row);
  soci::statement select(prepared);
  IntervalWriter writer(sql, columns, kinds);
  select.execute();
  while (select.fetch()) writer.add(row);
  writer.flush();
}

}  // namespace

void backfill_stage_intervals(soci::session& sql) { write_all_intervals(sql, IntervalColumns::migration_4, {}); }

std::int64_t catch_up_stage_intervals(soci::session& sql, Backend backend, const SummaryStateKinds& kinds,
                                      IntervalNotes& notes) {
  // One catch-up at a time: two rebuilding the same project would both insert its intervals. The
  // lock is taken before the backlog is read, so a catch-up that waited sees what the other did.
  if (backend == Backend::postgresql) sql << "SELECT pg_advisory_xact_lock(" << kCatchUpLock << ")";
  // The backlog: PostgreSQL's notes, and on both backends what migration 7 noted.
  std::vector<long long> projects;
  {
    Sql taken;
    taken << "DELETE FROM stage_interval_backlog RETURNING project_id";
    long long project = 0;
    each_row(
        sql, taken, [&] { projects.push_back(project); }, project);
  }
  if (PendingIntervals* store = notes.store()) {
    // SQLite: this process's notes, taken for good when this transaction commits; and, the first
    // time, every project whose intervals do not end as its log does.
    notes.taken = store->pending();
    projects.insert(projects.end(), notes.taken.begin(), notes.taken.end());
    if (!store->reconciled()) {
      std::vector<long long> lagging = lagging_projects(sql);
      projects.insert(projects.end(), lagging.begin(), lagging.end());
      notes.reconciled = true;
    }
  }
  std::sort(projects.begin(), projects.end());
  projects.erase(std::unique(projects.begin(), projects.end()), projects.end());

  // Intervals written with other kinds of state (a new version of a workflow) are all rebuilt;
  // and after a bulk load (or a long stretch without reports) one pass over the whole log is
  // faster than a lookup per project.
  std::string fingerprint = kinds.fingerprint();
  bool other_kinds = written_with(sql) != fingerprint;
  if (projects.empty() && !other_kinds) return 0;
  long long all = 0;
  sql << "SELECT COUNT(*) FROM projects", soci::into(all);
  if (other_kinds || static_cast<long long>(projects.size()) * 4 >= all) {
    sql << "DELETE FROM stage_intervals";
    write_all_intervals(sql, IntervalColumns::all, kinds);
    sql << "DELETE FROM stage_interval_kinds";
    sql << "INSERT INTO stage_interval_kinds (kinds) VALUES (:kinds)", soci::use(fingerprint);
    return all;
  }

  long long project = 0;
  soci::statement clear =
      (sql.prepare << "DELETE FROM stage_intervals WHERE project_id = :project", soci::use(project));
  IntervalRow row;
  auto prepared = (sql.prepare << stage_changes(" AND e.project_id = :project"));
  into_interval(prepared, row);
  prepared, soci::use(project);
  soci::statement select(prepared);
  IntervalWriter writer(sql, IntervalColumns::all, kinds);
  for (long long id : projects) {
    project = id;
    clear.execute(true);
    select.execute();
    while (select.fetch()) writer.add(row);
    writer.flush();
  }
  return static_cast<std::int64_t>(projects.size());
}

bool stage_intervals_behind(soci::session& sql, const SummaryStateKinds& kinds, const PendingIntervals* store) {
  if (store && store->behind()) return true;
  long long behind = 0;
  sql << "SELECT COUNT(*) FROM (SELECT 1 FROM stage_interval_backlog LIMIT 1) noted", soci::into(behind);
  return behind > 0 || written_with(sql) != kinds.fingerprint();
}

// ---------------------------------------------------------------------------------------------
// queries

namespace {

std::vector<ProjectInState> fetch_projects_in_state(soci::session& session, Sql& sql) {
  std::vector<ProjectInState> result;
  ProjectInState row;
  long long id = 0, entered = 0;
  each_row(
      session, sql,
      [&] {
        row.project_id = id;
        row.entered_millis = entered;
        result.push_back(row);
      },
      id, row.title, row.workflow, row.state, entered, row.adviser, row.municipality, row.response_deadline);
  return result;
}

}  // namespace

std::string SociReportRepository::indexed_by(std::string_view index) const {
  return backend_ == Backend::sqlite ? " INDEXED BY " + std::string(index) : std::string();
}

std::vector<StateCount> SociReportRepository::states_at(const ReportScope& scope, Timestamp as_of) {
  std::vector<StateCount> result;
  for (bool open : {true, false}) {
    Sql sql;
    sql << "SELECT " << group_column(scope.group_by, "si")
        << ", si.workflow, si.state, COUNT(*) FROM stage_intervals si" << indexed_by(holds_at_index(open))
        << " WHERE 1 = 1";
    add_holds_at(sql, as_of, open);
    add_filter(sql, scope.filter, "si");
    sql << group_by(scope.group_by, "2, 3");
    StateCount row;
    long long count = 0;
    each_row(
        sql_, sql,
        [&] {
          row.count = count;
          result.push_back(row);
        },
        row.group, row.workflow, row.state, count);
  }
  return result;
}

std::vector<DayStateCount> SociReportRepository::intervals_by_day(const ReportScope& scope, bool entered,
                                                                  std::int64_t from_day, std::int64_t to_day,
                                                                  const std::vector<WorkflowState>& only) {
  std::string_view day = entered ? "si.entered_day" : "si.left_day";
  std::vector<DayStateCount> result;
  // A few states: one index range each (stage_intervals_by_state) rather than the whole window.
  auto query = [&](const WorkflowState* state) {
    Sql sql;
    // Exits: the exit days' range. Given a workflow filter, SQLite's planner would otherwise take
    // all of that workflow's intervals from stage_intervals_by_state and look each up (ten times
    // slower for the dashboard's flow of one workflow).
    sql << "SELECT " << group_column(scope.group_by, "si") << ", si.workflow, si.state, " << day
        << ", COUNT(*) FROM stage_intervals si" << (entered ? "" : indexed_by("stage_intervals_by_left_day"))
        << " WHERE " << day << " >= ";
    sql.value(from_day);
    sql << " AND " << day << " <= ";
    sql.value(to_day);
    if (state) {
      sql << " AND si.workflow = ";
      sql.value(state->workflow);
      sql << " AND si.state = ";
      sql.value(state->state);
    }
    add_filter(sql, scope.filter, "si");
    sql << group_by(scope.group_by, "4, 2, 3");
    DayStateCount row;
    long long day_value = 0, count = 0;
    each_row(
        sql_, sql,
        [&] {
          row.day = day_value;
          row.count = count;
          result.push_back(row);
        },
        row.group, row.workflow, row.state, day_value, count);
  };
  if (only.empty()) query(nullptr);
  for (const WorkflowState& state : only) query(&state);
  return result;
}

std::vector<IntervalDurations> SociReportRepository::ended_intervals(const ReportScope& scope, std::int64_t from_day,
                                                                     std::int64_t to_day) {
  Sql sql;
  sql << "SELECT " << group_column(scope.group_by, "si")
      << ", si.workflow, si.state, si.left_at - si.entered_at FROM stage_intervals si"
      << indexed_by("stage_intervals_by_left_day") << " WHERE si.left_day >= ";  // as in intervals_by_day
  sql.value(from_day);
  sql << " AND si.left_day <= ";
  sql.value(to_day);
  add_filter(sql, scope.filter, "si");
  // Many rows, few (group, workflow, state): each row's duration is added to its key's list, found
  // by the key of the row before or a lookup.
  std::vector<IntervalDurations> result;
  std::map<std::tuple<std::string, std::string, std::string>, std::size_t> index;
  IntervalDurations* last = nullptr;
  auto add = [&](std::string_view group, std::string_view workflow, std::string_view state, long long millis) {
    if (!last || last->state != state || last->workflow != workflow || last->group != group) {
      auto [at, added] =
          index.try_emplace({std::string(group), std::string(workflow), std::string(state)}, result.size());
      if (added) result.push_back({std::string(group), std::string(workflow), std::string(state), {}});
      last = &result[at->second];
    }
    last->millis.push_back(millis);
  };
  if (backend_ == Backend::sqlite) {
    each_sqlite_row(sql_, sql, [&](::sqlite_api::sqlite3_stmt* row) {
      add(sqlite_text(row, 0), sqlite_text(row, 1), sqlite_text(row, 2), ::sqlite_api::sqlite3_column_int64(row, 3));
    });
    return result;
  }
  // Fetched in batches rather than one call per row.
  constexpr std::size_t kBatch = 4096;
  std::vector<std::string> groups(kBatch), workflows(kBatch), states(kBatch);
  std::vector<long long> millis(kBatch);
  auto prepared =
      (sql_.prepare << sql.text(), soci::into(groups), soci::into(workflows), soci::into(states), soci::into(millis));
  sql.bind(prepared);
  soci::statement statement(prepared);
  statement.execute();
  while (statement.fetch()) {
    for (std::size_t i = 0; i < millis.size(); ++i) add(groups[i], workflows[i], states[i], millis[i]);
    groups.resize(kBatch);
    workflows.resize(kBatch);
    states.resize(kBatch);
    millis.resize(kBatch);
  }
  return result;
}

namespace {

/// "SELECT <columns> FROM" the first entries `x` into `state` in the window, each one row of
/// stage_intervals_first_entries (`indexed`: its INDEXED BY, or nothing), filtered.
Sql first_entries(const ReportScope& scope, std::string_view indexed, const std::string& workflow,
                  const std::string& state, std::int64_t from_day, std::int64_t to_day, std::string_view columns) {
  Sql sql;
  sql << "SELECT " << columns << " FROM stage_intervals x" << indexed << " WHERE x.first_entry = 1 AND ";
  add_entered_in_window(sql, "x", workflow, state, from_day, to_day);
  add_filter(sql, scope.filter, "x");
  return sql;
}

}  // namespace

std::vector<EndToEndSpan> SociReportRepository::end_to_end(const ReportScope& scope, const std::string& workflow,
                                                           const std::string& to_state, std::int64_t from_day,
                                                           std::int64_t to_day) {
  Sql sql = first_entries(scope, indexed_by("stage_intervals_first_entries"), workflow, to_state, from_day, to_day,
                          group_column(scope.group_by, "x") + ", x.entered_at - x.created_at, x.parked_before");
  std::vector<EndToEndSpan> result;
  EndToEndSpan row;
  long long total = 0, parked = 0;
  each_row(
      sql_, sql,
      [&] {
        row.total_millis = total;
        row.parked_millis = parked;
        result.push_back(row);
      },
      row.group, total, parked);
  return result;
}

ConversionCounts SociReportRepository::conversion(const ReportScope& scope, const std::string& workflow,
                                                  const std::string& from_state, std::int64_t from_day,
                                                  std::int64_t to_day) {
  // The window's entries into from_state, each with what came after it (migration 7), straight off
  // stage_intervals_by_state; a project's cohort entry is its first in the window.
  Sql sql;
  sql << "SELECT x.project_id, x.seq, " << group_column(scope.group_by, "x")
      << ", x.later_states, x.close_reason FROM stage_intervals x" << indexed_by("stage_intervals_by_state")
      << " WHERE ";
  add_entered_in_window(sql, "x", workflow, from_state, from_day, to_day);
  add_filter(sql, scope.filter, "x");
  struct Member {
    long long entry = 0;
    std::string group, later;
    std::optional<std::string> close_reason;
  };
  std::unordered_map<long long, Member> members;
  Member row;
  long long project = 0;
  each_row(
      sql_, sql,
      [&] {
        auto [at, added] = members.try_emplace(project, row);
        if (!added && row.entry < at->second.entry) at->second = row;
      },
      project, row.entry, row.group, row.later, row.close_reason);
  std::map<std::string, std::int64_t> cohort;
  std::map<std::pair<std::string, std::string>, std::int64_t> reached, closed;
  for (const auto& [id, member] : members) {
    ++cohort[member.group];
    std::string_view later = member.later;
    while (!later.empty()) {
      std::size_t comma = later.find(',');
      ++reached[{member.group, std::string(later.substr(0, comma))}];
      later = comma == std::string_view::npos ? std::string_view{} : later.substr(comma + 1);
    }
    if (member.close_reason) ++closed[{member.group, *member.close_reason}];
  }
  ConversionCounts result;
  for (const auto& [name, count] : cohort) result.cohort.push_back({name, "", count});
  for (const auto& [key, count] : reached) result.reached.push_back({key.first, key.second, count});
  for (const auto& [key, count] : closed) result.closed.push_back({key.first, key.second, count});
  return result;
}

StaleProjects SociReportRepository::in_state_before(const ReportFilter& filter, Timestamp as_of,
                                                    const std::map<std::string, Timestamp>& before, Timestamp otherwise,
                                                    const std::vector<WorkflowState>& excluded,
                                                    std::optional<std::int64_t> limit) {
  Timestamp latest = otherwise;  // the latest bound, so that the index range ends there
  for (const auto& [state, bound] : before) latest = std::max(latest, bound);
  auto where = [&](Sql& sql, bool open) {
    sql << " WHERE NOT ";
    add_states(sql, "si", excluded);
    add_holds_at(sql, as_of, open);
    if (open) sql << " AND si.settled = 0";  // implied by `excluded`; selects the index
    sql << " AND si.entered_at < ", sql.value(static_cast<long long>(to_millis(latest)));
    sql << " AND si.entered_at < ";
    if (!before.empty()) {
      sql << "CASE si.state";
      for (const auto& [state, bound] : before) {
        sql << " WHEN ", sql.value(state);
        sql << " THEN CAST(", sql.value(static_cast<long long>(to_millis(bound)));
        sql << " AS BIGINT)";  // PostgreSQL types a bare placeholder in CASE as text
      }
      sql << " ELSE ";
    }
    sql << "CAST(", sql.value(static_cast<long long>(to_millis(otherwise)));
    sql << " AS BIGINT)";
    if (!before.empty()) sql << " END";
    add_filter(sql, filter, "si");
  };
  StaleProjects result;
  if (backend_ == Backend::sqlite && limit && *limit <= 1000) {
    // One pass over each index's stale intervals counts them and finds the first `limit`, and
    // only those are read from projects.
    struct Stale {
      long long entered_at;
      long long project_id;
      std::string workflow;
      std::string state;
    };
    std::vector<Stale> stale;
    std::map<std::pair<std::string, std::string>, std::int64_t> counts;
    for (bool open : {true, false}) {
      Sql sql;
      sql << "SELECT si.project_id, si.workflow, si.state, si.entered_at FROM stage_intervals si"
          << indexed_by(under_way_index(open));
      where(sql, open);
      std::pair<std::string, std::string> last{"", ""};
      std::int64_t* count = nullptr;
      each_sqlite_row(sql_, sql, [&](::sqlite_api::sqlite3_stmt* row) {
        std::string_view workflow = sqlite_text(row, 1), state = sqlite_text(row, 2);
        if (!count || last.first != workflow || last.second != state) {
          last = {std::string(workflow), std::string(state)};
          count = &counts[last];
        }
        ++*count;
        stale.push_back({::sqlite_api::sqlite3_column_int64(row, 3), ::sqlite_api::sqlite3_column_int64(row, 0),
                         last.first, last.second});
      });
    }
    for (const auto& [key, n] : counts) result.counts.push_back({"", key.first, key.second, n});
    auto first = [](const Stale& a, const Stale& b) {
      return std::tie(a.entered_at, a.project_id) < std::tie(b.entered_at, b.project_id);
    };
    std::size_t n = std::min(stale.size(), static_cast<std::size_t>(*limit));
    std::partial_sort(stale.begin(), stale.begin() + static_cast<std::ptrdiff_t>(n), stale.end(), first);
    stale.resize(n);
    if (stale.empty()) return result;
    Sql details;
    details << "SELECT p.id, p.title, p.adviser, p.municipality, p.response_deadline FROM projects p WHERE p.id IN (";
    for (std::size_t i = 0; i < stale.size(); ++i) {
      if (i > 0) details << ", ";
      details.value(static_cast<long long>(stale[i].project_id));
    }
    details << ")";
    std::map<long long, ProjectInState> by_id;
    ProjectInState row;
    long long id = 0;
    each_row(
        sql_, details, [&] { by_id[id] = row; }, id, row.title, row.adviser, row.municipality, row.response_deadline);
    for (Stale& s : stale) {
      ProjectInState p = by_id[s.project_id];
      p.project_id = s.project_id;
      p.workflow = std::move(s.workflow);
      p.state = std::move(s.state);
      p.entered_millis = s.entered_at;
      result.projects.push_back(std::move(p));
    }
    return result;
  }
  for (bool open : {true, false}) {
    Sql sql;
    if (!limit) {
      // Every project: the counts are made from the list.
      sql << "SELECT si.project_id, p.title, si.workflow, si.state, si.entered_at, p.adviser, p.municipality, "
             "p.response_deadline FROM stage_intervals si"
          << indexed_by(under_way_index(open)) << " JOIN projects p ON p.id = si.project_id";
      where(sql, open);
    } else {
      // The counts from the index alone; the first `limit` by the index too (a sort that keeps only
      // `limit` rows), and only those looked up in projects.
      Sql count;
      count << "SELECT CAST('' AS TEXT), si.workflow, si.state, COUNT(*) FROM stage_intervals si"
            << indexed_by(under_way_index(open));
      where(count, open);
      count << " GROUP BY si.workflow, si.state";
      StateCount row;
      long long n = 0;
      each_row(
          sql_, count,
          [&] {
            row.count = n;
            result.counts.push_back(row);
          },
          row.group, row.workflow, row.state, n);
      sql << "SELECT t.project_id, p.title, t.workflow, t.state, t.entered_at, p.adviser, p.municipality, "
             "p.response_deadline FROM (SELECT si.project_id, si.workflow, si.state, si.entered_at FROM "
             "stage_intervals "
             "si"
          << indexed_by(under_way_index(open));
      where(sql, open);
      sql << " ORDER BY si.entered_at, si.project_id LIMIT ", sql.value(static_cast<long long>(*limit));
      sql << ") t JOIN projects p ON p.id = t.project_id";
    }
    auto part = fetch_projects_in_state(sql_, sql);
    result.projects.insert(result.projects.end(), std::make_move_iterator(part.begin()),
                           std::make_move_iterator(part.end()));
  }
  std::sort(result.projects.begin(), result.projects.end(), [](const ProjectInState& a, const ProjectInState& b) {
    return std::tie(a.entered_millis, a.project_id) < std::tie(b.entered_millis, b.project_id);
  });
  if (limit) {
    if (result.projects.size() > static_cast<std::size_t>(*limit))
      result.projects.resize(static_cast<std::size_t>(*limit));
  } else {
    std::map<std::pair<std::string, std::string>, std::int64_t> counts;
    for (const ProjectInState& p : result.projects) ++counts[{p.workflow, p.state}];
    for (const auto& [key, n] : counts) result.counts.push_back({"", key.first, key.second, n});
  }
  return result;
}

std::vector<ProjectInState> SociReportRepository::overdue(const ReportFilter& filter, Timestamp as_of,
                                                          const std::string& deadline_before,
                                                          const std::vector<WorkflowState>& done) {
  // The intervals that hold at as_of (two statements, as add_holds_at says) of cases past their
  // deadline: the open ones from stage_intervals_open_deadlines, where most cases, answered long
  // ago, are passed over by their state without a look-up. Each is checked for an earlier answer.
  // The fields shown are the interval's copies, which the filter and the order use as well (the
  // project may have changed since the catch-up); only the title comes from the project.
  long long at = to_millis(as_of);
  std::vector<ProjectInState> result;
  for (bool open : {true, false}) {
    Sql sql;
    sql << "SELECT si.project_id, p.title, si.workflow, si.state, si.entered_at, si.adviser, si.municipality, "
           "si.response_deadline FROM stage_intervals si"
        << indexed_by(open ? "stage_intervals_open_deadlines" : "stage_intervals_by_left_day")
        << " JOIN projects p ON p.id = si.project_id WHERE si.response_deadline IS NOT NULL AND si.response_deadline "
           "< ";
    sql.value(deadline_before);
    add_holds_at(sql, as_of, open);
    add_filter(sql, filter, "si");
    sql << " AND NOT ";
    add_states(sql, "si", done);
    sql << " AND NOT EXISTS (SELECT 1 FROM stage_intervals d WHERE d.project_id = si.project_id AND d.entered_at <= ";
    sql.value(at);
    sql << " AND ";
    add_states(sql, "d", done);
    sql << ")";
    auto part = fetch_projects_in_state(sql_, sql);
    result.insert(result.end(), std::make_move_iterator(part.begin()), std::make_move_iterator(part.end()));
  }
  std::sort(result.begin(), result.end(), [](const ProjectInState& a, const ProjectInState& b) {
    return std::tie(a.response_deadline, a.project_id) < std::tie(b.response_deadline, b.project_id);
  });
  return result;
}

std::int64_t SociReportRepository::created(const ReportFilter& filter, const std::vector<WorkflowState>& initial,
                                           std::int64_t from_day, std::int64_t to_day) {
  std::int64_t total = 0;
  for (const WorkflowState& state : initial) {
    Sql sql;
    sql << "SELECT COUNT(*) FROM stage_intervals si WHERE ";
    add_entered_in_window(sql, "si", state.workflow, state.state, from_day, to_day);
    sql << " AND si.seq = 1";
    add_filter(sql, filter, "si");
    long long count = 0;
    each_row(
        sql_, sql, [] {}, count);
    total += count;
  }
  return total;
}

std::int64_t SociReportRepository::funded_projects(const ReportFilter& filter, const std::string& from,
                                                   const std::string& to) {
  Sql sql;
  sql << "SELECT COUNT(DISTINCT f.project_id) FROM funding_applications f" << indexed_by("funding_applications_granted")
      << " WHERE f.decision_date >= ";
  sql.value(from);
  sql << " AND f.decision_date <= ";
  sql.value(to);
  sql << " AND f.status = 'granted'";
  add_filter(sql, filter, "f");
  long long count = 0;
  each_row(
      sql_, sql, [] {}, count);
  return count;
}

std::vector<ResponseSpan> SociReportRepository::first_answers(const ReportFilter& filter, const std::string& workflow,
                                                              const std::string& answered_state, std::int64_t from_day,
                                                              std::int64_t to_day) {
  Sql sql = first_entries({filter, ReportGrouping::none}, indexed_by("stage_intervals_first_entries"), workflow,
                          answered_state, from_day, to_day, "x.created_at, x.entered_at");
  std::vector<ResponseSpan> result;
  long long created = 0, answered = 0;
  each_row(
      sql_, sql,
      [&] {
        result.push_back({created, answered});
      },
      created, answered);
  return result;
}

std::vector<FundingSum> SociReportRepository::funding(const ReportScope& scope, Timestamp created_from,
                                                      Timestamp created_until, const std::string& from,
                                                      const std::string& to) {
  // Two index ranges over the applications' copies of their projects' fields (migration 8): those
  // sent (not drafts) created in [created_from, created_until), and those granted with a decision
  // in from..to. An application can be in both.
  std::map<std::pair<std::string, std::string>, FundingSum> sums;
  auto add = [&](bool granted, Sql& sql) {
    add_filter(sql, scope.filter, "f");
    sql << " GROUP BY 1, 2";
    std::string source, group;
    long long count = 0, nok = 0;
    each_row(
        sql_, sql,
        [&] {
          FundingSum& sum = sums[{source, group}];
          sum.source = source;
          sum.group = group;
          (granted ? sum.granted_count : sum.applied_count) = count;
          (granted ? sum.granted_nok : sum.applied_nok) = nok;
        },
        source, group, count, nok);
  };
  // "SELECT source, group, COUNT, SUM(amount)" over one index's range of `column`, filtered.
  auto range = [&](bool granted, std::string_view index, std::string_view column, auto from_value, auto to_value,
                   std::string_view below, std::string_view condition) {
    Sql sql;
    sql << "SELECT f.source, " << group_column(scope.group_by, "f") << ", COUNT(*), CAST(SUM("
        << (granted ? "COALESCE(f.amount_granted, 0)" : "f.amount_applied")
        << ") AS BIGINT) FROM funding_applications f" << indexed_by(index) << " WHERE f." << column << " >= ";
    sql.value(from_value);
    sql << " AND f." << column << below;
    sql.value(to_value);
    sql << " AND " << condition;
    add(granted, sql);
  };
  long long since = to_millis(created_from), until = to_millis(created_until);
  if (since < until)
    range(false, "funding_applications_sent", "created_at", since, until, " < ", "f.status <> 'draft'");
  range(true, "funding_applications_granted", "decision_date", from, to, " <= ", "f.status = 'granted'");
  std::vector<FundingSum> result;
  for (auto& [key, sum] : sums) result.push_back(std::move(sum));
  return result;
}

std::vector<EffortSum> SociReportRepository::effort(const ReportScope& scope, const std::string& from,
                                                    const std::string& to) {
  // The adviser of an activity is the one who spent the time: grouping and filtering by adviser
  // look at the activity's own; the other fields are the project's, copied onto the activity
  // (migration 5), so that the window is one range of activities_by_date_report.
  auto window = [&](std::string_view figures) {
    Sql sql;
    sql << "SELECT " << group_column(scope.group_by, "a") << figures << " FROM activities a"
        << indexed_by("activities_by_date_report") << " WHERE a.activity_date >= ";
    sql.value(from);
    sql << " AND a.activity_date <= ";
    sql.value(to);
    add_filter(sql, scope.filter, "a");
    return sql;
  };
  std::vector<EffortSum> result;
  if (backend_ == Backend::sqlite && scope.group_by != ReportGrouping::none) {
    // SQLite groups by sorting every activity of the window; the few groups are summed here
    // instead, from the rows read straight off the index.
    std::map<std::string, EffortSum, std::less<>> sums;
    EffortSum* last = nullptr;
    each_sqlite_row(sql_, window(", a.minutes"), [&](::sqlite_api::sqlite3_stmt* row) {
      std::string_view group = sqlite_text(row, 0);
      if (!last || last->group != group) {
        auto found = sums.find(group);
        if (found == sums.end()) found = sums.emplace(std::string(group), EffortSum{std::string(group), 0, 0}).first;
        last = &found->second;
      }
      ++last->activities;
      last->minutes += ::sqlite_api::sqlite3_column_int64(row, 1);
    });
    for (auto& [group, sum] : sums) result.push_back(std::move(sum));
    return result;
  }
  Sql sql = window(", COUNT(*), CAST(SUM(a.minutes) AS BIGINT)");
  sql << " GROUP BY 1";
  EffortSum row;
  long long count = 0, minutes = 0;
  each_row(
      sql_, sql,
      [&] {
        row.activities = count;
        row.minutes = minutes;
        result.push_back(row);
      },
      row.group, count, minutes);
  return result;
}

}  // namespace facilitator::core::storage
