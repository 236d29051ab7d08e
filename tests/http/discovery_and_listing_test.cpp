// What a client discovers before it changes anything: health, the workflow definitions, the project
// list with paging and filters, and the headers every response carries.

#include <algorithm>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "http_test_support.hpp"

using namespace facilitator::testing;

namespace {

const json& find_by(const json& items, const std::string& key, const std::string& value) {
  for (const auto& item : items)
    if (item.value(key, "") == value) return item;
  static const json none;
  return none;
}

void check_label(const json& label) {
  CHECK(label.is_object());
  CHECK_FALSE(label.value("nb", "").empty());
  CHECK_FALSE(label.value("en", "").empty());
}

/// Every project of a filtered list, a page at a time; checks total on every page.
std::vector<std::int64_t> walk(Api& api, const std::string& query, std::int64_t limit, std::int64_t expected_total,
                               int& pages) {
  std::vector<std::int64_t> ids;
  std::optional<std::string> cursor;
  pages = 0;
  do {
    std::string path = "/api/v1/projects?limit=" + std::to_string(limit) + query + (cursor ? "&cursor=" + *cursor : "");
    Reply page = api.get(path);
    INFO(path << ": " << page.body);
    REQUIRE(page.status == 200);
    CHECK(page.json["total"] == expected_total);
    CHECK(page.json["items"].size() <= static_cast<std::size_t>(limit));
    for (const auto& p : page.json["items"]) {
      ids.push_back(p["id"].get<std::int64_t>());
      CHECK_FALSE(p.contains("available_events"));  // the list is the snapshot only
    }
    cursor = page.json["next_cursor"].is_null()
                 ? std::nullopt
                 : std::optional<std::string>(page.json["next_cursor"].get<std::string>());
    if (cursor) CHECK(page.json["items"].size() == static_cast<std::size_t>(limit));
    ++pages;
  } while (cursor && pages < 100);
  return ids;
}

}  // namespace

