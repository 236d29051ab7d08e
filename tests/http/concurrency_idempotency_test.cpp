// Optimistic concurrency and idempotent retries over HTTP: many clients racing with one expected
// version, retried transitions and creations with an Idempotency-Key, and the audit trail of
// every record's changes.

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "http_test_support.hpp"

using namespace facilitator::testing;
using facilitator::core::Role;

namespace {

/// Sends the same request from `count` threads, each on its own connection, released together.
/// The connections are opened (and kept alive) before the race, so that what races is the requests;
/// the server needs a worker thread per connection. Catch2 is not thread-safe: the threads only
/// collect replies and the test asserts afterwards.
std::vector<Reply> race(const TestServer& server, int count, const std::string& method, const std::string& path,
                        const std::string& body, const httplib::Headers& headers) {
  std::vector<std::unique_ptr<TestClient>> clients;
  for (int i = 0; i < count; ++i) {
    clients.push_back(std::make_unique<TestClient>(server));
    REQUIRE(clients.back()->send("GET", "/health").status == 200);
  }
  std::vector<Reply> replies(static_cast<std::size_t>(count));
  std::mutex mutex;
  std::condition_variable go;
  bool released = false;
  std::atomic<int> waiting{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < count; ++i) {
    threads.emplace_back([&, i] {
      {
        std::unique_lock<std::mutex> lock(mutex);
        ++waiting;
        go.wait(lock, [&] { return released; });
      }
      auto index = static_cast<std::size_t>(i);
      replies[index] = clients[index]->send(method, path, body, headers);
    });
  }
  while (waiting.load() < count) std::this_thread::yield();
  {
    std::lock_guard<std::mutex> lock(mutex);
    released = true;
  }
  go.notify_all();
  for (auto& t : threads) t.join();
  return replies;
}

constexpr std::size_t kWorkers = 20;  // more than the 16 kept-alive connections of a race

}  // namespace

BACKEND_TEST_CASE("Sixteen concurrent transitions with the same expected version give one 200 and fifteen 409s",
                  "[http]") {
  TestDatabase db(backend);
  TestServer server(db, kWorkers);
  Api api(server);
  const std::int64_t id = api.create("Kaffebrenneri", {{"adviser", "kari@mnu.no"}})["id"].get<std::int64_t>();
  const std::string path = Api::project_path(id);

  std::vector<Reply> replies =
      race(server, 16, "POST", path + "/transitions", json{{"event", "start_screening"}, {"note", "samtidig"}}.dump(),
           {{"If-Match", "\"1\""}});
  int ok = 0, conflicts = 0;
  for (const Reply& r : replies) {
    check_every_response(r);
    if (r.status == 200) {
      ++ok;
      CHECK(r.json["state"] == "screening");
      CHECK(r.json["version"] == 2);
      CHECK(r.header("ETag") == "\"2\"");
    } else {
      ++conflicts;
      check_problem(r, 409);
      CHECK(r.json["type"] == "urn:facilitator:problem:version-conflict");
      CHECK(r.json["current_state"] == "screening");
      CHECK(r.json["current_version"] == 2);
    }
  }
  CHECK(ok == 1);
  CHECK(conflicts == 15);

  json events = api.events(id);
  CHECK(events["total"] == 2);  // created, and exactly one transition
  REQUIRE(events["items"].size() == 2);
  CHECK(events["items"][1]["event"] == "start_screening");
  json now = api.project(id);
  CHECK(now["state"] == "screening");
  CHECK(now["version"] == 2);

  // The same race on PATCH: one edit wins, the rest are told the resource changed.
  replies = race(server, 16, "PATCH", path, json{{"focus_area", "food"}}.dump(), {{"If-Match", "\"2\""}});
  ok = conflicts = 0;
  for (const Reply& r : replies) {
    check_every_response(r);
    if (r.status == 200)
      ++ok;
    else if (r.status == 409 && r.json["current_version"] == 3)
      ++conflicts;
  }
  CHECK(ok == 1);
  CHECK(conflicts == 15);
  CHECK(api.events(id)["total"] == 3);
}

