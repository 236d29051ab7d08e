// Object-level access through real sockets on both backends: an entrepreneur sees their own
// project and nothing of anyone else's, reads no internal word about their own, and writes only
// public notes; fields that only the server sets cannot be sent; management reads everything and
// writes nothing. Every refusal is checked to have changed nothing.

#include <string>
#include <vector>

#include "http_test_support.hpp"

using namespace facilitator::testing;
using facilitator::core::Role;

namespace {

constexpr const char* kSentinel = "SENTINEL-INTERNAL-91f3";
constexpr std::int64_t kMissing = 987654;

const httplib::Headers kAnonymous = {{"Cookie", ""}};

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
  return text;
}

httplib::Headers with(httplib::Headers headers, const std::string& name, const std::string& value) {
  headers.emplace(name, value);
  return headers;
}

json list_of(Api& api, const std::string& path, httplib::Headers headers = {}) {
  Reply r = api.get(path, std::move(headers));
  INFO("GET " << path << ": " << r.body);
  REQUIRE(r.status == 200);
  return r.json;
}

std::int64_t created_id(Api& api, const std::string& path, const json& body) {
  Reply r = api.post(path, body);
  INFO("POST " << path << ": " << r.body);
  REQUIRE(r.status == 201);
  return r.json["id"].get<std::int64_t>();
}

/// A project with one record of each kind under it, written by its adviser.
struct Project {
  std::int64_t id = 0;
  std::int64_t contact = 0;
  std::int64_t public_note = 0;
  std::int64_t internal_note = 0;
  std::int64_t activity = 0;
  std::int64_t funding = 0;
  [[nodiscard]] std::string path(const std::string& rest = "") const { return Api::project_path(id) + rest; }
};

Project make_project(Api& api, const std::string& title) {
  Project p;
  p.id = api.create(title, {{"adviser", "test.adviser@mnu.no"}})["id"].get<std::int64_t>();
  p.contact = created_id(api, p.path("/contacts"), {{"name", "Kontakt " + title}});
  p.public_note =
      created_id(api, p.path("/notes"), {{"body", "Offentlig notat om " + title}, {"visibility", "public"}});
  p.internal_note = created_id(api, p.path("/notes"), {{"body", "Internt notat om " + title}});
  p.activity = created_id(api, p.path("/activities"), {{"kind", "meeting"}, {"date", "2026-03-02"}, {"hours", 1}});
  p.funding =
      created_id(api, p.path("/funding-applications"), {{"source", "innovasjon_norge"}, {"amount_applied", 100000}});
  return p;
}

/// Everything about a project an adviser reads, records included: to show nothing changed.
struct Everything {
  Snapshot snapshot;
  json contacts, notes, activities;
  static Everything of(Api& api, const Project& p) {
    return Everything{Snapshot::of(api, p.id), list_of(api, p.path("/contacts")), list_of(api, p.path("/notes")),
                      list_of(api, p.path("/activities"))};
  }
  bool operator==(const Everything& o) const {
    return snapshot == o.snapshot && contacts == o.contacts && notes == o.notes && activities == o.activities;
  }
};

std::ostream& operator<<(std::ostream& out, const Everything& e) {
  return out << e.snapshot << " notes " << e.notes.dump() << " contacts " << e.contacts["total"] << " activities "
             << e.activities["total"];
}

/// One request about a project: the rest of the path after /api/v1/projects/{id}, a body.
struct Attempt {
  std::string method;
  std::string rest;
  json body;
  bool if_match = false;
};

Reply attempt(Api& api, const Attempt& a, std::int64_t project, const httplib::Headers& headers) {
  httplib::Headers h = headers;
  if (a.if_match) h.emplace("If-Match", quoted(1));
  return api.request(a.method, Api::project_path(project) + a.rest, a.method == "GET" ? "" : a.body.dump(), h,
                     a.method == "GET" ? "" : "application/json");
}

/// Every event of a project as `headers`' caller sees them, following the cursor one by one.
std::vector<Reply> event_pages(Api& api, std::int64_t project, const httplib::Headers& headers) {
  std::vector<Reply> pages;
  std::string cursor;
  do {
    Reply page =
        api.get(Api::project_path(project) + "/events?limit=1" + (cursor.empty() ? "" : "&cursor=" + cursor), headers);
    INFO(page.body);
    REQUIRE(page.status == 200);
    cursor = page.json["next_cursor"].is_string() ? page.json["next_cursor"].get<std::string>() : "";
    pages.push_back(std::move(page));
    REQUIRE(pages.size() < 100);
  } while (!cursor.empty());
  return pages;
}