BACKEND_TEST_CASE("Health names the database backend, and the workflow listing shows every state, event and guard",
                  "[http]") {
  TestDatabase db(backend);
  TestServer server(db);
  Api api(server);

  Reply health = api.get("/health");
  REQUIRE(health.status == 200);
  CHECK(health.header("Content-Type").rfind("application/json", 0) == 0);
  CHECK(health.json["status"] == "ok");
  CHECK(health.json["database"]["status"] == "ok");
  CHECK(health.json["database"]["backend"] == (backend == TestBackend::sqlite ? "sqlite" : "postgresql"));
  CHECK_FALSE(health.json.value("version", "").empty());

  Reply list = api.get("/api/v1/workflows");
  REQUIRE(list.status == 200);
  CHECK(list.json["total"] == list.json["items"].size());
  CHECK(list.json["next_cursor"].is_null());
  const json& summary = find_by(list.json["items"], "id", "establishment");
  REQUIRE(summary.is_object());
  CHECK(summary["label"] == json{{"nb", "Etablering"}, {"en", "Establishment"}});
  CHECK(summary["initial_state"] == "idea");

  Reply one = api.get("/api/v1/workflows/establishment");
  REQUIRE(one.status == 200);
  const json& w = one.json;
  CHECK(w["id"] == "establishment");
  CHECK(w["initial_state"] == "idea");

  // States: every one of DESIGN 2.1, with its Norwegian label, an English label and public texts.
  const std::vector<std::pair<std::string, std::string>> states{{"idea", "Idé"},
                                                                {"screening", "Avklaring"},
                                                                {"business_plan", "Forretningsplan"},
                                                                {"funding", "Finansiering"},
                                                                {"established", "Etablert"},
                                                                {"follow_up", "Oppfølging"},
                                                                {"completed", "Fullført"},
                                                                {"parked", "Parkert"},
                                                                {"closed", "Avsluttet"}};
  CHECK(w["states"].size() == states.size());
  for (const auto& [id, nb] : states) {
    INFO("state " << id);
    const json& s = find_by(w["states"], "id", id);
    REQUIRE(s.is_object());
    CHECK(s["label"]["nb"] == nb);
    check_label(s["label"]);
    check_label(s["public_text"]);
    CHECK(s["initial"] == (id == "idea"));
    CHECK(s["final"] == (id == "completed" || id == "closed"));
  }
  CHECK(find_by(w["states"], "id", "parked")["kind"] == "parked");
  CHECK(find_by(w["states"], "id", "closed")["kind"] == "closed");
  CHECK(find_by(w["states"], "id", "completed")["kind"] == "success");
  CHECK(find_by(w["states"], "id", "screening")["kind"] == "active");

  // Events, with the inputs their guards need from the caller.
  const std::vector<std::string> events{"start_screening",
                                        "start_business_plan",
                                        "apply_for_funding",
                                        "revise_plan",
                                        "register_company",
                                        "start_follow_up",
                                        "complete",
                                        "park",
                                        "resume",
                                        "close",
                                        "reopen"};
  CHECK(w["events"].size() == events.size());
  for (const auto& id : events) {
    INFO("event " << id);
    const json& e = find_by(w["events"], "id", id);
    REQUIRE(e.is_object());
    check_label(e["label"]);
    CHECK(e["inputs"].is_array());
  }
  CHECK(find_by(w["events"], "id", "start_screening")["inputs"].empty());
  CHECK(find_by(w["events"], "id", "park")["inputs"] == json::array({{{"field", "note"}, {"required", true}}}));
  CHECK(find_by(w["events"], "id", "reopen")["inputs"] == json::array({{{"field", "note"}, {"required", true}}}));
  const json& close_inputs = find_by(w["events"], "id", "close")["inputs"];
  const json& reason = find_by(close_inputs, "field", "reason");
  REQUIRE(reason.is_object());
  CHECK(reason["required"] == true);
  CHECK(reason["allowed_values"] == json{"not_viable", "withdrawn", "referred_elsewhere", "duplicate"});
  CHECK(find_by(close_inputs, "field", "note").is_object());

  // Transitions: one per row of the table, each with its guards.
  auto transition = [&](const std::string& from, const std::string& event) -> json {
    for (const auto& t : w["transitions"])
      if (t["from"] == from && t["event"] == event) return t;
    return nullptr;
  };
  auto guards_of = [&](const std::string& from, const std::string& event) {
    json t = transition(from, event);
    INFO(from << " --" << event << "-->");
    REQUIRE(t.is_object());
    std::vector<std::string> ids;
    for (const auto& g : t["guards"]) {
      ids.push_back(g["id"].get<std::string>());
      check_label(g["label"]);
      CHECK((g["kind"] == "fact" || g["kind"] == "input" || g["kind"] == "actor"));
    }
    return ids;
  };
  using Ids = std::vector<std::string>;
  CHECK(guards_of("idea", "start_screening") == Ids{"adviser_assigned"});
  CHECK(guards_of("screening", "start_business_plan") == Ids{"focus_area_set", "municipality_set"});
  CHECK(guards_of("business_plan", "apply_for_funding") ==
        Ids{"business_plan_complete", "funding_application_registered"});
  CHECK(guards_of("funding", "revise_plan") == Ids{"no_funding_pending"});
  CHECK(guards_of("funding", "register_company") ==
        Ids{"organisation_number_valid", "registration_date_set", "funding_granted"});
  CHECK(guards_of("business_plan", "register_company") ==
        Ids{"organisation_number_valid", "registration_date_set", "self_financed"});
  CHECK(guards_of("established", "start_follow_up").empty());
  CHECK(guards_of("follow_up", "complete") == Ids{"result_summary_given"});
  CHECK(guards_of("closed", "reopen") == Ids{"actor_is_adviser_or_admin", "note_given"});
  CHECK(transition("closed", "reopen")["to"] == "screening");
  CHECK(transition("closed", "reopen")["guards"][0]["kind"] == "actor");
  CHECK(transition("closed", "reopen")["guards"][1]["kind"] == "input");
  for (const std::string from : {"idea", "screening", "business_plan", "funding", "established", "follow_up"}) {
    CHECK(guards_of(from, "park") == Ids{"note_given"});
    CHECK(transition(from, "park")["to"] == "parked");
  }
  for (const std::string from :
       {"idea", "screening", "business_plan", "funding", "established", "follow_up", "parked"}) {
    CHECK(guards_of(from, "close") == Ids{"close_reason_given", "note_given"});
    CHECK(transition(from, "close")["to"] == "closed");
  }
  std::set<std::string> resume_targets;
  for (const auto& t : w["transitions"])
    if (t["event"] == "resume") {
      CHECK(t["from"] == "parked");
      resume_targets.insert(t["to"].get<std::string>());
    }
  CHECK(resume_targets ==
        std::set<std::string>{"idea", "screening", "business_plan", "funding", "established", "follow_up"});
  CHECK(w["transitions"].size() == 28);
  for (const auto& t : w["transitions"]) {
    INFO(t.dump());
    CHECK(find_by(w["states"], "id", t["from"].get<std::string>()).is_object());
    CHECK(find_by(w["states"], "id", t["to"].get<std::string>()).is_object());
    CHECK(find_by(w["events"], "id", t["event"].get<std::string>()).is_object());
    CHECK_FALSE(t["from"] == "completed");  // final states lead nowhere but reopen from closed
  }

  Reply unknown = api.get("/api/v1/workflows/innovation_x");
  check_problem(unknown, 404);
  CHECK(unknown.json["type"] == "urn:facilitator:problem:not-found");

  Reply openapi = api.get("/api/v1/openapi.yaml");
  CHECK(openapi.status == 200);
  CHECK(openapi.body.find("openapi:") != std::string::npos);
}

