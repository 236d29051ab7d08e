// Storage faults through the API: a write the database cannot store is answered 503 with a problem
// document (never 500), /health says what is wrong while it lasts, writes are taken again without a
// restart once it ends, and nothing that was acknowledged is lost.

#include <soci/soci.h>

#include <chrono>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

#include "http_test_support.hpp"
#include "lock_waiter.hpp"
#include "small_disk.hpp"

using namespace facilitator::testing;

namespace {

/// A write refused because of the storage: 503 and a problem document of type `unavailable`.
void check_storage_refusal(const Reply& r) {
  check_problem(r, 503);
  CHECK(r.json.value("type", "") == "urn:facilitator:problem:unavailable");
  CHECK_FALSE(r.header("Retry-After").empty());
}

/// /health answers `database_status` ("ok", "full", ...): 200 when ok, else 503 with Retry-After.
void check_health(TestServer& server, const std::string& database_status) {
  Reply h = server.request("GET", "/health");
  INFO(h.body);
  bool ok = database_status == "ok";
  CHECK(h.status == (ok ? 200 : 503));
  REQUIRE(h.json.is_object());
  CHECK(h.json.value("status", "") == (ok ? "ok" : "degraded"));
  CHECK(h.json["database"].value("status", "") == database_status);
  CHECK(h.header("Retry-After").empty() == ok);
}

using Acknowledged = std::vector<std::pair<std::int64_t, std::string>>;

void check_all_there(Api& api, const Acknowledged& acknowledged) {
  for (const auto& [id, title] : acknowledged) {
    INFO("project " << id);
    CHECK(api.project(id).value("title", "") == title);
  }
}

/// Creates projects until one is refused; returns the refusal.
std::optional<Reply> create_until_refused(TestServer& server, Acknowledged& acknowledged, int at_most) {
  for (int i = 0; i < at_most; ++i) {
    std::string title = "Prosjekt " + std::to_string(acknowledged.size()) + std::string(180, 'x');
    Reply r = server.request("POST", "/api/v1/projects", json{{"workflow", "establishment"}, {"title", title}}.dump());
    if (r.status != 201) return r;
    acknowledged.emplace_back(r.json["id"].get<std::int64_t>(), title);
  }
  return std::nullopt;
}

}  // namespace

TEST_CASE("A full disk: writes answer 503, /health says full, and writes come back with the space",
          "[http][faults][sqlite]") {
  SmallDisk disk(32u << 20);
  if (!disk.permitted()) {
    WARN("Not run: mounting a small file system (tmpfs) needs root or CAP_SYS_ADMIN.");
    return;
  }
  std::optional<TestDatabase> db;
  {
    TemporaryFolderIn here(disk.folder());
    db.emplace(TestBackend::sqlite);
  }
  TestServer server(*db);
  Api api(server);
  Acknowledged acknowledged;
  acknowledged.emplace_back(api.create("Før disken ble full")["id"].get<std::int64_t>(), "Før disken ble full");
  check_health(server, "ok");

  // Another file took nearly all the space; the database's own writes take the rest.
  disk.fill_leaving(256u << 10);
  std::optional<Reply> refused = create_until_refused(server, acknowledged, 20000);
  REQUIRE(refused);
  check_storage_refusal(*refused);
  check_health(server, "full");
  // Still full: refused the same way (a small write may still fit where a failed one left room).
  refused = create_until_refused(server, acknowledged, 100);
  REQUIRE(refused);
  check_storage_refusal(*refused);

  // The operator frees space: /health sees it by itself, and writes succeed without a restart.
  disk.free_space();
  check_health(server, "ok");
  for (int i = 0; i < 5; ++i) {
    std::string title = "Etter at plassen kom tilbake " + std::to_string(i);
    acknowledged.emplace_back(api.create(title)["id"].get<std::int64_t>(), title);
  }
  check_all_there(api, acknowledged);
}

TEST_CASE("A transition in flight when its PostgreSQL connection is ended answers 503; the retry succeeds",
          "[http][faults][pg]") {
  TestDatabase db(TestBackend::postgresql);
  TestServer server(db);
  Api api(server);
  json created = api.create("Brudd i koblingen");
  std::int64_t id = created["id"].get<std::int64_t>();
  std::int64_t version = created["version"].get<std::int64_t>();
  const std::string keywords = db.url().substr(std::string("postgresql://").size());
  std::string database = keywords.substr(keywords.find("dbname=") + 7);
  database = database.substr(0, database.find(' '));

  // Another session holds the project's row, so the transition waits on it until it is ended.
  soci::session holder("postgresql", keywords);
  holder << "BEGIN";
  long long row = id;
  long long held = 0;
  holder << "SELECT id FROM projects WHERE id = :id FOR UPDATE", soci::use(row), soci::into(held);

  Reply in_flight;
  std::thread transition([&] {
    in_flight = server.send("POST", Api::project_path(id) + "/transitions",
                            json{{"event", "park"}, {"note", "Koblingen til databasen brytes."}}.dump(),
                            {{"If-Match", quoted(version)}});
  });
  const TerminatedWaiter waiter = terminate_lock_waiter(holder, database);
  transition.join();
  REQUIRE(waiter.pid != 0);
  CHECK(waiter.ended);
  check_storage_refusal(in_flight);

  check_health(server, "ok");
  CHECK(api.project(id).value("version", std::int64_t{0}) == version);  // the ended transaction kept nothing
  json moved = api.move(id, "park", version, {{"note", "Nytt forsøk etter brudd."}});
  CHECK(moved["state"] == "parked");
  CHECK(api.events(id)["items"].size() == 2);
}
