// `facilitator export`: a thin wrapper around core::bulk::export_data.
// Exit codes: 0 success, 2 usage or I/O (a failed export leaves no partial --output file).

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

#include "core/bulk/project_export.hpp"
#include "core/domain/error.hpp"
#include "core/service/service_set.hpp"
#include "core/storage/soci_store.hpp"
#include "http/cli/commands.hpp"
#include "workflows/registry.hpp"

namespace facilitator::cli {

namespace {

constexpr int kUsageOrIo = 2;

struct ExportOptions {
  DatabaseOption database;
  std::string format = "csv";
  std::string what = "projects";
  std::string output;
  std::string separator = ";";
  bool include_internal_notes = false;
};

[[noreturn]] void fail(const std::string& message) {
  std::cerr << "facilitator export: " << message << '\n';
  throw CLI::RuntimeError(kUsageOrIo);
}

core::bulk::ExportOptions parse(const ExportOptions& options) {
  core::bulk::ExportOptions result;
  if (options.format == "csv")
    result.format = core::bulk::ExportFormat::csv;
  else if (options.format == "json")
    result.format = core::bulk::ExportFormat::json;
  else
    fail("--format takes csv or json, not '" + options.format + "'");
  if (options.what == "projects")
    result.what = core::bulk::ExportWhat::projects;
  else if (options.what == "events")
    result.what = core::bulk::ExportWhat::events;
  else
    fail("--what takes projects or events, not '" + options.what + "'");
  if (options.separator == ";" || options.separator == "semicolon")
    result.separator = ';';
  else if (options.separator == "," || options.separator == "comma")
    result.separator = ',';
  else if (options.separator == "tab" || options.separator == "\t")
    result.separator = '\t';
  else
    fail("--separator takes ; or , (or tab), not '" + options.separator + "'");
  result.include_internal_notes = options.include_internal_notes;
  return result;
}

void run_export(const ExportOptions& options, const CLI::App& command) {
  if (!command.remaining().empty()) {
    std::string extra;
    for (const auto& arg : command.remaining()) extra += " " + arg;
    fail("unexpected argument(s):" + extra + " (see --help)");
  }
  core::bulk::ExportOptions export_options = parse(options);

  // Written beside the target and renamed when complete, so a failed export leaves no half file.
  std::filesystem::path target = options.output;
  std::filesystem::path partial = options.output + ".partial";
  std::ofstream file;
  if (!options.output.empty()) {
    file.open(partial, std::ios::binary | std::ios::trunc);
    if (!file) fail("cannot write " + partial.string());
  }
  std::ostream& out = options.output.empty() ? std::cout : file;

  core::bulk::ExportSummary summary;
  try {
    auto store = core::storage::open_store(options.database.url, 1);
    store->migrate();
    core::WorkflowRegistry registry = workflows::builtin_registry();
    core::ServiceSet services(*store, registry, core::system_clock());
    summary = core::bulk::export_data(services, export_options, out);
    if (!out) throw std::runtime_error("writing the export failed");
    if (!options.output.empty()) {
      file.close();
      if (!file) throw std::runtime_error("writing " + partial.string() + " failed");
      std::filesystem::rename(partial, target);
    }
  } catch (const std::exception& e) {
    if (!options.output.empty()) {
      file.close();
      std::error_code ignored;
      std::filesystem::remove(partial, ignored);
    }
    fail(e.what());
  }
  std::cerr << "facilitator export: " << summary.projects << " project(s)";
  if (export_options.what == core::bulk::ExportWhat::events) std::cerr << ", " << summary.events << " event(s)";
  if (!options.output.empty()) std::cerr << " written to " << options.output;
  std::cerr << '\n';
  if (summary.internal_notes_left_out > 0)
    std::cerr << "facilitator export: " << summary.internal_notes_left_out
              << " internal note(s) left out; --include-internal-notes exports them (they are confidential)\n";
}

}  // namespace

void add_export_command(CLI::App& app) {
  auto options = std::make_shared<ExportOptions>();
  CLI::App* command = app.add_subcommand("export", "Export projects or their events as CSV or JSON");
  add_database_option(*command, options->database);
  command->add_option("--format", options->format, "csv (UTF-8 with BOM, for Excel) or json")->capture_default_str();
  command->add_option("--what", options->what, "projects, or events (the history of every project)")
      ->capture_default_str();
  command->add_option("--output", options->output, "Write to this file instead of standard output");
  command->add_option("--separator", options->separator, "CSV separator: ; (Norwegian Excel) or ,")
      ->capture_default_str();
  command->add_flag("--include-internal-notes", options->include_internal_notes,
                    "Export the text of internal notes on events too (confidential; left out by default)");
  command->allow_extras();  // unknown arguments are reported by the command, with exit code 2
  command->callback([options, command] { run_export(*options, *command); });
}

}  // namespace facilitator::cli
