// Every report, recomputed naively from the raw event log and case data of random histories, must
// give the same figures as ReportService on SQLite and on PostgreSQL. The histories are driven
// through the real services with a clock the test moves (days and odd milliseconds at a time,
// sometimes not at all), and include parking and resuming, closing and reopening, field changes
// after the fact (reports use current values), funding decisions, activities and targets.

#include <soci/soci.h>
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <sstream>
#include <thread>
#include <tuple>

#include "core/domain/working_days.hpp"
#include "core/report/report.hpp"
#include "core/service/service_set.hpp"
#include "core/storage/database_url.hpp"
#include "core/storage/report_repositories.hpp"
#include "core/storage/soci_optional.hpp"
#include "storage_fixture.hpp"

namespace {

using namespace facilitator;
using namespace facilitator::storage_test;
using core::Date;
using core::ReportFilter;
using core::ReportGrouping;
using core::ReportPeriod;
using core::StateKind;

constexpr std::int64_t kDay = 86'400'000;
constexpr std::int64_t kStart = 1'704'067'200'000;  // 2024-01-01T00:00:00Z

const std::vector<std::string> kMunicipalities{"3103", "3112", "3114"};
const std::vector<std::string> kFocusAreas{"food", "tourism", "technology"};
const std::vector<std::string> kNace{"A", "C", "J"};
const std::vector<std::string> kAdvisers{"kari@mnu.no", "per@mnu.no", "lise@mnu.no"};
const std::vector<std::string> kSources{"innovasjon_norge", "regional_fund", "bank"};
const std::vector<std::string> kWorkflows{"establishment", "innovation", "liaison"};

Date date(int y, unsigned m, unsigned d) {
  return Date{std::chrono::year{y} / std::chrono::month{m} / std::chrono::day{d}};
}
std::int64_t day_of(Date d) { return std::chrono::sys_days{d}.time_since_epoch().count(); }
Date oslo(std::int64_t millis) { return core::oslo_date(core::from_millis(millis)); }

/// A world of random histories: the services over one database and a clock the test moves.
class World {
 public:
  World(TestBackend backend, unsigned seed)
      : db_(backend),
        registry_(workflows::builtin_registry()),
        now_(std::make_shared<std::int64_t>(kStart)),
        services_(db_.store(), registry_, clock()),
        rng_(seed) {}

  core::Clock clock() const {
    auto now = now_;
    return [now] { return core::from_millis(*now); };
  }
  std::int64_t now() const { return *now_; }
  core::ServiceSet& services() { return services_; }
  TestDatabase& db() { return db_; }
  const core::WorkflowRegistry& registry() const { return registry_; }
  const std::vector<ProjectId>& projects() const { return projects_; }

  /// `steps` random actions, each followed by the reports' catch-up, as when reports are read
  /// while projects move: each catch-up rebuilds the few projects just changed, not the whole log.
  void run_while_reporting(int steps) {
    for (int i = 0; i < steps; ++i) {
      run(1);
      services_.reports.bring_up_to_date();
    }
  }

  /// `steps` random actions, the clock moving between them.
  void run(int steps) {
    for (int i = 0; i < steps; ++i) {
      advance();
      std::size_t action = pick(100);
      if (projects_.empty() || action < 7)
        create();
      else if (action < 64)
        transition(any_project());
      else if (action < 70) {
        ProjectId id = any_project();  // two moves in the same millisecond
        transition(id);
        transition(id);
      } else if (action < 78)
        change_fields(any_project());
      else if (action < 88)
        funding(any_project());
      else
        activity(any_project());
    }
  }

  void add_targets() {
    using core::TargetMetric;
    for (int year : {2024, 2025}) {
      for (TargetMetric metric :
           {TargetMetric::establishments, TargetMetric::innovation_projects_funded, TargetMetric::nok_granted,
            TargetMetric::median_liaison_response_days, TargetMetric::new_projects}) {
        core::TargetChanges t;
        t.year = year;
        t.metric = metric;
        t.target_value = 1 + roll(40);
        services_.targets.add(t, kAdmin);
        t.focus_area = std::optional<std::string>(kFocusAreas[pick(kFocusAreas.size())]);
        services_.targets.add(t, kAdmin);
      }
    }
  }

  std::size_t pick(std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng_); }
  std::int64_t roll(std::size_t n) { return static_cast<std::int64_t>(pick(n)); }

 private:
  template <class T>
  std::optional<std::string> maybe(const std::vector<T>& values) {
    if (pick(5) == 0) return std::nullopt;
    return values[pick(values.size())];
  }

  ProjectId any_project() {
    // Recent projects move more often, as in real work.
    std::size_t n = projects_.size();
    std::size_t i = pick(3) == 0 ? pick(n) : n - 1 - pick(std::min<std::size_t>(n, 12));
    return projects_[i];
  }

  void advance() {
    switch (pick(6)) {
      case 0:
        break;  // same millisecond as the previous write
      case 1:
        *now_ += 1 + roll(1000);
        break;
      default:
        *now_ += roll(9) * kDay + roll(static_cast<std::size_t>(kDay));
    }
  }

  void create() {
    core::NewProject p;
    p.workflow = kWorkflows[pick(kWorkflows.size())];
    p.fields.title = "Project " + std::to_string(projects_.size() + 1);
    p.fields.adviser = maybe(kAdvisers);
    p.fields.municipality = maybe(kMunicipalities);
    p.fields.focus_area = maybe(kFocusAreas);
    p.fields.nace_section = maybe(kNace);
    p.fields.organisation_number = std::optional<std::string>(kOrganisationNumber);
    p.fields.registration_date = std::optional<std::string>("2024-06-01");
    p.fields.result_summary = std::optional<std::string>("Done");
    p.fields.business_plan_complete = pick(3) != 0;
    p.fields.self_financed = pick(3) == 0;
    p.fields.municipal_unit = std::optional<std::string>("Plan og bygg");
    projects_.push_back(services_.projects.create(std::move(p), kAdviser).project.id);
  }

  void transition(ProjectId id) {
    core::ProjectView view = services_.projects.get(id, kAdviser);
    const core::Workflow& workflow = registry_.get(view.project.workflow);
    std::vector<const core::Availability*> allowed;
    for (const auto& a : view.available_events)
      if (a.allowed) allowed.push_back(&a);
    if (allowed.empty()) {
      // Usually a guard on funding or facts: supply what is missing for next time.
      if (!view.project.facts.adviser) change_fields(id);
      funding(id);
      return;
    }
    // Parking, closing and reopening are rarer than moving on.
    const core::Availability* chosen = allowed[pick(allowed.size())];
    if ((chosen->event == "close" || chosen->event == "park") && pick(5) != 0) chosen = allowed.front();
    TransitionCommand command;
    command.project_id = id;
    command.event = std::string(chosen->event);
    command.expected_version = view.project.version;
    command.input.note = "Note";
    if (const core::EventDescription* event = workflow.find_event(chosen->event))
      for (const core::EventInput& input : event->inputs)
        if (input.field == "reason" && !input.allowed_values.empty())
          command.input.reason = std::string(input.allowed_values[pick(input.allowed_values.size())]);
    services_.projects.transition(std::move(command), kAdviser);
  }