BACKEND_TEST_CASE(
    "The project list pages with limit and cursor, shows each project once and filters by workflow and state",
    "[http]") {
  TestDatabase db(backend);
  TestServer server(db);
  Api api(server);

  Reply empty = api.get("/api/v1/projects");
  REQUIRE(empty.status == 200);
  CHECK(empty.json == json{{"items", json::array()}, {"total", 0}, {"next_cursor", nullptr}});

  std::vector<std::int64_t> all;
  for (int i = 0; i < 7; ++i)
    all.push_back(api.create("Prosjekt " + std::to_string(i), {{"adviser", "kari@mnu.no"}})["id"].get<std::int64_t>());
  api.move(all[1], "start_screening", 1);
  api.move(all[4], "start_screening", 1);
  api.move(all[6], "close", 1, {{"reason", "duplicate"}, {"note", "Dobbelt registrert"}});

  int pages = 0;
  std::vector<std::int64_t> seen = walk(api, "", 3, 7, pages);
  CHECK(pages == 3);
  CHECK(seen == all);  // oldest first, each exactly once
  seen = walk(api, "", 7, 7, pages);
  CHECK(pages == 1);  // exactly one full page: no empty page after it
  CHECK(seen == all);
  seen = walk(api, "", 500, 7, pages);
  CHECK(seen == all);

  seen = walk(api, "&state=screening", 1, 2, pages);
  CHECK(seen == std::vector<std::int64_t>{all[1], all[4]});
  CHECK(pages == 2);
  seen = walk(api, "&state=idea", 2, 4, pages);
  CHECK(seen == std::vector<std::int64_t>{all[0], all[2], all[3], all[5]});
  CHECK(pages == 2);
  seen = walk(api, "&workflow=establishment", 4, 7, pages);
  CHECK(seen == all);
  seen = walk(api, "&workflow=establishment&state=closed", 10, 1, pages);
  CHECK(seen == std::vector<std::int64_t>{all[6]});

  Reply screening = api.get("/api/v1/projects?state=screening");
  REQUIRE(screening.status == 200);
  for (const auto& p : screening.json["items"]) {
    CHECK(p["state"] == "screening");
    CHECK(p["workflow"] == "establishment");
    CHECK(p["version"] == 2);
  }

  // A project created while a client pages through appears once, on a later page.
  Reply first = api.get("/api/v1/projects?limit=3");
  REQUIRE(first.status == 200);
  const std::int64_t late = api.create("Kom sent")["id"].get<std::int64_t>();
  std::vector<std::int64_t> ids;
  for (const auto& p : first.json["items"]) ids.push_back(p["id"].get<std::int64_t>());
  std::string cursor = first.json["next_cursor"].get<std::string>();
  for (int guard = 0; guard < 10 && !cursor.empty(); ++guard) {
    Reply page = api.get("/api/v1/projects?limit=3&cursor=" + cursor);
    REQUIRE(page.status == 200);
    CHECK(page.json["total"] == 8);
    for (const auto& p : page.json["items"]) ids.push_back(p["id"].get<std::int64_t>());
    cursor = page.json["next_cursor"].is_null() ? "" : page.json["next_cursor"].get<std::string>();
  }
  std::vector<std::int64_t> expected = all;
  expected.push_back(late);
  CHECK(ids == expected);
}

BACKEND_TEST_CASE("Every response carries a request id, nosniff and no-store, and a usable X-Request-Id is echoed",
                  "[http]") {
  TestDatabase db(backend);
  TestServer server(db);
  Api api(server);  // checks the three headers on every response below, whatever its status

  const std::int64_t id = api.create("Hodetest")["id"].get<std::int64_t>();
  Reply a = api.get(Api::project_path(id));
  Reply b = api.get(Api::project_path(id));
  CHECK(a.header("X-Request-Id") != b.header("X-Request-Id"));
  CHECK(a.header("Content-Type").rfind("application/json", 0) == 0);

  CHECK(api.get("/health", {{"X-Request-Id", "trace-42.a_b"}}).header("X-Request-Id") == "trace-42.a_b");
  const std::string ok64(64, 'r');
  CHECK(api.get("/health", {{"X-Request-Id", ok64}}).header("X-Request-Id") == ok64);
  for (const std::string& unusable :
       {std::string(65, 'r'), std::string("two words"), std::string("<script>"), std::string("a\"b")}) {
    Reply r = api.get("/health", {{"X-Request-Id", unusable}});
    CHECK(r.header("X-Request-Id") != unusable);
    CHECK_FALSE(r.header("X-Request-Id").empty());
  }
  // Error responses made by the HTTP library itself carry them too (404, 405, 413, 400).
  Reply missing = api.get("/nowhere", {{"X-Request-Id", "trace-404"}});
  CHECK(missing.status == 404);
  CHECK(missing.header("X-Request-Id") == "trace-404");
  Reply problem = api.post(Api::project_path(id) + "/transitions", {{"event", "start_screening"}},
                           {{"If-Match", "\"1\""}, {"X-Request-Id", "trace-422"}});
  check_problem(problem, 422);
  CHECK(problem.header("X-Request-Id") == "trace-422");
  CHECK(api.request("DELETE", Api::project_path(id)).status == 405);
  CHECK(api.raw("BROKEN\r\n\r\n").status == 400);
  CHECK(api.request("POST", "/api/v1/projects", std::string((1 << 20) + 1, ' ')).status == 413);
}
