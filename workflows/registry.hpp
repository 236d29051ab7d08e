#pragma once

#include "core/domain/workflow.hpp"

namespace facilitator::workflows {

/// A registry holding every built-in workflow.
[[nodiscard]] core::WorkflowRegistry builtin_registry();

}  // namespace facilitator::workflows
