// Companies, reference lists and the project search over HTTP, on both backends.

#include <string>
#include <vector>

#include "http_test_support.hpp"

using namespace facilitator::testing;

namespace {

// Real organisation numbers (mod-11 check digits valid) and near misses.
constexpr const char* kEquinor = "923609016";
constexpr const char* kDnb = "984851006";
constexpr const char* kStatkraft = "987059699";

json create_company(Api& api, const std::string& name, const std::string& number) {
  Reply r = api.post("/api/v1/companies", {{"name", name}, {"organisation_number", number}});
  INFO(r.body);
  REQUIRE(r.status == 201);
  CHECK(r.header("Location") == "/api/v1/companies/" + std::to_string(r.json["id"].get<std::int64_t>()));
  CHECK(r.header("ETag") == "\"1\"");
  return r.json;
}

std::vector<std::int64_t> ids_of(const json& page) {
  std::vector<std::int64_t> ids;
  for (const auto& item : page["items"]) ids.push_back(item["id"].get<std::int64_t>());
  return ids;
}

}  // namespace

BACKEND_TEST_CASE("Companies are registered once per valid organisation number, found by name or number",
                  "[http][companies]") {
  TestDatabase db(backend);
  TestServer server(db);
  Api api(server);

  json bakery = create_company(api, "  Moss Bakeri AS ", "923 609 016");
  CHECK(bakery["name"] == "Moss Bakeri AS");
  CHECK(bakery["organisation_number"] == kEquinor);  // spaces removed
  json yard = create_company(api, "Værftet 100% AS", kDnb);

  // The number is checked with its mod-11 digit, and is unique.
  for (const std::string bad : {"923609017", "92360901", "9236090160", "abcdefghi", "000000000x"}) {
    INFO(bad);
    check_invalid(api.post("/api/v1/companies", {{"name", "X"}, {"organisation_number", bad}}), "organisation_number",
                  "invalid");
  }
  Reply duplicate = api.post("/api/v1/companies", {{"name", "Kopi"}, {"organisation_number", kEquinor}});
  check_problem(duplicate, 409);
  CHECK(duplicate.json["detail"].get<std::string>().find("Moss Bakeri AS") != std::string::npos);
  check_invalid(api.post("/api/v1/companies", {{"organisation_number", kStatkraft}}), "name", "required");
  check_invalid(api.post("/api/v1/companies", {{"name", "X"}}), "organisation_number", "required");
  check_invalid(api.post("/api/v1/companies", {{"name", "X"}, {"organisation_number", kStatkraft}, {"id", 5}}), "id",
                "read_only");

  // Search by part of the name (case-insensitive, wildcards taken literally) or by number.
  CHECK(ids_of(api.get("/api/v1/companies?q=bakeri").json) == std::vector<std::int64_t>{bakery["id"]});
  CHECK(ids_of(api.get("/api/v1/companies?q=100%25").json) == std::vector<std::int64_t>{yard["id"]});
  CHECK(api.get("/api/v1/companies?q=_").json["total"] == 0);
  CHECK(ids_of(api.get("/api/v1/companies?q=984%20851%20006").json) == std::vector<std::int64_t>{yard["id"]});
  CHECK(api.get("/api/v1/companies").json["total"] == 2);
  Reply page = api.get("/api/v1/companies?limit=1");
  REQUIRE(page.json["next_cursor"].is_string());
  CHECK(ids_of(api.get("/api/v1/companies?limit=1&cursor=" + page.json["next_cursor"].get<std::string>()).json) ==
        std::vector<std::int64_t>{yard["id"]});

  // A given set of companies at once (the board asks for the companies of the cards it shows),
  // in id order, unknown ids left out; the list must be ids separated by commas.
  const std::string both = std::to_string(yard["id"].get<std::int64_t>()) + "," +
                           std::to_string(bakery["id"].get<std::int64_t>()) + ",999999";
  Reply chosen = api.get("/api/v1/companies?id=" + both);
  CHECK(ids_of(chosen.json) == std::vector<std::int64_t>{bakery["id"], yard["id"]});
  CHECK(chosen.json["total"] == 2);
  CHECK(ids_of(api.get("/api/v1/companies?q=bakeri&id=" + both).json) == std::vector<std::int64_t>{bakery["id"]});
  std::string too_many = "1";
  for (int i = 2; i <= 501; ++i) too_many += "," + std::to_string(i);
  for (const std::string& bad :
       std::vector<std::string>{"", "x", "1,,2", "1,", ",1", "0", "-3", "1;2", "1.5", too_many}) {
    INFO("id=" << bad.substr(0, 20));
    check_invalid(api.get("/api/v1/companies?id=" + bad), "id", "invalid");
  }

  // Updating needs the version; a number taken by another company is a 409 and changes nothing.
  const std::string path = "/api/v1/companies/" + std::to_string(bakery["id"].get<std::int64_t>());
  check_problem(api.patch(path, {{"name", "Nytt navn"}}), 428);
  check_problem(api.patch(path, {{"organisation_number", kDnb}}, {{"If-Match", "\"1\""}}), 409);
  Reply renamed = api.patch(path, {{"name", "Moss Bakeri og Kafé AS"}}, {{"If-Match", "\"1\""}});
  REQUIRE(renamed.status == 200);
  CHECK(renamed.json["version"] == 2);
  Reply stale = api.patch(path, {{"name", "Igjen"}}, {{"If-Match", "\"1\""}});
  check_problem(stale, 409);
  CHECK(stale.json["current_version"] == 2);
  CHECK_FALSE(stale.json.contains("current_state"));
  json stored = api.get(path).json;
  CHECK(stored["name"] == "Moss Bakeri og Kafé AS");
  CHECK(stored["organisation_number"] == kEquinor);
  check_problem(api.get("/api/v1/companies/999999"), 404);
  check_problem(api.get("/api/v1/companies/abc"), 404);
}