  void change_fields(ProjectId id) {
    core::Project project = services_.projects.get(id, kAdviser).project;
    ProjectChanges c;
    switch (pick(5)) {
      case 0:
        c.adviser = std::optional<std::string>(kAdvisers[pick(kAdvisers.size())]);
        break;
      case 1:
        c.municipality = maybe(kMunicipalities);
        break;
      case 2:
        c.focus_area = maybe(kFocusAreas);
        break;
      case 3:
        c.nace_section = maybe(kNace);
        break;
      default:
        c.business_plan_complete = true;
        c.self_financed = pick(2) == 0;
    }
    services_.projects.update(id, project.version, std::move(c), kAdviser);
  }

  std::string nearby_date(int spread_days) {
    std::int64_t at = now() + (roll(static_cast<std::size_t>(2 * spread_days + 1)) - spread_days) * kDay;
    return core::format_date(oslo(at));
  }

  void funding(ProjectId id) {
    auto existing = services_.projects.list_funding(id, kAdviser);
    if (!existing.empty() && pick(2) == 0) {
      const FundingApplication& a = existing[pick(existing.size())];
      FundingChanges c;
      std::size_t outcome = pick(4);
      c.status = outcome == 0   ? FundingStatus::rejected
                 : outcome == 1 ? FundingStatus::submitted
                                : FundingStatus::granted;
      c.amount_granted = *c.status == FundingStatus::granted ? std::optional<std::int64_t>(10'000 * (1 + roll(50)))
                                                             : std::optional<std::int64_t>();
      c.decision_date = *c.status == FundingStatus::submitted ? std::optional<std::string>()
                                                              : std::optional<std::string>(nearby_date(20));
      services_.projects.update_funding(id, a.id, a.version, std::move(c), kAdviser);
      return;
    }
    FundingChanges c;
    c.source = kSources[pick(kSources.size())];
    c.amount_applied = 5'000 * (1 + roll(200));
    std::size_t status = pick(5);
    c.status = status == 0 ? FundingStatus::draft : status == 1 ? FundingStatus::submitted : FundingStatus::granted;
    if (*c.status == FundingStatus::granted) {
      c.amount_granted = std::optional<std::int64_t>(*c.amount_applied / 2);
      c.decision_date = std::optional<std::string>(nearby_date(30));
    }
    services_.projects.add_funding(id, std::move(c), kAdviser);
  }

  void activity(ProjectId id) {
    core::ActivityChanges c;
    c.kind = core::ActivityKind::meeting;
    c.date = nearby_date(40);
    c.minutes = 15 * (1 + roll(16));
    c.adviser = kAdvisers[pick(kAdvisers.size())];
    services_.records.add_activity(id, std::move(c), kAdviser);
  }

  TestDatabase db_;
  core::WorkflowRegistry registry_;
  std::shared_ptr<std::int64_t> now_;
  core::ServiceSet services_;
  std::mt19937 rng_;
  std::vector<ProjectId> projects_;
};

// ---------------------------------------------------------------------------------------------
// The naive side: everything from the raw rows, one project at a time.

struct Interval {
  std::string state;
  std::int64_t seq = 0;
  std::int64_t start = 0;
  std::optional<std::int64_t> end;
  std::optional<std::string> reason;
};

struct Raw {
  core::Project project;
  std::vector<Interval> intervals;
  std::vector<FundingApplication> funding;
  std::vector<core::Activity> activities;
};

std::vector<Raw> load(World& world) {
  std::vector<Raw> all;
  world.db().store().read([&](core::Transaction& tx) {
    for (ProjectId id : world.projects()) {
      Raw raw;
      raw.project = *tx.projects().find(id);
      for (const ProjectEvent& e : tx.events().list(id, 0, 1'000'000)) {
        if (e.kind == core::EventKind::updated) continue;
        if (!raw.intervals.empty()) raw.intervals.back().end = core::to_millis(e.at);
        raw.intervals.push_back({e.to_state, e.seq, core::to_millis(e.at), std::nullopt, e.reason});
      }
      raw.funding = tx.funding().list(id);
      raw.activities = tx.activities().list(id);
      all.push_back(std::move(raw));
    }
  });
  return all;
}

std::string field_of(const core::Project& p, ReportGrouping g) {
  auto text = [](const std::optional<std::string>& v) { return v.value_or(""); };
  switch (g) {
    case ReportGrouping::none:
      return "";
    case ReportGrouping::workflow:
      return p.workflow;
    case ReportGrouping::municipality:
      return text(p.facts.municipality);
    case ReportGrouping::focus_area:
      return text(p.facts.focus_area);
    case ReportGrouping::nace_section:
      return text(p.nace_section);
    case ReportGrouping::adviser:
      return text(p.facts.adviser);
  }
  return "";
}

bool admits(const ReportFilter& f, const core::Project& p) {
  auto same = [](const std::optional<std::string>& want, const std::optional<std::string>& have) {
    return !want || want == have;
  };
  return same(f.workflow, p.workflow) && same(f.municipality, p.facts.municipality) &&
         same(f.focus_area, p.facts.focus_area) && same(f.nace_section, p.nace_section) &&
         same(f.adviser, p.facts.adviser);
}

const core::StateDescription& describe(const World& w, const std::string& workflow, const std::string& state) {
  return *w.registry().get(workflow).find_state(state);
}

/// ISO week label by counting weeks from the Monday of the week with 4 January.
std::string iso_week(Date d) {
  using namespace std::chrono;
  auto monday_of = [](sys_days day) { return day - days{(weekday{day}.c_encoding() + 6) % 7}; };
  sys_days day{d};
  int y = static_cast<int>(d.year());
  for (int candidate : {y + 1, y, y - 1}) {
    sys_days week1 = monday_of(sys_days{year{candidate} / January / 4});
    if (day >= week1) {
      auto week = (day - week1).count() / 7 + 1;
      std::ostringstream out;
      out << candidate << "-W" << (week < 10 ? "0" : "") << week;
      return out.str();
    }
  }
  return "";
}

std::string period_label(Date d, ReportPeriod period) {
  std::ostringstream out;
  int y = static_cast<int>(d.year());
  unsigned m = static_cast<unsigned>(d.month());
  switch (period) {
    case ReportPeriod::week:
      return iso_week(d);
    case ReportPeriod::month:
      out << y << "-" << (m < 10 ? "0" : "") << m;
      break;
    case ReportPeriod::quarter:
      out << y << "-Q" << (m + 2) / 3;
      break;
    case ReportPeriod::year:
      out << y;
  }
  return out.str();
}

bool in(Date d, Date from, Date to) { return from <= d && d <= to; }

/// The interval a project is in at `as_of`: the last one started at or before it.
const Interval* at(const Raw& raw, std::int64_t as_of) {
  const Interval* found = nullptr;
  for (const Interval& i : raw.intervals)
    if (i.start <= as_of) found = &i;
  return found;
}

core::DurationStats stats(std::vector<std::int64_t> v) {
  core::DurationStats s;
  s.count = static_cast<std::int64_t>(v.size());
  if (v.empty()) return s;
  std::sort(v.begin(), v.end());
  std::int64_t sum = 0;
  for (auto x : v) sum += x;
  s.mean = static_cast<double>(sum) / static_cast<double>(v.size()) / static_cast<double>(kDay);
  auto nearest = [&](std::size_t pct) {
    std::size_t rank = 1;
    while (rank * 100 < pct * v.size()) ++rank;  // the smallest rank with rank ≥ p·n
    return static_cast<double>(v[rank - 1]) / static_cast<double>(kDay);
  };
  s.p50 = nearest(50);
  s.p85 = nearest(85);
  s.p95 = nearest(95);
  return s;
}

using Key = std::tuple<std::string, std::string, std::string, std::string>;  // period, group, workflow, state

std::string show(const Key& k) {
  return std::get<0>(k) + "|" + std::get<1>(k) + "|" + std::get<2>(k) + "|" + std::get<3>(k);
}

template <class V>
std::string show(const std::map<Key, V>& m) {
  std::ostringstream out;
  for (const auto& [k, v] : m) out << show(k) << " = " << v << "\n";
  return out.str();
}

// ---------------------------------------------------------------------------------------------
// One comparison of every report for one filter, grouping, period and window.

struct Case {
  ReportFilter filter;
  ReportGrouping group_by = ReportGrouping::none;
  ReportPeriod period = ReportPeriod::month;
  Date from;
  Date to;
  std::int64_t as_of = 0;
};

std::string describe(const Case& c) {
  std::ostringstream out;
  out << "group_by=" << core::to_string(c.group_by) << " period=" << core::to_string(c.period)
      << " window=" << core::format_date(c.from) << ".." << core::format_date(c.to)
      << " as_of=" << core::format_rfc3339(core::from_millis(c.as_of)) << " filter:" << c.filter.workflow.value_or("-")
      << "/" << c.filter.municipality.value_or("-") << "/" << c.filter.focus_area.value_or("-") << "/"
      << c.filter.nace_section.value_or("-") << "/" << c.filter.adviser.value_or("-");
  return out.str();
}

void compare_pipeline(World& w, const std::vector<Raw>& raws, const Case& c) {
  std::map<Key, std::int64_t> expected;
  for (const Raw& r : raws) {
    if (!admits(c.filter, r.project)) continue;
    if (const Interval* i = at(r, c.as_of))
      ++expected[{"", field_of(r.project, c.group_by), r.project.workflow, i->state}];
  }
  auto report = w.services().reports.pipeline({c.filter, c.group_by, core::from_millis(c.as_of)}, kManagement);
  std::map<Key, std::int64_t> actual;
  std::map<std::pair<std::string, std::string>, std::int64_t> wip;
  for (const auto& row : report.rows) {
    CHECK(row.final == describe(w, row.workflow, row.state).final);
    if (row.count != 0) actual[{"", row.group, row.workflow, row.state}] = row.count;
    if (!row.final) wip[{row.group, row.workflow}] += row.count;
  }
  CHECK(show(actual) == show(expected));
  for (const auto& total : report.totals) CHECK(total.wip == wip[{total.group, total.workflow}]);
}

void compare_flow_and_throughput(World& w, const std::vector<Raw>& raws, const Case& c) {
  std::map<Key, std::string> expected_flow;
  std::map<Key, std::pair<std::int64_t, std::int64_t>> flow;
  std::map<Key, std::int64_t> expected_throughput;
  for (const Raw& r : raws) {
    if (!admits(c.filter, r.project)) continue;
    std::string group = field_of(r.project, c.group_by);
    for (const Interval& i : r.intervals) {
      Date start = oslo(i.start);
      if (in(start, c.from, c.to)) {
        ++flow[{period_label(start, c.period), group, r.project.workflow, i.state}].first;
        if (describe(w, r.project.workflow, i.state).kind == StateKind::success)
          ++expected_throughput[{period_label(start, c.period), group, r.project.workflow, i.state}];
      }
      if (i.end && in(oslo(*i.end), c.from, c.to))
        ++flow[{period_label(oslo(*i.end), c.period), group, r.project.workflow, i.state}].second;
    }
  }
  for (const auto& [k, v] : flow) expected_flow[k] = std::to_string(v.first) + "/" + std::to_string(v.second);

  core::DateWindow window{c.from, c.to};
  auto report = w.services().reports.flow({c.filter, c.group_by, c.period, window}, kManagement);
  std::map<Key, std::string> actual_flow;
  for (const auto& row : report.rows) {
    Key k{row.period.label, row.group, row.workflow, row.state};
    CHECK(actual_flow.count(k) == 0);
    actual_flow[k] = std::to_string(row.entered) + "/" + std::to_string(row.left);
    CHECK(row.period.label == period_label(row.period.first, c.period));
    CHECK(row.period.label == period_label(row.period.last, c.period));
  }
  CHECK(show(actual_flow) == show(expected_flow));

  auto throughput = w.services().reports.throughput({c.filter, c.group_by, c.period, window}, kManagement);
  std::map<Key, std::int64_t> actual_throughput;
  for (const auto& row : throughput.rows)
    actual_throughput[{row.period.label, row.group, row.workflow, row.state}] = row.count;
  CHECK(show(actual_throughput) == show(expected_throughput));
}

void compare_conversion(World& w, const std::vector<Raw>& raws, const Case& c) {
  for (const std::string& workflow_id : kWorkflows) {
    const core::Workflow& workflow = w.registry().get(workflow_id);
    for (const core::StateDescription& from_state : workflow.states()) {
      if (from_state.kind == StateKind::closed || from_state.final) continue;
      ReportFilter filter = c.filter;
      filter.workflow.reset();
      std::map<std::string, std::string> expected;
      std::map<std::string, std::int64_t> cohort;
      std::map<std::string, std::map<std::string, std::int64_t>> reached, reasons;
      for (const Raw& r : raws) {
        if (r.project.workflow != workflow_id || !admits(filter, r.project)) continue;
        const Interval* entry = nullptr;
        for (const Interval& i : r.intervals)
          if (i.state == from_state.id && in(oslo(i.start), c.from, c.to)) {
            entry = &i;
            break;
          }
        if (!entry) continue;
        std::string group = field_of(r.project, c.group_by);
        ++cohort[group];
        std::set<std::string> seen;
        const Interval* last_close = nullptr;
        for (const Interval& i : r.intervals) {
          if (i.seq <= entry->seq) continue;
          seen.insert(i.state);
          if (describe(w, workflow_id, i.state).kind == StateKind::closed) last_close = &i;
        }
        for (const std::string& s : seen) ++reached[group][s];
        if (last_close) ++reasons[group][last_close->reason.value_or("")];
      }
      std::vector<std::string> later;
      bool after = false;
      for (const auto& s : workflow.states()) {
        if (after && s.kind != StateKind::parked && s.kind != StateKind::closed) later.emplace_back(s.id);
        if (s.id == from_state.id) after = true;
      }
      auto share = [](std::int64_t n, std::int64_t of) {
        return of == 0 ? 0.0 : static_cast<double>(n) / static_cast<double>(of);
      };
      for (const auto& [group, size] : cohort) {
        std::ostringstream out;
        out << "cohort " << size;
        for (const auto& s : later)
          out << " " << s << "=" << reached[group][s] << "@" << share(reached[group][s], size);
        std::int64_t closed = 0;
        for (const auto& [reason, n] : reasons[group]) {
          closed += n;
          out << " closed:" << reason << "=" << n << "@" << share(n, size);
        }
        out << " closed=" << closed << "@" << share(closed, size);
        expected[group] = out.str();
      }
      core::ConversionRequest request{c.filter, c.group_by, {c.from, c.to}, workflow_id, std::string(from_state.id)};
      auto report = w.services().reports.conversion(request, kManagement);
      std::map<std::string, std::string> actual;
      for (const auto& g : report.groups) {
        std::ostringstream out;
        out << "cohort " << g.cohort;
        for (const auto& s : g.stages) out << " " << s.state << "=" << s.count << "@" << s.share;
        for (const auto& r : g.closed_by_reason) out << " closed:" << r.reason << "=" << r.count << "@" << r.share;
        out << " closed=" << g.closed << "@" << g.closed_share;
        actual[g.group] = out.str();
      }
      INFO(workflow_id << " from " << from_state.id);
      CHECK(actual == expected);
    }
  }
}

std::string show(const core::DurationStats& s) {
  std::ostringstream out;
  out.precision(17);
  out << s.count;
  for (const auto& v : {s.mean, s.p50, s.p85, s.p95})
    out << " " << (v ? std::to_string(*v) + "/" : "-") << v.value_or(0);
  return out.str();
}

void compare_cycle_time(World& w, const std::vector<Raw>& raws, const Case& c) {
  std::map<Key, std::vector<std::int64_t>> durations;
  std::map<Key, std::array<std::vector<std::int64_t>, 3>> spans;
  for (const Raw& r : raws) {
    if (!admits(c.filter, r.project)) continue;
    std::string group = field_of(r.project, c.group_by);
    for (const Interval& i : r.intervals)
      if (i.end && in(oslo(*i.end), c.from, c.to))
        durations[{"", group, r.project.workflow, i.state}].push_back(*i.end - i.start);
    std::string target(core::end_to_end_state(w.registry().get(r.project.workflow)));
    const Interval* success = nullptr;
    for (const Interval& i : r.intervals)
      if (i.state == target) {
        success = &i;
        break;
      }
    if (!success || !in(oslo(success->start), c.from, c.to)) continue;
    std::int64_t total = success->start - r.intervals.front().start, parked = 0;
    for (const Interval& i : r.intervals)
      if (i.seq < success->seq && describe(w, r.project.workflow, i.state).kind == StateKind::parked)
        parked += *i.end - i.start;
    auto& lists = spans[{"", group, r.project.workflow, target}];
    lists[0].push_back(total);
    lists[1].push_back(parked);
    lists[2].push_back(total - parked);
  }
  std::map<Key, std::string> expected, actual;
  for (auto& [k, v] : durations) expected[k] = show(stats(v));
  for (auto& [k, v] : spans)
    expected[{"end to end", std::get<1>(k), std::get<2>(k), std::get<3>(k)}] =
        show(stats(v[0])) + " | " + show(stats(v[1])) + " | " + show(stats(v[2]));

  auto report = w.services().reports.cycle_time({c.filter, c.group_by, {c.from, c.to}}, kManagement);
  for (const auto& s : report.states) actual[{"", s.group, s.workflow, s.state}] = show(s.days);
  for (const auto& e : report.end_to_end)
    actual[{"end to end", e.group, e.workflow, e.to_state}] =
        show(e.total) + " | " + show(e.parked) + " | " + show(e.active);
  CHECK(show(actual) == show(expected));
}

void compare_aging(World& w, const std::vector<Raw>& raws, const Case& c,
                   const std::map<std::string, double>& thresholds) {
  std::vector<std::tuple<std::int64_t, ProjectId, std::string>> expected_items;
  std::vector<std::tuple<std::string, ProjectId, std::string>> expected_overdue;
  Date as_of_date = oslo(c.as_of);
  for (const Raw& r : raws) {
    if (!admits(c.filter, r.project)) continue;
    const Interval* i = at(r, c.as_of);
    if (!i) continue;
    const auto& state = describe(w, r.project.workflow, i->state);
    auto limit = thresholds.count(i->state) ? thresholds.at(i->state) : 60.0;
    if (!state.final && state.kind != StateKind::closed &&
        static_cast<double>(c.as_of - i->start) > limit * static_cast<double>(kDay))
      expected_items.emplace_back(i->start, r.project.id, i->state);
    if (r.project.response_deadline && *r.project.response_deadline < core::format_date(as_of_date)) {
      bool done = false;
      for (const Interval& x : r.intervals) {
        auto kind = describe(w, r.project.workflow, x.state).kind;
        if (x.start <= c.as_of && (kind == StateKind::success || kind == StateKind::closed)) done = true;
      }
      if (!done) expected_overdue.emplace_back(*r.project.response_deadline, r.project.id, i->state);
    }
  }
  std::sort(expected_items.begin(), expected_items.end());
  std::sort(expected_overdue.begin(), expected_overdue.end());
  core::AgingRequest request;
  request.filter = c.filter;
  request.as_of = core::from_millis(c.as_of);
  request.threshold_days = thresholds;
  auto report = w.services().reports.aging(request, kManagement);
  std::vector<std::tuple<std::int64_t, ProjectId, std::string>> actual_items;
  for (const auto& item : report.items) {
    const Raw& raw =
        *std::find_if(raws.begin(), raws.end(), [&](const Raw& r) { return r.project.id == item.project_id; });
    const Interval* i = at(raw, c.as_of);
    REQUIRE(i);
    CHECK(item.days == static_cast<double>(c.as_of - i->start) / static_cast<double>(kDay));
    CHECK(item.municipality == raw.project.facts.municipality);
    actual_items.emplace_back(i->start, item.project_id, item.state);
  }
  CHECK(actual_items == expected_items);
  std::vector<std::tuple<std::string, ProjectId, std::string>> actual_overdue;
  for (const auto& o : report.overdue) {
    actual_overdue.emplace_back(core::format_date(o.response_deadline), o.project_id, o.state);
    CHECK(o.days_overdue == day_of(as_of_date) - day_of(o.response_deadline));
  }
  CHECK(actual_overdue == expected_overdue);

  // The counts are of the whole lists; with a limit, the lists are their first `limit` entries.
  std::map<std::pair<std::string, std::string>, std::int64_t> expected_by_state, actual_by_state;
  for (const auto& item : report.items) ++expected_by_state[{item.workflow, item.state}];
  for (const auto& row : report.items_by_state) actual_by_state[{row.workflow, row.state}] += row.count;
  CHECK(actual_by_state == expected_by_state);
  CHECK(report.items_total == static_cast<std::int64_t>(expected_items.size()));
  CHECK(report.overdue_total == static_cast<std::int64_t>(expected_overdue.size()));
  for (std::int64_t limit : {0, 1, 3, 5000}) {  // on SQLite up to 1000 and beyond are read differently
    INFO("limit " << limit);
    request.limit = limit;
    auto limited = w.services().reports.aging(request, kManagement);
    CHECK(limited.items_total == report.items_total);
    CHECK(limited.items_by_state == report.items_by_state);
    CHECK(limited.overdue_total == report.overdue_total);
    auto first = [&](const auto& list) {
      auto n = std::min(static_cast<std::size_t>(limit), list.size());
      return std::vector(list.begin(), list.begin() + static_cast<std::ptrdiff_t>(n));
    };
    CHECK(limited.items == first(report.items));
    CHECK(limited.overdue == first(report.overdue));
  }
}

void compare_scorecard(World& w, const std::vector<Raw>& raws, const Case& c) {
  Date as_of_date = oslo(c.as_of);
  int year = static_cast<int>(as_of_date.year());
  Date first = date(year, 1, 1), last = std::min(as_of_date, date(year, 12, 31));
  auto report = w.services().reports.scorecard({c.filter, year, core::from_millis(c.as_of)}, kManagement);
  CHECK(report.through == last);
  for (const auto& row : report.rows) {
    ReportFilter f = c.filter;
    INFO("metric " << core::to_string(row.target.metric) << " focus " << row.target.focus_area.value_or("-"));
    bool contradicts = row.target.focus_area && f.focus_area && f.focus_area != row.target.focus_area;
    if (row.target.focus_area) f.focus_area = row.target.focus_area;
    double actual = 0;
    std::vector<int> response_days;
    for (const Raw& r : raws) {
      if (contradicts || !admits(f, r.project)) continue;
      switch (row.target.metric) {
        case core::TargetMetric::establishments:
          for (const Interval& i : r.intervals)
            if (r.project.workflow == "establishment" && i.state == "established" && in(oslo(i.start), first, last))
              actual += 1;
          break;
        case core::TargetMetric::innovation_projects_funded: {
          bool funded = false;
          for (const auto& a : r.funding)
            funded |= a.status == FundingStatus::granted && a.decision_date &&
                      in(*core::parse_iso_date(*a.decision_date), first, last);
          if (funded && r.project.workflow == "innovation") actual += 1;
          break;
        }
        case core::TargetMetric::nok_granted:
          for (const auto& a : r.funding)
            if (a.status == FundingStatus::granted && a.decision_date &&
                in(*core::parse_iso_date(*a.decision_date), first, last))
              actual += static_cast<double>(a.amount_granted.value_or(0));
          break;
        case core::TargetMetric::median_liaison_response_days:
          if (r.project.workflow != "liaison") break;
          for (const Interval& i : r.intervals)
            if (i.state == "answered") {
              if (in(oslo(i.start), first, last))
                response_days.push_back(core::working_days_between(oslo(r.intervals.front().start), oslo(i.start)));
              break;
            }
          break;
        case core::TargetMetric::new_projects:
          if (in(oslo(r.intervals.front().start), first, last)) actual += 1;
          break;
      }
    }
    auto elapsed = static_cast<double>(day_of(last) - day_of(first) + 1) /
                   static_cast<double>(day_of(date(year, 12, 31)) - day_of(first) + 1);
    CHECK(report.elapsed == elapsed);
    if (row.target.metric == core::TargetMetric::median_liaison_response_days) {
      std::sort(response_days.begin(), response_days.end());
      if (response_days.empty()) {
        CHECK_FALSE(row.actual);
      } else {
        REQUIRE(row.actual);
        CHECK(*row.actual == response_days[(response_days.size() + 1) / 2 - 1]);
        CHECK(row.on_track == (*row.actual <= static_cast<double>(row.target.target_value)));
      }
    } else {
      REQUIRE(row.actual);
      CHECK(*row.actual == actual);
      CHECK(row.expected_to_date == static_cast<double>(row.target.target_value) * elapsed);
      CHECK(row.projection == actual / elapsed);
    }
  }
}

void compare_funding_and_effort(World& w, const std::vector<Raw>& raws, const Case& c) {
  std::map<std::pair<std::string, std::string>, std::array<std::int64_t, 4>> expected;
  std::map<std::string, std::array<std::int64_t, 2>> expected_effort;
  ReportFilter project_filter = c.filter;
  project_filter.adviser.reset();  // effort: the activity's adviser
  for (const Raw& r : raws) {
    std::string group = field_of(r.project, c.group_by);
    if (admits(c.filter, r.project)) {
      for (const auto& a : r.funding) {
        auto& sums = expected[{a.source, group}];
        if (a.status != FundingStatus::draft && in(core::oslo_date(a.created_at), c.from, c.to)) {
          sums[0] += 1;
          sums[1] += a.amount_applied;
        }
        if (a.status == FundingStatus::granted && a.decision_date &&
            in(*core::parse_iso_date(*a.decision_date), c.from, c.to)) {
          sums[2] += 1;
          sums[3] += a.amount_granted.value_or(0);
        }
      }
    }
    if (admits(project_filter, r.project))
      for (const auto& a : r.activities) {
        if (c.filter.adviser && a.adviser != *c.filter.adviser) continue;
        if (!in(*core::parse_iso_date(a.date), c.from, c.to)) continue;
        auto& sums = expected_effort[c.group_by == ReportGrouping::adviser ? a.adviser : group];
        sums[0] += 1;
        sums[1] += a.minutes;
      }
  }
  for (auto it = expected.begin(); it != expected.end();)
    it = it->second == std::array<std::int64_t, 4>{} ? expected.erase(it) : std::next(it);
  auto report = w.services().reports.funding({c.filter, c.group_by, {c.from, c.to}}, kManagement);
  std::map<std::pair<std::string, std::string>, std::array<std::int64_t, 4>> actual;
  for (const auto& row : report.rows)
    actual[{row.source, row.group}] = {row.applied_count, row.applied_nok, row.granted_count, row.granted_nok};
  CHECK(actual == expected);

  auto effort = w.services().reports.effort({c.filter, c.group_by, {c.from, c.to}}, kManagement);
  std::map<std::string, std::array<std::int64_t, 2>> actual_effort;
  for (const auto& row : effort.rows) {
    actual_effort[row.group] = {row.activities, row.minutes};
    CHECK(row.hours == static_cast<double>(row.minutes) / 60.0);
  }
  CHECK(actual_effort == expected_effort);
}

void compare_everything(World& w, const Case& c) {
  std::vector<Raw> raws = load(w);
  INFO(describe(c));
  compare_pipeline(w, raws, c);
  compare_flow_and_throughput(w, raws, c);
  compare_conversion(w, raws, c);
  compare_cycle_time(w, raws, c);
  compare_aging(w, raws, c, {{"screening", 20.5}, {"received", 3}, {"parked", 0}});
  compare_scorecard(w, raws, c);
  compare_funding_and_effort(w, raws, c);
}

/// A mix of filters, groupings, periods, windows and points in time.
std::vector<Case> cases(World& w) {
  std::vector<Case> result;
  std::vector<ReportFilter> filters(6);
  filters[1].municipality = "3103";
  filters[2].workflow = "establishment";
  filters[3].focus_area = "tourism";
  filters[4].adviser = "per@mnu.no";
  filters[5].nace_section = "C";
  filters[5].workflow = "liaison";
  const ReportGrouping groupings[] = {ReportGrouping::none,         ReportGrouping::workflow,
                                      ReportGrouping::municipality, ReportGrouping::focus_area,
                                      ReportGrouping::nace_section, ReportGrouping::adviser};
  const ReportPeriod periods[] = {ReportPeriod::week, ReportPeriod::month, ReportPeriod::quarter, ReportPeriod::year};
  Date end = oslo(w.now());
  for (std::size_t i = 0; i < 8; ++i) {
    Case c;
    c.filter = filters[i % filters.size()];
    c.group_by = groupings[(i * 5 + 1) % 6];
    c.period = periods[i % 4];
    std::int64_t a = kStart + w.roll(static_cast<std::size_t>((w.now() - kStart) / kDay + 30)) * kDay;
    std::int64_t b = kStart + w.roll(static_cast<std::size_t>((w.now() - kStart) / kDay + 30)) * kDay;
    c.from = oslo(std::min(a, b));
    c.to = oslo(std::max(a, b));
    if (i == 0) {
      c.from = date(2024, 1, 1);
      c.to = end;
    }
    c.as_of = i % 3 == 0 ? w.now() : kStart + w.roll(static_cast<std::size_t>(w.now() - kStart));
    result.push_back(c);
  }
  return result;
}

}  // namespace

