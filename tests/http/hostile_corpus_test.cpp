// Every request of the hostile-input corpus (tests/hostile/) against a real server, on both
// backends: each gets an answer below 500 (or, where the entry is incomplete on purpose, none),
// every error is a problem document in valid UTF-8, the server still answers /health, and a
// refused request changes nothing in the database.

#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <iostream>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "core/storage/database_url.hpp"
#include "hostile_corpus.hpp"
#include "http_test_support.hpp"

using facilitator::core::Role;
using facilitator::testing::CorpusEntry;
using facilitator::testing::Identity;
using facilitator::testing::PlaceholderValues;
using facilitator::testing::Reply;
using facilitator::testing::TestBackend;
using facilitator::testing::TestDatabase;
using facilitator::testing::TestServer;
using facilitator::testing::valid_utf8;
using nlohmann::json;

namespace {

/// Every table's rows as sorted lines, read through SQL. Left out is what a request changes
/// without writing anything of its own: a session's last_seen_at (refreshed by any request once a
/// minute) and the audit log's records of refusals (failed logins and denied permissions are
/// recorded on purpose).
using DatabaseRows = std::map<std::string, std::vector<std::string>>;

class DatabaseSnapshots {
 public:
  explicit DatabaseSnapshots(const TestDatabase& db)
      : backend_(db.backend()),
        sql_(db.backend() == TestBackend::sqlite ? "sqlite3" : "postgresql",
             facilitator::core::storage::DatabaseUrl::parse(db.url()).connect) {}

  DatabaseRows take() {
    DatabaseRows rows;
    for (const std::string& table : tables()) {
      std::vector<std::string>& lines = rows[table];
      soci::rowset<soci::row> all = (sql_.prepare << "SELECT * FROM " + table);
      for (const soci::row& row : all) {
        std::string line;
        bool refusal = false;
        for (std::size_t i = 0; i < row.size(); ++i) {
          const std::string& column = row.get_properties(i).get_name();
          if (table == "sessions" && column == "last_seen_at") continue;
          std::string value = text(row, i);
          if (table == "audit_log" && column == "kind" && (value == "'login_failed'" || value == "'permission_denied'"))
            refusal = true;
          line += column + "=" + value + " ";
        }
        if (!refusal) lines.push_back(std::move(line));
      }
      std::sort(lines.begin(), lines.end());
    }
    return rows;
  }

 private:
  std::vector<std::string> tables() {
    std::vector<std::string> names(200);
    if (backend_ == TestBackend::sqlite)
      sql_ << "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
          soci::into(names);
    else
      sql_ << "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
              "AND table_type = 'BASE TABLE' ORDER BY table_name",
          soci::into(names);
    return names;
  }

  static std::string text(const soci::row& row, std::size_t i) {
    if (row.get_indicator(i) == soci::i_null) return "null";
    switch (row.get_properties(i).get_data_type()) {
      case soci::dt_string:
      case soci::dt_xml:
        return "'" + row.get<std::string>(i) + "'";
      case soci::dt_double: {
        std::ostringstream out;
        out.precision(17);
        out << row.get<double>(i);
        return out.str();
      }
      case soci::dt_integer:
        return std::to_string(row.get<int>(i));
      case soci::dt_long_long:
        return std::to_string(row.get<long long>(i));
      case soci::dt_unsigned_long_long:
        return std::to_string(row.get<unsigned long long>(i));
      case soci::dt_date: {
        std::tm t = row.get<std::tm>(i);
        char out[32];
        std::strftime(out, sizeof out, "%Y-%m-%dT%H:%M:%S", &t);
        return out;
      }
      case soci::dt_blob:
        break;
    }
    return "(blob)";
  }

