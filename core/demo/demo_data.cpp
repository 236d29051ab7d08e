#include "core/demo/demo_data.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <random>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "core/demo/demo_names.hpp"
#include "core/domain/case_data.hpp"
#include "core/domain/funding.hpp"
#include "core/domain/working_days.hpp"
#include "core/service/service_set.hpp"

namespace facilitator::core::demo {

namespace {

using std::chrono::days;
using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;
using Rng = std::mt19937_64;

// -------------------------------------------------------------------------------------------------
// Random draws. The engine is std::mt19937_64 (its output is fixed by the standard); the
// distributions are our own, so the same seed gives the same data with every standard library.

/// SplitMix64: turns a seed and a project number into well-spread, independent engine seeds.
std::uint64_t mix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

/// Uniform in [0, 1).
double unit(Rng& rng) { return static_cast<double>(rng() >> 11) * 0x1.0p-53; }

/// Uniform in [0, n), without modulo bias; n > 0.
std::uint64_t below(Rng& rng, std::uint64_t n) {
  const std::uint64_t max = std::numeric_limits<std::uint64_t>::max();
  const std::uint64_t limit = max - max % n;
  std::uint64_t x = rng();
  while (x >= limit) x = rng();
  return x % n;
}

/// Uniform in [lo, hi].
std::int64_t between(Rng& rng, std::int64_t lo, std::int64_t hi) {
  return lo + static_cast<std::int64_t>(below(rng, static_cast<std::uint64_t>(hi - lo) + 1));
}

bool chance(Rng& rng, double p) { return unit(rng) < p; }

template <class Items>
const auto& pick(Rng& rng, const Items& items) {
  return items[below(rng, items.size())];
}

/// An index drawn with the given weights (at least one positive).
std::size_t weighted(Rng& rng, const std::vector<double>& weights) {
  double total = 0;
  for (double w : weights) total += w;
  double x = unit(rng) * total;
  std::size_t last = 0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    if (weights[i] <= 0) continue;
    if (x < weights[i]) return i;
    x -= weights[i];
    last = i;
  }
  return last;  // rounding at the very end
}

/// Log-uniform amount in [lo, hi], rounded to `step`: small grants are more common than large ones.
std::int64_t amount(Rng& rng, double lo, double hi, std::int64_t step) {
  double value = lo * std::exp(unit(rng) * std::log(hi / lo));
  return std::max<std::int64_t>(step,
                                static_cast<std::int64_t>(std::llround(value / static_cast<double>(step))) * step);
}

// -------------------------------------------------------------------------------------------------
// Text

/// Lower-case ASCII for email addresses and domains: "Ødegård" → "odegard".
std::string ascii_slug(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c == 0xC3 && i + 1 < text.size()) {
      auto d = static_cast<unsigned char>(text[++i]);
      switch (d) {
        case 0xA6:
        case 0x86:
          out += "ae";
          break;
        case 0xB8:
        case 0x98:
          out += 'o';
          break;
        case 0xA5:
        case 0x85:
          out += 'a';
          break;
        case 0xA9:
        case 0x89:
          out += 'e';
          break;
        default:
          break;
      }
      continue;
    }
    if (c >= 'A' && c <= 'Z') out += static_cast<char>(c - 'A' + 'a');
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) out += static_cast<char>(c);
  }
  return out;
}

std::string capitalised(std::string_view text) {
  std::string out(text);
  if (!out.empty() && out[0] >= 'a' && out[0] <= 'z') out[0] = static_cast<char>(out[0] - 'a' + 'A');
  return out;
}

std::string replaced(std::string text, std::string_view key, const std::string& value) {
  for (auto at = text.find(key); at != std::string::npos; at = text.find(key, at + value.size()))
    text.replace(at, key.size(), value);
  return text;
}

/// A Norwegian organisation number: nine digits, the last the mod-11 check digit over the weights
/// 3 2 7 6 5 4 3 2. Eight digits are drawn (the first 8 or 9, as for companies); a draw whose
/// check digit would be 10 has no valid number and is drawn again.
std::string organisation_number(Rng& rng) {
  static constexpr int kWeights[8] = {3, 2, 7, 6, 5, 4, 3, 2};
  while (true) {
    int digits[8];
    digits[0] = chance(rng, 0.85) ? 9 : 8;
    for (int i = 1; i < 8; ++i) digits[i] = static_cast<int>(below(rng, 10));
    int sum = 0;
    for (int i = 0; i < 8; ++i) sum += digits[i] * kWeights[i];
    int check = (11 - sum % 11) % 11;
    if (check == 10) continue;
    std::string number;
    for (int d : digits) number += static_cast<char>('0' + d);
    number += static_cast<char>('0' + check);
    return number;
  }
}

std::string phone_number(Rng& rng) {
  auto digits = [&](int n) {
    std::string s;
    for (int i = 0; i < n; ++i) s += static_cast<char>('0' + below(rng, 10));
    return s;
  };
  std::string first = chance(rng, 0.85) ? "9" : "4";
  return "+47 " + first + digits(2) + " " + digits(2) + " " + digits(3);
}

// -------------------------------------------------------------------------------------------------
// Time

constexpr std::int64_t kMsPerDay = 86'400'000;

Date utc_date(Timestamp t) { return Date{std::chrono::floor<days>(t)}; }

/// `t` if it falls in office hours (07:00–15:00 UTC, i.e. 08/09–16/17 in Norway) on a Norwegian
/// working day; otherwise a random time in office hours on the next working day. The random
/// minutes are drawn either way, so the draws do not depend on the calendar.
Timestamp office_time(Rng& rng, Timestamp t) {
  auto jitter = minutes(between(rng, 0, 8 * 60 - 1));
  auto day = std::chrono::floor<days>(t);
  auto time_of_day = t - day;
  if (time_of_day >= hours(7) && time_of_day < hours(15) && is_working_day(Date{day})) return t;
  if (time_of_day >= hours(15)) day += days(1);
  while (!is_working_day(Date{day})) day += days(1);
  return Timestamp(day) + hours(7) + jitter;
}

Timestamp after_days(Timestamp t, double d) {
  return t + milliseconds(static_cast<std::int64_t>(d * static_cast<double>(kMsPerDay)));
}

/// How long a project typically stays in a state before its next event, in days.
struct Dwell {
  std::string_view workflow;
  std::string_view state;
  double lo;
  double hi;
};
constexpr Dwell kDwell[] = {
    {"establishment", "idea", 1, 20},
    {"establishment", "screening", 10, 50},
    {"establishment", "business_plan", 25, 120},
    {"establishment", "funding", 20, 90},
    {"establishment", "established", 20, 80},
    {"establishment", "follow_up", 120, 400},
    {"innovation", "idea", 5, 40},
    {"innovation", "pre_project", 30, 120},
    {"innovation", "application", 30, 100},
    {"innovation", "in_progress", 120, 480},
    {"liaison", "received", 0.05, 2},
    {"liaison", "assigned", 1, 10},
    {"liaison", "referred", 2, 14},
    {"liaison", "answered", 1, 20},
};