BACKEND_TEST_CASE("reports: every figure equals a naive recomputation from the raw events of random histories",
                  "[storage][reports]") {
  for (unsigned seed : {11u, 2024u}) {
    INFO("seed " << seed);
    World world(backend, seed);
    world.add_targets();
    world.run(550);
    world.run_while_reporting(150);
    // The histories hold what the reports must get right.
    std::map<std::string, int> seen;
    for (const Raw& r : load(world)) {
      for (std::size_t i = 0; i < r.intervals.size(); ++i) {
        auto kind = describe(world, r.project.workflow, r.intervals[i].state).kind;
        if (kind == StateKind::parked) ++seen["parked"];
        if (kind == StateKind::closed) ++seen["closed"];
        if (kind == StateKind::success) ++seen["success"];
        if (i > 0 && describe(world, r.project.workflow, r.intervals[i - 1].state).kind == StateKind::closed)
          ++seen["reopened"];
        if (i > 0 && r.intervals[i].start == r.intervals[i - 1].start) ++seen["same millisecond"];
      }
      for (const auto& a : r.funding) seen["funding " + std::string(core::to_string(a.status))] += 1;
      seen["activities"] += static_cast<int>(r.activities.size());
    }
    std::ostringstream out;
    for (const auto& [what, n] : seen) out << what << "=" << n << " ";
    INFO(out.str());
    for (const char* what : {"parked", "closed", "success", "reopened", "same millisecond", "funding granted",
                             "funding draft", "activities"})
      CHECK(seen[what] >= 3);
    for (const Case& c : cases(world)) compare_everything(world, c);
  }
}