BACKEND_TEST_CASE("A retried transition with the same Idempotency-Key replays the first answer and writes nothing",
                  "[http]") {
  TestDatabase db(backend);
  TestServer server(db, kWorkers);
  Api api(server);
  const std::int64_t id = api.create("Brygghus", {{"adviser", "kari@mnu.no"}})["id"].get<std::int64_t>();
  const std::string path = Api::project_path(id);
  const json body{{"event", "start_screening"}, {"note", "Første møte holdt"}, {"visibility", "public"}};
  const httplib::Headers headers{{"If-Match", "\"1\""}, {"Idempotency-Key", "3f1c-77ab"}};

  Reply first = api.post(path + "/transitions", body, headers);
  REQUIRE(first.status == 200);
  CHECK(first.header("Idempotent-Replayed").empty());
  CHECK(first.json["version"] == 2);
  Snapshot after_first = Snapshot::of(api, id);

  for (int attempt = 0; attempt < 2; ++attempt) {
    Reply retry = api.post(path + "/transitions", body, headers);
    CHECK(retry.status == first.status);
    CHECK(retry.body == first.body);  // byte for byte
    CHECK(retry.header("Idempotent-Replayed") == "true");
    CHECK(retry.header("ETag") == first.header("ETag"));
    CHECK(retry.header("Content-Type") == first.header("Content-Type"));
  }
  CHECK(Snapshot::of(api, id) == after_first);
  CHECK(after_first.events["total"] == 2);

  // The same key for another request is a client mistake, named as such; nothing is written.
  Reply reused = api.post(path + "/transitions", {{"event", "park"}, {"note", "Pause"}},
                          {{"If-Match", "\"2\""}, {"Idempotency-Key", "3f1c-77ab"}});
  check_invalid(reused, "Idempotency-Key", "reused");
  CHECK(reused.json["detail"].get<std::string>().find("Idempotency-Key") != std::string::npos);
  json other_note = body;
  other_note["note"] = "Et annet notat";
  check_invalid(api.post(path + "/transitions", other_note, headers), "Idempotency-Key", "reused");
  CHECK(Snapshot::of(api, id) == after_first);

  // Keys that are not 1 to 200 visible ASCII characters are refused before anything happens.
  for (const std::string& bad : {std::string(201, 'k'), std::string("two words"), std::string("nøkkel")}) {
    Reply r = api.post(path + "/transitions", {{"event", "park"}, {"note", "Pause"}},
                       {{"If-Match", "\"2\""}, {"Idempotency-Key", bad}});
    check_invalid(r, "Idempotency-Key", "invalid");
  }
  CHECK(Snapshot::of(api, id) == after_first);

  // A new key is a new request; a key is scoped to its project.
  Reply parked = api.post(path + "/transitions", {{"event", "park"}, {"note", "Pause"}},
                          {{"If-Match", "\"2\""}, {"Idempotency-Key", "second-key"}});
  CHECK(parked.status == 200);
  CHECK(parked.json["version"] == 3);
  const std::int64_t other = api.create("Annet", {{"adviser", "ola@mnu.no"}})["id"].get<std::int64_t>();
  Reply elsewhere = api.post(Api::project_path(other) + "/transitions", body, headers);
  CHECK(elsewhere.status == 200);
  CHECK(elsewhere.header("Idempotent-Replayed").empty());
  CHECK(elsewhere.json["project_id"] == other);

  // Retries racing each other: every one gets the first answer and exactly one event is written.
  const std::int64_t raced = api.create("Racet", {{"adviser", "ola@mnu.no"}})["id"].get<std::int64_t>();
  std::vector<Reply> replies = race(server, 8, "POST", Api::project_path(raced) + "/transitions", body.dump(),
                                    {{"If-Match", "\"1\""}, {"Idempotency-Key", "raced-key"}});
  int replayed = 0;
  for (const Reply& r : replies) {
    check_every_response(r);
    CHECK(r.status == 200);
    CHECK(r.body == replies.front().body);
    if (r.header("Idempotent-Replayed") == "true") ++replayed;
  }
  CHECK(replayed == 7);
  CHECK(api.events(raced)["total"] == 2);
}

