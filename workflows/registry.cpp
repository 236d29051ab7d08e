#include "workflows/registry.hpp"

#include "workflows/establishment/establishment.hpp"
#include "workflows/innovation/innovation.hpp"
#include "workflows/liaison/liaison.hpp"

namespace facilitator::workflows {

core::WorkflowRegistry builtin_registry() {
  core::WorkflowRegistry registry;
  registry.add(make_establishment_workflow());
  registry.add(make_innovation_workflow());
  registry.add(make_liaison_workflow());
  return registry;
}

}  // namespace facilitator::workflows
