// `facilitator demo-data`: fills a new database with the demo dataset (core/demo, docs/demo-data.md).

#include <chrono>
#include <cstdio>
#include <iomanip>
#include <iostream>
#include <memory>
#include <string>

#include "core/demo/demo_data.hpp"
#include "core/demo/demo_names.hpp"
#include "core/report/report.hpp"
#include "core/storage/bulk_load.hpp"
#include "core/storage/soci_store.hpp"
#include "http/cli/commands.hpp"
#include "workflows/registry.hpp"

namespace facilitator::cli {

namespace {

struct DemoDataOptions {
  DatabaseOption database;
  std::int64_t projects = core::demo::kDefaultProjects;
  std::uint64_t seed = core::demo::kDefaultSeed;
  int years = core::demo::kDefaultYears;
  bool force = false;
};

using Clock = std::chrono::steady_clock;

std::string duration_text(double seconds) {
  auto total = static_cast<long long>(seconds + 0.5);
  char text[32];
  if (total >= 3600)
    std::snprintf(text, sizeof text, "%lldh%02lldm", total / 3600, total / 60 % 60);
  else if (total >= 60)
    std::snprintf(text, sizeof text, "%lldm%02llds", total / 60, total % 60);
  else
    std::snprintf(text, sizeof text, "%llds", total);
  return text;
}

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

/// Progress on stderr at every 5 % and at least every 5 seconds: projects, events, rate, time left.
class ProgressReport {
 public:
  explicit ProgressReport(Clock::time_point start) : start_(start), last_print_(start) {}

  void operator()(const core::demo::DemoProgress& p) {
    int percent = p.projects_total == 0 ? 100 : static_cast<int>(100 * p.projects_done / p.projects_total);
    bool step = percent / 5 > last_percent_ / 5;
    bool late = Clock::now() - last_print_ >= std::chrono::seconds(5);
    if (!step && !late && p.projects_done != p.projects_total) return;
    last_percent_ = percent;
    last_print_ = Clock::now();
    double elapsed = seconds_since(start_);
    double rate = elapsed > 0 ? static_cast<double>(p.projects_done) / elapsed : 0;
    double left = rate > 0 ? static_cast<double>(p.projects_total - p.projects_done) / rate : 0;
    char line[200];
    std::snprintf(line, sizeof line,
                  "demo-data: %lld/%lld projects (%d%%), %lld events, %.0f projects/s, %.0f writes/s, ETA %s\n",
                  static_cast<long long>(p.projects_done), static_cast<long long>(p.projects_total), percent,
                  static_cast<long long>(p.events), rate, elapsed > 0 ? static_cast<double>(p.writes) / elapsed : 0,
                  duration_text(left).c_str());
    std::cerr << line << std::flush;
  }