namespace {

/// A POST that creates something, and where its records are counted.
struct Creation {
  std::string what;
  Role role;  // who may create it
  std::string path;
  json body;
  json other_body;                      // another request, for the same key
  std::string list;                     // GET: its "total" counts the records
  std::vector<std::string> shown_once;  // fields of the first answer a retry does not repeat (secrets)
};

std::int64_t total(Api& api, const Creation& c) {
  Reply r = api.get(c.list, api.as(c.role));
  REQUIRE(r.status == 200);
  return r.json["total"].get<std::int64_t>();
}

/// Every POST of the API that creates something, on project `project` with contact `contact`.
std::vector<Creation> every_creation(std::int64_t project, std::int64_t contact) {
  const std::string p = Api::project_path(project);
  return {
      {"project",
       Role::adviser,
       "/api/v1/projects",
       {{"workflow", "establishment"}, {"title", "Bakeri i Moss"}},
       {{"workflow", "establishment"}, {"title", "Sykkelverksted"}},
       "/api/v1/projects?limit=1",
       {}},
      {"company",
       Role::adviser,
       "/api/v1/companies",
       {{"name", "Moss Bakeri AS"}, {"organisation_number", "923609016"}},
       {{"name", "Råde Sykkel AS"}, {"organisation_number", "923609016"}},
       "/api/v1/companies?limit=1",
       {}},
      {"contact",
       Role::adviser,
       p + "/contacts",
       {{"name", "Kari Gründer"}},
       {{"name", "Per Gründer"}},
       p + "/contacts",
       {}},
      {"note",
       Role::adviser,
       p + "/notes",
       {{"body", "Første møte holdt."}},
       {{"body", "Andre møte holdt."}},
       p + "/notes",
       {}},
      {"activity",
       Role::adviser,
       p + "/activities",
       {{"kind", "meeting"}, {"date", "2026-03-02"}, {"hours", 1.5}},
       {{"kind", "meeting"}, {"date", "2026-03-02"}, {"hours", 2}},
       p + "/activities",
       {}},
      {"funding application",
       Role::adviser,
       p + "/funding-applications",
       {{"source", "innovasjon_norge"}, {"amount_applied", 150000}},
       {{"source", "innovasjon_norge"}, {"amount_applied", 250000}},
       p + "/funding-applications",
       {}},
      {"target",
       Role::admin,
       "/api/v1/targets",
       {{"year", 2026}, {"metric", "new_projects"}, {"target_value", 40}},
       {{"year", 2026}, {"metric", "new_projects"}, {"target_value", 41}},
       "/api/v1/targets",
       {}},
      {"reference item",
       Role::admin,
       "/api/v1/reference/focus-areas",
       {{"code", "circular"}, {"name_nb", "Sirkulær"}},
       {{"code", "circular"}, {"name_nb", "Sirkulærøkonomi"}},
       "/api/v1/reference/focus-areas",
       {}},
      {"user",
       Role::admin,
       "/api/v1/users",
       {{"email", "ny@mnu.no"}, {"role", "adviser"}, {"password", "riktig hest batteri"}},
       {{"email", "ny@mnu.no"}, {"role", "management"}, {"password", "riktig hest batteri"}},
       "/api/v1/users",
       {}},
      {"token",
       Role::admin,
       "/api/v1/tokens",
       {{"name", "uttrekk"}, {"role", "management"}},
       {{"name", "uttrekk"}, {"role", "adviser"}},
       "/api/v1/tokens",
       {"secret"}},
      {"invitation",
       Role::adviser,
       p + "/invitations",
       {{"contact_id", contact}},
       {{"contact_id", contact + 1000}},
       p + "/invitations",
       {"token", "link"}},
  };
}

/// `answer` without the fields that are shown once.
json without(json answer, const std::vector<std::string>& fields) {
  for (const std::string& field : fields) answer.erase(field);
  return answer;
}

}  // namespace

BACKEND_TEST_CASE("idempotency: every creating POST replays its first answer for a retried key and creates nothing",
                  "[http]") {
  TestDatabase db(backend);
  TestServer server(db, kWorkers);
  Api api(server);
  const std::int64_t project = api.create("Brygghus")["id"].get<std::int64_t>();
  Reply ola = api.post(Api::project_path(project) + "/contacts", {{"name", "Ola"}, {"email", "ola@bryggeri.no"}});
  REQUIRE(ola.status == 201);

  int n = 0;
  for (const Creation& c : every_creation(project, ola.json["id"].get<std::int64_t>())) {
    INFO(c.what);
    httplib::Headers headers = api.as(c.role);
    headers.emplace("Idempotency-Key", "retry-" + std::to_string(++n) + "-a1b2");
    const std::int64_t before = total(api, c);

    Reply first = api.post(c.path, c.body, headers);
    REQUIRE(first.status == 201);
    CHECK(first.header("Idempotent-Replayed").empty());
    for (const std::string& field : c.shown_once) CHECK(first.json.contains(field));
    CHECK(total(api, c) == before + 1);

    for (int attempt = 0; attempt < 2; ++attempt) {
      Reply retry = api.post(c.path, c.body, headers);
      CHECK(retry.status == first.status);
      CHECK(retry.header("Idempotent-Replayed") == "true");
      CHECK(retry.header("Location") == first.header("Location"));
      CHECK(retry.header("ETag") == first.header("ETag"));
      if (c.shown_once.empty())
        CHECK(retry.body == first.body);  // byte for byte
      else
        CHECK(retry.json == without(first.json, c.shown_once));  // a secret is shown once, never stored
    }
    // Spacing and the order of fields do not make another request.
    Reply respaced = api.request("POST", c.path, "  " + c.body.dump(2) + "\n", headers);
    CHECK(respaced.header("Idempotent-Replayed") == "true");
    CHECK(total(api, c) == before + 1);

    // The same key for another request is refused, and nothing is written.
    check_invalid(api.post(c.path, c.other_body, headers), "Idempotency-Key", "reused");
    CHECK(total(api, c) == before + 1);
  }
}