/// The events of all pages, in order.
json events_of(const std::vector<Reply>& pages) {
  json events = json::array();
  for (const Reply& page : pages)
    for (const auto& e : page.json["items"]) events.push_back(e);
  return events;
}

}  // namespace

BACKEND_TEST_CASE("An entrepreneur's requests about another's project answer exactly as for a missing project",
                  "[http][access]") {
  TestDatabase db(backend);
  TestServer server(db);
  Api api(server);
  Project pa = make_project(api, "Prosjekt A");
  Project pb = make_project(api, "Prosjekt B");
  const Identity a = server.entrepreneur_of(pa.id, "a@bedrift.no");
  const Identity b = server.entrepreneur_of(pb.id, "b@bedrift.no");
  const Everything pb_before = Everything::of(api, pb);

  const std::vector<Attempt> attempts = {
      {"GET", "", json(), false},
      {"PATCH", "", {{"title", "Kapret"}}, true},
      {"POST", "/transitions", {{"event", "start_screening"}}, true},
      {"POST", "/transitions", {{"event", "park"}, {"note", "Parkert av en annen"}}, true},
      {"POST", "/notes", {{"body", "Hei fra A"}, {"visibility", "public"}}, false},
      {"POST", "/notes", {{"body", "Internt fra A"}}, false},
      {"GET", "/events", json(), false},
      {"GET", "/notes", json(), false},
      {"GET", "/notes/" + std::to_string(pb.public_note), json(), false},
      {"GET", "/notes/" + std::to_string(pb.internal_note), json(), false},
      {"GET", "/contacts", json(), false},
      {"GET", "/contacts/" + std::to_string(pb.contact), json(), false},
      {"POST", "/contacts", {{"name", "Falsk kontakt"}, {"email", "a@bedrift.no"}}, false},
      {"GET", "/activities", json(), false},
      {"GET", "/funding-applications", json(), false},
      {"GET", "/funding-applications/" + std::to_string(pb.funding), json(), false},
      {"POST", "/invitations", {{"contact_id", pb.contact}}, false},
  };
  for (const Attempt& at : attempts) {
    INFO(at.method << " /projects/{B}" << at.rest << " " << at.body.dump());
    Reply on_b = attempt(api, at, pb.id, a.headers());
    check_problem(on_b, 404);
    std::string missing_rest = replace_all(at.rest, std::to_string(pb.id), std::to_string(kMissing));
    Attempt on_missing_attempt = at;
    on_missing_attempt.rest = missing_rest;
    Reply on_missing = attempt(api, on_missing_attempt, kMissing, a.headers());
    check_problem(on_missing, 404);
    // Word for word what a project that does not exist answers, its id aside.
    CHECK(on_b.json["detail"] ==
          replace_all(on_missing.json["detail"].get<std::string>(), std::to_string(kMissing), std::to_string(pb.id)));
    CHECK(on_b.json["type"] == on_missing.json["type"]);
    CHECK(on_b.json["title"] == on_missing.json["title"]);
    CHECK(on_b.body.find("Prosjekt B") == std::string::npos);
  }
  // B's own project is unchanged by all of it.
  CHECK(Everything::of(api, pb) == pb_before);

  // Each entrepreneur's list holds their own project only, in the outsider's view.
  for (const auto& [who, own] : {std::pair{&a, &pa}, std::pair{&b, &pb}}) {
    Reply list = api.get("/api/v1/projects", who->headers());
    INFO(who->email << ": " << list.body);
    REQUIRE(list.status == 200);
    CHECK(list.json["total"] == 1);
    REQUIRE(list.json["items"].size() == 1);
    const json& item = list.json["items"][0];
    CHECK(item["id"] == own->id);
    for (const char* hidden : {"adviser", "available_events", "organisation_number", "municipality", "focus_area",
                               "external_ref", "result_summary", "company_id"}) {
      INFO(hidden);
      CHECK_FALSE(item.contains(hidden));
    }
    REQUIRE(item.contains("stage"));
    CHECK(item["stage"].contains("public_text"));
    CHECK(item["next_stages"].is_array());
    CHECK_FALSE(item["next_stages"].empty());
    CHECK(list.body.find("test.adviser@mnu.no") == std::string::npos);
    // Filters on facts the entrepreneur does not see are refused: they would let them probe those facts.
    for (const char* probe : {"q=Prosjekt", "adviser=test.adviser%40mnu.no", "municipality=3103", "focus_area=food",
                              "nace_section=C", "company_id=1", "in_state_days=0"}) {
      INFO(probe);
      check_problem(api.get(std::string("/api/v1/projects?") + probe, who->headers()), 400);
    }
    Reply by_state = api.get("/api/v1/projects?state=idea&workflow=establishment", who->headers());
    REQUIRE(by_state.status == 200);
    CHECK(by_state.json["total"] == 1);
  }
}

