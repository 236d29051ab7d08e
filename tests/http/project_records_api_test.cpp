// The records kept around a project (contacts, notes, activities) and strategic targets, through
// real sockets on both backends: the happy paths, and every kind of bad input refused with a
// problem naming the field while nothing changes (each group reads everything back).

#include <string>
#include <vector>

#include "http_test_support.hpp"

using namespace facilitator::testing;
namespace core = facilitator::core;

namespace {

struct Case {
  json body;
  std::string field;
  std::string code;
};

std::string contacts_path(std::int64_t project) { return Api::project_path(project) + "/contacts"; }
std::string notes_path(std::int64_t project) { return Api::project_path(project) + "/notes"; }
std::string activities_path(std::int64_t project) { return Api::project_path(project) + "/activities"; }
std::string item(const std::string& collection, std::int64_t id) { return collection + "/" + std::to_string(id); }

Reply remove(Api& api, const std::string& path, httplib::Headers headers = {}) {
  return api.request("DELETE", path, "", std::move(headers));
}

httplib::Headers if_match(std::int64_t version) { return {{"If-Match", quoted(version)}}; }

/// POSTs `body` to `path`, which must answer 201; returns the created JSON.
json created(Api& api, const std::string& path, const json& body, httplib::Headers headers = {}) {
  Reply r = api.post(path, body, std::move(headers));
  INFO("POST " << path << " " << body.dump() << ": " << r.body);
  REQUIRE(r.status == 201);
  return r.json;
}

json list_of(Api& api, const std::string& path) {
  Reply r = api.get(path);
  INFO("GET " << path << ": " << r.body);
  REQUIRE(r.status == 200);
  return r.json;
}

/// Everything a caller can read about a project's records and the targets: to show that a
/// refused request changed nothing.
struct Records {
  json project, contacts, notes, activities, targets;

