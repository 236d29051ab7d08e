#include "workflows/establishment/establishment.hpp"

#include "workflows/common/msm_workflow.hpp"
#include "workflows/establishment/machine.hpp"

namespace facilitator::workflows {

std::unique_ptr<core::Workflow> make_establishment_workflow() {
  return std::make_unique<MsmWorkflow<establishment::Definition>>();
}

}  // namespace facilitator::workflows