BACKEND_TEST_CASE("Reference lists hold the region's codes, and project fields must use them", "[http][reference]") {
  TestDatabase db(backend);
  TestServer server(db);
  server.act_as(facilitator::core::Role::admin);  // targets and reference lists are the admin's
  Api api(server);

  json municipalities = api.get("/api/v1/reference/municipalities").json;
  REQUIRE(municipalities["items"].size() == 3);
  CHECK(municipalities["items"][0] ==
        json{{"code", "3103"}, {"name", {{"nb", "Moss"}, {"en", "Moss"}}}, {"active", true}, {"sort_order", 1}});
  CHECK(api.get("/api/v1/reference/nace-sections").json["items"].size() == 21);
  CHECK(api.get("/api/v1/reference/funding-sources").json["items"].size() == 8);
  CHECK(api.get("/api/v1/reference/focus-areas").json["items"].size() == 7);
  CHECK(api.get("/api/v1/reference").json["items"].size() == 4);
  CHECK(api.get("/api/v1/reference").json["total"] == 4);
  CHECK(api.get("/api/v1/reference/funding-sources/skattefunn").json["name"]["nb"] == "SkatteFUNN");
  check_problem(api.get("/api/v1/reference/funding-sources/lottery"), 404);
  check_problem(api.get("/api/v1/reference/focus_areas"), 404);
  check_problem(api.get("/api/v1/reference/planets"), 404);

  // Adding and retiring codes.
  Reply added = api.post("/api/v1/reference/municipalities", {{"code", "3105"}, {"name_nb", "Sarpsborg"}});
  REQUIRE(added.status == 201);
  CHECK(added.json["sort_order"] == 4);
  CHECK(added.json["name"]["en"] == "Sarpsborg");
  CHECK(api.get(added.header("Location")).json == added.json);
  check_problem(api.post("/api/v1/reference/municipalities", {{"code", "3105"}, {"name_nb", "Igjen"}}), 409);
  check_invalid(api.post("/api/v1/reference/municipalities", {{"code", "31"}, {"name_nb", "Kort"}}), "code", "invalid");
  check_invalid(api.post("/api/v1/reference/focus-areas", {{"code", "Mat Og Drikke"}, {"name_nb", "X"}}), "code",
                "invalid");
  check_problem(api.post("/api/v1/reference/nace-sections", {{"code", "v"}, {"name_nb", "Ny"}}), 403);

  // Project fields accept listed codes only; a retired code stays on the projects that have it.
  const std::int64_t id =
      api.create("Kafé", {{"municipality", "3105"}, {"focus_area", "food"}, {"nace_section", "i"}})["id"]
          .get<std::int64_t>();
  json project = api.project(id);
  CHECK(project["nace_section"] == "I");
  check_invalid(api.post("/api/v1/projects", {{"workflow", "establishment"}, {"title", "X"}, {"municipality", "3199"}}),
                "municipality", "unknown");
  check_invalid(api.post("/api/v1/projects", {{"workflow", "establishment"}, {"title", "X"}, {"focus_area", "space"}}),
                "focus_area", "unknown");
  check_invalid(api.post("/api/v1/projects", {{"workflow", "establishment"}, {"title", "X"}, {"nace_section", "Z"}}),
                "nace_section", "unknown");
  Reply retired = api.patch("/api/v1/reference/municipalities/3105", {{"active", false}});
  REQUIRE(retired.status == 200);
  CHECK(retired.json["active"] == false);
  check_invalid(api.post("/api/v1/projects", {{"workflow", "establishment"}, {"title", "X"}, {"municipality", "3105"}}),
                "municipality", "inactive");
  CHECK(api.update(id, 1, {{"title", "Kafé og bakeri"}, {"municipality", "3105"}})["municipality"] == "3105");
  check_invalid(api.patch("/api/v1/reference/municipalities/3105", {{"code", "3106"}}), "code", "read_only");
  check_problem(api.patch("/api/v1/reference/municipalities/9999", {{"name_nb", "X"}}), 404);

  // Funding sources come from their list too.
  Reply funding =
      api.post(Api::project_path(id) + "/funding-applications", {{"source", "lottery"}, {"amount_applied", 1}});
  check_invalid(funding, "source", "unknown");
  CHECK(api.post(Api::project_path(id) + "/funding-applications", {{"source", "skattefunn"}, {"amount_applied", 1}})
            .status == 201);
}

