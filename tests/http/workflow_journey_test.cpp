// A project's life over HTTP: the whole establishment workflow, every guard's refusal, and that
// the state survives a restart of the server and the store.

#include <optional>

#include "http_test_support.hpp"

using namespace facilitator::testing;

namespace {

constexpr const char* kValidOrganisationNumber = "923609016";  // mod-11 check digit 6

/// After a successful transition: the reply, its ETag and a fresh GET agree on state and version.
void check_moved(Api& api, const json& result, const Reply& reply, std::int64_t id, const std::string& from,
                 const std::string& event, const std::string& to, std::int64_t version) {
  INFO(event << ": " << reply.body);
  CHECK(reply.status == 200);
  CHECK(result["project_id"] == id);
  CHECK(result["state"] == to);
  CHECK(result["version"] == version);
  CHECK(result["event"]["seq"] == version);
  CHECK(result["event"]["kind"] == "transition");
  CHECK(result["event"]["event"] == event);
  CHECK(result["event"]["from_state"] == from);
  CHECK(result["event"]["to_state"] == to);
  CHECK(reply.header("ETag") == quoted(version));
  CHECK(reply.header("Idempotent-Replayed").empty());
  Reply now = api.get(Api::project_path(id));
  CHECK(now.json["state"] == to);
  CHECK(now.json["version"] == version);
  CHECK(now.header("ETag") == quoted(version));
}

/// POSTs a transition that the workflow must refuse with 422 and checks that nothing changed.
json expect_rejected(Api& api, std::int64_t id, const std::string& event, std::int64_t version,
                     const std::string& rejection, const std::vector<std::string>& guards, json extra = json::object(),
                     httplib::Headers headers = {}) {
  Snapshot before = Snapshot::of(api, id);
  Reply r = api.transition(id, event, version, std::move(extra), std::move(headers));
  INFO(event << " from " << before.project["state"] << ": " << r.body);
  check_problem(r, 422);
  CHECK(r.json["type"] == "urn:facilitator:problem:transition-rejected");
  CHECK(r.json["rejection"] == rejection);
  CHECK(r.json["event"] == event);
  CHECK(r.json["state"] == before.project["state"]);
  CHECK(guard_ids(r.json["reasons"]) == guards);
  for (const auto& reason : r.json["reasons"]) {
    CHECK(reason["field"].is_string());
    CHECK_FALSE(reason["message"].value("nb", "").empty());
    CHECK_FALSE(reason["message"].value("en", "").empty());
    CHECK(reason["message"]["nb"] != reason["message"]["en"]);
  }
  CHECK(Snapshot::of(api, id) == before);
  return r.json;
}

/// The (guard, field) pairs of reasons, for compact comparisons.
std::vector<std::pair<std::string, std::string>> guard_fields(const json& reasons) {
  std::vector<std::pair<std::string, std::string>> pairs;
  for (const auto& r : reasons) pairs.emplace_back(r.value("guard", ""), r.value("field", ""));
  return pairs;
}

}  // namespace

