#pragma once

#include "core/domain/workflow.hpp"
#include "core/service/project_service.hpp"
#include "core/service/store.hpp"

namespace facilitator::http {

/// What the route handlers call. Owned by whoever starts the server; handlers only borrow it.
struct Services {
  core::Store& store;
  const core::WorkflowRegistry& workflows;
  core::ProjectService& projects;
};

}  // namespace facilitator::http