BACKEND_TEST_CASE("reports: a pipeline as of a past date does not change when later events are added",
                  "[storage][reports]") {
  World world(backend, 7);
  world.run(250);
  core::Timestamp past = core::from_millis(world.now() - 20 * kDay);
  auto before = world.services().reports.pipeline({{}, ReportGrouping::municipality, past}, kManagement);
  world.run(150);
  auto after = world.services().reports.pipeline({{}, ReportGrouping::municipality, past}, kManagement);
  CHECK(after.rows == before.rows);
  CHECK(after.totals == before.totals);
  auto now = world.services().reports.pipeline({{}, ReportGrouping::municipality, {}}, kManagement);
  CHECK_FALSE(now.rows == before.rows);
}

BACKEND_TEST_CASE("reports: only roles with report_read may run them, and bad requests are refused",
                  "[storage][reports]") {
  World world(backend, 3);
  world.run(20);
  auto& reports = world.services().reports;
  auto refused = thrown<DomainError>([&] { reports.pipeline({}, kEntrepreneur); });
  REQUIRE(refused);
  CHECK(refused->code() == ErrorCode::forbidden);
  auto unknown = thrown<DomainError>([&] { reports.conversion({{}, ReportGrouping::none, {}, "nope", {}}, kAdviser); });
  REQUIRE(unknown);
  CHECK(unknown->code() == ErrorCode::invalid_input);
  auto backwards = thrown<DomainError>([&] {
    reports.flow({{}, ReportGrouping::none, ReportPeriod::week, {date(2025, 2, 1), date(2025, 1, 1)}}, kAdviser);
  });
  REQUIRE(backwards);
  CHECK(backwards->code() == ErrorCode::invalid_input);
}