BACKEND_TEST_CASE("An entrepreneur on their own project reads it and writes public notes, nothing more",
                  "[http][access]") {
  TestDatabase db(backend);
  TestServer server(db);
  Api api(server);
  Project pa = make_project(api, "Prosjekt A");
  Project pb = make_project(api, "Prosjekt B");
  const Identity a = server.entrepreneur_of(pa.id, "a@bedrift.no");
  const Everything pa_before = Everything::of(api, pa);
  const Everything pb_before = Everything::of(api, pb);

  Reply project = api.get(pa.path(), a.headers());
  REQUIRE(project.status == 200);
  CHECK(project.json["id"] == pa.id);
  CHECK(project.json["title"] == "Prosjekt A");
  CHECK_FALSE(project.json.contains("adviser"));
  CHECK_FALSE(project.json.contains("available_events"));
  CHECK(project.json["stage"].contains("public_text"));
  CHECK(project.json.contains("next_stages"));
  CHECK(api.get(pa.path("/events"), a.headers()).status == 200);
  Reply notes = api.get(pa.path("/notes"), a.headers());
  REQUIRE(notes.status == 200);
  CHECK(notes.json["total"] == 1);  // the public note only
  CHECK(api.get(pa.path("/notes/" + std::to_string(pa.public_note)), a.headers()).status == 200);
  check_problem(api.get(pa.path("/notes/" + std::to_string(pa.internal_note)), a.headers()), 404);

  // Adviser matters are not the entrepreneur's: 403 on the own project.
  check_problem(api.patch(pa.path(), {{"title", "Omdøpt"}}, with(a.headers(), "If-Match", quoted(1))), 403);
  check_problem(api.transition(pa.id, "start_screening", 1, json::object(), a.headers()), 403);
  check_problem(api.transition(pa.id, "park", 1, {{"note", "Vil parkere"}}, a.headers()), 403);
  check_problem(api.get(pa.path("/contacts"), a.headers()), 403);
  check_problem(api.get(pa.path("/activities"), a.headers()), 403);
  check_problem(api.get(pa.path("/funding-applications"), a.headers()), 403);
  check_problem(api.post(pa.path("/contacts"), {{"name", "Ny kontakt"}}, a.headers()), 403);
  check_problem(
      api.post(pa.path("/activities"), {{"kind", "meeting"}, {"date", "2026-03-02"}, {"hours", 1}}, a.headers()), 403);
  check_problem(
      api.post(pa.path("/funding-applications"), {{"source", "innovasjon_norge"}, {"amount_applied", 5}}, a.headers()),
      403);
  check_problem(api.post(pa.path("/invitations"), {{"contact_id", pa.contact}}, a.headers()), 403);
  check_problem(api.post("/api/v1/projects", {{"workflow", "establishment"}, {"title", "Eget"}}, a.headers()), 403);
  // Internal notes are the advisers': refused whether asked for or the default.
  check_problem(api.post(pa.path("/notes"), {{"body", "Internt fra gründer"}}, a.headers()), 403);
  check_problem(api.post(pa.path("/notes"), {{"body", "Internt fra gründer"}, {"visibility", "internal"}}, a.headers()),
                403);
  // A note that names another project is refused: the project is the one in the address.
  Reply smuggled =
      api.post(pa.path("/notes"), {{"body", "Til B"}, {"visibility", "public"}, {"project_id", pb.id}}, a.headers());
  check_invalid(smuggled, "project_id");
  check_invalid(
      api.post(pa.path("/notes"), {{"body", "Som rådgiver"}, {"visibility", "public"}, {"author", "x"}}, a.headers()),
      "author");
  CHECK(Everything::of(api, pa) == pa_before);
  CHECK(Everything::of(api, pb) == pb_before);
  CHECK(api.project_total() == 2);

  // A public note is written, and the adviser reads it.
  Reply note = api.post(pa.path("/notes"), {{"body", "Spørsmål fra gründeren"}, {"visibility", "public"}}, a.headers());
  INFO(note.body);
  REQUIRE(note.status == 201);
  CHECK(note.json["visibility"] == "public");
  CHECK(note.json["project_id"] == pa.id);
  json adviser_notes = list_of(api, pa.path("/notes"));
  bool found = false;
  for (const auto& n : adviser_notes["items"])
    if (n["id"] == note.json["id"]) {
      found = true;
      CHECK(n["body"] == "Spørsmål fra gründeren");
      CHECK(n["author"] == "a@bedrift.no");
    }
  CHECK(found);
  CHECK(list_of(api, pa.path("/notes"), a.headers())["total"] == 2);
  CHECK(Everything::of(api, pb) == pb_before);
}

