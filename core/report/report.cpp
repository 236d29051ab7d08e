#include "core/report/report.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <set>
#include <tuple>
#include <utility>

#include "core/access/policy.hpp"
#include "core/domain/error.hpp"
#include "core/domain/working_days.hpp"
#include "core/report/report_repository.hpp"
#include "core/service/store.hpp"

namespace facilitator::core {

using std::chrono::days;
using std::chrono::sys_days;

// ---------------------------------------------------------------------------------------------
// days

std::int64_t day_number(Date date) noexcept { return sys_days{date}.time_since_epoch().count(); }

Date date_of_day_number(std::int64_t day) noexcept { return Date{sys_days{days{day}}}; }

std::int64_t oslo_day_number(Timestamp t) noexcept { return day_number(oslo_date(t)); }

Timestamp oslo_start_of_day(Date date) noexcept {
  // Oslo is UTC+1 or UTC+2, and the clocks change at 01:00 UTC, never near local midnight: the
  // midnight is 23:00 or 22:00 UTC the day before, whichever oslo_date says starts `date`.
  Timestamp utc_midnight{sys_days{date}};
  for (int offset_hours : {2, 1}) {
    Timestamp candidate = utc_midnight - std::chrono::hours{offset_hours};
    if (oslo_date(candidate) == date && oslo_date(candidate - std::chrono::milliseconds{1}) != date) return candidate;
  }
  return utc_midnight - std::chrono::hours{1};
}

// ---------------------------------------------------------------------------------------------
// names

namespace {

constexpr std::array<std::pair<ReportGrouping, std::string_view>, 6> kGroupingNames{{
    {ReportGrouping::none, "none"},
    {ReportGrouping::workflow, "workflow"},
    {ReportGrouping::municipality, "municipality"},
    {ReportGrouping::focus_area, "focus_area"},
    {ReportGrouping::nace_section, "nace_section"},
    {ReportGrouping::adviser, "adviser"},
}};

constexpr std::array<std::pair<ReportPeriod, std::string_view>, 4> kPeriodNames{{
    {ReportPeriod::week, "week"},
    {ReportPeriod::month, "month"},
    {ReportPeriod::quarter, "quarter"},
    {ReportPeriod::year, "year"},
}};

template <class Enum, std::size_t N>
std::string_view name_of(const std::array<std::pair<Enum, std::string_view>, N>& names, Enum value) noexcept {
  for (const auto& [v, name] : names)
    if (v == value) return name;
  return {};
}

template <class Enum, std::size_t N>
std::optional<Enum> parse_name(const std::array<std::pair<Enum, std::string_view>, N>& names,
                               std::string_view text) noexcept {
  for (const auto& [v, name] : names)
    if (name == text) return v;
  return std::nullopt;
}

}  // namespace

std::string_view to_string(ReportGrouping grouping) noexcept { return name_of(kGroupingNames, grouping); }
std::optional<ReportGrouping> parse_report_grouping(std::string_view text) noexcept {
  return parse_name(kGroupingNames, text);
}
std::string_view to_string(ReportPeriod period) noexcept { return name_of(kPeriodNames, period); }
std::optional<ReportPeriod> parse_report_period(std::string_view text) noexcept {
  return parse_name(kPeriodNames, text);
}

std::string_view end_to_end_state(const Workflow& workflow) {
  static const std::map<std::string_view, std::string_view> kKnown{
      {"establishment", "established"}, {"innovation", "completed"}, {"liaison", "answered"}};
  if (auto known = kKnown.find(workflow.id()); known != kKnown.end() && workflow.find_state(known->second))
    return known->second;
  for (const StateDescription& state : workflow.states())
    if (state.kind == StateKind::success) return state.id;
  return {};
}

// ---------------------------------------------------------------------------------------------
// helpers

namespace {

constexpr double kMillisPerDay = 86'400'000.0;

std::string two_digits(unsigned value) { return (value < 10 ? "0" : "") + std::to_string(value); }

/// The period an Oslo date falls in.
PeriodKey period_of(Date date, ReportPeriod period) {
  int year = static_cast<int>(date.year());
  unsigned month = static_cast<unsigned>(date.month());
  switch (period) {
    case ReportPeriod::week: {
      sys_days day{date};
      std::chrono::weekday weekday{day};
      unsigned from_monday = (weekday.c_encoding() + 6) % 7;  // Monday 0 ... Sunday 6
      sys_days monday = day - days{from_monday};
      Date thursday{monday + days{3}};  // the ISO week belongs to the year of its Thursday
      int iso_year = static_cast<int>(thursday.year());
      sys_days first_of_year{std::chrono::year{iso_year} / std::chrono::January / 1};
      auto week = static_cast<unsigned>((sys_days{thursday} - first_of_year).count() / 7 + 1);
      return {std::to_string(iso_year) + "-W" + two_digits(week), Date{monday}, Date{monday + days{6}}};
    }
    case ReportPeriod::month: {
      Date first{date.year() / date.month() / 1};
      Date last{date.year() / date.month() / std::chrono::last};
      return {std::to_string(year) + "-" + two_digits(month), first, last};
    }
    case ReportPeriod::quarter: {
      unsigned quarter = (month - 1) / 3 + 1;
      Date first{date.year() / std::chrono::month{(quarter - 1) * 3 + 1} / 1};
      Date last{date.year() / std::chrono::month{quarter * 3} / std::chrono::last};
      return {std::to_string(year) + "-Q" + std::to_string(quarter), first, last};
    }
    case ReportPeriod::year:
      return {std::to_string(year), Date{date.year() / std::chrono::January / 1},
              Date{date.year() / std::chrono::December / 31}};
  }
  return {};
}

/// Maps the days of a window to its periods (index into `periods`, in order).
struct PeriodIndex {
  std::vector<PeriodKey> periods;
  std::int64_t first_day = 0;
  std::vector<std::size_t> of_day;  // by day − first_day