// -------------------------------------------------------------------------------------------------
// Walking a workflow generically

/// What an event does to a project, read from the transition table and the event's inputs.
enum class Move { forward, backward, park, resume, abandon, reopen };

/// What a failed guard needs, by guard id or else by the field it names.
enum class Need {
  adviser,
  municipality,
  focus_area,
  business_plan_complete,
  self_financed,
  organisation_number,
  registration_date,
  result_summary,
  municipal_unit,
  funding_registered,
  funding_granted,
  no_funding_pending,
  unknown,
};

Need need_of(const GuardFailure& f) {
  const std::string& g = f.guard;
  if (g == "adviser_assigned" || f.field == "adviser") return Need::adviser;
  if (g == "municipality_set" || f.field == "municipality") return Need::municipality;
  if (g == "focus_area_set" || f.field == "focus_area") return Need::focus_area;
  if (g == "business_plan_complete") return Need::business_plan_complete;
  if (g == "self_financed") return Need::self_financed;
  if (g == "organisation_number_valid" || f.field == "organisation_number") return Need::organisation_number;
  if (g == "registration_date_set" || f.field == "registration_date") return Need::registration_date;
  if (g == "result_summary_given" || f.field == "result_summary") return Need::result_summary;
  if (g == "municipal_unit_set" || f.field == "municipal_unit") return Need::municipal_unit;
  if (g == "funding_application_registered") return Need::funding_registered;
  if (g == "funding_granted") return Need::funding_granted;
  if (g == "no_funding_pending") return Need::no_funding_pending;
  return Need::unknown;
}

bool is_funding(Need need) {
  return need == Need::funding_registered || need == Need::funding_granted || need == Need::no_funding_pending;
}

bool takes_input(const Workflow& workflow, std::string_view event, std::string_view field) {
  const EventDescription* e = workflow.find_event(event);
  return e != nullptr &&
         std::any_of(e->inputs.begin(), e->inputs.end(), [&](const EventInput& input) { return input.field == field; });
}

std::size_t rank(const Workflow& workflow, std::string_view state) {
  const auto& states = workflow.states();
  auto it = std::find_if(states.begin(), states.end(), [&](const StateDescription& s) { return s.id == state; });
  return static_cast<std::size_t>(it - states.begin());
}

/// Forward means to a later state in the table's order (the order a person reads it in); `jump`
/// says how many states it skips ahead, so a shortcut is taken less often than the next step.
Move classify(const Workflow& workflow, std::string_view from, std::string_view event, int& jump) {
  jump = 0;
  const auto& rows = workflow.transitions();
  auto row = std::find_if(rows.begin(), rows.end(), [&](const auto& t) { return t.from == from && t.event == event; });
  const StateDescription* source = workflow.find_state(from);
  const StateDescription* target = row == rows.end() ? nullptr : workflow.find_state(row->to);
  if (source == nullptr || target == nullptr) return Move::backward;
  bool reason = takes_input(workflow, event, "reason");
  if (target->kind == StateKind::parked) return Move::park;
  if (source->kind == StateKind::parked)
    return reason || target->kind == StateKind::closed ? Move::abandon : Move::resume;
  if (reason) return Move::abandon;
  if (source->kind == StateKind::closed) return Move::reopen;
  jump = static_cast<int>(rank(workflow, row->to)) - static_cast<int>(rank(workflow, from));
  return jump > 0 ? Move::forward : Move::backward;
}

// -------------------------------------------------------------------------------------------------

struct Firm {
  CompanyId id = 0;
  std::string name;
  std::string number;
  std::size_t trade = 0;
  std::string municipality;
};

/// One project being simulated: what it is about, and a mirror of what the database holds, so
/// that the next event is chosen without reading the project back.
struct Sim {
  Rng rng;
  const Workflow* workflow = nullptr;
  std::string kind;  // workflow id
  // The plan
  std::size_t trade = 0;
  const names::Place* place = nullptr;
  std::string municipality, focus_area, nace, adviser, registrar, unit, founded_name;
  std::optional<std::size_t> firm;  // index into the generator's firms
  bool new_firm = false;            // the firm is registered when the project starts
  int stall_after = -1;             // the step after which nothing more happens, or -1
  bool reopen_planned = false;
  int reopens = 0;
  bool stuck = false;  // parked and forgotten: nothing more happens
  Timestamp created{};
  bool established = false;  // counted for the targets once
  bool funded = false;
  // The mirror
  ProjectId id = 0;
  std::string state;
  std::int64_t version = 0;
  ProjectFacts facts;
  std::optional<std::string> company_number;
  bool nace_set = false;
  std::vector<FundingApplication> funding;
  Timestamp cursor{};  // the latest simulated time used for this project
};

struct Option {
  std::string_view event;
  Move move = Move::forward;
  int jump = 0;  // states skipped ahead, for forward moves
  bool allowed = false;
  std::vector<GuardFailure> reasons;
};

class Generator {
 public:
  Generator(Store& store, const WorkflowRegistry& workflows, const DemoOptions& options)
      : workflows_(workflows), options_(options), store_(store), services_(store, workflows, [this] { return now_; }) {}

  DemoSummary run() {
    check_options();
    end_ = options_.end;
    now_ = end_;
    start_ = end_ - days(static_cast<std::int64_t>(std::llround(options_.years * 365.25)));
    summary_.first = end_;  // the earliest and latest times used, found as they are used
    summary_.last = start_;
    check_empty();
    load_reference_lists();
    add_users();

    Rng plan(mix(options_.seed));
    std::vector<Timestamp> created;
    created.reserve(static_cast<std::size_t>(options_.projects));
    for (std::int64_t i = 0; i < options_.projects; ++i) created.push_back(creation_time(plan));
    std::sort(created.begin(), created.end());  // ids grow with creation time, as in real use

    for (std::int64_t i = 0; i < options_.projects; ++i) {
      simulate(i, created[static_cast<std::size_t>(i)]);
      if (options_.progress)
        options_.progress(DemoProgress{i + 1, options_.projects, summary_.events, summary_.writes});
    }
    add_targets(plan);
    tie_entrepreneur();
    return summary_;
  }

 private:
  // ---- setup ------------------------------------------------------------------------------------

  void check_options() const {
    std::vector<FieldError> errors;
    if (options_.projects < 0 || options_.projects > kMaxProjects)
      errors.push_back({"projects", "out_of_range", "from 0 to " + std::to_string(kMaxProjects)});
    if (options_.years < 1 || options_.years > kMaxYears)
      errors.push_back({"years", "out_of_range", "from 1 to " + std::to_string(kMaxYears)});
    if (workflows_.all().empty()) errors.push_back({"workflows", "required", "at least one workflow"});
    if (options_.end.time_since_epoch().count() <= 0)
      errors.push_back({"end", "required", "the time the history ends (now)"});
    throw_if_invalid(errors, "The demo data options are out of range.");
  }