BACKEND_TEST_CASE("A project goes from idea to completed over HTTP and its history lists every change in order",
                  "[http]") {
  TestDatabase db(backend);
  TestServer server(db);
  Api api(server);

  Reply created = api.post("/api/v1/projects", {{"workflow", "establishment"}, {"title", "Bakeri i Moss"}});
  REQUIRE(created.status == 201);
  const std::int64_t id = created.json["id"].get<std::int64_t>();
  const std::string path = Api::project_path(id);
  CHECK(created.header("Location") == path);
  CHECK(created.header("ETag") == "\"1\"");
  CHECK(created.json["state"] == "idea");
  CHECK(created.json["version"] == 1);
  CHECK(created.json["created_by"] == "test.adviser@mnu.no");

  // Before any fact is set the guards say what is missing; input guards (park, close) do not count yet.
  json start = availability(created.json, "start_screening");
  REQUIRE(start.is_object());
  CHECK(start["allowed"] == false);
  CHECK(guard_fields(start["reasons"]) ==
        std::vector<std::pair<std::string, std::string>>{{"adviser_assigned", "adviser"}});
  CHECK(start["reasons"][0]["message"]["en"] == "The project has no adviser. Assign an adviser first.");
  CHECK(start["reasons"][0]["message"]["nb"] == "Prosjektet har ingen rådgiver. Tildel en rådgiver først.");
  CHECK(availability(created.json, "park")["allowed"] == true);
  CHECK(availability(created.json, "close")["allowed"] == true);
  CHECK(availability(created.json, "complete").is_null());  // does not leave idea

  std::int64_t version = 1;
  std::string etag = created.header("ETag");
  auto patch = [&](const json& changes) {
    Reply r = api.patch(path, changes, {{"If-Match", quoted(version)}});
    INFO(changes.dump() << ": " << r.body);
    REQUIRE(r.status == 200);
    CHECK(r.json["version"] == version + 1);
    CHECK(r.header("ETag") == quoted(version + 1));
    CHECK(r.header("ETag") != etag);
    ++version;
    etag = r.header("ETag");
    return r.json;
  };
  auto move = [&](const std::string& event, const std::string& from, const std::string& to) {
    Reply r = api.transition(id, event, version, {{"note", "Steg: " + event}});
    REQUIRE(r.status == 200);
    check_moved(api, r.json, r, id, from, event, to, version + 1);
    CHECK(r.header("ETag") != etag);
    ++version;
    etag = r.header("ETag");
  };

  json p = patch({{"adviser", "kari.nordmann@mnu.no"}});
  CHECK(p["adviser"] == "kari.nordmann@mnu.no");
  CHECK(availability(p, "start_screening")["allowed"] == true);
  CHECK(availability(p, "start_screening")["reasons"].empty());
  move("start_screening", "idea", "screening");

  json s = api.project(id);
  CHECK(guard_ids(availability(s, "start_business_plan")["reasons"]) ==
        std::vector<std::string>{"focus_area_set", "municipality_set"});
  p = patch({{"focus_area", "food"}, {"municipality", "3103"}});
  CHECK(availability(p, "start_business_plan")["allowed"] == true);
  move("start_business_plan", "screening", "business_plan");

  // Funding applications: created as submitted, then granted with an amount.
  Reply funding = api.post(path + "/funding-applications",
                           {{"source", "innovasjon_norge"}, {"amount_applied", 250000}, {"status", "submitted"}});
  REQUIRE(funding.status == 201);
  const std::int64_t funding_id = funding.json["id"].get<std::int64_t>();
  const std::string funding_path = path + "/funding-applications/" + std::to_string(funding_id);
  CHECK(funding.header("Location") == funding_path);
  CHECK(funding.header("ETag") == "\"1\"");
  CHECK(funding.json["status"] == "submitted");
  CHECK(funding.json["amount_applied"] == 250000);
  CHECK(funding.json["amount_granted"].is_null());
  Reply second = api.post(path + "/funding-applications", {{"source", "municipal_fund"}, {"amount_applied", 50000}});
  REQUIRE(second.status == 201);
  CHECK(second.json["status"] == "draft");

  json bp = api.project(id);
  CHECK(guard_ids(availability(bp, "apply_for_funding")["reasons"]) ==
        std::vector<std::string>{"business_plan_complete"});
  p = patch({{"business_plan_complete", true}});
  CHECK(availability(p, "apply_for_funding")["allowed"] == true);
  move("apply_for_funding", "business_plan", "funding");

  Reply granted =
      api.patch(funding_path, {{"status", "granted"}, {"amount_granted", 200000}, {"decision_date", "2026-03-01"}},
                {{"If-Match", "\"1\""}});
  REQUIRE(granted.status == 200);
  CHECK(granted.header("ETag") == "\"2\"");
  CHECK(granted.json["version"] == 2);
  CHECK(granted.json["status"] == "granted");
  CHECK(granted.json["amount_granted"] == 200000);
  CHECK(granted.json["decision_date"] == "2026-03-01");
  Reply withdrawn = api.patch(path + "/funding-applications/" + std::to_string(second.json["id"].get<std::int64_t>()),
                              {{"status", "withdrawn"}}, {{"If-Match", "\"1\""}});
  REQUIRE(withdrawn.status == 200);
  Reply list = api.get(path + "/funding-applications");
  REQUIRE(list.status == 200);
  CHECK(list.json["total"] == 2);
  CHECK(list.json["items"][0]["status"] == "granted");
  CHECK(list.json["items"][1]["status"] == "withdrawn");
  Reply one = api.get(funding_path);
  CHECK(one.json == granted.json);
  CHECK(one.header("ETag") == "\"2\"");

  json f = api.project(id);
  CHECK(guard_ids(availability(f, "register_company")["reasons"]) ==
        std::vector<std::string>{"organisation_number_valid", "registration_date_set"});
  CHECK(availability(f, "revise_plan")["allowed"] == true);  // nothing pending any more
  p = patch({{"organisation_number", "923 609 016"}, {"registration_date", "2026-03-15"}});
  CHECK(p["organisation_number"] == kValidOrganisationNumber);  // normalised
  CHECK(availability(p, "register_company")["allowed"] == true);
  move("register_company", "funding", "established");
  move("start_follow_up", "established", "follow_up");

  json fu = api.project(id);
  CHECK(availability(fu, "complete")["allowed"] == false);
  CHECK(guard_ids(availability(fu, "complete")["reasons"]) == std::vector<std::string>{"result_summary_given"});
  p = patch({{"result_summary", "Bakeriet har åpnet med fire ansatte."}});
  CHECK(availability(p, "complete")["allowed"] == true);
  move("complete", "follow_up", "completed");

  json done = api.project(id);
  CHECK(done["state"] == "completed");
  CHECK(done["version"] == 12);
  CHECK(done["available_events"].empty());  // a final state leads nowhere

  // The history: every change, in order, seq 1..n, each with its kind.
  json events = api.events(id);
  REQUIRE(events["items"].size() == 12);
  CHECK(events["total"] == 12);
  CHECK(events["next_cursor"].is_null());
  const std::vector<std::pair<std::string, std::string>> expected{{"created", "created"},
                                                                  {"updated", "updated"},
                                                                  {"transition", "start_screening"},
                                                                  {"updated", "updated"},
                                                                  {"transition", "start_business_plan"},
                                                                  {"updated", "updated"},
                                                                  {"transition", "apply_for_funding"},
                                                                  {"updated", "updated"},
                                                                  {"transition", "register_company"},
                                                                  {"transition", "start_follow_up"},
                                                                  {"updated", "updated"},
                                                                  {"transition", "complete"}};
  std::string previous_state;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const json& e = events["items"][i];
    INFO("event " << i << ": " << e.dump());
    CHECK(e["seq"] == i + 1);
    CHECK(e["kind"] == expected[i].first);
    CHECK(e["event"] == expected[i].second);
    CHECK(e["actor"] == "test.adviser@mnu.no");
    CHECK(e["at"].get<std::string>().size() == 24);  // 2026-01-01T00:00:00.000Z
    if (i == 0) {
      CHECK(e["from_state"].is_null());
    } else {
      CHECK(e["from_state"] == previous_state);
    }
    if (e["kind"] == "updated") {
      CHECK(e["from_state"] == e["to_state"]);
      CHECK(e["changes"].is_object());
    }
    if (e["kind"] == "transition") CHECK(e["note"] == "Steg: " + e["event"].get<std::string>());
    previous_state = e["to_state"].get<std::string>();
  }
  CHECK(events["items"][1]["changes"] == json{{"adviser", "kari.nordmann@mnu.no"}});
  CHECK(events["items"][7]["changes"] ==
        json{{"organisation_number", kValidOrganisationNumber}, {"registration_date", "2026-03-15"}});
  CHECK(previous_state == "completed");

  // The same history a page at a time.
  json collected = json::array();
  std::optional<std::string> cursor;
  int pages = 0;
  do {
    Reply page = api.get(path + "/events?limit=5" + (cursor ? "&cursor=" + *cursor : ""));
    REQUIRE(page.status == 200);
    CHECK(page.json["total"] == 12);
    for (const auto& e : page.json["items"]) collected.push_back(e);
    cursor = page.json["next_cursor"].is_null()
                 ? std::nullopt
                 : std::optional<std::string>(page.json["next_cursor"].get<std::string>());
    ++pages;
  } while (cursor && pages < 10);
  CHECK(pages == 3);
  CHECK(collected == events["items"]);
}

