#pragma once

#include <memory>

#include "core/domain/workflow.hpp"

namespace facilitator::workflows {

/// The innovation workflow: an innovation project in an existing company, from idea to completion.
[[nodiscard]] std::unique_ptr<core::Workflow> make_innovation_workflow();

}  // namespace facilitator::workflows