  PeriodIndex(Date from, Date to, ReportPeriod period) : first_day(day_number(from)) {
    for (std::int64_t day = first_day; day <= day_number(to); ++day) {
      Date date = date_of_day_number(day);
      if (periods.empty() || date > periods.back().last) periods.push_back(period_of(date, period));
      of_day.push_back(periods.size() - 1);
    }
  }
  [[nodiscard]] std::size_t operator()(std::int64_t day) const {
    return of_day.at(static_cast<std::size_t>(day - first_day));
  }
};

struct Window {
  Date from;
  Date to;
};

Date today(const Clock& clock) { return oslo_date(clock()); }

Window resolve(const DateWindow& window, const Clock& clock) {
  Date now = today(clock);
  Window w{window.from.value_or(Date{now.year() / std::chrono::January / 1}), window.to.value_or(now)};
  if (w.to < w.from)
    throw DomainError(ErrorCode::invalid_input, "The window ends before it starts.",
                      {{"to", "out_of_range", "a date on or after `from`"}});
  if (day_number(w.to) - day_number(w.from) > 366 * 100)
    throw DomainError(ErrorCode::invalid_input, "The window is longer than a hundred years.",
                      {{"from", "out_of_range", "a window of at most a hundred years"}});
  return w;
}

/// Workflows in registry order: their position sorts rows; states sort by table position.
class Order {
 public:
  explicit Order(const WorkflowRegistry& workflows) : workflows_(workflows) {}

  [[nodiscard]] std::size_t workflow(const std::string& id) const {
    const auto& all = workflows_.all();
    for (std::size_t i = 0; i < all.size(); ++i)
      if (all[i]->id() == id) return i;
    return all.size();
  }
  [[nodiscard]] std::size_t state(const std::string& workflow_id, const std::string& state_id) const {
    const Workflow* wf = workflows_.find(workflow_id);
    if (!wf) return 0;
    const auto& states = wf->states();
    for (std::size_t i = 0; i < states.size(); ++i)
      if (states[i].id == state_id) return i;
    return states.size();
  }
  /// A sort key for (group, workflow, state).
  [[nodiscard]] std::tuple<std::string, std::size_t, std::size_t, std::string> key(const std::string& group,
                                                                                   const std::string& workflow_id,
                                                                                   const std::string& state_id) const {
    return {group, workflow(workflow_id), state(workflow_id, state_id), state_id};
  }