BACKEND_TEST_CASE(
    "Every guard of the establishment workflow refuses with 422, names what is missing and changes nothing", "[http]") {
  TestDatabase db(backend);
  TestServer server(db);
  Api api(server);
  const std::int64_t id = api.create("Sykkelverksted")["id"].get<std::int64_t>();
  const std::string path = Api::project_path(id);

  // idea
  json r = expect_rejected(api, id, "start_screening", 1, "guard_failed", {"adviser_assigned"});
  CHECK(r["reasons"][0]["field"] == "adviser");
  CHECK(r["reasons"][0]["message"]["en"] == "The project has no adviser. Assign an adviser first.");
  CHECK(r["reasons"][0]["message"]["nb"] == "Prosjektet har ingen rådgiver. Tildel en rådgiver først.");
  r = expect_rejected(api, id, "complete", 1, "not_possible", {});
  CHECK(r["detail"] == "The event 'complete' is not possible from the state 'idea'.");
  r = expect_rejected(api, id, "teleport", 1, "unknown_event", {});
  r = expect_rejected(api, id, "park", 1, "guard_failed", {"note_given"});
  CHECK(r["reasons"][0]["field"] == "note");
  expect_rejected(api, id, "park", 1, "guard_failed", {"note_given"}, {{"note", "   "}});
  r = expect_rejected(api, id, "close", 1, "guard_failed", {"close_reason_given", "note_given"});
  CHECK(guard_fields(r["reasons"]) ==
        std::vector<std::pair<std::string, std::string>>{{"close_reason_given", "reason"}, {"note_given", "note"}});
  expect_rejected(api, id, "close", 1, "guard_failed", {"close_reason_given"}, {{"reason", "bored"}, {"note", "Lei"}});

  json p = api.update(id, 1, {{"adviser", "ola@mnu.no"}});
  api.move(id, "start_screening", 2);

  // screening: both missing facts at once
  r = expect_rejected(api, id, "start_business_plan", 3, "guard_failed", {"focus_area_set", "municipality_set"});
  CHECK(guard_fields(r["reasons"]) == std::vector<std::pair<std::string, std::string>>{
                                          {"focus_area_set", "focus_area"}, {"municipality_set", "municipality"}});
  api.update(id, 3, {{"focus_area", "retail"}});
  expect_rejected(api, id, "start_business_plan", 4, "guard_failed", {"municipality_set"});
  api.update(id, 4, {{"municipality", "3103"}});
  api.move(id, "start_business_plan", 5);

  // business_plan
  r = expect_rejected(api, id, "apply_for_funding", 6, "guard_failed",
                      {"business_plan_complete", "funding_application_registered"});
  CHECK(guard_fields(r["reasons"]) ==
        std::vector<std::pair<std::string, std::string>>{{"business_plan_complete", "business_plan_complete"},
                                                         {"funding_application_registered", "funding_applications"}});
  r = expect_rejected(api, id, "register_company", 6, "guard_failed",
                      {"organisation_number_valid", "registration_date_set", "self_financed"});
  CHECK(guard_fields(r["reasons"]) ==
        std::vector<std::pair<std::string, std::string>>{{"organisation_number_valid", "organisation_number"},
                                                         {"registration_date_set", "registration_date"},
                                                         {"self_financed", "self_financed"}});
  expect_rejected(api, id, "start_follow_up", 6, "not_possible", {});

  Reply funding =
      api.post(path + "/funding-applications", {{"source", "innovasjon_norge"}, {"amount_applied", 100000}});
  REQUIRE(funding.status == 201);
  expect_rejected(api, id, "apply_for_funding", 6, "guard_failed", {"business_plan_complete"});
  api.update(id, 6, {{"business_plan_complete", true}});
  api.move(id, "apply_for_funding", 7);

  // funding: a draft application is pending
  r = expect_rejected(api, id, "revise_plan", 8, "guard_failed", {"no_funding_pending"});
  CHECK(r["reasons"][0]["field"] == "funding_applications");
  r = expect_rejected(api, id, "register_company", 8, "guard_failed",
                      {"organisation_number_valid", "registration_date_set", "funding_granted"});
  CHECK(r["reasons"][2]["field"] == "funding_applications");
  api.update(id, 8, {{"organisation_number", kValidOrganisationNumber}, {"registration_date", "2026-05-02"}});
  expect_rejected(api, id, "register_company", 9, "guard_failed", {"funding_granted"});
  Reply grant = api.patch(path + "/funding-applications/" + std::to_string(funding.json["id"].get<std::int64_t>()),
                          {{"status", "granted"}, {"amount_granted", 100000}}, {{"If-Match", "\"1\""}});
  REQUIRE(grant.status == 200);
  api.move(id, "register_company", 9);
  expect_rejected(api, id, "complete", 10, "not_possible", {});
  api.move(id, "start_follow_up", 10);

  // follow_up
  r = expect_rejected(api, id, "complete", 11, "guard_failed", {"result_summary_given"});
  CHECK(r["reasons"][0]["field"] == "result_summary");

  // park and resume: back to exactly the stage it left
  json parked = api.move(id, "park", 11, {{"note", "Gründeren er på reise"}, {"visibility", "public"}});
  CHECK(parked["state"] == "parked");
  CHECK(parked["event"]["visibility"] == "public");
  json while_parked = api.project(id);
  CHECK(while_parked["parked_from"] == "follow_up");
  CHECK(availability(while_parked, "resume")["allowed"] == true);
  expect_rejected(api, id, "start_follow_up", 12, "not_possible", {});
  json resumed = api.move(id, "resume", 12);
  CHECK(resumed["state"] == "follow_up");
  CHECK(api.project(id)["parked_from"].is_null());

  // close, then reopen: only advisers and admins (management reads and never writes), only with a note
  api.move(id, "close", 13, {{"reason", "withdrawn"}, {"note", "Trakk seg"}});
  expect_rejected(api, id, "park", 14, "not_possible", {}, {{"note", "x"}});
  check_problem(api.transition(id, "reopen", 14, {{"note", "Ny start"}}, api.as(facilitator::core::Role::management)),
                403);
  expect_rejected(api, id, "reopen", 14, "guard_failed", {"note_given"});
  json reopened = api.move(id, "reopen", 14, {{"note", "Tok kontakt igjen"}});
  CHECK(reopened["state"] == "screening");
  CHECK(reopened["version"] == 15);

  // A second project finances itself and registers straight from the business plan.
  json other = api.create("Frisør", {{"adviser", "ola@mnu.no"}, {"focus_area", "retail"}, {"municipality", "3112"}});
  const std::int64_t other_id = other["id"].get<std::int64_t>();
  api.move(other_id, "start_screening", 1);
  api.move(other_id, "start_business_plan", 2);
  api.update(other_id, 3, {{"organisation_number", "974760673"}, {"registration_date", "2026-02-01"}});
  expect_rejected(api, other_id, "register_company", 4, "guard_failed", {"self_financed"});
  api.update(other_id, 4, {{"self_financed", true}});
  CHECK(api.move(other_id, "register_company", 5)["state"] == "established");
}

