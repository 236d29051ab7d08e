#pragma once

#include <memory>

#include "core/domain/workflow.hpp"

namespace facilitator::workflows {

/// The establishment workflow (etablering): a new business from idea to established company.
[[nodiscard]] std::unique_ptr<core::Workflow> make_establishment_workflow();

}  // namespace facilitator::workflows
