// Bad input is refused with the field named and nothing stored; unknown ids are not found
// (docs/design.md#api-errors).

#include "storage_fixture.hpp"

using namespace facilitator::storage_test;

namespace {

/// Runs `work`, expects invalid_input naming exactly `fields`.
template <class Work>
void expect_invalid(Work&& work, const std::vector<std::string>& fields) {
  auto error = thrown<DomainError>(work);
  REQUIRE(error);
  CHECK(error->code() == ErrorCode::invalid_input);
  CHECK(error_fields(*error) == fields);
  for (const auto& e : error->errors()) {
    CHECK_FALSE(e.code.empty());
    CHECK_FALSE(e.message.empty());
  }
}

template <class Work>
void expect_not_found(Work&& work) {
  auto error = thrown<DomainError>(work);
  REQUIRE(error);
  CHECK(error->code() == ErrorCode::not_found);
}

ProjectChanges text_fact(facilitator::core::Change<std::string> ProjectChanges::*field, const std::string& value) {
  ProjectChanges c;
  c.*field = std::optional<std::string>(value);
  return c;
}

std::int64_t project_count(Fixture& f) { return f.service().list({}, kAdviser).total; }

}  // namespace

BACKEND_TEST_CASE("A project with invalid fields is not created", "[storage][validation]") {
  Fixture f(backend);
  auto create = [&](ProjectChanges fields, std::string workflow = "establishment") {
    return [&f, fields, workflow] { f.service().create(facilitator::core::NewProject{workflow, fields}, kAdviser); };
  };
  ProjectChanges titled;
  titled.title = "Bakeri i Moss";

  ProjectChanges no_title;
  expect_invalid(create(no_title), {"title"});
  ProjectChanges blank_title;
  blank_title.title = "   ";
  expect_invalid(create(blank_title), {"title"});
  ProjectChanges long_title;
  long_title.title = std::string(201, 'x');
  expect_invalid(create(long_title), {"title"});

  for (const std::string bad : {"923609017", "92360901", "9236090166", "abc609016", "000000000x"}) {
    INFO("organisation number " << bad);
    ProjectChanges c = titled;
    c.organisation_number = std::optional<std::string>(bad);
    expect_invalid(create(c), {"organisation_number"});
  }
  for (const std::string bad : {"310", "31030", "Moss", "31a3"}) {
    INFO("municipality " << bad);
    ProjectChanges c = titled;
    c.municipality = std::optional<std::string>(bad);
    expect_invalid(create(c), {"municipality"});
  }
  for (const std::string bad : {"2026-02-30", "2026-13-01", "10.03.2026", "2026-3-1", "2026-03-10T00:00:00Z"}) {
    INFO("registration date " << bad);
    ProjectChanges c = titled;
    c.registration_date = std::optional<std::string>(bad);
    expect_invalid(create(c), {"registration_date"});
  }
  expect_invalid(create(titled, ""), {"workflow"});
  expect_invalid(create(titled, "shipbuilding"), {"workflow"});

  // Every problem is reported at once.
  ProjectChanges many;
  many.title = "";
  many.municipality = std::optional<std::string>("Moss");
  many.organisation_number = std::optional<std::string>("123");
  many.registration_date = std::optional<std::string>("i går");
  expect_invalid(create(many), {"municipality", "organisation_number", "registration_date", "title"});

  CHECK(project_count(f) == 0);
}

