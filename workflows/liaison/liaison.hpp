#pragma once

#include <memory>

#include "core/domain/workflow.hpp"

namespace facilitator::workflows {

/// The liaison workflow (næringssak): a case between a firm and the municipality, from received to
/// answered and closed.
[[nodiscard]] std::unique_ptr<core::Workflow> make_liaison_workflow();

}  // namespace facilitator::workflows
