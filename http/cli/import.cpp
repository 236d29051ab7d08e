// `facilitator import projects FILE.csv`: a thin wrapper around core::bulk::import_projects.
// Exit codes: 0 success, 1 invalid rows (nothing written without --skip-invalid), 2 usage or I/O.

#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>

#include "core/bulk/project_import.hpp"
#include "core/domain/error.hpp"
#include "core/report/report.hpp"
#include "core/storage/soci_store.hpp"
#include "http/cli/commands.hpp"
#include "workflows/registry.hpp"

namespace facilitator::cli {

namespace {

constexpr int kInvalidRows = 1;
constexpr int kUsageOrIo = 2;

struct ImportOptions {
  DatabaseOption database;
  std::string file;
  bool dry_run = false;
  bool skip_invalid = false;
  std::string actor = "import";
};

[[noreturn]] void fail(const std::string& message, int code = kUsageOrIo) {
  std::cerr << "facilitator import: " << message << '\n';
  throw CLI::RuntimeError(code);
}

void run_import(const ImportOptions& options, const CLI::App& command) {
  if (!command.remaining().empty()) {
    std::string extra;
    for (const auto& arg : command.remaining()) extra += " " + arg;
    fail("unexpected argument(s):" + extra + " (see --help)");
  }
  if (options.file.empty()) fail("the CSV file to import is required: facilitator import projects FILE.csv");
  if (options.actor.empty() || options.actor.size() > 200 || options.actor.find_first_of("\r\n\t") != std::string::npos)
    fail("--actor takes a name of 1 to 200 characters on one line");

  std::ifstream in(options.file, std::ios::binary);
  if (!in) fail("cannot open " + options.file);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) fail("cannot read " + options.file);

  core::bulk::ImportOptions import;
  import.dry_run = options.dry_run;
  import.skip_invalid = options.skip_invalid;
  import.actor = core::Actor{options.actor, core::Role::admin};
  import.source_name = options.file;

  core::bulk::ImportReport report;
  try {
    auto store = core::storage::open_store(options.database.url, 1);
    store->migrate();
    core::WorkflowRegistry registry = workflows::builtin_registry();
    report = core::bulk::import_projects(bytes, *store, registry, import);
    // The imported histories summarised for the reports now, rather than by the first report. The
    // import is saved whatever happens here: the next report would do it again.
    if (!options.dry_run) {
      try {
        core::ReportService(*store, registry, core::system_clock()).bring_up_to_date();
      } catch (const std::exception& e) {
        std::cerr << "facilitator import: the import is saved, but summarising it for the reports failed (the next "
                     "report will do it): "
                  << e.what() << '\n';
      }
    }
  } catch (const std::exception& e) {
    fail(e.what());
  }
  std::cout << "Importing " << options.file << (options.dry_run ? " (dry run)" : "") << '\n';
  core::bulk::print_import_report(report, import, std::cout);
  std::cout.flush();
  if (!report.file_problems.empty() || (report.has_invalid() && !options.skip_invalid))
    throw CLI::RuntimeError(kInvalidRows);
}

}  // namespace

void add_import_command(CLI::App& app) {
  CLI::App* import = app.add_subcommand("import", "Import data from spreadsheets (docs/import.md)");
  import->require_subcommand(0, 1);
  auto options = std::make_shared<ImportOptions>();
  CLI::App* projects = import->add_subcommand(
      "projects", "Import projects and their stage history from a CSV file (; or , separated, UTF-8)");
  projects->add_option("file", options->file, "The CSV file, e.g. prosjekter.csv");
  add_database_option(*projects, options->database);
  projects->add_flag("--dry-run", options->dry_run, "Check every row and report what would happen; write nothing");
  projects->add_flag("--skip-invalid", options->skip_invalid,
                     "Import the valid rows even if others are invalid (they are reported and skipped)");
  projects->add_option("--actor", options->actor, "The name the imported history records as actor")
      ->capture_default_str();
  projects->allow_extras();  // unknown arguments are reported by the command, with exit code 2
  projects->callback([options, projects] { run_import(*options, *projects); });
  import->callback([import] {
    if (import->get_subcommands().empty()) fail("say what to import: facilitator import projects FILE.csv");
});
}  // namespace facilitator::cli

}  // namespace facilitator::cli