BACKEND_TEST_CASE("The project list filters by every field, searches title, company and number, and pages stably",
                  "[http][search]") {
  TestDatabase db(backend);
  TestServer server(db);
  Api api(server);
  const std::int64_t company = create_company(api, "Jeløy Glass AS", kStatkraft)["id"].get<std::int64_t>();

  auto make = [&](const std::string& title, json fields) {
    return api.create(title, fields)["id"].get<std::int64_t>();
  };
  const std::int64_t a = make("Glassverksted", {{"municipality", "3103"},
                                                {"focus_area", "green_industry"},
                                                {"nace_section", "C"},
                                                {"adviser", "kari@mnu.no"},
                                                {"company_id", company}});
  const std::int64_t b =
      make("Kafé på brygga",
           {{"municipality", "3112"}, {"focus_area", "food"}, {"nace_section", "I"}, {"adviser", "per@mnu.no"}});
  const std::int64_t c = make(
      "Sykkelutleie",
      {{"municipality", "3103"}, {"focus_area", "tourism"}, {"adviser", "kari@mnu.no"}, {"organisation_number", kDnb}});
  using Ids = std::vector<std::int64_t>;
  auto search = [&](const std::string& query) {
    Reply r = api.get("/api/v1/projects?" + query);
    INFO(query << ": " << r.body);
    REQUIRE(r.status == 200);
    CHECK(r.json["total"] == r.json["items"].size());
    return ids_of(r.json);
  };

  CHECK(search("municipality=3103") == Ids{a, c});
  CHECK(search("focus_area=food") == Ids{b});
  CHECK(search("nace_section=C") == Ids{a});
  CHECK(search("nace_section=c") == Ids{a});  // read as writes store it
  CHECK(search("adviser=kari%40mnu.no") == Ids{a, c});
  CHECK(search("company_id=" + std::to_string(company)) == Ids{a});
  CHECK(search("q=glass") == Ids{a});                       // title
  CHECK(search("q=jel%C3%B8y") == Ids{a});                  // company name
  CHECK(search(std::string("q=") + kStatkraft) == Ids{a});  // the company's number
  CHECK(search(std::string("q=") + kDnb) == Ids{c});        // the project's own number
  CHECK(search("q=BRYGGA") == Ids{b});
  CHECK(search("municipality=3103&focus_area=tourism&adviser=kari%40mnu.no") == Ids{c});
  CHECK(search("in_state_days=30") == Ids{});  // all were created just now
  CHECK(search("workflow=establishment&state=idea") == Ids{a, b, c});

  // Paging keeps the order and the total across pages.
  Reply first = api.get("/api/v1/projects?municipality=3103&limit=1");
  CHECK(first.json["total"] == 2);
  CHECK(ids_of(first.json) == Ids{a});
  Reply second =
      api.get("/api/v1/projects?municipality=3103&limit=1&cursor=" + first.json["next_cursor"].get<std::string>());
  CHECK(ids_of(second.json) == Ids{c});
  CHECK(second.json["next_cursor"].is_null());

  // Longest in the current state first: a and b are moved on, so c has waited longest in its state.
  for (std::int64_t id : {b, a}) api.move(id, "start_screening", 1);
  CHECK(search("sort=state_since") == Ids{c, b, a});
  Reply oldest = api.get("/api/v1/projects?sort=state_since&limit=2");
  CHECK(ids_of(oldest.json) == Ids{c, b});
  Reply rest =
      api.get("/api/v1/projects?sort=state_since&limit=2&cursor=" + oldest.json["next_cursor"].get<std::string>());
  CHECK(ids_of(rest.json) == Ids{a});
  CHECK(search("sort=id") == Ids{a, b, c});
  check_invalid(api.get("/api/v1/projects?sort=title"), "sort", "unknown");

  // Unknown codes and bad values are 400, not an empty list.
  check_invalid(api.get("/api/v1/projects?municipality=9999"), "municipality", "unknown");
  check_invalid(api.get("/api/v1/projects?focus_area=mat"), "focus_area", "unknown");
  check_invalid(api.get("/api/v1/projects?in_state_days=-1"), "in_state_days", "out_of_range");
  check_invalid(api.get("/api/v1/projects?in_state_days=x"), "in_state_days", "wrong_type");
  check_invalid(api.get("/api/v1/projects?company_id=x"), "company_id", "wrong_type");
  check_invalid(api.get("/api/v1/projects?company_id=999"), "company_id", "unknown");
  check_invalid(api.post("/api/v1/projects", {{"workflow", "establishment"}, {"title", "X"}, {"company_id", 999}}),
                "company_id", "unknown");
}

BACKEND_TEST_CASE("An external reference names one project only", "[http][search]") {
  TestDatabase db(backend);
  TestServer server(db);
  Api api(server);
  const std::int64_t first = api.create("Fra regneark", {{"external_ref", "MNU-2024-017"}})["id"].get<std::int64_t>();
  Reply again = api.post("/api/v1/projects",
                         {{"workflow", "establishment"}, {"title", "Kopi"}, {"external_ref", "MNU-2024-017"}});
  check_problem(again, 409);
  CHECK(again.json["detail"].get<std::string>().find(std::to_string(first)) != std::string::npos);
  CHECK(api.project_total() == 1);
  // Setting the project's own reference again is not a conflict.
  CHECK(api.update(first, 1, {{"external_ref", "MNU-2024-017"}, {"title", "Fra regneark (rettet)"}})["version"] == 2);
}
