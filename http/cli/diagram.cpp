#include <iostream>
#include <memory>

#include "core/domain/diagram.hpp"
#include "http/cli/commands.hpp"
#include "workflows/registry.hpp"

namespace facilitator::cli {

namespace {
struct DiagramOptions {
  std::string workflow;
  std::string format = "mermaid";
  std::string language = "nb";
};
}  // namespace

void add_diagram_command(CLI::App& app) {
  auto options = std::make_shared<DiagramOptions>();
  CLI::App* command =
      app.add_subcommand("diagram", "Print a workflow's state diagram, generated from its transition table");
  command->add_option("workflow", options->workflow, "The workflow, e.g. establishment")->required();
  command->add_option("--format", options->format, "dot (Graphviz) or mermaid")
      ->check(CLI::IsMember({"dot", "mermaid"}))
      ->capture_default_str();
  command->add_option("--lang", options->language, "Language of the labels: nb or en")
      ->check(CLI::IsMember({"nb", "en"}))
      ->capture_default_str();
  command->callback([options] {
    core::WorkflowRegistry registry = workflows::builtin_registry();
    const core::Workflow& workflow = registry.get(options->workflow);
    std::cout << (options->format == "dot" ? core::to_dot(workflow, options->language)
                                           : core::to_mermaid(workflow, options->language));
  });
}

}  // namespace facilitator::cli
