#include "workflows/liaison/liaison.hpp"

#include "workflows/common/msm_workflow.hpp"
#include "workflows/liaison/machine.hpp"

namespace facilitator::workflows {

std::unique_ptr<core::Workflow> make_liaison_workflow() { return std::make_unique<MsmWorkflow<liaison::Definition>>(); }

}  // namespace facilitator::workflows
