#include "workflows/innovation/innovation.hpp"

#include "workflows/common/msm_workflow.hpp"
#include "workflows/innovation/machine.hpp"

namespace facilitator::workflows {

std::unique_ptr<core::Workflow> make_innovation_workflow() {
  return std::make_unique<MsmWorkflow<innovation::Definition>>();
}

}  // namespace facilitator::workflows