BACKEND_TEST_CASE("An invalid edit of a project changes nothing", "[storage][validation]") {
  Fixture f(backend);
  ProjectId id = f.project_in("screening");
  Snapshot before = f.snapshot(id);
  std::int64_t version = f.project(id).version;
  auto update = [&](ProjectChanges c) {
    return [&f, id, version, c] { f.service().update(id, version, c, kAdviser); };
  };

  expect_invalid(update(text_fact(&ProjectChanges::organisation_number, "923 609 017")), {"organisation_number"});
  expect_invalid(update(text_fact(&ProjectChanges::municipality, "Moss")), {"municipality"});
  expect_invalid(update(text_fact(&ProjectChanges::registration_date, "2026-02-29")), {"registration_date"});
  ProjectChanges blank_title;
  blank_title.title = " ";
  expect_invalid(update(blank_title), {"title"});
  // One bad field spoils the whole edit: the good one is not stored either.
  ProjectChanges mixed = text_fact(&ProjectChanges::focus_area, "green_industry");
  mixed.municipality = std::optional<std::string>("31");
  expect_invalid(update(mixed), {"municipality"});
  CHECK(f.snapshot(id) == before);

  // A leap day is a real date.
  f.update(id, text_fact(&ProjectChanges::registration_date, "2028-02-29"));
  CHECK(f.project(id).facts.registration_date == "2028-02-29");
}

BACKEND_TEST_CASE("Invalid funding applications and decisions are refused and change nothing",
                  "[storage][validation][funding]") {
  Fixture f(backend);
  ProjectId id = f.project_in("business_plan");
  auto add = [&](FundingChanges c) { return [&f, id, c] { f.service().add_funding(id, c, kAdviser); }; };
  FundingChanges valid;
  valid.source = "innovasjon_norge";
  valid.amount_applied = 100000;

  FundingChanges negative = valid;
  negative.amount_applied = -1;
  expect_invalid(add(negative), {"amount_applied"});
  FundingChanges huge = valid;
  huge.amount_applied = 1'000'000'000'001;
  expect_invalid(add(huge), {"amount_applied"});
  FundingChanges negative_grant = valid;
  negative_grant.status = FundingStatus::granted;
  negative_grant.amount_granted = std::optional<std::int64_t>(-500);
  expect_invalid(add(negative_grant), {"amount_granted"});
  FundingChanges granted_without_amount = valid;
  granted_without_amount.status = FundingStatus::granted;
  expect_invalid(add(granted_without_amount), {"amount_granted"});
  FundingChanges amount_without_grant = valid;
  amount_without_grant.status = FundingStatus::submitted;
  amount_without_grant.amount_granted = std::optional<std::int64_t>(5000);
  expect_invalid(add(amount_without_grant), {"amount_granted"});
  FundingChanges bad_date = valid;
  bad_date.decision_date = std::optional<std::string>("2026-06-31");
  expect_invalid(add(bad_date), {"decision_date"});
  FundingChanges missing;
  expect_invalid(add(missing), {"amount_applied", "source"});
  FundingChanges blank_source = valid;
  blank_source.source = "  ";
  expect_invalid(add(blank_source), {"source"});
  CHECK(f.service().list_funding(id, kAdviser).empty());

  // Decisions on a stored application.
  FundingApplication application = f.service().add_funding(id, valid, kAdviser);
  CHECK(application.source == "innovasjon_norge");
  CHECK(application.version == 1);
  Snapshot before = f.snapshot(id);
  auto decide = [&](FundingChanges c) {
    return
        [&f, id, application, c] { f.service().update_funding(id, application.id, application.version, c, kAdviser); };
  };
  FundingChanges grant_without_amount;
  grant_without_amount.status = FundingStatus::granted;
  expect_invalid(decide(grant_without_amount), {"amount_granted"});
  FundingChanges negative_applied;
  negative_applied.amount_applied = -100;
  expect_invalid(decide(negative_applied), {"amount_applied"});
  FundingChanges negative_granted;
  negative_granted.status = FundingStatus::granted;
  negative_granted.amount_granted = std::optional<std::int64_t>(-1);
  expect_invalid(decide(negative_granted), {"amount_granted"});
  FundingChanges bad_decision_date;
  bad_decision_date.decision_date = std::optional<std::string>("01.03.2026");
  expect_invalid(decide(bad_decision_date), {"decision_date"});
  FundingChanges no_source;
  no_source.source = "";
  expect_invalid(decide(no_source), {"source"});
  CHECK(f.snapshot(id) == before);

  // A valid decision is stored with its amount and date, and the version moves.
  FundingChanges grant;
  grant.status = FundingStatus::granted;
  grant.amount_granted = std::optional<std::int64_t>(80000);
  grant.decision_date = std::optional<std::string>("2026-03-01");
  FundingApplication granted = f.service().update_funding(id, application.id, 1, grant, kAdviser);
  CHECK(granted.version == 2);
  CHECK(to_text(f.service().get_funding(id, application.id, kAdviser)) == to_text(granted));
  CHECK(granted.amount_granted == 80000);
  CHECK(granted.decision_date == "2026-03-01");
  CHECK(granted.amount_applied == 100000);
}