 private:
  Clock::time_point start_;
  Clock::time_point last_print_;
  int last_percent_ = -1;
};

void print_summary(const core::demo::DemoSummary& summary, const core::WorkflowRegistry& registry,
                   const DemoDataOptions& options, const std::string& database, double seconds) {
  char took[64];
  if (seconds < 60)
    std::snprintf(took, sizeof took, "%.1f s", seconds);
  else
    std::snprintf(took, sizeof took, "%s (%.1f s)", duration_text(seconds).c_str(), seconds);
  std::cout << "Demo data loaded into " << database << " in " << took << ": seed " << options.seed << ", "
            << summary.projects << " projects from " << core::format_date(core::oslo_date(summary.first)) << " to "
            << core::format_date(core::oslo_date(summary.last)) << ".\n\nProjects by workflow and state:\n";
  for (const auto& workflow : registry.all()) {
    auto found = summary.projects_by_state.find(std::string(workflow->id()));
    if (found == summary.projects_by_state.end()) continue;
    std::int64_t total = 0;
    std::string states;
    for (const auto& state : workflow->states()) {
      auto count = found->second.find(std::string(state.id));
      if (count == found->second.end()) continue;
      total += count->second;
      states += (states.empty() ? "" : ", ") + std::string(state.id) + " " + std::to_string(count->second);
    }
    std::cout << "  " << workflow->id() << ": " << total << " (" << states << ")\n";
  }
  std::cout << "\nEvents: " << summary.events << " (";
  bool first = true;
  for (const auto& [name, count] : summary.events_by_name) {
    std::cout << (first ? "" : ", ") << name << " " << count;
    first = false;
  }
  std::cout << ")\nCompanies: " << summary.companies << ", contacts: " << summary.contacts
            << ", funding applications: " << summary.funding_applications << ", activities: " << summary.activities
            << ", notes: " << summary.notes << ", targets: " << summary.targets << "\n"
            << "Database transactions: " << summary.writes << " ("
            << static_cast<long long>(seconds > 0 ? static_cast<double>(summary.writes) / seconds : 0) << "/s)\n"
            << "Advisers: " << core::demo::kDemoAdviser;
  for (auto adviser : core::demo::names::kAdvisers) std::cout << ' ' << adviser;
  std::cout << "\n\nDemo logins, password " << core::demo::kDemoPassword
            << " (for trying the product only: never keep these users in a database with real data):\n";
  for (const auto& login : core::demo::kDemoLogins)
    std::cout << "  " << std::left << std::setw(24) << login.email << core::to_string(login.role) << '\n';
  if (summary.users < static_cast<std::int64_t>(core::demo::kDemoLogins.size()))
    std::cout << "(" << core::demo::kDemoLogins.size() - static_cast<std::size_t>(summary.users)
              << " of them existed already and were left as they were.)\n";
  if (summary.entrepreneur_projects > 0)
    std::cout << core::demo::kDemoEntrepreneur << " is a contact person of " << summary.entrepreneur_projects
              << (summary.entrepreneur_projects == 1 ? " project.\n" : " projects.\n");
}

void run(const DemoDataOptions& options) {
  const std::string database = core::storage::DatabaseUrl::parse(options.database.url).redacted();
  auto start = Clock::now();
  core::demo::DemoSummary summary;
  core::WorkflowRegistry registry = workflows::builtin_registry();
  {
    // Durability relaxed for the load, restored and made good once at the end (bulk_load.hpp).
    auto store = core::storage::open_store(core::storage::bulk_load_url(options.database.url), 1);
    store->migrate();
    core::demo::DemoOptions demo;
    demo.projects = options.projects;
    demo.seed = options.seed;
    demo.years = options.years;
    demo.force = options.force;
    // The history ends at the start of today (UTC): runs on the same day give the same data, and
    // nothing is dated after the moment the command ran.
    demo.end = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
    demo.progress = ProgressReport(start);
    std::cerr << "demo-data: " << options.projects << " projects over " << options.years << " years into " << database
              << " (seed " << options.seed << ")\n";
    try {
      summary = core::demo::generate_demo_data(*store, registry, demo);
      // The stage intervals the reports read, from the whole log in one pass, so that the first
      // dashboard does not wait for them.
      std::cerr << "demo-data: summarising the stage history for the reports\n";
      core::ReportService(*store, registry, core::system_clock()).bring_up_to_date();
    } catch (const core::demo::DatabaseNotEmpty& e) {
      throw core::DomainError(core::ErrorCode::invalid_input,
                              std::string(e.what()) +
                                  " Nothing was written. Run `facilitator demo-data --force` to add demo data "
                                  "beside what is there, or give a new database with --db.");
    }
  }
  core::storage::finish_bulk_load(options.database.url);
  print_summary(summary, registry, options, database, seconds_since(start));
}

}  // namespace

void add_demo_data_command(CLI::App& app) {
  auto options = std::make_shared<DemoDataOptions>();
  CLI::App* command = app.add_subcommand(
      "demo-data",
      "Fill an empty database with a realistic, deterministic demo dataset for the Moss region: projects in every "
      "workflow with their histories, companies, contacts, funding, activities, notes and yearly targets");
  add_database_option(*command, options->database);
  command
      ->add_option(
          "--projects", options->projects,
          "How many projects to create; 100000 makes a benchmark database (about 0.7 million events, 1.9 million "
          "writes, 3 minutes on SQLite)")
      ->check(CLI::Range(std::int64_t{0}, core::demo::kMaxProjects))
      ->capture_default_str();
  command
      ->add_option("--seed", options->seed,
                   "Seed of the random generator: the same seed, --projects and --years give the same data "
                   "(dated relative to today)")
      ->capture_default_str();
  command->add_option("--years", options->years, "How many years of history, ending today")
      ->check(CLI::Range(1, core::demo::kMaxYears))
      ->capture_default_str();
  command->add_flag("--force", options->force,
                    "Add the demo data even if the database already has projects (refused otherwise)");
  command->callback([options] { run(*options); });
}

}  // namespace facilitator::cli
