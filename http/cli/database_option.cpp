#include "core/storage/database_url.hpp"
#include "http/cli/commands.hpp"

namespace facilitator::cli {

void add_database_option(CLI::App& command, DatabaseOption& option) {
  option.url = std::string(core::storage::kDefaultDatabaseUrl);
  command
      .add_option("--db", option.url,
                  "Database URL: sqlite3://db=PATH (embedded, the default) or postgresql://host=H dbname=D user=U")
      ->envname("FACILITATOR_DB")
      ->capture_default_str();
}

}  // namespace facilitator::cli