BACKEND_TEST_CASE("A project's state, version and history survive a restart of the server and the store", "[http]") {
  TestDatabase db(backend);
  std::int64_t id = 0;
  Snapshot before;
  {
    TestServer server(db);
    Api api(server);
    id = api.create("Kafé på Jeløy", {{"adviser", "kari@mnu.no"}})["id"].get<std::int64_t>();
    api.move(id, "start_screening", 1, {{"note", "Første møte"}});
    api.move(id, "park", 2, {{"note", "Venter på lokaler"}});
    Reply funding =
        api.post(Api::project_path(id) + "/funding-applications", {{"source", "bank"}, {"amount_applied", 40000}});
    REQUIRE(funding.status == 201);
    before = Snapshot::of(api, id);
  }
  db.close_store();  // every connection closed: what follows reads what was committed

  TestServer restarted(db);
  Api api(restarted);
  Snapshot after = Snapshot::of(api, id);
  CHECK(after == before);
  CHECK(after.project["state"] == "parked");
  CHECK(after.project["version"] == 3);
  CHECK(after.project["parked_from"] == "screening");
  CHECK(after.etag == "\"3\"");
  CHECK(after.events["total"] == 3);
  CHECK(after.funding["total"] == 1);

  // Work goes on where it stopped: resume returns to the stage it was parked from.
  json resumed = api.move(id, "resume", 3);
  CHECK(resumed["state"] == "screening");
  CHECK(resumed["version"] == 4);
  Reply stale = api.transition(id, "park", 3, {{"note", "x"}});
  check_problem(stale, 409);
}