BACKEND_TEST_CASE("idempotency: a creation's key is its caller's, is checked, and a new key is a new request",
                  "[http]") {
  TestDatabase db(backend);
  TestServer server(db, kWorkers);
  Api api(server);
  const json body{{"workflow", "establishment"}, {"title", "Kaffebar"}};
  const std::int64_t before = api.project_total();

  Reply adviser = api.post("/api/v1/projects", body, {{"Idempotency-Key", "shared-name"}});
  REQUIRE(adviser.status == 201);
  httplib::Headers admin = api.as(Role::admin);
  admin.emplace("Idempotency-Key", "shared-name");
  Reply other_caller = api.post("/api/v1/projects", body, admin);
  REQUIRE(other_caller.status == 201);
  CHECK(other_caller.header("Idempotent-Replayed").empty());
  CHECK(other_caller.json["id"] != adviser.json["id"]);
  CHECK(other_caller.json["created_by"] != adviser.json["created_by"]);
  CHECK(api.project_total() == before + 2);

  // The key on another path is another request: refused, as for another body.
  Reply other_path = api.post(Api::project_path(adviser.json["id"].get<std::int64_t>()) + "/notes", {{"body", "Hei"}},
                              {{"Idempotency-Key", "shared-name"}});
  check_invalid(other_path, "Idempotency-Key", "reused");

  // Keys that are not 1 to 200 visible ASCII characters are refused before anything happens.
  for (const std::string& bad : {std::string(201, 'k'), std::string("two words"), std::string("nøkkel")})
    check_invalid(api.post("/api/v1/projects", body, {{"Idempotency-Key", bad}}), "Idempotency-Key", "invalid");
  Reply fresh = api.post("/api/v1/projects", body, {{"Idempotency-Key", "another-key"}});
  CHECK(fresh.status == 201);
  CHECK(fresh.header("Idempotent-Replayed").empty());
  CHECK(api.project_total() == before + 3);

  // A refused creation keeps no key: the same key works once the request is right.
  Reply refused = api.post("/api/v1/companies", {{"name", "Moss Bakeri AS"}, {"organisation_number", "923609017"}},
                           {{"Idempotency-Key", "company-1"}});
  check_invalid(refused, "organisation_number", "invalid");
  Reply missing_project =
      api.post(Api::project_path(999999) + "/notes", {{"body", "Hei"}}, {{"Idempotency-Key", "note-1"}});
  CHECK(missing_project.status == 404);
  Reply again = api.post(Api::project_path(999999) + "/notes", {{"body", "Hei"}}, {{"Idempotency-Key", "note-1"}});
  CHECK(again.status == 404);
  CHECK(again.header("Idempotent-Replayed").empty());
}

BACKEND_TEST_CASE("idempotency: concurrent creations with one key create one record, and every one gets its answer",
                  "[http]") {
  TestDatabase db(backend);
  TestServer server(db, kWorkers);
  Api api(server);
  const std::int64_t project = api.create("Bakeri")["id"].get<std::int64_t>();
  struct Raced {
    std::string path;
    json body;
    std::string list;
  };
  const std::string p = Api::project_path(project);
  for (const Raced& raced :
       {Raced{"/api/v1/projects", {{"workflow", "innovation"}, {"title", "Samtidig"}}, "/api/v1/projects?limit=1"},
        Raced{"/api/v1/companies",
              {{"name", "Samtidig AS"}, {"organisation_number", "923609016"}},
              "/api/v1/companies?limit=1"},
        Raced{p + "/notes", {{"body", "Samtidig notat"}}, p + "/notes"}}) {
    INFO(raced.path);
    const std::int64_t before = api.get(raced.list).json["total"].get<std::int64_t>();
    std::vector<Reply> replies =
        race(server, 8, "POST", raced.path, raced.body.dump(), {{"Idempotency-Key", "raced" + raced.path}});
    int replayed = 0;
    for (const Reply& r : replies) {
      check_every_response(r);
      CHECK(r.status == 201);
      CHECK(r.body == replies.front().body);
      if (r.header("Idempotent-Replayed") == "true") ++replayed;
    }
    CHECK(replayed == 7);
    CHECK(api.get(raced.list).json["total"] == before + 1);
  }
}