BACKEND_TEST_CASE("No internal word reaches the entrepreneur: notes, transition notes, facts, errors",
                  "[http][access]") {
  TestDatabase db(backend);
  TestServer server(db);
  Api api(server);
  Project pa = make_project(api, "Prosjekt A");
  Project pb = make_project(api, "Prosjekt B");
  const Identity a = server.entrepreneur_of(pa.id, "a@bedrift.no");
  const std::string internal = std::string(kSentinel) + " (vurdering: svak økonomi)";
  const std::string public_resume = "Vi er i gang igjen – velkommen tilbake";

  std::vector<std::int64_t> internal_notes;
  for (const Project* p : {&pa, &pb}) {
    internal_notes.push_back(created_id(api, p->path("/notes"), {{"body", internal}}));
    internal_notes.push_back(created_id(api, p->path("/notes"), {{"body", internal}, {"visibility", "internal"}}));
    std::int64_t version = api.project(p->id)["version"];
    version = api.update(p->id, version, {{"result_summary", internal}})["version"];
    version = api.move(p->id, "start_screening", version, {{"note", internal}})["version"];
    version = api.move(p->id, "park", version, {{"note", internal}, {"visibility", "internal"}})["version"];
    version = api.move(p->id, "resume", version, {{"note", public_resume}, {"visibility", "public"}})["version"];
    version = api.move(p->id, "close", version, {{"reason", "not_viable"}, {"note", internal}})["version"];
    api.move(p->id, "reopen", version, {{"note", internal}, {"visibility", "internal"}});
  }
  // The adviser reads all of it.
  CHECK(api.events(pa.id).dump().find(kSentinel) != std::string::npos);
  CHECK(list_of(api, pa.path("/notes")).dump().find(kSentinel) != std::string::npos);

  std::vector<Reply> seen;  // every response to the entrepreneur
  auto as_a = [&](const std::string& method, const std::string& path, const json& body = json(),
                  httplib::Headers extra = {}) {
    httplib::Headers headers = a.headers();
    for (auto& [k, v] : extra) headers.emplace(k, v);
    Reply r = api.request(method, path, method == "GET" ? "" : body.dump(), headers,
                          method == "GET" ? "" : "application/json");
    seen.push_back(r);
    return r;
  };

  Reply project = as_a("GET", pa.path());
  REQUIRE(project.status == 200);
  CHECK(project.json["state"] == "screening");
  CHECK(as_a("GET", "/api/v1/projects").json["total"] == 1);
  CHECK(as_a("GET", "/api/v1/projects?q=SENTINEL").status == 400);  // no text search over hidden facts
  CHECK(as_a("GET", "/api/v1/projects?state=screening&limit=1").status == 200);

  std::vector<Reply> pages = event_pages(api, pa.id, a.headers());
  for (const Reply& page : pages) seen.push_back(page);
  json events = events_of(pages);
  bool public_note_shown = false;
  for (const auto& e : events) {
    INFO(e.dump());
    CHECK(e["kind"] != "updated");  // edits of facts stay inside
    CHECK_FALSE(e.contains("actor"));
    CHECK_FALSE(e.contains("reason"));
    CHECK_FALSE(e.contains("changes"));
    if (e["note"] == public_resume) public_note_shown = true;
  }
  CHECK(public_note_shown);  // the note written for the entrepreneur is there
  // All transitions are listed (create, start, park, resume, close, reopen), without their inside notes.
  CHECK(events.size() == 6);
  Reply one_page = as_a("GET", pa.path("/events?limit=500"));
  CHECK(one_page.json["items"] == events);
  CHECK(one_page.json["total"] == 6);

  Reply notes = as_a("GET", pa.path("/notes"));
  REQUIRE(notes.status == 200);
  for (const auto& n : notes.json["items"]) CHECK(n["visibility"] == "public");
  const json all_notes = list_of(api, pa.path("/notes"));  // kept: a range over a temporary's member dangles
  for (const auto& n : all_notes["items"]) {
    Reply one = as_a("GET", pa.path("/notes/" + std::to_string(n["id"].get<std::int64_t>())));
    CHECK(one.status == (n["visibility"] == "public" ? 200 : 404));
  }
  for (std::int64_t id : internal_notes) {
    check_problem(as_a("GET", pa.path("/notes/" + std::to_string(id))), 404);
    check_problem(as_a("GET", pb.path("/notes/" + std::to_string(id))), 404);
  }

  // Refused requests tell nothing either.
  as_a("PATCH", pa.path(), {{"result_summary", "x"}}, {{"If-Match", quoted(project.json["version"])}});
  as_a("POST", pa.path("/transitions"), {{"event", "park"}, {"note", "x"}},
       {{"If-Match", quoted(project.json["version"])}});
  as_a("POST", pa.path("/notes"), {{"body", "internt?"}});
  for (const char* rest : {"/contacts", "/activities", "/funding-applications"}) as_a("GET", pa.path(rest));
  for (const char* rest : {"", "/events", "/notes", "/contacts", "/activities", "/funding-applications"})
    check_problem(as_a("GET", pb.path(rest)), 404);
  as_a("GET", pb.path("/events?limit=1"));
  as_a("GET", "/api/v1/session");

  for (const Reply& r : seen) {
    INFO(r.status << " " << r.body);
    CHECK(r.body.find(kSentinel) == std::string::npos);
    CHECK(r.body.find("svak økonomi") == std::string::npos);
  }
  CHECK(seen.size() > 30);
}

