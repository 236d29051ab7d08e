// The project fields the innovation and liaison workflows depend on: the liaison response
// deadline in Norwegian working days, the municipal unit a case is referred to, and the company
// whose organisation number an innovation project's guard checks.

#include "core/service/company_service.hpp"
#include "storage_fixture.hpp"

using namespace facilitator::storage_test;
using facilitator::core::CompanyChanges;
using facilitator::core::CompanyService;
using facilitator::core::NewProject;
using facilitator::core::ProjectService;

namespace {

/// A service whose clock stands still at `at` (RFC 3339), for deadline arithmetic.
struct FixedTime {
  explicit FixedTime(Fixture& f, const char* at)
      : now(*facilitator::core::parse_rfc3339(at)), service(f.db().store(), f.registry(), [this] { return now; }) {}
  facilitator::core::Timestamp now;
  ProjectService service;
};

ProjectView create_in(ProjectService& service, const std::string& workflow, ProjectChanges fields = {}) {
  NewProject request{workflow, std::move(fields)};
  request.fields.title = "Sak";
  return service.create(std::move(request), kAdviser);
}

}  // namespace

BACKEND_TEST_CASE("A liaison case is due 10 Norwegian working days after the day it was received",
                  "[storage][liaison]") {
  Fixture f(backend);
  // Wednesday 1 April 2026 (CEST). Then Maundy Thursday, Good Friday, the weekend and Easter
  // Monday (6 April) are not working days: 7-10 April are days 1-4, 13-17 April days 5-9, and
  // Monday 20 April is day 10.
  FixedTime easter(f, "2026-04-01T09:00:00.000Z");
  ProjectView received = create_in(easter.service, "liaison");
  CHECK(received.project.state == "received");
  CHECK(received.project.response_deadline == "2026-04-20");

  // 23:30 UTC on Thursday 26 November is 00:30 on Friday 27 November in Norway: the case is
  // received on the Friday, so 30 Nov-4 Dec are days 1-5 and 7-11 December days 6-10.
  FixedTime late(f, "2026-11-26T23:30:00.000Z");
  CHECK(create_in(late.service, "liaison").project.response_deadline == "2026-12-11");

  // Received on 21 December 2026 (Monday): 22, 23 Dec (1, 2); 24 Dec is a working day in law (3);
  // 25, 26 Dec holidays; 28-31 Dec (4-7); 1 Jan holiday; 4-6 Jan 2027 (8-10).
  FixedTime christmas(f, "2026-12-21T10:00:00.000Z");
  CHECK(create_in(christmas.service, "liaison").project.response_deadline == "2027-01-06");

  // Other workflows have no deadline, and nobody can set one.
  CHECK_FALSE(create_in(easter.service, "establishment").project.response_deadline);
  CHECK(f.project(received.project.id).response_deadline == "2026-04-20");  // stored
}

BACKEND_TEST_CASE("A liaison case is referred only to a named municipal unit", "[storage][liaison]") {
  Fixture f(backend);
  FixedTime now(f, "2026-03-02T09:00:00.000Z");
  ProjectChanges adviser;
  adviser.adviser = std::optional<std::string>("kari@mnu.no");
  ProjectId id = create_in(now.service, "liaison", adviser).project.id;
  f.move(id, "assign");

  auto refused = thrown<TransitionRejected>([&] { f.move(id, "refer"); });
  REQUIRE(refused);
  REQUIRE(refused->decision().failures.size() == 1);
  CHECK(refused->decision().failures[0].field == "municipal_unit");

  ProjectChanges unit;
  unit.municipal_unit = std::optional<std::string>("  Moss kommune, Plan og bygg ");
  f.update(id, unit);
  CHECK(f.project(id).facts.municipal_unit == "Moss kommune, Plan og bygg");
  CHECK(f.move(id, "refer").event.to_state == "referred");
  CHECK(f.move(id, "answer", "Søknaden er behandlet; svar sendt bedriften.").event.to_state == "answered");
}

BACKEND_TEST_CASE("An innovation project's guard reads the organisation number of its company",
                  "[storage][innovation]") {
  Fixture f(backend);
  CompanyService companies(f.db().store(), facilitator::core::system_clock());
  CompanyChanges firm;
  firm.name = "Moss Mekaniske AS";
  firm.organisation_number = kOrganisationNumber;
  auto company = companies.create(firm, kAdviser);
  CHECK(company.organisation_number == kOrganisationNumberDigits);

  FixedTime now(f, "2026-03-02T09:00:00.000Z");
  ProjectId id = create_in(now.service, "innovation").project.id;
  auto refused = thrown<TransitionRejected>([&] { f.move(id, "start_pre_project"); });
  REQUIRE(refused);

  ProjectChanges link;
  link.company_id = std::optional<std::int64_t>(company.id);
  ProjectView linked = f.update(id, link);
  CHECK(linked.project.company_id == company.id);
  CHECK_FALSE(linked.project.facts.organisation_number);  // the project's own field stays empty
  CHECK(f.move(id, "start_pre_project").event.to_state == "pre_project");
  CHECK_FALSE(f.project(id).facts.organisation_number);
}
