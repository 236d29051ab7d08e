#include "workflows/registry.hpp"

#include "workflows/establishment/establishment.hpp"

namespace facilitator::workflows {

core::WorkflowRegistry builtin_registry() {
  core::WorkflowRegistry registry;
  registry.add(make_establishment_workflow());
  return registry;
}

}  // namespace facilitator::workflows