BACKEND_TEST_CASE("Fields only the server sets are refused with 400 and change nothing", "[http][access]") {
  TestDatabase db(backend);
  TestServer server(db);
  Api api(server);
  Project p = make_project(api, "Prosjekt");
  const Everything before = Everything::of(api, p);
  const httplib::Headers match = {{"If-Match", quoted(1)}};

  check_invalid(api.patch(p.path(), {{"state", "established"}}, match), "state", "read_only");
  check_invalid(api.patch(p.path(), {{"version", 42}}, match), "version", "read_only");
  check_invalid(api.patch(p.path(), {{"visibility", "public"}}, match), "visibility");
  check_invalid(api.patch(p.path(), {{"title", "Nytt navn"}, {"state", "completed"}}, match), "state", "read_only");
  check_invalid(api.patch(p.path(), {{"id", p.id + 1}}, match), "id", "read_only");
  check_invalid(api.patch(p.path(), {{"created_by", "noen"}}, match), "created_by", "read_only");
  CHECK(Everything::of(api, p) == before);

  // A login body names the account and its password, nothing else: no role to ask for.
  Reply login =
      api.post("/api/v1/session",
               {{"email", "test.adviser@mnu.no"}, {"password", TestServer::kPassword}, {"role", "admin"}}, kAnonymous);
  check_invalid(login, "role");
  CHECK(login.header("Set-Cookie").empty());

  // Accepting an invitation cannot choose the role either, and leaves the invitation usable.
  Reply contact = api.post(p.path("/contacts"), {{"name", "Rolle Søker"}, {"email", "rolle@bedrift.no"}});
  REQUIRE(contact.status == 201);
  Reply invitation = api.post(p.path("/invitations"), {{"contact_id", contact.json["id"]}});
  REQUIRE(invitation.status == 201);
  const std::string token = invitation.json["token"].get<std::string>();
  for (const json& extra : {json{{"role", "admin"}}, json{{"role", "entrepreneur"}}, json{{"email", "annen@x.no"}},
                            json{{"project_id", p.id}}}) {
    json body = {{"token", token}, {"password", TestServer::kPassword}};
    body.update(extra);
    INFO(body.dump());
    Reply accept = api.post("/api/v1/invitations/accept", body, kAnonymous);
    check_invalid(accept, extra.begin().key());
    CHECK(accept.header("Set-Cookie").empty());
  }
  CHECK(api.post("/api/v1/invitations/preview", {{"token", token}}, kAnonymous).status == 200);
  check_problem(
      api.post("/api/v1/session", {{"email", "rolle@bedrift.no"}, {"password", TestServer::kPassword}}, kAnonymous),
      401);  // no account was made
  Reply accepted =
      api.post("/api/v1/invitations/accept", {{"token", token}, {"password", TestServer::kPassword}}, kAnonymous);
  REQUIRE(accepted.status == 201);
  CHECK(accepted.json["user"]["role"] == "entrepreneur");
}