  TestBackend backend_;
  soci::session sql_;
};

/// What changed between two snapshots, table by table, with the first row that differs.
std::string differences(const DatabaseRows& before, const DatabaseRows& after) {
  std::string out;
  for (const auto& [table, rows] : after) {
    auto old = before.find(table);
    const std::vector<std::string> none;
    const std::vector<std::string>& was = old == before.end() ? none : old->second;
    if (was == rows) continue;
    out += table + ": " + std::to_string(was.size()) + " rows before, " + std::to_string(rows.size()) + " after";
    for (const std::string& row : rows)
      if (std::find(was.begin(), was.end(), row) == was.end()) {
        out += "; new or changed: " + row.substr(0, 300);
        break;
      }
    out += ". ";
  }
  return out;
}

std::int64_t created_id(TestServer& server, const std::string& path, const json& body, httplib::Headers headers = {}) {
  Reply r = server.post(path, body, std::move(headers));
  INFO("POST " << path << ": " << r.body);
  REQUIRE(r.status == 201);
  return r.json["id"].get<std::int64_t>();
}

/// Creates what the placeholders name: a project with an entrepreneur, one record of each kind,
/// and a signed-in session per role.
PlaceholderValues prepare(TestServer& server) {
  PlaceholderValues values;
  std::int64_t project = created_id(server, "/api/v1/projects", {{"workflow", "establishment"}, {"title", "Bakeri"}});
  std::string base = "/api/v1/projects/" + std::to_string(project);
  Identity entrepreneur = server.entrepreneur_of(project, "grunder@example.no");
  Reply contacts = server.get(base + "/contacts");
  REQUIRE(contacts.json["items"].size() == 1);
  values["PROJECT"] = std::to_string(project);
  values["CONTACT"] = std::to_string(contacts.json["items"][0]["id"].get<std::int64_t>());
  values["NOTE"] = std::to_string(created_id(server, base + "/notes", {{"body", "Første møte."}}));
  values["ACTIVITY"] = std::to_string(
      created_id(server, base + "/activities", {{"kind", "meeting"}, {"date", "2026-03-02"}, {"hours", 1.5}}));
  values["FUNDING"] = std::to_string(
      created_id(server, base + "/funding-applications", {{"source", "bank"}, {"amount_applied", 1000}}));
  values["COMPANY"] = std::to_string(
      created_id(server, "/api/v1/companies", {{"name", "Bedrift AS"}, {"organisation_number", "923609016"}}));
  values["TARGET"] = std::to_string(created_id(server, "/api/v1/targets",
                                               {{"year", 2026}, {"metric", "establishments"}, {"target_value", 40}},
                                               server.as(Role::admin)));
  values["USER"] = std::to_string(entrepreneur.user_id);
  std::map<std::string, Identity> identities{{"admin", server.identity(Role::admin)},
                                             {"adviser", server.identity(Role::adviser)},
                                             {"management", server.identity(Role::management)},
                                             {"entrepreneur", entrepreneur}};
  for (const auto& [role, identity] : identities) {
    values["AUTH:" + role] = identity.header_lines();
    values["COOKIE:" + role] = identity.cookie;
    values["CSRF:" + role] = identity.csrf_token;
  }
  return values;
}

/// What is wrong with the answer to one entry, if anything.
std::vector<std::string> judge(const CorpusEntry& entry, const std::string& request, const Reply& r) {
  std::vector<std::string> problems;
  if (r.status == 0) {
    if (!entry.may_close) problems.emplace_back("no answer: the connection closed or timed out");
    return problems;
  }
  if (r.status >= 500) problems.push_back("answered " + std::to_string(r.status));
  if (entry.expected_status && r.status != *entry.expected_status)
    problems.push_back("answered " + std::to_string(r.status) + ", not " + std::to_string(*entry.expected_status));
  if (!valid_utf8(r.body)) problems.emplace_back("the body is not valid UTF-8");
  for (const auto& [name, value] : r.headers)
    if (!valid_utf8(name) || !valid_utf8(value)) problems.push_back("the header " + name + " is not valid UTF-8");
  if (r.status >= 400) {
    std::string type = r.header("Content-Type");
    if (type.rfind("application/problem+json", 0) != 0)
      problems.push_back("an error of Content-Type '" + type + "', not application/problem+json");
    bool head = request.rfind("HEAD ", 0) == 0;  // a HEAD answer has no body
    if (!head && !r.json.is_object())
      problems.emplace_back("the error body is not a JSON object");
    else if (json status = head ? json(r.status) : r.json.value("status", json()); status != r.status)
      problems.push_back("the problem's status is " + status.dump() + ", not " + std::to_string(r.status));
  }
  return problems;
}

std::string status_class(int status) { return status == 0 ? "none" : std::to_string(status / 100) + "xx"; }

}  // namespace

BACKEND_TEST_CASE("Every request of the hostile corpus is refused cleanly and changes nothing", "[http][hostile]") {
  TestDatabase db(backend);
  TestServer server(db);
  PlaceholderValues values = prepare(server);
  std::vector<CorpusEntry> corpus = facilitator::testing::read_corpus(FACILITATOR_SOURCE_DIR "/tests/hostile");
  REQUIRE(corpus.size() >= 300);
  // FACILITATOR_HOSTILE_FILTER (a regular expression on "FILE:LINE NAME") runs a part of it.
  const char* filter = std::getenv("FACILITATOR_HOSTILE_FILTER");
  std::regex only(filter != nullptr ? filter : "");

  DatabaseSnapshots snapshots(db);
  DatabaseRows before = snapshots.take();
  REQUIRE(before.size() >= 10);  // the snapshot sees every table, and the rows made above
  REQUIRE(before["projects"].size() == 1);
  REQUIRE(before["contacts"].size() == 1);
  std::map<std::string, int> answers;  // by status class
  std::vector<std::string> accepted;
  std::size_t sent = 0, failed = 0;
  for (const CorpusEntry& entry : corpus) {
    if (filter != nullptr && !std::regex_search(entry.where(), only)) continue;
    INFO("hostile corpus entry " << entry.where());
    std::string request;
    try {
      request = facilitator::testing::expand(entry.text, values);
    } catch (const std::exception& e) {
      FAIL_CHECK(entry.where() << ": cannot be expanded: " << e.what());
      continue;
    }
    Reply r = server.raw(request);
    ++sent;
    ++answers[status_class(r.status)];
    std::vector<std::string> problems = judge(entry, request, r);

    Reply health = server.send("GET", "/health", "", {{"Cookie", ""}}, "");
    if (health.status != 200) problems.push_back("GET /health afterwards answered " + std::to_string(health.status));
    DatabaseRows after = snapshots.take();
    if (r.status >= 200 && r.status < 300)
      accepted.push_back(entry.where() + " (" + std::to_string(r.status) + ")");
    else if (after != before)
      problems.push_back("refused, yet the database changed: " + differences(before, after));
    before = std::move(after);

    if (!problems.empty()) {
      ++failed;
      std::string all;
      for (const std::string& p : problems) all += (all.empty() ? "" : "; ") + p;
      FAIL_CHECK(entry.where() << ": " << all << " [status " << r.status << ", body " << r.body.substr(0, 300) << "]");
    }
    if (health.status != 200) break;  // the server no longer answers: the rest would only repeat that
  }

  std::cout << "hostile corpus on " << (backend == TestBackend::sqlite ? "SQLite" : "PostgreSQL") << ": " << sent
            << " requests sent, " << failed << " with a defect; answers:";
  for (const auto& [type, count] : answers) std::cout << " " << type << " " << count;
  std::cout << "; accepted (their changes kept):";
  for (const std::string& a : accepted) std::cout << "\n  " << a;
  std::cout << std::endl;
}