namespace {

/// Every stage interval row, one line each, in key order.
std::vector<std::string> stage_interval_rows(soci::session& sql) {
  std::vector<std::string> rows;
  long long project = 0, seq = 0, entered_at = 0, entered_day = 0;
  std::string workflow, state;
  std::optional<std::string> reason, municipality, focus_area, nace_section, adviser, response_deadline;
  std::optional<long long> left_seq, left_at, left_day, created_at, parked_before;
  std::optional<std::string> later_states, close_reason;
  int first_entry = 0, settled = 0;
  soci::statement select =
      (sql.prepare << "SELECT project_id, seq, workflow, state, entered_at, entered_day, reason, left_seq, left_at, "
                      "left_day, municipality, focus_area, nace_section, adviser, first_entry, created_at, "
                      "parked_before, response_deadline, later_states, close_reason, settled FROM stage_intervals "
                      "ORDER BY project_id, seq",
       soci::into(project), soci::into(seq), soci::into(workflow), soci::into(state), soci::into(entered_at),
       soci::into(entered_day), soci::into(reason), soci::into(left_seq), soci::into(left_at), soci::into(left_day),
       soci::into(municipality), soci::into(focus_area), soci::into(nace_section), soci::into(adviser),
       soci::into(first_entry), soci::into(created_at), soci::into(parked_before), soci::into(response_deadline),
       soci::into(later_states), soci::into(close_reason), soci::into(settled));
  select.execute();
  auto text = [](const auto& v) {
    std::ostringstream out;
    if (v)
      out << *v;
    else
      out << "null";
    return out.str();
  };
  while (select.fetch()) {
    std::ostringstream out;
    out << project << " " << seq << " " << workflow << " " << state << " " << entered_at << " " << entered_day << " "
        << text(reason) << " " << text(left_seq) << " " << text(left_at) << " " << text(left_day) << " "
        << text(municipality) << " " << text(focus_area) << " " << text(nace_section) << " " << text(adviser) << " "
        << first_entry << " " << text(created_at) << " " << text(parked_before) << " " << text(response_deadline)
        << " [" << text(later_states) << "] [" << text(close_reason) << "] " << settled;
    rows.push_back(out.str());
  }
  return rows;
}

/// Each activity's id and report fields, `alias` naming where the fields are read (`a`, the
/// activity's copies, or `p`, its project), one line each, in id order.
std::vector<std::string> activity_field_rows(soci::session& sql, const std::string& alias) {
  std::vector<std::string> rows;
  long long id = 0;
  std::optional<std::string> workflow, municipality, focus_area, nace_section;
  soci::statement select =
      (sql.prepare << "SELECT a.id, " + alias + ".workflow, " + alias + ".municipality, " + alias + ".focus_area, " +
                          alias +
                          ".nace_section FROM activities a JOIN projects p ON p.id = a.project_id ORDER BY a.id",
       soci::into(id), soci::into(workflow), soci::into(municipality), soci::into(focus_area),
       soci::into(nace_section));
  select.execute();
  while (select.fetch())
    rows.push_back(std::to_string(id) + " " + workflow.value_or("null") + " " + municipality.value_or("null") + " " +
                   focus_area.value_or("null") + " " + nace_section.value_or("null"));
  return rows;
}

/// Drops the trigger `name` on `table` that copies a project's report fields (and its function).
void drop_report_trigger(soci::session& sql, TestBackend backend, const std::string& name, const std::string& table) {
  if (backend == TestBackend::sqlite) {
    sql << "DROP TRIGGER " + name;
    return;
  }
  sql << "DROP TRIGGER " + name + " ON " + table;
  sql << "DROP FUNCTION " + name + "()";
}

/// Takes migration 8's trigger, copied columns and indexes off the funding applications again.
void drop_migration_8(soci::session& sql, TestBackend backend) {
  drop_report_trigger(sql, backend, "funding_report_fields", "funding_applications");
  sql << "DROP INDEX funding_applications_granted";
  sql << "DROP INDEX funding_applications_sent";
  for (const char* column : {"workflow", "municipality", "focus_area", "nace_section", "adviser"})
    sql << "ALTER TABLE funding_applications DROP COLUMN " << column;
  sql << "CREATE INDEX funding_applications_by_decision_date ON funding_applications (decision_date)";
}

/// Takes migrations 6 and 7 away again: the backlog (the intervals are up to date when it is
/// empty) and the intervals' later columns.
void drop_migrations_6_and_7(soci::session& sql) {
  long long noted = 1;
  sql << "SELECT COUNT(*) FROM stage_interval_backlog", soci::into(noted);
  REQUIRE(noted == 0);
  sql << "DROP TABLE stage_interval_backlog";
  sql << "DROP TABLE stage_interval_kinds";
  sql << "DROP INDEX stage_intervals_first_entries";
  sql << "DROP INDEX stage_intervals_open_deadlines";
  sql << "DROP INDEX stage_intervals_open_unsettled";
  sql << "DROP INDEX stage_intervals_by_state";
  for (const char* column :
       {"first_entry", "created_at", "parked_before", "response_deadline", "later_states", "close_reason", "settled"})
    sql << "ALTER TABLE stage_intervals DROP COLUMN " << column;
  // Migration 4's indexes, which migration 7 made anew with more columns or dropped.
  sql << "CREATE INDEX stage_intervals_by_state ON stage_intervals (workflow, state, entered_day, municipality, "
         "focus_area, nace_section, adviser, project_id, seq)";
  sql << "CREATE INDEX projects_by_response_deadline ON projects (response_deadline, id) WHERE response_deadline IS "
         "NOT NULL";
}

/// Each funding application's id and report fields, read from `alias` (`f`, the application's
/// copies, or `p`, its project), one line each, in id order.
std::vector<std::string> funding_field_rows(soci::session& sql, const std::string& alias) {
  std::vector<std::string> rows;
  long long id = 0;
  std::optional<std::string> workflow, municipality, focus_area, nace_section, adviser;
  soci::statement select =
      (sql.prepare << "SELECT f.id, " + alias + ".workflow, " + alias + ".municipality, " + alias + ".focus_area, " +
                          alias + ".nace_section, " + alias +
                          ".adviser FROM funding_applications f JOIN projects p ON p.id = f.project_id ORDER BY f.id",
       soci::into(id), soci::into(workflow), soci::into(municipality), soci::into(focus_area), soci::into(nace_section),
       soci::into(adviser));
  select.execute();
  while (select.fetch())
    rows.push_back(std::to_string(id) + " " + workflow.value_or("null") + " " + municipality.value_or("null") + " " +
                   focus_area.value_or("null") + " " + nace_section.value_or("null") + " " + adviser.value_or("null"));
  return rows;
}

/// Takes migration 5's trigger, copied columns and index off the activities again.
/// Migration 9 (the Idempotency-Key table) is not a report's, but a schema of an older version has
/// none of it either.
void drop_migration_9(soci::session& sql) { sql << "DROP TABLE idempotency_keys"; }

void drop_migration_5(soci::session& sql, TestBackend backend) {
  drop_report_trigger(sql, backend, "activities_report_fields", "activities");
  sql << "DROP INDEX activities_by_date_report";
  for (const char* column : {"workflow", "municipality", "focus_area", "nace_section"})
    sql << "ALTER TABLE activities DROP COLUMN " << column;
}

}  // namespace

