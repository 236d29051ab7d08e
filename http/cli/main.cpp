// The facilitator executable: `facilitator serve`, `migrate`, `diagram`, ... (see --help).

#include <iostream>

#include "core/domain/error.hpp"
#include "http/cli/commands.hpp"
#include "version.hpp"

int main(int argc, char** argv) {
  CLI::App app{"facilitator: workflows for regional business development, as a web application and JSON API."};
  app.set_version_flag("--version", std::string("facilitator ") + facilitator::kVersion);
  app.require_subcommand(1);
  facilitator::cli::add_serve_command(app);
  facilitator::cli::add_migrate_command(app);
  facilitator::cli::add_diagram_command(app);
  facilitator::cli::add_demo_data_command(app);
  facilitator::cli::add_import_command(app);
  facilitator::cli::add_export_command(app);
  facilitator::cli::add_user_command(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const facilitator::core::DomainError& e) {
    std::cerr << "facilitator: " << e.what() << '\n';
    for (const auto& f : e.errors()) std::cerr << "  " << f.field << ": " << f.message << '\n';
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "facilitator: " << e.what() << '\n';
    return 1;
  }
  return 0;
}