  static Records of(Api& api, std::int64_t project) {
    return Records{api.project(project), list_of(api, contacts_path(project)), list_of(api, notes_path(project)),
                   list_of(api, activities_path(project)), list_of(api, "/api/v1/targets")};
  }
  bool operator==(const Records& other) const {
    return project == other.project && contacts == other.contacts && notes == other.notes &&
           activities == other.activities && targets == other.targets;
  }
};

std::ostream& operator<<(std::ostream& out, const Records& r) {
  return out << "contacts " << r.contacts.dump() << " notes " << r.notes.dump() << " activities " << r.activities.dump()
             << " targets " << r.targets.dump();
}

/// Sends every case to `path` with `method` and expects a 400 naming the case's field and code.
void check_cases(Api& api, const std::string& method, const std::string& path, const std::vector<Case>& cases,
                 const httplib::Headers& headers = {}) {
  for (const auto& c : cases) {
    INFO(method << " " << path << " " << c.body.dump());
    check_invalid(api.request(method, path, c.body.dump(), headers), c.field, c.code);
  }
}

/// `base` with the members of `extra` added or replaced.
json with(json base, const json& extra) {
  base.update(extra);
  return base;
}

/// `base` without `member`.
json without(json base, const std::string& member) {
  base.erase(member);
  return base;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// contacts

BACKEND_TEST_CASE("Project records: contacts are created, listed, read, updated and deleted", "[http][records]") {
  TestDatabase db(backend);
  TestServer server(db);
  Api api(server);
  const std::int64_t project = api.create("Bakeri i Moss")["id"].get<std::int64_t>();
  const std::string contacts = contacts_path(project);

  Reply first = api.post(
      contacts,
      {{"name", "Kari Nordmann"}, {"email", "kari@bakeri.no"}, {"phone", "+47 912 34 567"}, {"role", "daglig leder"}});
  REQUIRE(first.status == 201);
  const std::int64_t kari = first.json["id"].get<std::int64_t>();
  CHECK(first.header("Location") == item(contacts, kari));
  CHECK(first.header("ETag") == "\"1\"");
  CHECK(first.json["project_id"] == project);
  CHECK(first.json["name"] == "Kari Nordmann");
  CHECK(first.json["email"] == "kari@bakeri.no");
  CHECK(first.json["phone"] == "+47 912 34 567");
  CHECK(first.json["role"] == "daglig leder");
  CHECK(first.json["version"] == 1);
  CHECK(first.json["created_at"] == first.json["updated_at"]);

  // Text is trimmed, blank optional fields stay empty, and limits count characters, not bytes.
  std::string norwegian;
  for (int i = 0; i < 200; ++i) norwegian += "ø";
  json ola = created(api, contacts, {{"name", "  Ola Hansen  "}, {"email", "   "}, {"phone", nullptr}});
  CHECK(ola["name"] == "Ola Hansen");
  CHECK(ola["email"].is_null());
  CHECK(ola["phone"].is_null());
  CHECK(ola["role"].is_null());
  json long_one = created(api, contacts, {{"name", norwegian}, {"role", norwegian}});
  CHECK(long_one["name"] == norwegian);

  json list = list_of(api, contacts);
  CHECK(list["total"] == 3);
  CHECK(list["next_cursor"].is_null());
  REQUIRE(list["items"].size() == 3);
  CHECK(list["items"][0] == first.json);
  CHECK(list["items"][1] == ola);
  CHECK(list["items"][2] == long_one);

  Reply one = api.get(item(contacts, kari));
  REQUIRE(one.status == 200);
  CHECK(one.header("ETag") == "\"1\"");
  CHECK(one.json == first.json);

  // A change bumps the version; null clears an optional field.
  Reply changed = api.patch(item(contacts, kari), {{"email", nullptr}, {"phone", "22 33 44 55"}}, if_match(1));
  REQUIRE(changed.status == 200);
  CHECK(changed.header("ETag") == "\"2\"");
  CHECK(changed.json["version"] == 2);
  CHECK(changed.json["email"].is_null());
  CHECK(changed.json["phone"] == "22 33 44 55");
  CHECK(changed.json["name"] == "Kari Nordmann");
  CHECK(changed.json["created_at"] == first.json["created_at"]);
  CHECK(api.get(item(contacts, kari)).json == changed.json);

  // Sending what is already there changes nothing, not even the version.
  Reply same = api.patch(item(contacts, kari), {{"phone", "22 33 44 55"}}, if_match(2));
  REQUIRE(same.status == 200);
  CHECK(same.json == changed.json);
  CHECK(same.header("ETag") == "\"2\"");

  // Merge-patch is accepted as a media type for PATCH.
  Reply merge = api.request("PATCH", item(contacts, kari), json{{"role", "gründer"}}.dump(), if_match(2),
                            "application/merge-patch+json");
  REQUIRE(merge.status == 200);
  CHECK(merge.json["role"] == "gründer");
  CHECK(merge.json["version"] == 3);

  Reply deleted = remove(api, item(contacts, kari), if_match(3));
  CHECK(deleted.status == 204);
  CHECK(deleted.body.empty());
  check_problem(api.get(item(contacts, kari)), 404);
  list = list_of(api, contacts);
  CHECK(list["total"] == 2);
  CHECK(list["items"][0]["id"] == ola["id"]);

  // Contacts belong to one project: another project has none of them.
  const std::int64_t other = api.create("Sykkelverksted")["id"].get<std::int64_t>();
  CHECK(list_of(api, contacts_path(other))["total"] == 0);
}

BACKEND_TEST_CASE("Project records: bad contact input is refused naming the field and changes nothing",
                  "[http][records]") {
  TestDatabase db(backend);
  TestServer server(db);
  Api api(server);
  const std::int64_t project = api.create("Bakeri i Moss")["id"].get<std::int64_t>();
  const std::string contacts = contacts_path(project);
  const json kari = created(api, contacts, {{"name", "Kari Nordmann"}, {"email", "kari@bakeri.no"}});
  const std::string kari_path = item(contacts, kari["id"].get<std::int64_t>());
  const Records before = Records::of(api, project);
  const json base{{"name", "Ola Hansen"}};

  // Mistakes in any field, alone: refused on create and on update.
  std::vector<Case> field_cases{
      {{{"name", "   "}}, "name", "required"},
      {{{"name", nullptr}}, "name", "wrong_type"},
      {{{"name", 5}}, "name", "wrong_type"},
      {{{"name", json::array({"Ola"})}}, "name", "wrong_type"},
      {{{"name", std::string(201, 'x')}}, "name", "too_long"},
      {{{"name", "Ola\nHansen"}}, "name", "control_character"},
      {{{"name", "Ola\u0001"}}, "name", "control_character"},
      {{{"name", std::string("Ola\0Hansen", 10)}}, "name", "control_character"},
      {{{"email", 42}}, "email", "wrong_type"},
      {{{"email", std::string(195, 'a') + "@firma.no"}}, "email", "too_long"},
      {{{"phone", 4791234567}}, "phone", "wrong_type"},
      {{{"phone", std::string(41, '1')}}, "phone", "too_long"},
      {{{"role", std::string(201, 'r')}}, "role", "too_long"},
      {{{"role", "leder\tgründer"}}, "role", "control_character"},
      {{{"nickname", "Ola"}}, "nickname", "unknown_field"},
      {{{"Name", "Ola"}}, "Name", "unknown_field"},
      {{{"id", 7}}, "id", "read_only"},
      {{{"project_id", project}}, "project_id", "read_only"},
      {{{"version", 1}}, "version", "read_only"},
      {{{"created_at", "2026-01-01T00:00:00.000Z"}}, "created_at", "read_only"},
  };
  for (const char* email : {"kari", "kari@", "@bakeri.no", "kari@bakeri", "kari@@bakeri.no", "kari@bak@eri.no",
                            "kari nordmann@bakeri.no", "kari@bakeri.", "kari@.no", "kari@bakeri..no"})
    field_cases.push_back({{{"email", email}}, "email", "invalid"});
  for (const char* phone : {"abc", "912 34 56x", "+", "--", "(+47) 912", "912/34/567"})
    field_cases.push_back({{{"phone", phone}}, "phone", "invalid"});
  std::vector<Case> create_cases{
      {json::object(), "name", "required"},
      {{{"email", "ola@firma.no"}}, "name", "required"},
  };
  for (const auto& c : field_cases) create_cases.push_back({with(base, c.body), c.field, c.code});
  check_cases(api, "POST", contacts, create_cases);
  check_cases(api, "PATCH", kari_path, field_cases, if_match(1));
  // A valid change beside a bad one: nothing is applied.
  check_cases(api, "PATCH", kari_path, {{{{"name", "Kari N."}, {"email", "kari"}}, "email", "invalid"}}, if_match(1));

  // Every problem of a request is reported at once.
  Reply many = api.post(contacts, {{"name", 5}, {"email", "x"}, {"colour", "red"}});
  check_invalid(many, "name", "wrong_type");
  CHECK(names_error(many, "colour", "unknown_field"));

  // Not JSON, not an object, not JSON at all.
  for (const std::string body : {"{", "[]", "\"Kari\"", "null"}) {
    INFO(body);
    check_problem(api.request("POST", contacts, body), 400);
    check_problem(api.request("PATCH", kari_path, body, if_match(1)), 400);
  }
  check_problem(api.request("POST", contacts, base.dump(), {}, "text/plain"), 415);
  // Writes need to know who is writing.
  check_problem(api.request("POST", contacts, base.dump(), {{"Cookie", ""}}), 401);

  CHECK(Records::of(api, project) == before);
}

// ---------------------------------------------------------------------------------------------
// notes

BACKEND_TEST_CASE("Project records: notes are listed oldest first, internal ones only for advisers",
                  "[http][records]") {
  TestDatabase db(backend);
  TestServer server(db);
  Api api(server);
  const std::int64_t project = api.create("Bakeri i Moss")["id"].get<std::int64_t>();
  const std::string notes = notes_path(project);
  const httplib::Headers entrepreneur = server.entrepreneur_of(project, "kari@bakeri.no").headers();

  Reply internal = api.post(notes, {{"body", "Første møte.\nBudsjettet er tynt.\n\tSjekk husleie."}});
  REQUIRE(internal.status == 201);
  const std::int64_t internal_id = internal.json["id"].get<std::int64_t>();
  CHECK(internal.header("Location") == item(notes, internal_id));
  CHECK(internal.header("ETag").empty());  // notes are never edited, so they have no version
  CHECK(internal.json["project_id"] == project);
  CHECK(internal.json["body"] == "Første møte.\nBudsjettet er tynt.\n\tSjekk husleie.");
  CHECK(internal.json["visibility"] == "internal");
  CHECK(internal.json["author"] == "test.adviser@mnu.no");
  CHECK_FALSE(internal.json.contains("version"));

  json shared = created(api, notes, {{"body", "  Velkommen til MNU!  "}, {"visibility", "public"}},
                        api.as(facilitator::core::Role::admin));
  CHECK(shared["body"] == "Velkommen til MNU!");
  CHECK(shared["visibility"] == "public");
  CHECK(shared["author"] == "test.admin@mnu.no");
  json explicit_internal = created(api, notes, {{"body", std::string(20000, 'n')}, {"visibility", "internal"}});
  CHECK(explicit_internal["visibility"] == "internal");

  // Advisers and management see every note, oldest first.
  for (auto role :
       {facilitator::core::Role::adviser, facilitator::core::Role::management, facilitator::core::Role::admin}) {
    INFO(facilitator::core::to_string(role));
    Reply r = api.get(notes, api.as(role));
    REQUIRE(r.status == 200);
    CHECK(r.json["total"] == 3);
    CHECK(r.json["next_cursor"].is_null());
    REQUIRE(r.json["items"].size() == 3);
    CHECK(r.json["items"][0] == internal.json);
    CHECK(r.json["items"][1] == shared);
    CHECK(r.json["items"][2] == explicit_internal);
  }
  Reply one = api.get(item(notes, internal_id));
  REQUIRE(one.status == 200);
  CHECK(one.json == internal.json);

  // Entrepreneurs see public notes only, and may write public ones.
  Reply theirs = api.get(notes, entrepreneur);
  REQUIRE(theirs.status == 200);
  CHECK(theirs.json["total"] == 1);
  REQUIRE(theirs.json["items"].size() == 1);
  CHECK(theirs.json["items"][0] == shared);
  check_problem(api.get(item(notes, internal_id), entrepreneur), 404);
  CHECK(api.get(item(notes, shared["id"].get<std::int64_t>()), entrepreneur).json == shared);
  json reply = created(api, notes, {{"body", "Takk!"}, {"visibility", "public"}}, entrepreneur);
  CHECK(reply["author"] == "kari@bakeri.no");
  CHECK(api.get(notes, entrepreneur).json["total"] == 2);
  CHECK(list_of(api, notes)["total"] == 4);
}

BACKEND_TEST_CASE("Project records: bad note input is refused naming the field and changes nothing",
                  "[http][records]") {
  TestDatabase db(backend);
  TestServer server(db);
  Api api(server);
  const std::int64_t project = api.create("Bakeri i Moss")["id"].get<std::int64_t>();
  const std::string notes = notes_path(project);
  created(api, notes, {{"body", "Første møte."}});
  const httplib::Headers entrepreneur = server.entrepreneur_of(project, "kari@bakeri.no").headers();
  const Records before = Records::of(api, project);

  check_cases(api, "POST", notes,
              {
                  {json::object(), "body", "required"},
                  {{{"body", ""}}, "body", "required"},
                  {{{"body", " \n\t "}}, "body", "required"},
                  {{{"body", nullptr}}, "body", "wrong_type"},
                  {{{"body", 12}}, "body", "wrong_type"},
                  {{{"body", std::string(20001, 'n')}}, "body", "too_long"},
                  {{{"body", "Ring\u0007meg"}}, "body", "control_character"},
                  {{{"body", "Hei"}, {"visibility", "secret"}}, "visibility", "invalid"},
                  {{{"body", "Hei"}, {"visibility", "Public"}}, "visibility", "invalid"},
                  {{{"body", "Hei"}, {"visibility", true}}, "visibility", "wrong_type"},
                  {{{"body", "Hei"}, {"author", "someone@else.no"}}, "author", "read_only"},
                  {{{"body", "Hei"}, {"id", 1}}, "id", "read_only"},
                  {{{"body", "Hei"}, {"created_at", "2026-01-01T00:00:00.000Z"}}, "created_at", "read_only"},
                  {{{"body", "Hei"}, {"title", "Møte"}}, "title", "unknown_field"},
              });
  // Entrepreneurs may not write internal notes, whether they say so or leave the default.
  check_problem(api.post(notes, {{"body", "Hemmelig"}, {"visibility", "internal"}}, entrepreneur), 403);
  check_problem(api.post(notes, {{"body", "Hemmelig"}}, entrepreneur), 403);
  // Notes cannot be edited or deleted.
  const std::string first = item(notes, before.notes["items"][0]["id"].get<std::int64_t>());
  CHECK(api.patch(first, {{"body", "Endret"}}, if_match(1)).status == 405);
  CHECK(remove(api, first, if_match(1)).status == 405);

  CHECK(Records::of(api, project) == before);
}

// ---------------------------------------------------------------------------------------------
// activities

BACKEND_TEST_CASE("Project records: activities keep hours as whole minutes and answer them as hours",
                  "[http][records]") {
  TestDatabase db(backend);
  TestServer server(db);
  Api api(server);
  const std::int64_t project = api.create("Bakeri i Moss")["id"].get<std::int64_t>();
  const std::string activities = activities_path(project);

  Reply meeting = api.post(activities, {{"kind", "meeting"}, {"date", "2026-03-02"}, {"hours", 1.5}});
  REQUIRE(meeting.status == 201);
  const std::int64_t meeting_id = meeting.json["id"].get<std::int64_t>();
  CHECK(meeting.header("Location") == item(activities, meeting_id));
  CHECK(meeting.header("ETag") == "\"1\"");
  CHECK(meeting.json["kind"] == "meeting");
  CHECK(meeting.json["date"] == "2026-03-02");
  CHECK(meeting.json["hours"] == 1.5);
  CHECK(meeting.json["adviser"] == "test.adviser@mnu.no");  // the caller, when not given
  CHECK(meeting.json["note"].is_null());
  CHECK(meeting.json["version"] == 1);
  CHECK_FALSE(meeting.json.contains("minutes"));

  // Stored in whole minutes.
  auto stored =
      db.store().read_returning([&](core::Transaction& tx) { return tx.activities().find(project, meeting_id); });
  REQUIRE(stored);
  CHECK(stored->minutes == 90);

  json visit = created(api, activities,
                       {{"kind", "site_visit"},
                        {"date", "2026-03-03"},
                        {"hours", 2},
                        {"adviser", "ola@mnu.no"},
                        {"note", "Befaring av lokalet.\nGod ventilasjon."}});
  CHECK(visit["kind"] == "site_visit");
  CHECK(visit["hours"] == 2);
  CHECK(visit["adviser"] == "ola@mnu.no");
  CHECK(visit["note"] == "Befaring av lokalet.\nGod ventilasjon.");

  // Every kind, and hours from a hundredth of an hour to a whole day.
  const std::vector<std::pair<double, std::int64_t>> hours{{0.25, 15}, {0.33, 20}, {0.01, 1}, {24, 1440}, {7.75, 465}};
  const std::vector<std::string> kinds{"mentoring", "course", "phone", "email", "meeting"};
  for (std::size_t i = 0; i < hours.size(); ++i) {
    INFO(hours[i].first);
    json a = created(api, activities, {{"kind", kinds[i]}, {"date", "2026-01-31"}, {"hours", hours[i].first}});
    CHECK(a["kind"] == kinds[i]);
    auto minutes = db.store().read_returning(
        [&](core::Transaction& tx) { return tx.activities().find(project, a["id"].get<std::int64_t>())->minutes; });
    CHECK(minutes == hours[i].second);
    if (hours[i].first != 0.01) CHECK(a["hours"] == hours[i].first);
  }
  // A hundredth of an hour is 36 seconds: kept as a whole minute, answered as such.
  CHECK(list_of(api, activities)["items"][4]["hours"] == 0.02);

  json list = list_of(api, activities);
  CHECK(list["total"] == 7);
  CHECK(list["next_cursor"].is_null());
  CHECK(list["items"][0] == meeting.json);
  CHECK(list["items"][1] == visit);

  Reply one = api.get(item(activities, meeting_id));
  REQUIRE(one.status == 200);
  CHECK(one.header("ETag") == "\"1\"");
  CHECK(one.json == meeting.json);

  Reply changed = api.patch(item(activities, meeting_id),
                            {{"hours", 0.75}, {"note", "Kortere enn planlagt"}, {"kind", "phone"}}, if_match(1));
  REQUIRE(changed.status == 200);
  CHECK(changed.header("ETag") == "\"2\"");
  CHECK(changed.json["hours"] == 0.75);
  CHECK(changed.json["kind"] == "phone");
  CHECK(changed.json["date"] == "2026-03-02");
  CHECK(changed.json["note"] == "Kortere enn planlagt");
  Reply cleared = api.patch(item(activities, meeting_id), {{"note", nullptr}, {"date", "2025-12-31"}}, if_match(2));
  REQUIRE(cleared.status == 200);
  CHECK(cleared.json["note"].is_null());
  CHECK(cleared.json["date"] == "2025-12-31");
  CHECK(cleared.json["version"] == 3);
  CHECK(api.get(item(activities, meeting_id)).json == cleared.json);

  CHECK(remove(api, item(activities, meeting_id), if_match(3)).status == 204);
  check_problem(api.get(item(activities, meeting_id)), 404);
  CHECK(list_of(api, activities)["total"] == 6);
}

BACKEND_TEST_CASE("Project records: bad activity input is refused naming the field and changes nothing",
                  "[http][records]") {
  TestDatabase db(backend);
  TestServer server(db);
  Api api(server);
  const std::int64_t project = api.create("Bakeri i Moss")["id"].get<std::int64_t>();
  const std::string activities = activities_path(project);
  const json meeting = created(api, activities, {{"kind", "meeting"}, {"date", "2026-03-02"}, {"hours", 1.5}});
  const std::string meeting_path = item(activities, meeting["id"].get<std::int64_t>());
  const Records before = Records::of(api, project);
  const json base{{"kind", "meeting"}, {"date", "2026-03-02"}, {"hours", 1}};

  // Mistakes in any field, alone: refused on create and on update.
  const std::vector<Case> field_cases{
      {{{"hours", 0}}, "hours", "out_of_range"},
      {{{"hours", 0.0}}, "hours", "out_of_range"},
      {{{"hours", -1.5}}, "hours", "out_of_range"},
      {{{"hours", 25}}, "hours", "out_of_range"},
      {{{"hours", 24.01}}, "hours", "out_of_range"},
      {{{"hours", 1e300}}, "hours", "out_of_range"},
      {{{"hours", 1.234}}, "hours", "too_precise"},
      {{{"hours", 0.001}}, "hours", "too_precise"},
      {{{"hours", "1.5"}}, "hours", "wrong_type"},
      {{{"hours", nullptr}}, "hours", "wrong_type"},
      {{{"hours", true}}, "hours", "wrong_type"},
      {{{"kind", "lunch"}}, "kind", "invalid"},
      {{{"kind", "Meeting"}}, "kind", "invalid"},
      {{{"kind", "site visit"}}, "kind", "invalid"},
      {{{"kind", 1}}, "kind", "wrong_type"},
      {{{"kind", nullptr}}, "kind", "wrong_type"},
      {{{"date", "2026-02-30"}}, "date", "invalid_date"},
      {{{"date", "2026-13-01"}}, "date", "invalid_date"},
      {{{"date", "02.03.2026"}}, "date", "invalid_date"},
      {{{"date", "2026-3-2"}}, "date", "invalid_date"},
      {{{"date", "2026-03-02T10:00:00Z"}}, "date", "invalid_date"},
      {{{"date", "i går"}}, "date", "invalid_date"},
      {{{"date", "2026-03\n-02"}}, "date", "control_character"},
      {{{"date", 20260302}}, "date", "wrong_type"},
      {{{"date", nullptr}}, "date", "wrong_type"},
      {{{"adviser", ""}}, "adviser", "required"},
      {{{"adviser", nullptr}}, "adviser", "wrong_type"},
      {{{"adviser", std::string(201, 'a')}}, "adviser", "too_long"},
      {{{"adviser", "kari\u001b@mnu.no"}}, "adviser", "control_character"},
      {{{"note", std::string(20001, 'n')}}, "note", "too_long"},
      {{{"note", 3}}, "note", "wrong_type"},
      {{{"note", std::string("ok\0", 3)}}, "note", "control_character"},
      {{{"minutes", 90}}, "minutes", "read_only"},
      {{{"version", 1}}, "version", "read_only"},
      {{{"project_id", project}}, "project_id", "read_only"},
      {{{"duration", 1}}, "duration", "unknown_field"},
  };
  std::vector<Case> create_cases{
      {without(base, "kind"), "kind", "required"},
      {without(base, "date"), "date", "required"},
      {without(base, "hours"), "hours", "required"},
      {json::object(), "hours", "required"},
  };
  for (const auto& c : field_cases) create_cases.push_back({with(base, c.body), c.field, c.code});
  check_cases(api, "POST", activities, create_cases);
  check_cases(api, "PATCH", meeting_path, field_cases, if_match(1));
  // A valid change beside a bad one: nothing is applied.
  check_cases(api, "PATCH", meeting_path, {{{{"hours", 2}, {"date", "2026-02-29"}}, "date", "invalid_date"}},
              if_match(1));

  Reply many = api.post(activities, {{"kind", "lunch"}, {"hours", 1.234}, {"date", "x"}, {"colour", 1}});
  check_invalid(many, "kind", "invalid");
  CHECK(names_error(many, "hours", "too_precise"));
  CHECK(names_error(many, "colour", "unknown_field"));

  for (const std::string body : {"{", "[]", "1.5"}) {
    INFO(body);
    check_problem(api.request("POST", activities, body), 400);
    check_problem(api.request("PATCH", meeting_path, body, if_match(1)), 400);
  }

  CHECK(Records::of(api, project) == before);
}

// ---------------------------------------------------------------------------------------------
// versions and addresses, for every record with a version

BACKEND_TEST_CASE("Project records: stale or missing If-Match, unknown ids and other projects' records are refused",
                  "[http][records]") {
  TestDatabase db(backend);
  TestServer server(db);
  Api api(server);
  const std::int64_t project = api.create("Bakeri i Moss")["id"].get<std::int64_t>();
  const std::int64_t other = api.create("Sykkelverksted")["id"].get<std::int64_t>();
  const json contact = created(api, contacts_path(project), {{"name", "Kari"}});
  const json activity =
      created(api, activities_path(project), {{"kind", "phone"}, {"date", "2026-03-02"}, {"hours", 0.5}});
  created(api, notes_path(project), {{"body", "Notat"}});
  const std::string contact_path = item(contacts_path(project), contact["id"].get<std::int64_t>());
  const std::string activity_path = item(activities_path(project), activity["id"].get<std::int64_t>());
  // Move both to version 2, so that version 1 is stale.
  REQUIRE(api.patch(contact_path, {{"role", "gründer"}}, if_match(1)).status == 200);
  REQUIRE(api.patch(activity_path, {{"hours", 1}}, if_match(1)).status == 200);
  const Records before = Records::of(api, project);
  const Records other_before = Records::of(api, other);

  for (const auto& [path, change] :
       std::vector<std::pair<std::string, json>>{{contact_path, {{"name", "Ola"}}}, {activity_path, {{"hours", 3}}}}) {
    INFO(path);
    Reply missing = api.patch(path, change);
    check_problem(missing, 428);
    CHECK(missing.json["detail"].get<std::string>().find("If-Match") != std::string::npos);
    check_problem(remove(api, path), 428);

    Reply stale = api.patch(path, change, if_match(1));
    check_problem(stale, 409);
    CHECK(stale.json["type"] == "urn:facilitator:problem:version-conflict");
    CHECK(stale.json["current_version"] == 2);
    CHECK_FALSE(stale.json.contains("current_state"));
    check_problem(remove(api, path, if_match(1)), 409);
    check_problem(api.patch(path, change, if_match(3)), 409);

    check_invalid(api.patch(path, change, {{"If-Match", "abc"}}), "If-Match", "invalid");
    check_invalid(remove(api, path, {{"If-Match", "\"0\""}}), "If-Match", "invalid");
  }

  // Unknown projects: 404 on every route. (A body with mistakes is refused as such first.)
  const std::vector<std::pair<std::string, json>> valid_bodies{
      {"/contacts", {{"name", "Kari"}}},
      {"/notes", {{"body", "Notat"}}},
      {"/activities", {{"kind", "phone"}, {"date", "2026-03-02"}, {"hours", 0.5}}}};
  for (const std::string& missing : {Api::project_path(999999), std::string("/api/v1/projects/abc"),
                                     std::string("/api/v1/projects/0"), std::string("/api/v1/projects/-1")}) {
    INFO(missing);
    for (const auto& [collection, valid] : valid_bodies) {
      Reply list = api.get(missing + collection);
      check_problem(list, 404);
      CHECK(list.json["type"] == "urn:facilitator:problem:not-found");
      check_problem(api.post(missing + collection, valid), 404);
      check_problem(api.get(missing + collection + "/1"), 404);
    }
    check_problem(api.patch(missing + "/contacts/1", {{"name", "Ola"}}, if_match(1)), 404);
    check_problem(remove(api, missing + "/activities/1", if_match(1)), 404);
  }
  Reply no_project = api.post(Api::project_path(999999) + "/contacts", {{"name", "Kari"}});
  CHECK(no_project.json["detail"] == "There is no project with that id.");

  // Unknown records of a known project.
  for (const std::string& collection : {contacts_path(project), activities_path(project), notes_path(project)}) {
    for (const std::string id : {"999999", "abc", "0", "1.5"}) {
      INFO(collection << "/" << id);
      check_problem(api.get(collection + "/" + id), 404);
    }
  }
  check_problem(api.patch(item(contacts_path(project), 999999), {{"name", "Ola"}}, if_match(1)), 404);
  check_problem(remove(api, item(activities_path(project), 999999), if_match(1)), 404);

  // A record of one project is not found under another, whatever the method.
  const std::string contact_elsewhere = item(contacts_path(other), contact["id"].get<std::int64_t>());
  const std::string activity_elsewhere = item(activities_path(other), activity["id"].get<std::int64_t>());
  for (const auto& [path, change] : std::vector<std::pair<std::string, json>>{
           {contact_elsewhere, {{"name", "Ola"}}}, {activity_elsewhere, {{"note", nullptr}}}}) {
    INFO(path);
    check_problem(api.get(path), 404);
    check_problem(api.patch(path, change, if_match(2)), 404);
    check_problem(remove(api, path, if_match(2)), 404);
  }
  check_problem(api.get(item(notes_path(other), before.notes["items"][0]["id"].get<std::int64_t>())), 404);

  // Query parameters the lists do not know are refused.
  check_invalid(api.get(contacts_path(project) + "?limit=5"), "limit", "unknown_parameter");

  CHECK(Records::of(api, project) == before);
  CHECK(Records::of(api, other) == other_before);
}

// ---------------------------------------------------------------------------------------------
// targets

BACKEND_TEST_CASE("Strategic targets are created, listed by year, read, updated and deleted", "[http][targets]") {
  TestDatabase db(backend);
  TestServer server(db);
  server.act_as(facilitator::core::Role::admin);  // targets and reference lists are the admin's
  Api api(server);
  const std::string targets = "/api/v1/targets";

  Reply overall = api.post(targets, {{"year", 2026}, {"metric", "establishments"}, {"target_value", 40}});
  REQUIRE(overall.status == 201);
  const std::int64_t overall_id = overall.json["id"].get<std::int64_t>();
  CHECK(overall.header("Location") == item(targets, overall_id));
  CHECK(overall.header("ETag") == "\"1\"");
  CHECK(overall.json["year"] == 2026);
  CHECK(overall.json["metric"] == "establishments");
  CHECK(overall.json["focus_area"].is_null());
  CHECK(overall.json["target_value"] == 40);
  CHECK(overall.json["version"] == 1);

  // Created out of order; listed by year, metric (in their documented order), overall first.
  json money = created(api, targets, {{"year", 2026}, {"metric", "nok_granted"}, {"target_value", 5000000}});
  json later = created(api, targets, {{"year", 2027}, {"metric", "new_projects"}, {"target_value", 120}});
  json food = created(api, targets,
                      {{"year", 2026}, {"metric", "establishments"}, {"focus_area", "food"}, {"target_value", 10}});
  json tourism = created(
      api, targets, {{"year", 2026}, {"metric", "establishments"}, {"focus_area", "tourism"}, {"target_value", 0}});
  json earlier =
      created(api, targets, {{"year", 2000}, {"metric", "median_liaison_response_days"}, {"target_value", 8}});
  json largest = created(api, targets, {{"year", 2100}, {"metric", "nok_granted"}, {"target_value", 1000000000000LL}});
  json funded = created(
      api, targets,
      {{"year", 2026}, {"metric", "innovation_projects_funded"}, {"target_value", 12}, {"focus_area", nullptr}});
  CHECK(food["focus_area"] == "food");
  CHECK(funded["focus_area"].is_null());

  json year = list_of(api, targets + "?year=2026");
  CHECK(year["total"] == 5);
  CHECK(year["next_cursor"].is_null());
  REQUIRE(year["items"].size() == 5);
  CHECK(year["items"][0] == overall.json);
  CHECK(year["items"][1] == food);
  CHECK(year["items"][2] == tourism);
  CHECK(year["items"][3] == funded);
  CHECK(year["items"][4] == money);
  CHECK(list_of(api, targets + "?year=2027")["items"] == json::array({later}));
  CHECK(list_of(api, targets + "?year=2050")["total"] == 0);
  json all = list_of(api, targets);
  CHECK(all["total"] == 8);
  CHECK(all["items"][0] == earlier);
  CHECK(all["items"][6] == later);
  CHECK(all["items"][7] == largest);

  Reply one = api.get(item(targets, overall_id));
  REQUIRE(one.status == 200);
  CHECK(one.header("ETag") == "\"1\"");
  CHECK(one.json == overall.json);

  Reply raised = api.patch(item(targets, overall_id), {{"target_value", 45}}, if_match(1));
  REQUIRE(raised.status == 200);
  CHECK(raised.header("ETag") == "\"2\"");
  CHECK(raised.json["target_value"] == 45);
  CHECK(raised.json["version"] == 2);
  // Moving a target to a free year, metric or focus area is allowed.
  const std::string food_path = item(targets, food["id"].get<std::int64_t>());
  Reply moved = api.patch(food_path, {{"focus_area", "maritime"}, {"year", 2027}}, if_match(1));
  REQUIRE(moved.status == 200);
  CHECK(moved.json["focus_area"] == "maritime");
  CHECK(moved.json["year"] == 2027);
  Reply overall_now = api.patch(food_path, {{"focus_area", nullptr}}, if_match(2));
  REQUIRE(overall_now.status == 200);
  CHECK(overall_now.json["focus_area"].is_null());
  CHECK(api.get(food_path).json == overall_now.json);

  CHECK(remove(api, food_path, if_match(3)).status == 204);
  check_problem(api.get(food_path), 404);
  CHECK(list_of(api, targets)["total"] == 7);
  // The slot it held is free again.
  created(api, targets, {{"year", 2027}, {"metric", "establishments"}, {"target_value", 30}});
}

BACKEND_TEST_CASE("Strategic targets: bad input, duplicates and stale versions are refused and change nothing",
                  "[http][targets]") {
  TestDatabase db(backend);
  TestServer server(db);
  server.act_as(facilitator::core::Role::admin);  // targets and reference lists are the admin's
  Api api(server);
  const std::string targets = "/api/v1/targets";
  const std::int64_t project = api.create("Bakeri i Moss")["id"].get<std::int64_t>();
  const json overall = created(api, targets, {{"year", 2026}, {"metric", "establishments"}, {"target_value", 40}});
  const json food = created(
      api, targets, {{"year", 2026}, {"metric", "establishments"}, {"focus_area", "food"}, {"target_value", 10}});
  const std::string overall_path = item(targets, overall["id"].get<std::int64_t>());
  const std::string food_path = item(targets, food["id"].get<std::int64_t>());
  REQUIRE(api.patch(food_path, {{"target_value", 12}}, if_match(1)).status == 200);  // food is at version 2
  const Records before = Records::of(api, project);
  const json base{{"year", 2027}, {"metric", "new_projects"}, {"target_value", 100}};

  const std::vector<Case> field_cases{
      {{{"year", 1999}}, "year", "out_of_range"},
      {{{"year", 2101}}, "year", "out_of_range"},
      {{{"year", -2026}}, "year", "out_of_range"},
      {{{"year", 9223372036854775807LL}}, "year", "out_of_range"},
      {{{"year", "2026"}}, "year", "wrong_type"},
      {{{"year", 2026.5}}, "year", "wrong_type"},
      {{{"year", nullptr}}, "year", "wrong_type"},
      {{{"metric", "revenue"}}, "metric", "invalid"},
      {{{"metric", "Establishments"}}, "metric", "invalid"},
      {{{"metric", 1}}, "metric", "wrong_type"},
      {{{"focus_area", "space"}}, "focus_area", "unknown"},
      {{{"focus_area", "Food"}}, "focus_area", "unknown"},
      {{{"focus_area", std::string(201, 'f')}}, "focus_area", "too_long"},
      {{{"focus_area", "food\u0001"}}, "focus_area", "control_character"},
      {{{"focus_area", 3}}, "focus_area", "wrong_type"},
      {{{"target_value", -1}}, "target_value", "out_of_range"},
      {{{"target_value", 1000000000001LL}}, "target_value", "out_of_range"},
      {{{"target_value", 1.5}}, "target_value", "wrong_type"},
      {{{"target_value", "100"}}, "target_value", "wrong_type"},
      {{{"target_value", 18446744073709551615ULL}}, "target_value", "out_of_range"},
      {{{"version", 1}}, "version", "read_only"},
      {{{"id", 1}}, "id", "read_only"},
      {{{"updated_at", "2026-01-01T00:00:00.000Z"}}, "updated_at", "read_only"},
      {{{"goal", 1}}, "goal", "unknown_field"},
  };
  std::vector<Case> create_cases{
      {without(base, "year"), "year", "required"},
      {without(base, "metric"), "metric", "required"},
      {without(base, "target_value"), "target_value", "required"},
  };
  for (const auto& c : field_cases) create_cases.push_back({with(base, c.body), c.field, c.code});
  check_cases(api, "POST", targets, create_cases);
  check_cases(api, "PATCH", overall_path, field_cases, if_match(1));

  // One target per year, metric and focus area: on create and when a change would make a second.
  for (const json& body :
       {json{{"year", 2026}, {"metric", "establishments"}, {"target_value", 1}},
        json{{"year", 2026}, {"metric", "establishments"}, {"focus_area", nullptr}, {"target_value", 1}},
        json{{"year", 2026}, {"metric", "establishments"}, {"focus_area", "food"}, {"target_value", 1}}}) {
    INFO(body.dump());
    Reply duplicate = api.post(targets, body);
    check_problem(duplicate, 409);
    CHECK(duplicate.json["type"] == "urn:facilitator:problem:duplicate");
    CHECK(duplicate.json["detail"].get<std::string>().find("already a target") != std::string::npos);
  }
  Reply onto_overall = api.patch(food_path, {{"focus_area", nullptr}}, if_match(2));
  check_problem(onto_overall, 409);
  CHECK(onto_overall.json["type"] == "urn:facilitator:problem:duplicate");
  CHECK(onto_overall.json["detail"].get<std::string>().find("target " + std::to_string(overall["id"].get<int>())) !=
        std::string::npos);
  check_problem(api.patch(overall_path, {{"focus_area", "food"}}, if_match(1)), 409);

  // Versions, like every other resource.
  check_problem(api.patch(food_path, {{"target_value", 1}}), 428);
  check_problem(remove(api, food_path), 428);
  Reply stale = api.patch(food_path, {{"target_value", 1}}, if_match(1));
  check_problem(stale, 409);
  CHECK(stale.json["current_version"] == 2);
  check_problem(remove(api, food_path, if_match(1)), 409);
  check_invalid(remove(api, food_path, {{"If-Match", "*"}}), "If-Match", "invalid");

  // Unknown targets.
  for (const std::string id : {"999999", "abc", "0"}) {
    INFO(id);
    check_problem(api.get(targets + "/" + id), 404);
    check_problem(api.patch(targets + "/" + id, {{"target_value", 1}}, if_match(1)), 404);
    check_problem(remove(api, targets + "/" + id, if_match(1)), 404);
  }

  // The list's year filter.
  check_invalid(api.get(targets + "?year=abc"), "year", "wrong_type");
  check_invalid(api.get(targets + "?year=1999"), "year", "out_of_range");
  check_invalid(api.get(targets + "?year=99999999999"), "year", "out_of_range");
  check_invalid(api.get(targets + "?yeer=2026"), "yeer", "unknown_parameter");
  check_invalid(api.get(targets + "?year=2026&year=2027"), "year", "repeated");

  for (const std::string body : {"{", "[]", "2026"}) {
    INFO(body);
    check_problem(api.request("POST", targets, body), 400);
    check_problem(api.request("PATCH", food_path, body, if_match(2)), 400);
  }

  CHECK(Records::of(api, project) == before);
}