namespace {

/// The newest audit entry of `kind`, with its detail parsed.
json newest_audit(Api& api, const std::string& kind) {
  Reply r = api.get("/api/v1/audit?kind=" + kind, api.as(Role::admin));
  REQUIRE(r.status == 200);
  INFO(kind << ": " << r.body);
  REQUIRE_FALSE(r.json["items"].empty());
  json entry = r.json["items"][0];
  entry["detail"] = json::parse(entry["detail"].get<std::string>());
  return entry;
}

}  // namespace

BACKEND_TEST_CASE("audit: every change of every kind of record shows in GET /api/v1/audit with who and what changed",
                  "[http]") {
  TestDatabase db(backend);
  TestServer server(db);
  Api api(server);
  const std::string adviser = server.identity(Role::adviser).email;
  const std::string admin = server.identity(Role::admin).email;
  const std::int64_t project = api.create("Brygghus")["id"].get<std::int64_t>();
  const std::string p = Api::project_path(project);
  auto id_of = [](const Reply& r) {
    INFO(r.body);
    REQUIRE(r.status < 300);
    return r.json["id"].get<std::int64_t>();
  };
  auto if_match = [](std::int64_t version) { return httplib::Headers{{"If-Match", quoted(version)}}; };
  auto with = [](httplib::Headers headers, std::int64_t version) {
    headers.emplace("If-Match", quoted(version));
    return headers;
  };

  struct Expected {
    std::string kind;
    std::string actor;
    json record;   // the fields naming the record
    json changes;  // field → {from, to}, each of them
  };
  std::vector<Expected> expected;

  const std::int64_t company =
      id_of(api.post("/api/v1/companies", {{"name", "Brygg"}, {"organisation_number", "923609016"}}));
  expected.push_back(
      {"company.created", adviser, {{"company", company}}, {{"name", {{"from", nullptr}, {"to", "Brygg"}}}}});
  id_of(api.patch("/api/v1/companies/" + std::to_string(company), {{"name", "Brygg AS"}}, if_match(1)));
  expected.push_back(
      {"company.updated", adviser, {{"company", company}}, {{"name", {{"from", "Brygg"}, {"to", "Brygg AS"}}}}});

  const std::int64_t contact = id_of(api.post(p + "/contacts", {{"name", "Ola"}}));
  expected.push_back({"contact.created",
                      adviser,
                      {{"project", project}, {"contact", contact}},
                      {{"name", {{"from", nullptr}, {"to", "Ola"}}}}});
  id_of(api.patch(p + "/contacts/" + std::to_string(contact), {{"phone", "+47 912 34 567"}}, if_match(1)));
  expected.push_back({"contact.updated",
                      adviser,
                      {{"project", project}, {"contact", contact}},
                      {{"phone", {{"from", nullptr}, {"to", "+47 912 34 567"}}}}});
  CHECK(api.request("DELETE", p + "/contacts/" + std::to_string(contact), "", if_match(2)).status == 204);
  expected.push_back({"contact.deleted",
                      adviser,
                      {{"project", project}, {"contact", contact}},
                      {{"name", {{"from", "Ola"}, {"to", nullptr}}}}});

  const std::int64_t note = id_of(api.post(p + "/notes", {{"body", "Møte holdt."}}));
  expected.push_back({"note.created",
                      adviser,
                      {{"project", project}, {"note", note}},
                      {{"body", {{"from", nullptr}, {"to", "Møte holdt."}}}}});

  const std::int64_t activity =
      id_of(api.post(p + "/activities", {{"kind", "meeting"}, {"date", "2026-03-02"}, {"hours", 1}}));
  expected.push_back({"activity.created",
                      adviser,
                      {{"project", project}, {"activity", activity}},
                      {{"minutes", {{"from", nullptr}, {"to", 60}}}}});
  id_of(api.patch(p + "/activities/" + std::to_string(activity), {{"hours", 2}}, if_match(1)));
  expected.push_back({"activity.updated",
                      adviser,
                      {{"project", project}, {"activity", activity}},
                      {{"minutes", {{"from", 60}, {"to", 120}}}}});
  CHECK(api.request("DELETE", p + "/activities/" + std::to_string(activity), "", if_match(2)).status == 204);
  expected.push_back({"activity.deleted",
                      adviser,
                      {{"project", project}, {"activity", activity}},
                      {{"kind", {{"from", "meeting"}, {"to", nullptr}}}}});

  const std::int64_t funding =
      id_of(api.post(p + "/funding-applications", {{"source", "innovasjon_norge"}, {"amount_applied", 150000}}));
  expected.push_back({"funding.created",
                      adviser,
                      {{"project", project}, {"funding_application", funding}},
                      {{"amount_applied", {{"from", nullptr}, {"to", 150000}}}}});
  id_of(api.patch(p + "/funding-applications/" + std::to_string(funding), {{"status", "submitted"}}, if_match(1)));
  expected.push_back({"funding.updated",
                      adviser,
                      {{"project", project}, {"funding_application", funding}},
                      {{"status", {{"from", "draft"}, {"to", "submitted"}}}}});

  const httplib::Headers as_admin = api.as(Role::admin);
  const std::int64_t target =
      id_of(api.post("/api/v1/targets", {{"year", 2026}, {"metric", "new_projects"}, {"target_value", 40}}, as_admin));
  expected.push_back(
      {"target.created", admin, {{"target", target}}, {{"target_value", {{"from", nullptr}, {"to", 40}}}}});
  id_of(api.patch("/api/v1/targets/" + std::to_string(target), {{"target_value", 45}}, with(as_admin, 1)));
  expected.push_back({"target.updated", admin, {{"target", target}}, {{"target_value", {{"from", 40}, {"to", 45}}}}});
  CHECK(api.request("DELETE", "/api/v1/targets/" + std::to_string(target), "", with(as_admin, 2)).status == 204);
  expected.push_back(
      {"target.deleted", admin, {{"target", target}}, {{"target_value", {{"from", 45}, {"to", nullptr}}}}});

  CHECK(api.post("/api/v1/reference/focus-areas", {{"code", "circular"}, {"name_nb", "Sirkulær"}}, as_admin).status ==
        201);
  expected.push_back({"reference.created",
                      admin,
                      {{"list", "focus-areas"}, {"code", "circular"}},
                      {{"name_nb", {{"from", nullptr}, {"to", "Sirkulær"}}}}});
  CHECK(api.patch("/api/v1/reference/focus-areas/circular", {{"active", false}}, as_admin).status == 200);
  expected.push_back({"reference.updated",
                      admin,
                      {{"list", "focus-areas"}, {"code", "circular"}},
                      {{"active", {{"from", true}, {"to", false}}}}});

  const std::int64_t user = id_of(api.post(
      "/api/v1/users", {{"email", "ny@mnu.no"}, {"role", "adviser"}, {"password", "riktig hest batteri"}}, as_admin));
  expected.push_back({"user_created", admin, {{"user", user}}, {{"email", {{"from", nullptr}, {"to", "ny@mnu.no"}}}}});
  id_of(api.patch("/api/v1/users/" + std::to_string(user), {{"disabled", true}}, with(as_admin, 1)));
  expected.push_back({"user_changed",
                      admin,
                      {{"user", user}, {"email", "ny@mnu.no"}},
                      {{"disabled", {{"from", false}, {"to", true}}}}});

  for (const Expected& e : expected) {
    INFO(e.kind);
    json entry = newest_audit(api, e.kind);
    CHECK(entry["actor"] == e.actor);
    CHECK_FALSE(entry["at"].get<std::string>().empty());
    for (const auto& [field, value] : e.record.items()) CHECK(entry["detail"][field] == value);
    for (const auto& [field, change] : e.changes.items()) CHECK(entry["detail"]["changes"][field] == change);
    CHECK(entry["detail"].dump().find("riktig hest") == std::string::npos);
  }

  // An edit that changes nothing, and one that is refused, leave no entry.
  const json before = api.get("/api/v1/audit?kind=company.updated", as_admin).json;
  CHECK(api.patch("/api/v1/companies/" + std::to_string(company), {{"name", "Brygg AS"}}, if_match(2)).status == 200);
  CHECK(api.patch("/api/v1/companies/" + std::to_string(company), {{"name", "Annet"}}, if_match(1)).status == 409);
  CHECK(api.get("/api/v1/audit?kind=company.updated", as_admin).json["total"] == before["total"]);
}
