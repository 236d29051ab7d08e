#pragma once

#include "core/access/access_control.hpp"
#include "core/domain/workflow.hpp"
#include "core/report/report.hpp"
#include "core/service/account_service.hpp"
#include "core/service/company_service.hpp"
#include "core/service/project_record_service.hpp"
#include "core/service/project_service.hpp"
#include "core/service/reference_service.hpp"
#include "core/service/service_set.hpp"
#include "core/service/store.hpp"
#include "core/service/target_service.hpp"

namespace facilitator::http {

/// What the route handlers call. Owned by whoever starts the server; handlers only borrow it.
struct Services {
  core::Store& store;
  const core::WorkflowRegistry& workflows;
  core::ProjectService& projects;
  core::ReferenceService& reference;
  core::CompanyService& companies;
  core::ProjectRecordService& records;
  core::TargetService& targets;
  core::AccountService& accounts;
  core::AccessControl& access;
  core::ReportService& reports;
};

inline Services services_of(core::Store& store, const core::WorkflowRegistry& workflows, core::ServiceSet& set) {
  return {store,       workflows,   set.projects, set.reference, set.companies,
          set.records, set.targets, set.accounts, set.access,    set.reports};
}

}  // namespace facilitator::http