BACKEND_TEST_CASE(
    "reports: activities and funding applications carry their project's current report fields "
    "(migrations 5 and 8)",
    "[storage][reports][migrations]") {
  World world(backend, 6);
  world.run(300);
  world.services().reports.bring_up_to_date();
  core::storage::DatabaseUrl url = core::storage::DatabaseUrl::parse(world.db().url());
  soci::session sql(backend == TestBackend::sqlite ? "sqlite3" : "postgresql", url.connect);
  std::vector<std::string> kept = activity_field_rows(sql, "a");
  REQUIRE(kept.size() > 20);
  CHECK(kept == activity_field_rows(sql, "p"));
  std::vector<std::string> kept_funding = funding_field_rows(sql, "f");
  REQUIRE(kept_funding.size() > 10);
  CHECK(kept_funding == funding_field_rows(sql, "p"));

  // Back to the schema of version 4: migration 5 fills the copies of the activities already stored.
  drop_migration_9(sql);
  drop_migration_8(sql, backend);
  drop_migrations_6_and_7(sql);
  drop_migration_5(sql, backend);
  sql << "CREATE INDEX activities_by_date_covering ON activities (activity_date, project_id, minutes, adviser)";
  sql << "DELETE FROM schema_migrations WHERE version >= 5";
  world.db().close_store();
  auto store = core::storage::open_store(world.db().url(), 1);
  CHECK(store->schema_version() == 4);
  CHECK(store->migrate() == 5);
  CHECK(activity_field_rows(sql, "a") == kept);
  CHECK(funding_field_rows(sql, "f") == kept_funding);
}

