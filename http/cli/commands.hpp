#pragma once

#include <string>

#include <CLI/CLI.hpp>

namespace facilitator::cli {

/// Options shared by every subcommand that opens the database.
struct DatabaseOption {
  std::string url;
};

/// Adds `--db URL` with FACILITATOR_DB as its environment default.
void add_database_option(CLI::App& command, DatabaseOption& option);

void add_serve_command(CLI::App& app);
void add_migrate_command(CLI::App& app);
void add_diagram_command(CLI::App& app);
void add_demo_data_command(CLI::App& app);
void add_import_command(CLI::App& app);
void add_export_command(CLI::App& app);
void add_user_command(CLI::App& app);

}  // namespace facilitator::cli
