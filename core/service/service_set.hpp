#pragma once

// Every service over one store, built together so that a new service is wired in one place.

#include "core/domain/time.hpp"
#include "core/domain/workflow.hpp"
#include "core/service/company_service.hpp"
#include "core/service/project_record_service.hpp"
#include "core/service/project_service.hpp"
#include "core/service/reference_service.hpp"
#include "core/service/store.hpp"
#include "core/service/target_service.hpp"

namespace facilitator::core {

struct ServiceSet {
  ServiceSet(Store& store, const WorkflowRegistry& workflows, const Clock& clock)
      : projects(store, workflows, clock),
        reference(store),
        companies(store, clock),
        records(store, clock),
        targets(store, clock) {}

  ProjectService projects;
  ReferenceService reference;
  CompanyService companies;
  ProjectRecordService records;
  TargetService targets;
};

}  // namespace facilitator::core