BACKEND_TEST_CASE(
    "reports: the catch-up after each change keeps the stage intervals that migrations 4 and 7 "
    "fill from the whole log",
    "[storage][reports][migrations]") {
  World world(backend, 5);
  world.run(200);
  CHECK(world.services().reports.bring_up_to_date() > 0);
  // From here on each catch-up rebuilds the one or two projects a step changed (moves, field
  // changes, two moves in one millisecond), not the whole log.
  world.run_while_reporting(150);
  CHECK(world.services().reports.bring_up_to_date() == 0);
  core::storage::DatabaseUrl url = core::storage::DatabaseUrl::parse(world.db().url());
  soci::session sql(backend == TestBackend::sqlite ? "sqlite3" : "postgresql", url.connect);
  std::vector<std::string> kept = stage_interval_rows(sql);
  REQUIRE(kept.size() > 100);

  // Back to the schema of version 3, with the events still there.
  drop_migration_9(sql);
  drop_migration_8(sql, backend);
  drop_migrations_6_and_7(sql);
  sql << "DROP TABLE stage_intervals";  // and its indexes
  sql << "DROP INDEX funding_applications_by_decision_date";
  sql << "DROP INDEX projects_by_response_deadline";
  // Migration 5's trigger and columns, which migration 5 adds again (its index replaces
  // activities_by_date_covering, which migration 4 creates).
  drop_migration_5(sql, backend);
  sql << "DELETE FROM schema_migrations WHERE version >= 4";
  world.db().close_store();
  auto store = core::storage::open_store(world.db().url(), 1);
  CHECK(store->schema_version() == 3);
  CHECK(store->migrate() == 6);
  // Migration 7 leaves its facts to the next catch-up, which rebuilds every project in one pass.
  core::ReportService reports(*store, world.registry(), world.clock());
  CHECK(reports.bring_up_to_date() == static_cast<std::int64_t>(world.projects().size()));
  CHECK(stage_interval_rows(sql) == kept);
}

