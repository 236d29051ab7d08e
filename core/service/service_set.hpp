#pragma once

// Every service over one store, built together so that a new service is wired in one place.

#include "core/access/access_control.hpp"
#include "core/account/login_throttle.hpp"
#include "core/account/password.hpp"
#include "core/domain/time.hpp"
#include "core/domain/workflow.hpp"
#include "core/report/report.hpp"
#include "core/service/account_service.hpp"
#include "core/service/company_service.hpp"
#include "core/service/project_record_service.hpp"
#include "core/service/project_service.hpp"
#include "core/service/reference_service.hpp"
#include "core/service/store.hpp"
#include "core/service/target_service.hpp"

namespace facilitator::core {

/// How accounts behave: password hashing limits, login throttling, session lifetimes.
struct AccountSettings {
  PasswordHashSettings passwords;
  LoginThrottleSettings throttle;
  SessionSettings sessions;
};

struct ServiceSet {
  ServiceSet(Store& store, const WorkflowRegistry& workflows, const Clock& clock, AccountSettings settings = {})
      : projects(store, workflows, clock),
        reference(store, clock),
        companies(store, clock),
        records(store, clock),
        targets(store, clock),
        reports(store, workflows, clock),
        hasher(settings.passwords),
        throttle(settings.throttle),
        accounts(store, clock, hasher, throttle, settings.sessions),
        access(store) {}

  ProjectService projects;
  ReferenceService reference;
  CompanyService companies;
  ProjectRecordService records;
  TargetService targets;
  ReportService reports;
  PasswordHasher hasher;  // before `accounts`, which uses it
  LoginThrottle throttle;
  AccountService accounts;
  AccessControl access;
};

}  // namespace facilitator::core