BACKEND_TEST_CASE("Unknown projects and funding applications are not found", "[storage][validation]") {
  Fixture f(backend);
  ProjectId id = f.project_in("screening");
  FundingId funding = f.add_funding(id, 1000).id;
  ProjectId other = f.project_in("screening", "Annet prosjekt");
  FundingId others_funding = f.add_funding(other, 2000).id;
  const ProjectId unknown = other + 1000;
  Snapshot before = f.snapshot(id);

  ProjectChanges changes = text_fact(&ProjectChanges::focus_area, "green_industry");
  FundingChanges application;
  application.source = "regional_fund";
  application.amount_applied = 10;
  FundingChanges decision;
  decision.status = FundingStatus::submitted;
  TransitionCommand park;
  park.project_id = unknown;
  park.event = "park";
  park.input.note = "notat";
  park.expected_version = 1;

  expect_not_found([&] { f.service().get(unknown, kAdviser); });
  expect_not_found([&] { f.service().update(unknown, 1, changes, kAdviser); });
  expect_not_found([&] { f.service().transition(park, kAdviser); });
  park.idempotency_key = "k";
  expect_not_found([&] { f.service().transition(park, kAdviser); });
  expect_not_found([&] { f.service().events(unknown, {}, kAdviser); });
  expect_not_found([&] { f.service().add_funding(unknown, application, kAdviser); });
  expect_not_found([&] { f.service().list_funding(unknown, kAdviser); });
  expect_not_found([&] { f.service().get_funding(unknown, funding, kAdviser); });
  expect_not_found([&] { f.service().update_funding(unknown, funding, 1, decision, kAdviser); });
  expect_not_found([&] { f.service().get(0, kAdviser); });
  expect_not_found([&] { f.service().get(-1, kAdviser); });

  // An application is found only through its own project.
  expect_not_found([&] { f.service().get_funding(id, funding + 1000, kAdviser); });
  expect_not_found([&] { f.service().update_funding(id, funding + 1000, 1, decision, kAdviser); });
  expect_not_found([&] { f.service().get_funding(id, others_funding, kAdviser); });
  expect_not_found([&] { f.service().update_funding(id, others_funding, 1, decision, kAdviser); });

  CHECK(f.snapshot(id) == before);
  CHECK(f.service().get_funding(other, others_funding, kAdviser).version == 1);
  CHECK(project_count(f) == 2);
}

// Fixed (core/service/validation.cpp): the limits "at most 200 characters" (title, source, adviser,
// ...) and "at most 20000 characters" (result_summary) are checked with std::string::size(), i.e.
// in UTF-8 bytes, so Norwegian text with æ, ø and å is refused well below the limit it states.
BACKEND_TEST_CASE("Text limits count characters, not bytes, so Norwegian letters are not penalised",
                  "[storage][validation]") {
  Fixture f(backend);
  std::string title;
  for (int i = 0; i < 15; ++i) title += "Sjømatkjøkk";  // 165 characters, 195 bytes
  title += "en på Ærøy ";                               // 176 characters, 209 bytes
  title += "og Åsgårdstrand";                           // 191 characters, 226 bytes
  REQUIRE(title.size() > 200);
  ProjectView created = f.create(title);
  CHECK(f.project(created.project.id).title == title);

  std::string summary;
  for (int i = 0; i < 1800; ++i) summary += "Økonomiåøæ";  // 18000 characters, 25200 bytes
  ProjectChanges c;
  c.result_summary = std::optional<std::string>(summary);
  f.update(created.project.id, c);
  CHECK(f.project(created.project.id).facts.result_summary == summary);
}