namespace {

/// Every project noted again and its intervals dropped: the next catch-up rebuilds them all from
/// the log in one pass.
void forget_intervals(soci::session& sql) {
  sql << "DELETE FROM stage_intervals";
  sql << "INSERT INTO stage_interval_backlog (project_id) SELECT id FROM projects";
}

}  // namespace

BACKEND_TEST_CASE("reports: concurrent catch-ups while projects move miss no stage change", "[storage][reports]") {
  World world(backend, 9);
  world.run(150);
  world.services().reports.bring_up_to_date();
  // Catch-ups over and over while projects move: on PostgreSQL by two more instances on the same
  // database, on SQLite (whose writers are one process's) by two more threads of the same store.
  // Stage changes commit before, during and after each catch-up, and the catch-ups overlap.
  std::atomic<bool> writing = true;
  std::atomic<std::int64_t> rounds = 0, caught_up = 0;
  auto catch_up_until_done = [&] {
    std::unique_ptr<core::storage::SociStore> own;
    if (backend == TestBackend::postgresql) own = core::storage::open_store(world.db().url(), 2);
    core::ReportService reports(own ? *own : world.db().store(), world.registry(), world.clock());
    while (writing) {
      caught_up += reports.bring_up_to_date();
      ++rounds;
    }
  };
  std::thread second(catch_up_until_done), third(catch_up_until_done);
  world.run(400);
  writing = false;
  second.join();
  third.join();
  INFO("catch-ups " << rounds << ", projects caught up " << caught_up);
  CHECK(rounds > 2);
  CHECK(caught_up > 0);

  // What the catch-ups left: every project not noted since the last one must have the intervals
  // its whole log gives (a change lost by a catch-up would show here, before any later catch-up
  // could repair it). On SQLite the notes are the store's, in memory: the check is made after one
  // more catch-up, over every project.
  core::storage::DatabaseUrl url = core::storage::DatabaseUrl::parse(world.db().url());
  soci::session sql(backend == TestBackend::sqlite ? "sqlite3" : "postgresql", url.connect);
  if (backend == TestBackend::sqlite) world.services().reports.bring_up_to_date();
  std::set<std::string> noted;
  {
    long long id = 0;
    soci::statement select = (sql.prepare << "SELECT project_id FROM stage_interval_backlog", soci::into(id));
    select.execute();
    while (select.fetch()) noted.insert(std::to_string(id));
  }
  auto settled_rows = [&] {
    std::vector<std::string> rows;
    for (std::string& row : stage_interval_rows(sql))
      if (!noted.count(row.substr(0, row.find(' ')))) rows.push_back(std::move(row));
    return rows;
  };
  std::vector<std::string> left = settled_rows();
  REQUIRE(left.size() > 200);
  forget_intervals(sql);
  CHECK(world.services().reports.bring_up_to_date() == static_cast<std::int64_t>(world.projects().size()));
  CHECK(settled_rows() == left);
}

BACKEND_TEST_CASE("reports: intervals written with other kinds of state are all rebuilt", "[storage][reports]") {
  World world(backend, 12);
  world.run(300);
  world.services().reports.bring_up_to_date();
  core::storage::DatabaseUrl url = core::storage::DatabaseUrl::parse(world.db().url());
  soci::session sql(backend == TestBackend::sqlite ? "sqlite3" : "postgresql", url.connect);
  std::vector<std::string> kept = stage_interval_rows(sql);
  auto projects = static_cast<std::int64_t>(world.projects().size());

  // As a version of the workflows without parked, closed or final states would write them.
  core::SummaryStateKinds none;
  CHECK(core::storage::stage_intervals_behind(sql, none, nullptr));
  core::storage::IntervalNotes notes(sql, nullptr);
  CHECK(core::storage::catch_up_stage_intervals(sql, url.backend, none, notes) == projects);
  std::vector<std::string> other = stage_interval_rows(sql);
  CHECK(other.size() == kept.size());
  CHECK(other != kept);

  // The workflows' own kinds again: every project is rebuilt as it was.
  CHECK(world.services().reports.bring_up_to_date() == projects);
  CHECK(stage_interval_rows(sql) == kept);
  CHECK(world.services().reports.bring_up_to_date() == 0);
}

BACKEND_TEST_CASE("reports: each report that reads the stage intervals first summarises the changes since the last",
                  "[storage][reports]") {
  World world(backend, 13);
  world.run(200);
  core::ReportService& reports = world.services().reports;
  reports.bring_up_to_date();
  core::storage::DatabaseUrl url = core::storage::DatabaseUrl::parse(world.db().url());
  soci::session sql(backend == TestBackend::sqlite ? "sqlite3" : "postgresql", url.connect);
  auto stage_changes = [&] {
    long long n = 0;
    sql << "SELECT COUNT(*) FROM project_events WHERE kind <> 'updated'", soci::into(n);
    return n;
  };
  core::DateWindow window{date(2024, 1, 1), date(2030, 12, 31)};
  std::vector<std::pair<std::string, std::function<void()>>> each{
      {"pipeline", [&] { reports.pipeline({}, kManagement); }},
      {"flow",
       [&] {
         reports.flow({{}, ReportGrouping::none, ReportPeriod::month, window}, kManagement);
       }},
      {"throughput",
       [&] {
         reports.throughput({{}, ReportGrouping::none, ReportPeriod::month, window}, kManagement);
       }},
      {"conversion",
       [&] {
         reports.conversion({{}, ReportGrouping::none, window, "establishment", {}}, kManagement);
       }},
      {"cycle time",
       [&] {
         reports.cycle_time({{}, ReportGrouping::none, window}, kManagement);
       }},
      {"aging", [&] { reports.aging({}, kManagement); }},
      {"scorecard", [&] { reports.scorecard({}, kManagement); }},
  };
  for (const auto& [name, report] : each) {
    INFO(name);
    for (long long before = stage_changes(); stage_changes() == before;) world.run(1);
    report();
    CHECK(reports.bring_up_to_date() == 0);  // the report caught up: nothing left
  }
}

BACKEND_TEST_CASE("reports: changes a stopped process did not summarise are found by the next one",
                  "[storage][reports]") {
  World world(backend, 14);
  world.run(200);
  world.services().reports.bring_up_to_date();
  // Stage changes and field changes that no report summarised before the process stopped (on
  // SQLite its notes were in its memory).
  world.run(150);
  world.db().close_store();

  auto store = core::storage::open_store(world.db().url(), 2);
  core::ReportService reports(*store, world.registry(), world.clock());
  CHECK(reports.bring_up_to_date() > 0);
  core::storage::DatabaseUrl url = core::storage::DatabaseUrl::parse(world.db().url());
  soci::session sql(backend == TestBackend::sqlite ? "sqlite3" : "postgresql", url.connect);
  std::vector<std::string> found = stage_interval_rows(sql);
  REQUIRE(found.size() > 200);
  forget_intervals(sql);
  CHECK(reports.bring_up_to_date() == static_cast<std::int64_t>(world.projects().size()));
  CHECK(stage_interval_rows(sql) == found);
  CHECK(reports.bring_up_to_date() == 0);
}