 private:
  const WorkflowRegistry& workflows_;
};

/// The workflows a filter admits, in registry order; an unknown workflow is a bad request.
std::vector<const Workflow*> admitted(const WorkflowRegistry& registry, const ReportFilter& filter) {
  std::vector<const Workflow*> result;
  if (filter.workflow) {
    const Workflow* workflow = registry.find(*filter.workflow);
    if (!workflow)
      throw DomainError(ErrorCode::invalid_input, "There is no workflow '" + *filter.workflow + "'.",
                        {{"workflow", "unknown", "one of the workflows this installation knows"}});
    result.push_back(workflow);
    return result;
  }
  for (const auto& workflow : registry.all()) result.push_back(workflow.get());
  return result;
}

std::vector<WorkflowState> states_of_kind(const std::vector<const Workflow*>& workflows,
                                          std::initializer_list<StateKind> kinds, bool with_final) {
  std::vector<WorkflowState> result;
  for (const Workflow* workflow : workflows)
    for (const StateDescription& state : workflow->states())
      if (std::find(kinds.begin(), kinds.end(), state.kind) != kinds.end() || (with_final && state.final))
        result.push_back({std::string(workflow->id()), std::string(state.id)});
  return result;
}

DurationStats stats_of(std::vector<std::int64_t> millis) {
  DurationStats stats;
  stats.count = static_cast<std::int64_t>(millis.size());
  if (millis.empty()) return stats;
  std::sort(millis.begin(), millis.end());
  std::int64_t sum = 0;
  for (std::int64_t m : millis) sum += m;
  auto n = millis.size();
  stats.mean = static_cast<double>(sum) / static_cast<double>(n) / kMillisPerDay;
  auto rank = [&](std::size_t percent) {  // the ⌈p·n⌉-th smallest, in whole numbers
    std::size_t r = (percent * n + 99) / 100;
    return static_cast<double>(millis[std::max<std::size_t>(r, 1) - 1]) / kMillisPerDay;
  };
  stats.p50 = rank(50);
  stats.p85 = rank(85);
  stats.p95 = rank(95);
  return stats;
}

double share(std::int64_t count, std::int64_t of) {
  return of == 0 ? 0.0 : static_cast<double>(count) / static_cast<double>(of);
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// the reports

ReportService::ReportService(Store& store, const WorkflowRegistry& workflows, Clock clock)
    : store_(store), workflows_(workflows), clock_(std::move(clock)) {}

std::int64_t ReportService::bring_up_to_date() {
  std::vector<const Workflow*> all = admitted(workflows_, {});
  SummaryStateKinds kinds{states_of_kind(all, {StateKind::parked}, false),
                          states_of_kind(all, {StateKind::closed}, false),
                          states_of_kind(all, {StateKind::closed}, true)};
  // The check is a read, so that reports do not queue behind writers while nothing is pending.
  if (!store_.read_returning([&](Transaction& tx) { return tx.reports().behind(kinds); })) return 0;
  return store_.write_returning([&](Transaction& tx) { return tx.reports().catch_up(kinds); });
}

template <class Work>
auto ReportService::read_current(Work&& work) {
  bring_up_to_date();
  return store_.read_returning(std::forward<Work>(work));
}

PipelineReport ReportService::pipeline(const PipelineRequest& request, const Actor& actor) {
  require(actor, Action::report_read);
  std::vector<const Workflow*> workflows = admitted(workflows_, request.filter);
  PipelineReport report;
  report.as_of = request.as_of.value_or(clock_());
  std::vector<StateCount> counts = read_current([&](Transaction& tx) {
    return tx.reports().states_at({request.filter, request.group_by}, report.as_of);
  });

  std::map<std::tuple<std::string, std::string, std::string>, std::int64_t> by_state;
  std::set<std::string> groups;
  for (const StateCount& c : counts) {
    by_state[{c.group, c.workflow, c.state}] += c.count;
    groups.insert(c.group);
  }
  if (groups.empty() && request.group_by == ReportGrouping::none) groups.insert("");
  for (const std::string& group : groups) {
    for (const Workflow* workflow : workflows) {
      std::string workflow_id(workflow->id());
      if (request.group_by == ReportGrouping::workflow && group != workflow_id) continue;
      PipelineTotal total{group, workflow_id, 0};
      for (const StateDescription& state : workflow->states()) {
        std::string state_id(state.id);
        auto found = by_state.find({group, workflow_id, state_id});
        std::int64_t count = found == by_state.end() ? 0 : found->second;
        if (found != by_state.end()) by_state.erase(found);
        report.rows.push_back({group, workflow_id, state_id, state.kind, state.final, count});
        if (!state.final) total.wip += count;
      }
      report.totals.push_back(total);
    }
  }
  // States the workflow no longer lists (old data) still count, after the listed ones.
  for (const auto& [key, count] : by_state) {
    const auto& [group, workflow_id, state_id] = key;
    report.rows.push_back({group, workflow_id, state_id, StateKind::active, false, count});
  }
  return report;
}

namespace {

/// Rows of per-day counts summed per period, group, workflow and state.
using PeriodCounts =
    std::map<std::tuple<std::size_t, std::tuple<std::string, std::size_t, std::size_t, std::string>, std::string>,
             std::array<std::int64_t, 2>>;

void add_by_period(PeriodCounts& into, const std::vector<DayStateCount>& rows, const PeriodIndex& periods,
                   const Order& order, std::size_t column) {
  for (const DayStateCount& row : rows)
    into[{periods(row.day), order.key(row.group, row.workflow, row.state), row.workflow}][column] += row.count;
}

}  // namespace

FlowReport ReportService::flow(const FlowRequest& request, const Actor& actor) {
  require(actor, Action::report_read);
  Window window = resolve(request.window, clock_);
  FlowReport report{window.from, window.to, request.period, {}};
  PeriodIndex periods(window.from, window.to, request.period);
  Order order(workflows_);
  ReportScope scope{request.filter, request.group_by};
  // Entries through the state index, state by state.
  std::vector<WorkflowState> states =
      states_of_kind(admitted(workflows_, request.filter),
                     {StateKind::active, StateKind::parked, StateKind::success, StateKind::closed}, true);
  auto [entered, left] = read_current([&](Transaction& tx) {
    return std::pair{tx.reports().intervals_by_day(scope, true, day_number(window.from), day_number(window.to), states),
                     tx.reports().intervals_by_day(scope, false, day_number(window.from), day_number(window.to), {})};
  });
  PeriodCounts counts;
  add_by_period(counts, entered, periods, order, 0);
  add_by_period(counts, left, periods, order, 1);
  for (const auto& [key, figures] : counts) {
    const auto& [period, sort, workflow] = key;
    report.rows.push_back(
        {periods.periods[period], std::get<0>(sort), workflow, std::get<3>(sort), figures[0], figures[1]});
  }
  return report;
}

ThroughputReport ReportService::throughput(const ThroughputRequest& request, const Actor& actor) {
  require(actor, Action::report_read);
  std::vector<const Workflow*> workflows = admitted(workflows_, request.filter);
  Window window = resolve(request.window, clock_);
  ThroughputReport report{window.from, window.to, request.period, {}};
  std::vector<WorkflowState> success = states_of_kind(workflows, {StateKind::success}, false);
  if (success.empty()) return report;
  PeriodIndex periods(window.from, window.to, request.period);
  Order order(workflows_);
  auto entered = read_current([&](Transaction& tx) {
    return tx.reports().intervals_by_day({request.filter, request.group_by}, true, day_number(window.from),
                                         day_number(window.to), success);
  });
  PeriodCounts counts;
  add_by_period(counts, entered, periods, order, 0);
  for (const auto& [key, figures] : counts) {
    const auto& [period, sort, workflow] = key;
    report.rows.push_back({periods.periods[period], std::get<0>(sort), workflow, std::get<3>(sort), figures[0]});
  }
  return report;
}

ConversionReport ReportService::conversion(const ConversionRequest& request, const Actor& actor) {
  require(actor, Action::report_read);
  const Workflow* workflow = workflows_.find(request.workflow);
  if (!workflow)
    throw DomainError(ErrorCode::invalid_input, "There is no workflow '" + request.workflow + "'.",
                      {{"workflow", request.workflow.empty() ? "required" : "unknown",
                        "one of the workflows this installation knows"}});
  std::string from_state = request.from_state.value_or(std::string(workflow->initial_state().id));
  const auto& states = workflow->states();
  auto from = std::find_if(states.begin(), states.end(), [&](const StateDescription& s) { return s.id == from_state; });
  if (from == states.end())
    throw DomainError(ErrorCode::invalid_input,
                      "The workflow '" + request.workflow + "' has no state '" + from_state + "'.",
                      {{"from_state", "unknown", "a state of the workflow"}});
  Window window = resolve(request.window, clock_);

  std::vector<std::string> later;
  for (auto it = from + 1; it != states.end(); ++it)
    if (it->kind != StateKind::parked && it->kind != StateKind::closed) later.emplace_back(it->id);

  ReportScope scope{request.filter, request.group_by};
  scope.filter.workflow.reset();
  ConversionCounts counts = read_current([&](Transaction& tx) {
    return tx.reports().conversion(scope, request.workflow, from_state, day_number(window.from), day_number(window.to));
  });

  ConversionReport report{window.from, window.to, request.workflow, from_state, {}};
  std::map<std::string, ConversionGroup> groups;
  for (const GroupStateCount& c : counts.cohort) {
    if (c.count == 0) continue;  // an ungrouped count answers 0 for an empty cohort
    ConversionGroup& group = groups[c.group];
    group.group = c.group;
    group.cohort += c.count;
  }
  std::map<std::pair<std::string, std::string>, std::int64_t> reached;
  for (const GroupStateCount& c : counts.reached) reached[{c.group, c.state}] += c.count;
  std::map<std::string, std::map<std::string, std::int64_t>> reasons;
  for (const GroupStateCount& c : counts.closed) reasons[c.group][c.state] += c.count;
  for (auto& [name, group] : groups) {
    for (const std::string& state : later) {
      auto found = reached.find({name, state});
      std::int64_t count = found == reached.end() ? 0 : found->second;
      group.stages.push_back({state, count, share(count, group.cohort)});
    }
    for (const auto& [reason, count] : reasons[name]) {
      group.closed += count;
      group.closed_by_reason.push_back({reason, count, share(count, group.cohort)});
    }
    group.closed_share = share(group.closed, group.cohort);
    report.groups.push_back(std::move(group));
  }
  return report;
}

CycleTimeReport ReportService::cycle_time(const CycleTimeRequest& request, const Actor& actor) {
  require(actor, Action::report_read);
  std::vector<const Workflow*> workflows = admitted(workflows_, request.filter);
  Window window = resolve(request.window, clock_);
  Order order(workflows_);
  ReportScope scope{request.filter, request.group_by};
  std::int64_t from = day_number(window.from), to = day_number(window.to);

  struct EndToEndQuery {
    const Workflow* workflow;
    std::string to_state;
    std::vector<EndToEndSpan> spans;
  };
  std::vector<EndToEndQuery> end_to_end;
  for (const Workflow* workflow : workflows) {
    std::string_view target = end_to_end_state(*workflow);
    if (!target.empty()) end_to_end.push_back({workflow, std::string(target), {}});
  }
  auto durations = read_current([&](Transaction& tx) {
    for (EndToEndQuery& q : end_to_end) {
      ReportScope one = scope;
      one.filter.workflow = std::string(q.workflow->id());
      q.spans = tx.reports().end_to_end(one, one.filter.workflow.value(), q.to_state, from, to);
    }
    return tx.reports().ended_intervals(scope, from, to);
  });

  CycleTimeReport report{window.from, window.to, {}, {}};
  std::map<std::tuple<std::string, std::size_t, std::size_t, std::string>,
           std::pair<std::string, std::vector<std::int64_t>>>
      by_state;
  for (IntervalDurations& d : durations) {
    auto key = order.key(d.group, d.workflow, d.state);
    by_state[std::move(key)] = {std::move(d.workflow), std::move(d.millis)};
  }
  for (auto& [key, entry] : by_state)
    report.states.push_back({std::get<0>(key), entry.first, std::get<3>(key), stats_of(std::move(entry.second))});

  std::map<std::pair<std::string, std::size_t>, EndToEndCycleTime> by_group;
  std::map<std::pair<std::string, std::size_t>, std::array<std::vector<std::int64_t>, 3>> spans;
  for (const EndToEndQuery& q : end_to_end) {
    std::string workflow_id(q.workflow->id());
    for (const EndToEndSpan& span : q.spans) {
      std::pair key{span.group, order.workflow(workflow_id)};
      by_group[key] = {span.group, workflow_id, q.to_state, {}, {}, {}};
      auto& lists = spans[key];
      lists[0].push_back(span.total_millis);
      lists[1].push_back(span.parked_millis);
      lists[2].push_back(span.total_millis - span.parked_millis);
    }
  }
  for (auto& [key, row] : by_group) {
    auto& lists = spans[key];
    row.total = stats_of(std::move(lists[0]));
    row.parked = stats_of(std::move(lists[1]));
    row.active = stats_of(std::move(lists[2]));
    report.end_to_end.push_back(std::move(row));
  }
  return report;
}

AgingReport ReportService::aging(const AgingRequest& request, const Actor& actor) {
  require(actor, Action::report_read);
  std::vector<const Workflow*> workflows = admitted(workflows_, request.filter);
  std::vector<FieldError> errors;
  auto check = [&](double threshold, const std::string& field) {
    if (!std::isfinite(threshold) || threshold < 0 || threshold > 36'500)
      errors.push_back({field, "out_of_range", "a number of days from 0 to 36500"});
  };
  check(request.default_threshold_days, "default_threshold_days");
  for (const auto& [state, threshold] : request.threshold_days) check(threshold, "threshold_days." + state);
  throw_if_invalid(errors);

  if (request.limit && *request.limit < 0)
    throw DomainError(ErrorCode::invalid_input, "The limit is negative.",
                      {{"limit", "out_of_range", "a number of projects from 0"}});

  AgingReport report;
  report.as_of = request.as_of.value_or(clock_());
  std::vector<WorkflowState> excluded = states_of_kind(workflows, {StateKind::closed}, true);
  std::vector<WorkflowState> done = states_of_kind(workflows, {StateKind::closed, StateKind::success}, false);
  // A project is stale when (as_of − entered), in whole milliseconds, exceeds threshold × 86 400 000
  // (a double): for whole milliseconds that is exceeding its floor, so the query's bound per state,
  // entered_at < as_of − floor(threshold × 86 400 000), is exact and its counts are the report's.
  auto now = to_millis(report.as_of);
  auto bound = [&](double threshold) {
    return from_millis(now - static_cast<std::int64_t>(std::floor(threshold * kMillisPerDay)));
  };
  std::map<std::string, Timestamp> before;
  for (const auto& [state, threshold] : request.threshold_days) before[state] = bound(threshold);
  Timestamp otherwise = bound(request.default_threshold_days);
  Date as_of_date = oslo_date(report.as_of);
  auto [stale, overdue] = read_current([&](Transaction& tx) {
    return std::pair{
        tx.reports().in_state_before(request.filter, report.as_of, before, otherwise, excluded, request.limit),
        tx.reports().overdue(request.filter, report.as_of, format_date(as_of_date), done)};
  });
  for (ProjectInState& p : stale.projects) {
    auto elapsed = static_cast<double>(now - p.entered_millis);
    report.items.push_back({p.project_id, std::move(p.title), std::move(p.workflow), std::move(p.state),
                            elapsed / kMillisPerDay, std::move(p.adviser), std::move(p.municipality)});
  }
  Order order(workflows_);
  std::map<std::tuple<std::string, std::size_t, std::size_t, std::string>, AgingStateCount> by_state;
  for (const StateCount& c : stale.counts) {
    AgingStateCount& row = by_state[order.key("", c.workflow, c.state)];
    row.workflow = c.workflow;
    row.state = c.state;
    row.count += c.count;
    report.items_total += c.count;
  }
  for (auto& [key, row] : by_state)
    if (row.count > 0) report.items_by_state.push_back(std::move(row));
  for (ProjectInState& p : overdue) {
    std::optional<Date> deadline = parse_iso_date(p.response_deadline.value_or(""));
    if (!deadline) continue;
    ++report.overdue_total;
    if (request.limit && static_cast<std::int64_t>(report.overdue.size()) >= *request.limit) continue;
    report.overdue.push_back({p.project_id, std::move(p.title), std::move(p.state), *deadline,
                              day_number(as_of_date) - day_number(*deadline), std::move(p.adviser),
                              std::move(p.municipality)});
  }
  return report;
}

namespace {

/// The request's filter narrowed to one focus area and workflow; none when they contradict it.
std::optional<ReportFilter> narrowed(ReportFilter filter, const std::optional<std::string>& focus_area,
                                     const std::optional<std::string>& workflow) {
  if (focus_area) {
    if (filter.focus_area && *filter.focus_area != *focus_area) return std::nullopt;
    filter.focus_area = focus_area;
  }
  if (workflow) {
    if (filter.workflow && *filter.workflow != *workflow) return std::nullopt;
    filter.workflow = workflow;
  }
  return filter;
}

}  // namespace

ScorecardReport ReportService::scorecard(const ScorecardRequest& request, const Actor& actor) {
  require(actor, Action::report_read);
  admitted(workflows_, request.filter);
  ScorecardReport report;
  report.as_of = request.as_of.value_or(clock_());
  Date as_of_date = oslo_date(report.as_of);
  report.year = request.year.value_or(static_cast<int>(as_of_date.year()));
  if (report.year < 1900 || report.year > 9999)
    throw DomainError(ErrorCode::invalid_input, "The year is out of range.",
                      {{"year", "out_of_range", "a year from 1900 to 9999"}});
  std::chrono::year year{report.year};
  Date first{year / std::chrono::January / 1}, last{year / std::chrono::December / 31};
  report.through = std::min(last, as_of_date);
  std::int64_t days_in_year = day_number(last) - day_number(first) + 1;
  std::int64_t elapsed_days =
      std::clamp<std::int64_t>(day_number(report.through) - day_number(first) + 1, 0, days_in_year);
  report.elapsed = static_cast<double>(elapsed_days) / static_cast<double>(days_in_year);
  bool empty_span = report.through < first;
  std::int64_t from_day = day_number(first), to_day = day_number(report.through);
  std::string from_text = format_date(first), to_text = empty_span ? from_text : format_date(report.through);

  std::vector<WorkflowState> initial;
  for (const auto& workflow : workflows_.all())
    initial.push_back({std::string(workflow->id()), std::string(workflow->initial_state().id)});

  bring_up_to_date();
  store_.read([&](Transaction& tx) {
    for (const Target& target : tx.targets().list(report.year)) {
      ScorecardRow row;
      row.target = target;
      row.lower_is_better = target.metric == TargetMetric::median_liaison_response_days;
      std::optional<std::string> workflow;
      if (target.metric == TargetMetric::establishments) workflow = "establishment";
      if (target.metric == TargetMetric::innovation_projects_funded) workflow = "innovation";
      if (target.metric == TargetMetric::median_liaison_response_days) workflow = "liaison";
      std::optional<ReportFilter> filter = narrowed(request.filter, target.focus_area, workflow);
      double actual = 0;
      bool have_actual = true;
      if (!filter || empty_span) {
        have_actual = !row.lower_is_better;
      } else {
        switch (target.metric) {
          case TargetMetric::establishments:
            for (const DayStateCount& c : tx.reports().intervals_by_day({*filter, ReportGrouping::none}, true, from_day,
                                                                        to_day, {{"establishment", "established"}}))
              actual += static_cast<double>(c.count);
            break;
          case TargetMetric::innovation_projects_funded:
            actual = static_cast<double>(tx.reports().funded_projects(*filter, from_text, to_text));
            break;
          case TargetMetric::nok_granted: {
            Timestamp none = oslo_start_of_day(first);
            for (const FundingSum& s :
                 tx.reports().funding({*filter, ReportGrouping::none}, none, none, from_text, to_text))
              actual += static_cast<double>(s.granted_nok);
            break;
          }
          case TargetMetric::median_liaison_response_days: {
            std::vector<int> working_days;
            for (const ResponseSpan& span :
                 tx.reports().first_answers(*filter, "liaison", "answered", from_day, to_day))
              working_days.push_back(working_days_between(oslo_date(from_millis(span.created_millis)),
                                                          oslo_date(from_millis(span.answered_millis))));
            std::sort(working_days.begin(), working_days.end());
            have_actual = !working_days.empty();
            if (have_actual) actual = working_days[(working_days.size() + 1) / 2 - 1];
            break;
          }
          case TargetMetric::new_projects:
            actual = static_cast<double>(tx.reports().created(*filter, initial, from_day, to_day));
            break;
        }
      }
      auto goal = static_cast<double>(target.target_value);
      if (row.lower_is_better) {
        row.expected_to_date = goal;
        if (have_actual) {
          row.actual = actual;
          row.projection = actual;
          row.on_track = actual <= goal;
        }
      } else {
        row.actual = actual;
        row.expected_to_date = goal * report.elapsed;
        if (report.elapsed > 0) row.projection = actual / report.elapsed;
        row.on_track = actual >= *row.expected_to_date;
      }
      report.rows.push_back(std::move(row));
    }
  });
  return report;
}

FundingReport ReportService::funding(const FundingReportRequest& request, const Actor& actor) {
  require(actor, Action::report_read);
  admitted(workflows_, request.filter);
  Window window = resolve(request.window, clock_);
  Timestamp since = oslo_start_of_day(window.from);
  Timestamp until = oslo_start_of_day(Date{sys_days{window.to} + days{1}});
  auto sums = store_.read_returning([&](Transaction& tx) {
    return tx.reports().funding({request.filter, request.group_by}, since, until, format_date(window.from),
                                format_date(window.to));
  });
  FundingReport report{window.from, window.to, {}};
  for (FundingSum& s : sums) {
    if (s.applied_count == 0 && s.granted_count == 0 && s.applied_nok == 0 && s.granted_nok == 0) continue;
    report.rows.push_back(
        {std::move(s.source), std::move(s.group), s.applied_count, s.applied_nok, s.granted_count, s.granted_nok});
  }
  std::sort(report.rows.begin(), report.rows.end(), [](const FundingRow& a, const FundingRow& b) {
    return std::tie(a.source, a.group) < std::tie(b.source, b.group);
  });
  return report;
}

EffortReport ReportService::effort(const EffortRequest& request, const Actor& actor) {
  require(actor, Action::report_read);
  admitted(workflows_, request.filter);
  Window window = resolve(request.window, clock_);
  auto sums = store_.read_returning([&](Transaction& tx) {
    return tx.reports().effort({request.filter, request.group_by}, format_date(window.from), format_date(window.to));
  });
  EffortReport report{window.from, window.to, {}};
  for (EffortSum& s : sums)
    report.rows.push_back({std::move(s.group), s.activities, s.minutes, static_cast<double>(s.minutes) / 60.0});
  std::sort(report.rows.begin(), report.rows.end(),
            [](const EffortRow& a, const EffortRow& b) { return a.group < b.group; });
  return report;
}

}  // namespace facilitator::core