  void check_empty() {
    ProjectListRequest request;
    request.limit = 1;
    std::int64_t existing = services_.projects.list(request, system_actor()).total;
    if (existing > 0 && !options_.force) throw DatabaseNotEmpty(existing);
  }

  void load_reference_lists() {
    auto active = [&](ReferenceList list) {
      std::vector<std::string> codes;
      for (const ReferenceItem& item : services_.reference.list(list))
        if (item.active) codes.push_back(item.code);
      return codes;
    };
    municipalities_ = active(ReferenceList::municipalities);
    focus_areas_ = active(ReferenceList::focus_areas);
    nace_sections_ = active(ReferenceList::nace_sections);
    funding_sources_ = active(ReferenceList::funding_sources);
    for (const std::string& code : municipalities_) {
      double weight = 0.5;  // a municipality added to the list gets a little of the work
      for (const auto& m : names::kMunicipalityWeights)
        if (m.code == code) weight = m.weight;
      municipality_weights_.push_back(weight);
    }
    for (const auto& workflow : workflows_.all()) {
      std::string_view id = workflow->id();
      workflow_weights_.push_back(id == "establishment" ? 4.5 : id == "innovation" ? 2.5 : id == "liaison" ? 3.0 : 1.5);
    }
  }

  [[nodiscard]] bool known(const std::vector<std::string>& codes, std::string_view code) const {
    return std::find(codes.begin(), codes.end(), code) != codes.end();
  }

  /// Mostly office hours on working days, more in spring and autumn than in July and at Christmas,
  /// and a little more each year (the business grows).
  Timestamp creation_time(Rng& rng) {
    static constexpr double kMonth[12] = {1.1, 1.1, 1.15, 1.0, 0.9, 0.9, 0.45, 0.9, 1.15, 1.1, 1.1, 0.7};
    const auto first_day = std::chrono::floor<days>(start_);
    const std::int64_t span = std::max<std::int64_t>(1, (std::chrono::floor<days>(end_) - first_day).count());
    while (true) {
      std::int64_t day = static_cast<std::int64_t>(unit(rng) * static_cast<double>(span));
      double trend = 0.8 + 0.4 * static_cast<double>(day) / static_cast<double>(span);
      Date date{first_day + days(day)};
      double weight = trend * kMonth[static_cast<unsigned>(date.month()) - 1];
      bool accept = unit(rng) * 1.2 * 1.15 < weight;
      Timestamp t = office_time(rng, Timestamp(first_day + days(day)));
      if (accept && t >= start_ && t <= end_) return t;
    }
  }

