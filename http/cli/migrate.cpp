#include <iostream>
#include <memory>

#include "core/storage/soci_store.hpp"
#include "http/cli/commands.hpp"

namespace facilitator::cli {

void add_migrate_command(CLI::App& app) {
  auto options = std::make_shared<DatabaseOption>();
  CLI::App* command = app.add_subcommand("migrate", "Bring the database schema up to date (serve does this too)");
  add_database_option(*command, *options);
  command->callback([options] {
    auto store = core::storage::open_store(options->url, 1);
    int applied = store->migrate();
    std::cout << "Applied " << applied << " migration(s) to " << store->url().redacted() << "; schema version is "
              << store->schema_version() << ".\n";
  });
}

}  // namespace facilitator::cli
