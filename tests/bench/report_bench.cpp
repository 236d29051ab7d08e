// Times the reports on a database (e.g. one filled by `facilitator demo-data --projects 100000`):
// the dashboard set for the current year, unfiltered and for one municipality (aging as the
// dashboard asks for it, its lists limited to 25), several rounds, with the best and the median time
// per report; then, apart from the set, the aging report's whole lists. Brings the schema up to
// date first and says how long that took (migrations 4 and 5 fill what the reports read of an older
// database).
//
//   facilitator_report_bench --db sqlite3://db=/tmp/r100k.db --rounds 7 --municipality 3103

#include <CLI/CLI.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "core/report/report.hpp"
#include "core/service/project_service.hpp"
#include "core/storage/soci_store.hpp"
#include "workflows/registry.hpp"

namespace {

using namespace facilitator;
using Clock = std::chrono::steady_clock;

double millis_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

/// CPU time of this thread: steadier than wall time on a machine others are using.
double cpu_millis() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Times the reports on a database"};
  std::string url = "sqlite3://db=./data/facilitator.db";
  int rounds = 7;
  std::string municipality = "3103";
  app.add_option("--db", url, "Database URL");
  app.add_option("--rounds", rounds, "How many times to run the dashboard set");
  app.add_option("--municipality", municipality, "The municipality of the filtered round");
  int transitions = 0;
  app.add_option("--transitions", transitions,
                 "Instead of reports: time this many park/resume transitions through ProjectService (one transaction "
                 "each, the URL's durability), then the reports' catch-up of the stage intervals they leave");
  CLI11_PARSE(app, argc, argv);

  auto store = core::storage::open_store(url, 1);
  auto start = Clock::now();
  int applied = store->migrate();
  std::printf("migrations applied: %d in %.0f ms\n", applied, millis_since(start));

  core::WorkflowRegistry registry = workflows::builtin_registry();
  core::ReportService reports(*store, registry, core::system_clock());
  core::Actor actor{"bench", core::Role::management};
  // What a migration or bulk load left to the reports (serve does this when it starts).
  start = Clock::now();
  std::int64_t backlog = reports.bring_up_to_date();
  std::printf("stage intervals caught up: %lld projects in %.0f ms\n", static_cast<long long>(backlog),
              millis_since(start));

  if (transitions > 0) {
    core::ProjectService projects(*store, registry, core::system_clock());
    core::Actor adviser{"bench@mnu.no", core::Role::adviser};
    core::ProjectListRequest list;
    list.workflow = "establishment";
    list.state = "screening";
    list.limit = 500;
    std::vector<core::ProjectId> ids;
    for (const auto& p : projects.list(list, adviser).items) ids.push_back(p.id);
    if (ids.empty()) {
      std::printf("no establishment projects in screening to move\n");
      return 1;
    }
    auto t0 = Clock::now();
    for (int i = 0; i < transitions; ++i) {
      core::ProjectId id = ids[static_cast<std::size_t>(i) % ids.size()];
      core::ProjectView view = projects.get(id, adviser);
      core::TransitionCommand command;
      command.project_id = id;
      command.event = view.project.state == "parked" ? "resume" : "park";
      command.input.note = "Benchmark";
      command.expected_version = view.project.version;
      projects.transition(std::move(command), adviser);
    }
    double ms = millis_since(t0);
    std::printf("%d transitions (each after a read of the project) in %.0f ms: %.0f per second\n", transitions, ms,
                transitions / ms * 1000);
    // What the transitions left to the next report: rebuilding the moved projects' intervals.
    auto t1 = Clock::now();
    std::int64_t caught_up = reports.bring_up_to_date();
    double catch_up_ms = millis_since(t1);
    std::printf("then the reports' catch-up: %lld projects in %.1f ms (%.3f ms per transition)\n",
                static_cast<long long>(caught_up), catch_up_ms, catch_up_ms / transitions);
    return 0;
  }

  std::map<std::string, std::vector<double>> times, cpu;
  std::vector<std::string> order;
  auto time = [&](const std::string& name, const std::function<std::size_t()>& run) {
    auto t0 = Clock::now();
    double c0 = cpu_millis();
    std::size_t rows = run();
    double ms = millis_since(t0);
    if (!times.count(name)) order.push_back(name);
    times[name].push_back(ms);
    cpu[name].push_back(cpu_millis() - c0);
    if (times[name].size() == 1) std::printf("  %-28s %6zu rows\n", name.c_str(), rows);
  };

  for (int round = 0; round < rounds; ++round) {
    auto round_start = Clock::now();
    double round_cpu = cpu_millis();
    for (bool filtered : {false, true}) {
      core::ReportFilter filter;
      if (filtered) filter.municipality = municipality;
      std::string suffix = filtered ? " [municipality]" : "";
      time("pipeline" + suffix, [&] {
        return reports.pipeline({filter, core::ReportGrouping::none, {}}, actor).rows.size();
      });
      time("flow month" + suffix, [&] {
        return reports.flow({filter, core::ReportGrouping::none, core::ReportPeriod::month, {}}, actor).rows.size();
      });
      time("throughput month" + suffix, [&] {
        return reports.throughput({filter, core::ReportGrouping::none, core::ReportPeriod::month, {}}, actor)
            .rows.size();
      });
      for (const char* workflow : {"establishment", "innovation", "liaison"})
        time(std::string("conversion ") + workflow + suffix, [&] {
          return reports.conversion({filter, core::ReportGrouping::none, {}, workflow, {}}, actor).groups.size();
        });
      time("cycle-time" + suffix, [&] {
        return reports.cycle_time({filter, core::ReportGrouping::none, {}}, actor).states.size();
      });
      time("aging" + suffix, [&] {  // as the dashboard asks: lists limited to 25
        auto r = reports.aging({filter, {}, {}, 60, 25}, actor);
        return static_cast<std::size_t>(r.items_total + r.overdue_total);
      });
      time("scorecard" + suffix, [&] { return reports.scorecard({filter, {}, {}}, actor).rows.size(); });
      time("funding" + suffix, [&] {
        return reports.funding({filter, core::ReportGrouping::municipality, {}}, actor).rows.size();
      });
      time("effort" + suffix, [&] {
        return reports.effort({filter, core::ReportGrouping::municipality, {}}, actor).rows.size();
      });
    }
    times["(dashboard set, both)"].push_back(millis_since(round_start));
    cpu["(dashboard set, both)"].push_back(cpu_millis() - round_cpu);
    // Not in the dashboard set: the aging report's whole lists (the CSV download).
    for (bool filtered : {false, true}) {
      core::ReportFilter filter;
      if (filtered) filter.municipality = municipality;
      time(std::string("aging whole lists") + (filtered ? " [municipality]" : ""), [&] {
        auto r = reports.aging({filter, {}, {}, 60, {}}, actor);
        return r.items.size() + r.overdue.size();
      });
    }
  }
  std::erase_if(order, [](const std::string& name) { return name.starts_with("aging whole lists"); });
  order.push_back("(dashboard set, both)");
  order.push_back("aging whole lists");
  order.push_back("aging whole lists [municipality]");
  std::printf("%-40s %9s %9s %9s\n", "report", "best ms", "median ms", "cpu ms");
  for (const std::string& name : order) {
    std::vector<double> t = times[name], c = cpu[name];
    std::sort(t.begin(), t.end());
    std::sort(c.begin(), c.end());
    std::printf("%-40s %9.1f %9.1f %9.1f\n", name.c_str(), t.front(), t[t.size() / 2], c.front());
  }
  return 0;
}