BACKEND_TEST_CASE("Management reads everything, internal notes included, and writes nothing", "[http][access]") {
  TestDatabase db(backend);
  TestServer server(db);
  Api api(server);
  Project p = make_project(api, "Prosjekt");
  api.move(p.id, "start_screening", 1, {{"note", "Internt om oppstarten"}});
  const httplib::Headers management = api.as(Role::management);
  const Everything before = Everything::of(api, p);

  Reply list = api.get("/api/v1/projects", management);
  REQUIRE(list.status == 200);
  CHECK(list.json["total"] == 1);
  CHECK(list.json["items"][0].contains("adviser"));
  Reply project = api.get(p.path(), management);
  REQUIRE(project.status == 200);
  CHECK(project.json["adviser"] == "test.adviser@mnu.no");
  CHECK(project.json.contains("available_events"));
  Reply notes = api.get(p.path("/notes"), management);
  REQUIRE(notes.status == 200);
  CHECK(notes.json["total"] == 2);
  CHECK(notes.body.find("Internt notat om Prosjekt") != std::string::npos);
  CHECK(api.get(p.path("/notes/" + std::to_string(p.internal_note)), management).status == 200);
  Reply events = api.get(p.path("/events"), management);
  REQUIRE(events.status == 200);
  CHECK(events.body.find("Internt om oppstarten") != std::string::npos);
  CHECK(events.json["items"][0].contains("actor"));
  for (const char* rest : {"/contacts", "/activities", "/funding-applications"})
    CHECK(api.get(p.path(rest), management).status == 200);

  const std::string version = quoted(project.json["version"]);
  const std::vector<std::pair<std::string, Reply>> writes = {
      {"create project",
       api.post("/api/v1/projects", {{"workflow", "establishment"}, {"title", "Ledelsens"}}, management)},
      {"update project", api.patch(p.path(), {{"title", "Omdøpt"}}, with(management, "If-Match", version))},
      {"transition", api.transition(p.id, "park", project.json["version"], {{"note", "Parkert"}}, management)},
      {"public note", api.post(p.path("/notes"), {{"body", "Fra ledelsen"}, {"visibility", "public"}}, management)},
      {"internal note", api.post(p.path("/notes"), {{"body", "Fra ledelsen"}}, management)},
      {"contact", api.post(p.path("/contacts"), {{"name", "Ny"}}, management)},
      {"contact update", api.patch(p.path("/contacts/" + std::to_string(p.contact)), {{"name", "Endret"}},
                                   with(management, "If-Match", quoted(1)))},
      {"activity",
       api.post(p.path("/activities"), {{"kind", "meeting"}, {"date", "2026-03-02"}, {"hours", 1}}, management)},
      {"activity delete", api.request("DELETE", p.path("/activities/" + std::to_string(p.activity)), "",
                                      with(management, "If-Match", quoted(1)), "")},
      {"funding",
       api.post(p.path("/funding-applications"), {{"source", "innovasjon_norge"}, {"amount_applied", 5}}, management)},
      {"funding update", api.patch(p.path("/funding-applications/" + std::to_string(p.funding)),
                                   {{"amount_applied", 6}}, with(management, "If-Match", quoted(1)))},
      {"invitation", api.post(p.path("/invitations"), {{"contact_id", p.contact}}, management)},
  };
  for (const auto& [what, r] : writes) {
    INFO(what);
    check_problem(r, 403);
  }
  CHECK(Everything::of(api, p) == before);
  CHECK(api.project_total() == 1);
}