  /// Yearly targets as management would set them at the start of each year: close to what the
  /// year then brought (the history is simulated first), some a little above, some below, so that
  /// reports show goals both met and missed. For the running year the pace so far is extrapolated.
  /// A year that the history only touches at its end gets none.
  void add_targets(Rng& rng) {
    const Date first_day = utc_date(start_);
    int first = static_cast<int>(first_day.year());
    if (first_day.month() != std::chrono::January) ++first;
    const int last = static_cast<int>(utc_date(end_).year());
    const Date last_day = oslo_date(end_);
    const double elapsed =
        static_cast<double>((std::chrono::sys_days(last_day) -
                             std::chrono::sys_days(Date{last_day.year(), std::chrono::January, std::chrono::day(1)}))
                                .count() +
                            1) /
        365.0;
    Actor manager{std::string(names::kManager), Role::admin};
    for (int year = first; year <= last; ++year) {
      const YearStats& stats = stats_[year];
      double pace = year == last ? 1.0 / std::max(elapsed, 0.1) : 1.0;
      auto goal = [&](double actual) {
        double factor = 0.85 + 0.35 * unit(rng);
        return static_cast<std::int64_t>(std::llround(actual * pace * factor));
      };
      Date jan{std::chrono::year(year), std::chrono::January, std::chrono::day(6)};
      Timestamp at = std::clamp(Timestamp(std::chrono::sys_days(jan)) + hours(8), start_, end_);
      auto add = [&](TargetMetric metric, std::int64_t target, std::optional<std::string> focus) {
        TargetChanges c;
        c.year = year;
        c.metric = metric;
        c.target_value = std::max<std::int64_t>(0, target);
        if (focus) c.focus_area = std::optional<std::string>(*focus);
        now_ = at;
        at += minutes(3);
        note_time(now_);
        try {
          services_.targets.add(std::move(c), manager);
          ++summary_.targets;
          ++summary_.writes;
        } catch (const DomainError& e) {
          if (e.code() != ErrorCode::duplicate) throw;  // --force on a database that has targets
        }
      };
      add(TargetMetric::new_projects, goal(static_cast<double>(stats.new_projects)), std::nullopt);
      add(TargetMetric::establishments, goal(static_cast<double>(stats.establishments)), std::nullopt);
      add(TargetMetric::innovation_projects_funded, goal(static_cast<double>(stats.innovation_funded)), std::nullopt);
      add(TargetMetric::nok_granted, goal(static_cast<double>(stats.nok_granted) / 100'000.0) * 100'000, std::nullopt);
      if (!stats.liaison_days.empty()) {
        std::vector<int> spans = stats.liaison_days;
        auto middle = spans.begin() + static_cast<std::ptrdiff_t>(spans.size() / 2);
        std::nth_element(spans.begin(), middle, spans.end());
        double median = *middle;
        // Lower is better: the goal is a little tighter or looser than what was reached.
        add(TargetMetric::median_liaison_response_days,
            std::max<std::int64_t>(1, std::llround(median * (0.8 + 0.35 * unit(rng)))), std::nullopt);
      }
      for (std::string_view focus : {"green_industry", "technology"}) {
        auto found = stats.new_by_focus.find(std::string(focus));
        if (found != stats.new_by_focus.end())
          add(TargetMetric::new_projects, goal(static_cast<double>(found->second)), std::string(focus));
      }
    }
  }

  /// What each year brought, for the targets: counted as the reports count it.
  struct YearStats {
    std::int64_t new_projects = 0;
    std::int64_t establishments = 0;
    std::int64_t innovation_funded = 0;
    std::int64_t nok_granted = 0;
    std::vector<int> liaison_days;  // working days from received to answered
    std::map<std::string, std::int64_t> new_by_focus;
  };

  YearStats& year_of(Timestamp t) { return stats_[static_cast<int>(oslo_date(t).year())]; }

  // ---- users ------------------------------------------------------------------------------------------

  /// One user per role (kDemoLogins), there from the start of the history. A user that exists
  /// already (a forced run) is left as it is.
  void add_users() {
    now_ = start_;
    for (const DemoLogin& login : kDemoLogins) {
      NewUser request{std::string(login.email), std::string(login.name), login.role, std::string(kDemoPassword)};
      std::optional<User> user;
      try {
        user = services_.accounts.add_user(std::move(request), system_actor(), "demo-data");
        ++summary_.users;
        ++summary_.writes;
      } catch (const DomainError& e) {
        if (e.code() != ErrorCode::duplicate) throw;
        user = services_.accounts.find_user_by_email(std::string(login.email), system_actor());
      }
      if (login.email == kDemoEntrepreneur && user->role == Role::entrepreneur) entrepreneur_id_ = user->id;
    }
  }

  /// Makes the demo entrepreneur a contact person, with their login as email, of the latest
  /// established project and the latest one under way, as an accepted invitation would.
  void tie_entrepreneur() {
    if (!entrepreneur_id_) return;
    const DemoLogin& login = *std::find_if(kDemoLogins.begin(), kDemoLogins.end(),
                                           [](const DemoLogin& l) { return l.email == kDemoEntrepreneur; });
    std::vector<ProjectId> projects;
    for (auto id : {established_, under_way_})
      if (id && std::find(projects.begin(), projects.end(), *id) == projects.end()) projects.push_back(*id);
    now_ = end_ - hours(2);
    note_time(now_);
    for (ProjectId project : projects) {
      ContactChanges c;
      c.name = std::string(login.name);
      c.email = std::optional<std::string>(std::string(login.email));
      c.role = std::optional<std::string>(std::string(names::kFounderRoles[0]));
      Actor adviser{std::string(kDemoAdviser), Role::adviser};
      Contact contact = services_.records.add_contact(project, std::move(c), adviser);
      store_.write([&](Transaction& tx) { tx.contacts().link_user(project, contact.id, *entrepreneur_id_); });
      ++summary_.contacts;
      ++summary_.entrepreneur_projects;
      summary_.writes += 2;
    }
  }

  // ---- one project --------------------------------------------------------------------------------

  void simulate(std::int64_t index, Timestamp created) {
    Sim s;
    s.rng.seed(mix(options_.seed ^ mix(static_cast<std::uint64_t>(index) + 1)));
    std::size_t w = weighted(s.rng, workflow_weights_);
    s.workflow = workflows_.all()[w].get();
    s.kind = std::string(s.workflow->id());
    s.cursor = created - hours(1);
    s.created = created;
    plan(s);
    create(s, created);
    walk(s);
    YearStats& year = year_of(created);
    ++year.new_projects;
    if (s.facts.focus_area) ++year.new_by_focus[*s.facts.focus_area];
    ++summary_.projects;
    ++summary_.projects_by_state[s.kind][s.state];
    // The latest of each kind: the demo entrepreneur's projects.
    if (s.kind == "establishment" && (s.state == "established" || s.state == "follow_up")) established_ = s.id;
    if ((s.kind == "innovation" && s.state == "in_progress") ||
        (s.kind == "establishment" && (s.state == "business_plan" || s.state == "funding")))
      under_way_ = s.id;
  }

  void plan(Sim& s) {
    const bool establishment = s.kind == "establishment";
    // Innovation projects and liaison cases are about firms that exist; some come back.
    bool wants_firm = !establishment && (s.kind != "liaison" || chance(s.rng, 0.85));
    // Which firms come back grows with how many there are.
    double firms = static_cast<double>(firms_.size());
    double reuse = (s.kind == "liaison" ? 0.45 : 0.3) * firms / (firms + 25);
    if (wants_firm && !firms_.empty() && chance(s.rng, reuse)) {
      s.firm = static_cast<std::size_t>(below(s.rng, firms_.size()));
      s.trade = firms_[*s.firm].trade;
      s.municipality = firms_[*s.firm].municipality;
    } else {
      s.trade = static_cast<std::size_t>(below(s.rng, names::kTrades.size()));
      if (!municipalities_.empty()) s.municipality = municipalities_[weighted(s.rng, municipality_weights_)];
      s.new_firm = wants_firm;
    }
    const names::Trade& trade = names::kTrades[s.trade];
    std::vector<const names::Place*> places;
    for (const auto& p : names::kPlaces)
      if (p.municipality == s.municipality) places.push_back(&p);
    if (!places.empty()) s.place = pick(s.rng, places);
    s.focus_area =
        known(focus_areas_, trade.focus) || focus_areas_.empty() ? std::string(trade.focus) : pick(s.rng, focus_areas_);
    if (!known(focus_areas_, s.focus_area)) s.focus_area.clear();
    s.nace = known(nace_sections_, trade.nace) ? std::string(trade.nace)
             : nace_sections_.empty()          ? std::string()
                                               : pick(s.rng, nace_sections_);
    s.adviser = adviser(s.rng);
    s.registrar = chance(s.rng, 0.6) ? s.adviser : adviser(s.rng);
    if (chance(s.rng, s.kind == "liaison" ? 0.03 : 0.06)) s.stall_after = static_cast<int>(between(s.rng, 1, 4));
    if (establishment) s.founded_name = company_name(s.rng, s);
  }

  /// The demo adviser first, with the largest share, then the named advisers: one draw either way.
  std::string adviser(Rng& rng) {
    std::vector<double> weights{kDemoAdviserWeight};
    weights.insert(weights.end(), names::kAdviserWeights.begin(), names::kAdviserWeights.end());
    std::size_t i = weighted(rng, weights);
    return i == 0 ? std::string(kDemoAdviser) : std::string(names::kAdvisers[i - 1]);
  }

  [[nodiscard]] std::string place_name(const Sim& s) const {
    return s.place != nullptr ? std::string(s.place->name) : std::string("Moss");
  }
  [[nodiscard]] std::string place_phrase(const Sim& s) const {
    return s.place != nullptr ? std::string(s.place->phrase) : std::string("i regionen");
  }

  /// "Jeløy Bakeri AS", "Haugen Rørlegger AS", "Fjordlys AS", "Kari Berg Frisør" (a sole trader).
  std::string company_name(Rng& rng, const Sim& s) {
    const names::Trade& trade = names::kTrades[s.trade];
    std::string name;
    for (int attempt = 0; attempt < 4; ++attempt) {
      switch (weighted(rng, {3.0, 3.0, 2.5, 1.5})) {
        case 0:
          name = place_name(s) + " " + std::string(trade.noun) + " AS";
          break;
        case 1:
          name = std::string(pick(rng, names::kSurnames)) + " " + std::string(trade.noun) + " AS";
          break;
        case 2:
          name = std::string(pick(rng, names::kNameStarts)) + std::string(pick(rng, names::kNameEnds));
          if (chance(rng, 0.4)) name += " " + std::string(trade.noun);
          name += " AS";
          break;
        default:
          name = std::string(pick(rng, names::kFirstNames)) + " " + std::string(pick(rng, names::kSurnames)) + " " +
                 std::string(trade.noun);
          break;
      }
      if (company_names_.insert(name).second) break;
    }
    return name;
  }

  static std::string short_name(const std::string& company) {
    return company.size() > 3 && company.ends_with(" AS") ? company.substr(0, company.size() - 3) : company;
  }

  /// Registers a firm with a new, valid organisation number.
  Firm register_firm(Sim& s, const std::string& name) {
    while (true) {
      std::string number = organisation_number(s.rng);
      if (!organisation_numbers_.insert(number).second) continue;
      CompanyChanges c;
      c.name = name;
      c.organisation_number = number;
      try {
        Company company = services_.companies.create(std::move(c), actor(s));
        ++summary_.companies;
        ++summary_.writes;
        return Firm{company.id, company.name, company.organisation_number, s.trade, s.municipality};
      } catch (const DomainError& e) {
        if (e.code() != ErrorCode::duplicate) throw;  // taken by a company that was there before
      }
    }
  }

  std::string title(Sim& s) {
    const names::Trade& trade = names::kTrades[s.trade];
    if (s.kind == "establishment") return capitalised(trade.activity) + " " + place_phrase(s);
    std::string firm = s.firm ? short_name(firms_[*s.firm].name) : std::string();
    if (s.kind == "innovation") {
      std::vector<std::string_view> titles;
      for (const auto& t : names::kInnovationTitles)
        if (t.focus == trade.focus || t.focus.empty()) titles.push_back(t.title);
      std::string text(pick(s.rng, titles));
      return firm.empty() ? text : text + " – " + firm;
    }
    if (s.kind == "liaison") {
      const auto& c = pick(s.rng, names::kLiaisonCases);
      s.unit = std::string(c.unit);
      return std::string(c.title) + (firm.empty() ? " " + place_phrase(s) : " – " + firm);
    }
    return "Utviklingsprosjekt" + (firm.empty() ? " " + place_phrase(s) : " – " + firm);
  }

  void create(Sim& s, Timestamp created) {
    if (s.new_firm) {
      stamp(s, created - minutes(between(s.rng, 5, 40)));
      firms_.push_back(register_firm(s, company_name(s.rng, s)));
      s.firm = firms_.size() - 1;
    }
    ProjectChanges fields;
    fields.title = title(s);
    bool liaison = s.kind == "liaison";
    if (!s.municipality.empty() && chance(s.rng, liaison ? 0.9 : 0.7))
      fields.municipality = std::optional<std::string>(s.municipality);
    if (!s.focus_area.empty() && chance(s.rng, 0.5)) fields.focus_area = std::optional<std::string>(s.focus_area);
    if (!s.nace.empty() && chance(s.rng, s.firm ? 0.8 : 0.4)) {
      fields.nace_section = std::optional<std::string>(s.nace);
      s.nace_set = true;
    }
    if (chance(s.rng, liaison ? 0.1 : 0.3)) fields.adviser = std::optional<std::string>(s.adviser);
    if (s.firm) fields.company_id = std::optional<std::int64_t>(firms_[*s.firm].id);
    if (liaison && !s.unit.empty() && chance(s.rng, 0.15)) fields.municipal_unit = std::optional<std::string>(s.unit);

    stamp(s, created);
    ProjectView view = services_.projects.create(NewProject{s.kind, std::move(fields)}, actor(s));
    s.id = view.project.id;
    s.state = view.project.state;
    s.version = view.project.version;
    s.facts = view.project.facts;
    if (s.firm) s.company_number = firms_[*s.firm].number;
    count_event("created");
    ++summary_.writes;

    int contacts = chance(s.rng, 0.3) ? 2 : 1;
    for (int i = 0; i < contacts; ++i) add_contact(s, created + minutes(between(s.rng, 2, 30)), i);
  }

  void add_contact(Sim& s, Timestamp at, int index) {
    std::string first(pick(s.rng, names::kFirstNames)), last(pick(s.rng, names::kSurnames));
    std::string role(s.kind == "establishment"
                         ? (index == 0 ? names::kFounderRoles[0] : pick(s.rng, names::kFounderRoles))
                     : s.kind == "innovation" ? pick(s.rng, names::kFirmRoles)
                                              : pick(s.rng, names::kCaseRoles));
    std::string domain = s.firm && chance(s.rng, 0.7) ? ascii_slug(short_name(firms_[*s.firm].name)) + ".no"
                                                      : std::string(pick(s.rng, names::kMailDomains));
    ContactChanges c;
    c.name = first + " " + last;
    c.email = std::optional<std::string>(ascii_slug(first) + "." + ascii_slug(last) + "@" + domain);
    if (chance(s.rng, 0.9)) c.phone = std::optional<std::string>(phone_number(s.rng));
    c.role = std::optional<std::string>(role);
    if (!stamp(s, at)) return;
    services_.records.add_contact(s.id, std::move(c), actor(s));
    ++summary_.contacts;
    ++summary_.writes;
  }

  // ---- the walk -----------------------------------------------------------------------------------

  void walk(Sim& s) {
    constexpr int kMaxSteps = 60;  // a safety net; real histories end far earlier
    Timestamp t = s.cursor;
    for (int step = 0; step < kMaxSteps; ++step) {
      if (step == s.stall_after || s.stuck) break;  // the project just sits where it is
      std::vector<Option> options = candidates(s);
      if (options.empty()) break;
      Timestamp next = office_time(s.rng, after_days(t, dwell(s)));
      if (next > end_) {
        fill_stage(s, t, end_);
        break;
      }
      fill_stage(s, t, next);
      std::vector<double> weights;
      for (const Option& o : options) weights.push_back(weight(s, o));
      const Option& chosen = options[weighted(s.rng, weights)];
      perform(s, chosen, next);
      t = std::max(next, s.cursor);
    }
  }

  [[nodiscard]] ProjectFacts guard_facts(const Sim& s) const {
    ProjectFacts facts = s.facts;
    facts.funding.clear();
    for (const auto& a : s.funding) facts.funding.push_back(a.status);
    if (!facts.organisation_number && s.company_number) facts.organisation_number = s.company_number;
    return facts;
  }

  [[nodiscard]] bool satisfiable(const Sim& s, const std::vector<GuardFailure>& reasons) const {
    for (const GuardFailure& r : reasons) {
      switch (need_of(r)) {
        case Need::municipality:
          if (s.municipality.empty()) return false;
          break;
        case Need::focus_area:
          if (s.focus_area.empty()) return false;
          break;
        case Need::funding_registered:
        case Need::funding_granted:
          if (funding_sources_.empty()) return false;
          break;
        case Need::municipal_unit:
          break;
        case Need::unknown:
          return false;
        default:
          break;
      }
    }
    return true;
  }

  std::vector<Option> candidates(Sim& s) {
    ProjectFacts facts = guard_facts(s);
    GuardContext context{facts, nullptr, Role::adviser};
    std::vector<Option> result;
    for (Availability& a : s.workflow->available(s.state, context)) {
      int jump = 0;
      Move move = classify(*s.workflow, s.state, a.event, jump);
      bool can = a.allowed || ((move == Move::forward || move == Move::reopen) && satisfiable(s, a.reasons));
      if (!can) continue;
      if (move == Move::reopen && !s.reopen_planned) continue;
      result.push_back(Option{a.event, move, jump, a.allowed, std::move(a.reasons)});
    }
    return result;
  }

  /// Only rejections so far: time to rethink the plan or give up.
  [[nodiscard]] static bool only_rejected(const Sim& s) {
    bool rejected = false;
    for (const auto& a : s.funding) {
      if (a.status == FundingStatus::granted || is_pending(a.status)) return false;
      rejected = rejected || a.status == FundingStatus::rejected;
    }
    return rejected;
  }

  [[nodiscard]] double weight(const Sim& s, const Option& o) const {
    int jump = std::max(1, o.jump);
    bool parked = s.workflow->find_state(s.state)->kind == StateKind::parked;
    switch (o.move) {
      case Move::forward:
        return 10.0 / std::pow(jump, 1.2);
      case Move::backward:
        return only_rejected(s) ? 3.0 : 0.15;
      case Move::park:
        return 0.6;
      case Move::resume:
        return 6.0;
      case Move::abandon:
        return parked ? 3.0 : only_rejected(s) ? 1.5 : 0.35;
      case Move::reopen:
        return 1.0;
    }
    return 1.0;
  }

  double dwell(Sim& s) {
    const StateDescription* state = s.workflow->find_state(s.state);
    double lo = 7, hi = 60;
    if (state != nullptr && state->kind == StateKind::parked) {
      lo = 30, hi = 240;
    } else if (state != nullptr && state->kind == StateKind::closed) {
      lo = 30, hi = 240;  // until it is reopened
    } else {
      for (const Dwell& d : kDwell)
        if (d.workflow == s.kind && d.state == s.state) lo = d.lo, hi = d.hi;
    }
    return lo + (hi - lo) * std::pow(unit(s.rng), 1.6);  // most stages are shorter than the longest
  }

  void perform(Sim& s, const Option& o, Timestamp next) {
    const Workflow& workflow = *s.workflow;
    const std::string event(o.event);
    // On the way the adviser fills in what the project record still lacks, guards or not, so that
    // lists and reports by municipality, focus area and industry cover most projects.
    ProjectChanges extra;
    if (o.move == Move::forward) {
      if (!s.nace_set && !s.nace.empty() && chance(s.rng, 0.7)) {
        extra.nace_section = std::optional<std::string>(s.nace);
        s.nace_set = true;
      }
      if (!s.facts.municipality && !s.municipality.empty() && chance(s.rng, 0.8))
        extra.municipality = std::optional<std::string>(s.municipality);
      if (!s.facts.focus_area && !s.focus_area.empty() && chance(s.rng, 0.6))
        extra.focus_area = std::optional<std::string>(s.focus_area);
    }
    Timestamp before = next - minutes(between(s.rng, 20, 180));
    if (!o.allowed || !extra.empty()) {
      if (!prepare(s, o, extra, before)) return;  // e.g. the funding was rejected: no move this time
    }

    TransitionCommand command;
    command.project_id = s.id;
    command.event = event;
    command.expected_version = s.version;
    std::string reason;
    if (takes_input(workflow, event, "reason")) {
      reason = close_reason(s, event);
      command.input.reason = reason;
    }
    command.input.note = note_for(s, o, reason, takes_input(workflow, event, "note"));
    command.visibility = o.move == Move::forward && command.input.note ? Visibility::public_ : Visibility::internal;

    if (o.move == Move::abandon) withdraw_pending(s, before);
    if (!stamp(s, next)) return;
    TransitionResult result = services_.projects.transition(std::move(command), actor(s));
    const StateDescription* from = workflow.find_state(s.state);
    const StateDescription* to = workflow.find_state(result.event.to_state);
    if (to != nullptr && to->kind == StateKind::parked)
      s.facts.parked_from = s.state;
    else if (from != nullptr && from->kind == StateKind::parked)
      s.facts.parked_from.reset();
    s.state = result.event.to_state;
    s.version = result.event.seq;
    count_event(event);
    ++summary_.writes;

    if (o.move == Move::park) s.stuck = chance(s.rng, 0.2);
    if (s.state == "established" && !s.established) {
      s.established = true;
      ++year_of(now_).establishments;
    }
    if (s.state == "answered")
      year_of(now_).liaison_days.push_back(working_days_between(oslo_date(s.created), oslo_date(now_)));
    if (o.move == Move::abandon) s.reopen_planned = reason != "duplicate" && s.reopens == 0 && chance(s.rng, 0.12);
    if (o.move == Move::reopen) {
      s.reopen_planned = false;
      ++s.reopens;
    }
  }

  std::string close_reason(Sim& s, const std::string& event) {
    const EventDescription* e = s.workflow->find_event(event);
    std::vector<std::string_view> allowed;
    for (const EventInput& input : e->inputs)
      if (input.field == "reason") allowed = input.allowed_values;
    if (allowed.empty()) return "withdrawn";
    bool early = s.workflow->find_state(s.state)->initial;
    std::vector<double> weights;
    for (std::string_view value : allowed) {
      double w = 1.0;
      for (const auto& r : names::kReasonWeights)
        if (r.reason == value) w = early ? r.early : r.later;
      weights.push_back(w);
    }
    return std::string(allowed[weighted(s.rng, weights)]);
  }

  std::optional<std::string> note_for(Sim& s, const Option& o, const std::string& reason, bool required) {
    switch (o.move) {
      case Move::park:
        return std::string(pick(s.rng, names::kParkNotes));
      case Move::resume:
        if (!required && !chance(s.rng, 0.5)) return std::nullopt;
        return std::string(pick(s.rng, names::kResumeNotes));
      case Move::reopen:
        return std::string(pick(s.rng, names::kReopenNotes));
      case Move::abandon: {
        std::vector<std::string_view> notes;
        for (const auto& n : names::kCloseNotes)
          if (n.reason == reason) notes.push_back(n.note);
        if (notes.empty()) notes.push_back(names::kCloseNotes.back().note);
        return std::string(pick(s.rng, notes));
      }
      case Move::forward:
      case Move::backward:
        break;
    }
    if (o.event == "answer") return std::string(pick(s.rng, names::kAnswers));
    if (!required && !chance(s.rng, 0.35)) return std::nullopt;
    if (o.event == "refer" && !s.unit.empty()) return "Saken er sendt til " + s.unit + " i kommunen.";
    for (const auto& n : names::kEventNotes)
      if (n.event == o.event) return std::string(n.note);
    return std::string(names::kMoveOnNote);
  }

  /// Makes a refused event possible, the way an adviser would: funding first (applications are
  /// registered, decisions recorded), then the facts the guards name, in one update. False when the
  /// event is still refused (a rejected application, say): the project then waits.
  bool prepare(Sim& s, const Option& o, ProjectChanges& changes, Timestamp at) {
    std::vector<GuardFailure> reasons = o.reasons;
    bool funding = false;
    for (const GuardFailure& r : reasons) {
      Need need = need_of(r);
      if (need == Need::funding_registered) add_applications(s, at, true);
      if (need == Need::funding_granted) {
        if (std::any_of(s.funding.begin(), s.funding.end(), [](const auto& a) { return is_pending(a.status); }))
          decide_pending(s, at);
        else
          add_applications(s, at, false);  // applies again; the decision comes later
      }
      if (need == Need::no_funding_pending) decide_pending(s, at);
      funding = funding || is_funding(need);
    }
    if (funding) {
      reasons = failures(s, o.event);
      if (std::any_of(reasons.begin(), reasons.end(), [](const auto& r) { return is_funding(need_of(r)); }))
        return false;
    }
    for (const GuardFailure& r : reasons) {
      switch (need_of(r)) {
        case Need::adviser:
          changes.adviser = std::optional<std::string>(s.adviser);
          break;
        case Need::municipality:
          changes.municipality = std::optional<std::string>(s.municipality);
          break;
        case Need::focus_area:
          changes.focus_area = std::optional<std::string>(s.focus_area);
          break;
        case Need::business_plan_complete:
          changes.business_plan_complete = true;
          break;
        case Need::self_financed:
          changes.self_financed = true;
          break;
        case Need::organisation_number:
          if (!s.firm) {  // the entrepreneur has registered the company
            stamp(s, at - minutes(5));
            firms_.push_back(register_firm(s, s.founded_name.empty() ? company_name(s.rng, s) : s.founded_name));
            s.firm = firms_.size() - 1;
          }
          changes.company_id = std::optional<std::int64_t>(firms_[*s.firm].id);
          changes.organisation_number = std::optional<std::string>(firms_[*s.firm].number);
          break;
        case Need::registration_date: {
          Timestamp registered = std::max(s.cursor, at - days(between(s.rng, 1, 14)));
          changes.registration_date = std::optional<std::string>(format_date(oslo_date(registered)));
          break;
        }
        case Need::result_summary: {
          std::string text(pick(s.rng, names::kResultSummaries));
          text = replaced(text, "{n}", std::to_string(between(s.rng, 2, 9)));
          text = replaced(text, "{m}", std::to_string(between(s.rng, 1, 12)));
          changes.result_summary = std::optional<std::string>(text);
          break;
        }
        case Need::municipal_unit:
          if (s.unit.empty()) s.unit = std::string(pick(s.rng, names::kLiaisonCases).unit);
          changes.municipal_unit = std::optional<std::string>(s.unit);
          break;
        default:
          break;
      }
    }
    if (!changes.empty()) update(s, std::move(changes), at);
    return failures(s, o.event).empty();
  }

  std::vector<GuardFailure> failures(const Sim& s, std::string_view event) const {
    ProjectFacts facts = guard_facts(s);
    GuardContext context{facts, nullptr, Role::adviser};
    Decision decision = s.workflow->decide(s.state, event, context);
    return decision.allowed() ? std::vector<GuardFailure>{} : decision.failures;
  }

  void update(Sim& s, ProjectChanges changes, Timestamp at) {
    if (!stamp(s, at)) return;
    ProjectView view = services_.projects.update(s.id, s.version, std::move(changes), actor(s));
    if (view.project.version != s.version) count_event("updated");
    s.version = view.project.version;
    s.facts = view.project.facts;
    ++summary_.writes;
  }

  // ---- funding ------------------------------------------------------------------------------------

  struct Source {
    std::string_view code;
    double establishment, innovation;  // how often each workflow uses it
    double lo, hi;                     // amount applied for, NOK
    double grant;                      // chance of a grant
  };
  static constexpr Source kSources[] = {
      {"innovasjon_norge", 2.5, 3.0, 100'000, 1'500'000, 0.6},  {"regional_fund", 1.5, 1.5, 50'000, 500'000, 0.65},
      {"municipal_fund", 3.0, 0.6, 20'000, 150'000, 0.75},      {"skattefunn", 0.1, 2.5, 200'000, 2'500'000, 0.85},
      {"research_council", 0.1, 1.5, 500'000, 4'000'000, 0.45}, {"bank", 1.5, 0.5, 200'000, 3'000'000, 0.7},
      {"private_investor", 0.5, 0.5, 250'000, 5'000'000, 0.5},  {"other", 0.8, 0.5, 10'000, 200'000, 0.6},
  };

  const Source* source_of(std::string_view code) const {
    for (const Source& source : kSources)
      if (source.code == code) return &source;
    return nullptr;
  }

  void add_applications(Sim& s, Timestamp at, bool allow_draft) {
    if (funding_sources_.empty()) return;
    int count = chance(s.rng, 0.3) ? 2 : 1;
    for (int i = 0; i < count; ++i) {
      std::vector<double> weights;
      for (const std::string& code : funding_sources_) {
        const Source* known_source = source_of(code);
        weights.push_back(known_source == nullptr     ? 0.3
                          : s.kind == "establishment" ? known_source->establishment
                          : s.kind == "innovation"    ? known_source->innovation
                                                      : 1.0);
      }
      const std::string& code = funding_sources_[weighted(s.rng, weights)];
      const Source* source = source_of(code);
      FundingChanges c;
      c.source = code;
      c.amount_applied = source ? amount(s.rng, source->lo, source->hi, 5'000) : amount(s.rng, 50'000, 500'000, 5'000);
      c.status = allow_draft && chance(s.rng, 0.15) ? FundingStatus::draft : FundingStatus::submitted;
      if (!stamp(s, at)) return;
      s.funding.push_back(services_.projects.add_funding(s.id, std::move(c), actor(s)));
      ++summary_.funding_applications;
      ++summary_.writes;
    }
  }

  void decide_pending(Sim& s, Timestamp at) {
    for (FundingApplication& a : s.funding) {
      if (!is_pending(a.status)) continue;
      const Source* source = source_of(a.source);
      bool granted = chance(s.rng, source ? source->grant : 0.6);
      FundingChanges c;
      c.status = granted ? FundingStatus::granted : FundingStatus::rejected;
      if (granted) {
        double share = 0.5 + 0.5 * unit(s.rng);
        std::int64_t value = std::max<std::int64_t>(
            5'000,
            static_cast<std::int64_t>(std::llround(static_cast<double>(a.amount_applied) * share / 5'000)) * 5'000);
        c.amount_granted = std::optional<std::int64_t>(std::min(value, a.amount_applied));
      }
      if (!stamp(s, at)) return;
      c.decision_date = std::optional<std::string>(format_date(oslo_date(now_)));
      a = services_.projects.update_funding(s.id, a.id, a.version, std::move(c), actor(s));
      ++summary_.writes;
      if (a.status == FundingStatus::granted) {
        YearStats& year = year_of(now_);
        year.nok_granted += a.amount_granted.value_or(0);
        if (s.kind == "innovation" && !s.funded) ++year.innovation_funded;
        s.funded = true;
      }
    }
  }

  void withdraw_pending(Sim& s, Timestamp at) {
    for (FundingApplication& a : s.funding) {
      if (!is_pending(a.status)) continue;
      FundingChanges c;
      c.status = FundingStatus::withdrawn;
      if (!stamp(s, at)) return;
      a = services_.projects.update_funding(s.id, a.id, a.version, std::move(c), actor(s));
      ++summary_.writes;
    }
  }

  // ---- activities and notes between two events ------------------------------------------------------

  void fill_stage(Sim& s, Timestamp from, Timestamp to) {
    const StateDescription* state = s.workflow->find_state(s.state);
    if (state == nullptr || state->kind == StateKind::parked || state->kind == StateKind::closed || to <= from) return;
    double span = static_cast<double>((to - from).count()) / kMsPerDay;
    bool liaison = s.kind == "liaison";
    double mean = liaison ? std::min(2.0, 0.4 + span / 7) : std::min(4.0, 0.6 + span / 30);
    auto count = static_cast<int>(between(s.rng, 0, static_cast<std::int64_t>(std::llround(2 * mean))));
    bool internal_note = chance(s.rng, liaison ? 0.15 : 0.25);
    bool public_note = !liaison && chance(s.rng, 0.12);

    struct Item {
      Timestamp at;
      int what;  // 0 activity, 1 internal note, 2 public note
    };
    std::vector<Item> items;
    auto some_time = [&] {
      return office_time(
          s.rng,
          from + milliseconds(static_cast<std::int64_t>(unit(s.rng) * static_cast<double>((to - from).count()))));
    };
    for (int i = 0; i < count; ++i) items.push_back({some_time(), 0});
    if (internal_note) items.push_back({some_time(), 1});
    if (public_note) items.push_back({some_time(), 2});
    std::stable_sort(items.begin(), items.end(), [](const Item& a, const Item& b) { return a.at < b.at; });
    for (const Item& item : items) {
      if (item.at >= to || item.at > end_) continue;
      if (item.what == 0)
        add_activity(s, item.at, state->initial);
      else
        add_note(s, item.at, item.what == 2);
    }
  }

  void add_activity(Sim& s, Timestamp at, bool first_contact) {
    static constexpr ActivityKind kKinds[] = {ActivityKind::meeting, ActivityKind::mentoring, ActivityKind::course,
                                              ActivityKind::phone,   ActivityKind::email,     ActivityKind::site_visit};
    static constexpr std::int64_t kMinutes[][2] = {{45, 120}, {60, 180}, {180, 420}, {15, 45}, {15, 30}, {60, 240}};
    std::vector<double> weights = s.kind == "liaison" ? std::vector<double>{2, 0, 0, 3, 3, 1}
                                  : first_contact     ? std::vector<double>{4, 0.5, 0, 3, 2, 0}
                                                      : std::vector<double>{3, 3, 0.7, 2, 2, 1};
    std::size_t k = weighted(s.rng, weights);
    ActivityChanges c;
    c.kind = kKinds[k];
    std::int64_t quarter_hours = between(s.rng, kMinutes[k][0] / 15, kMinutes[k][1] / 15);
    c.minutes = quarter_hours * 15;
    if (chance(s.rng, 0.6)) {
      std::vector<std::string_view> notes;
      for (const auto& n : names::kActivityNotes)
        if (n.kind == to_string(kKinds[k])) notes.push_back(n.note);
      if (!notes.empty()) c.note = std::optional<std::string>(std::string(pick(s.rng, notes)));
    }
    if (!stamp(s, at)) return;
    c.date = format_date(oslo_date(now_));
    services_.records.add_activity(s.id, std::move(c), actor(s));
    ++summary_.activities;
    ++summary_.writes;
  }

  void add_note(Sim& s, Timestamp at, bool visible_to_entrepreneur) {
    NewNote note;
    note.body =
        std::string(visible_to_entrepreneur ? pick(s.rng, names::kPublicNotes) : pick(s.rng, names::kInternalNotes));
    note.visibility = visible_to_entrepreneur ? Visibility::public_ : Visibility::internal;
    if (!stamp(s, at)) return;
    services_.records.add_note(s.id, std::move(note), actor(s));
    ++summary_.notes;
    ++summary_.writes;
  }

  // ---- bookkeeping ------------------------------------------------------------------------------------

  /// Sets the simulated clock for the next service call: never before the project's previous call
  /// (so its history stays in order) and never after the end. False when it would be after the end.
  bool stamp(Sim& s, Timestamp t) {
    Timestamp at = std::max(t, s.cursor + std::chrono::seconds(1));
    if (at > end_) return false;
    now_ = at;
    s.cursor = at;
    note_time(at);
    return true;
  }

  void note_time(Timestamp t) {
    summary_.first = std::min(summary_.first, t);
    summary_.last = std::max(summary_.last, t);
  }

  void count_event(const std::string& name) {
    ++summary_.events;
    ++summary_.events_by_name[name];
  }

  /// Whoever works the project: its adviser once one is assigned, before that whoever took the inquiry.
  static Actor actor(const Sim& s) { return Actor{s.facts.adviser ? *s.facts.adviser : s.registrar, Role::adviser}; }
  static Actor system_actor() { return Actor{"demo-data", Role::system}; }

  static constexpr double kDemoAdviserWeight = 3.0;

  const WorkflowRegistry& workflows_;
  const DemoOptions& options_;
  Store& store_;
  std::optional<UserId> entrepreneur_id_;
  std::optional<ProjectId> established_, under_way_;
  Timestamp now_{};
  Timestamp start_{};
  Timestamp end_{};
  ServiceSet services_;
  DemoSummary summary_;
  std::vector<std::string> municipalities_, focus_areas_, nace_sections_, funding_sources_;
  std::vector<double> municipality_weights_, workflow_weights_;
  std::vector<Firm> firms_;
  std::unordered_set<std::string> organisation_numbers_;
  std::unordered_set<std::string> company_names_;
  std::map<int, YearStats> stats_;
};

}  // namespace

DatabaseNotEmpty::DatabaseNotEmpty(std::int64_t projects)
    : DomainError(ErrorCode::invalid_input, "The database already has " + std::to_string(projects) +
                                                (projects == 1 ? " project" : " projects") +
                                                "; demo data goes into an empty database."),
      projects_(projects) {}

DemoSummary generate_demo_data(Store& store, const WorkflowRegistry& workflows, const DemoOptions& options) {
  return Generator(store, workflows, options).run();
}

}  // namespace facilitator::core::demo
