// The report endpoints' contract, through real sockets on both backends: with a small history
// built through the API, every report answers 200 with the figures of that history; CSV carries
// the same figures with a byte order mark, a header row, the separator asked for and formula-safe
// texts; bad parameters are refused naming the parameter; entrepreneurs may not read reports and
// management may. (The exact definitions are tested exhaustively in the core's report tests.)

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "core/bulk/csv.hpp"
#include "core/domain/time.hpp"
#include "http_test_support.hpp"

using namespace facilitator::testing;
namespace core = facilitator::core;

namespace {

const std::string kReports = "/api/v1/reports/";
const std::vector<std::string> kReportNames{"pipeline",   "flow",  "throughput", "conversion?workflow=establishment",
                                            "cycle-time", "aging", "scorecard",  "funding",
                                            "effort"};
const std::string kFormulaTitle = R"(=HYPERLINK("http://example.com/x";"Klikk her"))";

core::Date today() { return core::oslo_date(core::system_clock()()); }
core::Date days_after(core::Date day, int n) {
  return std::chrono::year_month_day{std::chrono::sys_days{day} + std::chrono::days{n}};
}
std::string iso(core::Date day) { return core::format_date(day); }

Reply report(Api& api, const std::string& path, httplib::Headers headers = {}) {
  Reply r = api.get(kReports + path, std::move(headers));
  INFO("GET " << kReports << path << ": " << r.body.substr(0, 2000));
  return r;
}

json ok(Api& api, const std::string& path) {
  Reply r = report(api, path);
  INFO("GET " << kReports << path << ": " << r.body.substr(0, 2000));
  REQUIRE(r.status == 200);
  CHECK(r.header("Content-Type").rfind("application/json", 0) == 0);
  return r.json;
}

/// The CSV body's records after the byte order mark, which must be there.
std::vector<std::vector<std::string>> csv_records(const Reply& r, char separator) {
  INFO(r.body.substr(0, 2000));
  REQUIRE(r.status == 200);
  CHECK(r.header("Content-Type") == "text/csv; charset=utf-8");
  REQUIRE(r.body.rfind(std::string(core::bulk::kUtf8Bom), 0) == 0);
  std::vector<std::vector<std::string>> records;
  core::bulk::CsvReader reader(r.body, separator);
  while (auto record = reader.next()) records.push_back(record->fields);
  return records;
}

/// The rows of `answer[member]` with `member_name` == `value`.
json rows_where(const json& rows, const std::string& member_name, const json& value) {
  json out = json::array();
  for (const auto& row : rows)
    if (row.value(member_name, json()) == value) out.push_back(row);
  return out;
}

/// The count of `state` in `workflow` in pipeline rows.
std::int64_t count_in(const json& rows, const std::string& workflow, const std::string& state,
                      const json& group = nullptr) {
  for (const auto& row : rows)
    if (row["workflow"] == workflow && row["state"] == state && row["group"] == group)
      return row["count"].get<std::int64_t>();
  FAIL("no row for " << workflow << "/" << state << " in " << rows.dump());
  return -1;
}

/// A flow row's figures by workflow and state.
std::map<std::string, std::pair<std::int64_t, std::int64_t>> flow_by_state(const json& rows,
                                                                           const std::string& workflow) {
  std::map<std::string, std::pair<std::int64_t, std::int64_t>> out;
  for (const auto& row : rows)
    if (row["workflow"] == workflow)
      out[row["state"].get<std::string>()] = {row["entered"].get<std::int64_t>(), row["left"].get<std::int64_t>()};
  return out;
}

/// The history every report test reads: three establishment projects and one liaison case, made
/// today. A is established (self-financed), with a granted application and 1.5 hours of meetings;
/// B (a title a spreadsheet would run) is parked from screening with a draft application; C is
/// closed from idea as withdrawn; L, a liaison case, is received, with half an hour on the phone.
struct History {
  std::int64_t a = 0, b = 0, c = 0, l = 0;
  std::string l_deadline;

  static History build(Api& api) {
    History h;
    const std::string adviser = "kari.nordmann@mnu.no";
    json a = api.create("Bakeri Moss", {{"adviser", adviser}, {"municipality", "3103"}, {"focus_area", "food"}});
    h.a = a["id"].get<std::int64_t>();
    api.move(h.a, "start_screening", 1);
    api.move(h.a, "start_business_plan", 2);
    api.update(h.a, 3,
               {{"self_financed", true}, {"organisation_number", "923609016"}, {"registration_date", iso(today())}});
    api.move(h.a, "register_company", 4);

    Reply applied = api.post(Api::project_path(h.a) + "/funding-applications",
                             {{"source", "innovasjon_norge"}, {"amount_applied", 100000}, {"status", "submitted"}});
    REQUIRE(applied.status == 201);
    Reply granted = api.patch(
        Api::project_path(h.a) + "/funding-applications/" + std::to_string(applied.json["id"].get<std::int64_t>()),
        {{"status", "granted"}, {"amount_granted", 80000}, {"decision_date", iso(today())}}, {{"If-Match", "\"1\""}});
    REQUIRE(granted.status == 200);
    Reply meeting = api.post(Api::project_path(h.a) + "/activities",
                             {{"kind", "meeting"}, {"date", iso(today())}, {"hours", 1.5}, {"adviser", adviser}});
    REQUIRE(meeting.status == 201);

    json b = api.create(kFormulaTitle, {{"adviser", adviser}, {"municipality", "3103"}});
    h.b = b["id"].get<std::int64_t>();
    api.move(h.b, "start_screening", 1);
    api.move(h.b, "park", 2, {{"note", "Venter på svar fra banken."}});
    Reply draft =
        api.post(Api::project_path(h.b) + "/funding-applications", {{"source", "bank"}, {"amount_applied", 5000}});
    REQUIRE(draft.status == 201);

    json c = api.create("Kafé ved kaia");
    h.c = c["id"].get<std::int64_t>();
    api.move(h.c, "close", 1, {{"reason", "withdrawn"}, {"note", "Gründeren trakk seg."}});

    Reply l = api.post("/api/v1/projects", {{"workflow", "liaison"}, {"title", "Byggesak, Jeløy"}});
    INFO(l.body);
    REQUIRE(l.status == 201);
    h.l = l.json["id"].get<std::int64_t>();
    h.l_deadline = l.json["response_deadline"].get<std::string>();
    Reply call = api.post(Api::project_path(h.l) + "/activities",
                          {{"kind", "phone"}, {"date", iso(today())}, {"hours", 0.5}, {"adviser", "ola@mnu.no"}});
    REQUIRE(call.status == 201);
    return h;
  }
};

}  // namespace

BACKEND_TEST_CASE("Reports: pipeline, flow and throughput count a known history", "[http][reports]") {
  TestDatabase db(backend);
  TestServer server(db);
  Api api(server);
  History::build(api);

  json pipeline = ok(api, "pipeline?workflow=establishment");
  CHECK(pipeline["filter"] == json{{"workflow", "establishment"}});
  CHECK(pipeline["group_by"].is_null());
  CHECK_FALSE(pipeline["as_of"].get<std::string>().empty());
  CHECK(rows_where(pipeline["rows"], "workflow", "liaison").empty());
  CHECK(pipeline["rows"].size() == 9);  // every stage of the workflow, zeros included
  CHECK(count_in(pipeline["rows"], "establishment", "idea") == 0);
  CHECK(count_in(pipeline["rows"], "establishment", "screening") == 0);
  CHECK(count_in(pipeline["rows"], "establishment", "established") == 1);
  CHECK(count_in(pipeline["rows"], "establishment", "parked") == 1);
  CHECK(count_in(pipeline["rows"], "establishment", "closed") == 1);
  CHECK(rows_where(pipeline["rows"], "state", "closed")[0]["final"] == true);
  CHECK(rows_where(pipeline["rows"], "state", "parked")[0]["kind"] == "parked");
  REQUIRE(pipeline["totals"].size() == 1);
  CHECK(pipeline["totals"][0]["wip"] == 2);  // established and parked; closed is final

  json all = ok(api, "pipeline");
  CHECK(count_in(all["rows"], "liaison", "received") == 1);

  json grouped = ok(api, "pipeline?workflow=establishment&group_by=municipality");
  CHECK(grouped["group_by"] == "municipality");
  CHECK(count_in(grouped["rows"], "establishment", "established", "3103") == 1);
  CHECK(count_in(grouped["rows"], "establishment", "parked", "3103") == 1);
  CHECK(count_in(grouped["rows"], "establishment", "closed", nullptr) == 1);  // C has no municipality

  // Before anything happened, nothing was in the pipeline.
  json before = ok(api, "pipeline?as_of=" + iso(days_after(today(), -400)));
  for (const auto& row : before["rows"]) CHECK(row["count"] == 0);

  json flow = ok(api, "flow?period=year");
  CHECK(flow["period"] == "year");
  CHECK(flow["to"] == iso(today()));
  CHECK(flow["from"] == iso(today().year() / std::chrono::January / 1));
  auto establishment = flow_by_state(flow["rows"], "establishment");
  CHECK(establishment["idea"] == std::pair<std::int64_t, std::int64_t>{3, 3});
  CHECK(establishment["screening"] == std::pair<std::int64_t, std::int64_t>{2, 2});
  CHECK(establishment["business_plan"] == std::pair<std::int64_t, std::int64_t>{1, 1});
  CHECK(establishment["established"] == std::pair<std::int64_t, std::int64_t>{1, 0});
  CHECK(establishment["parked"] == std::pair<std::int64_t, std::int64_t>{1, 0});
  CHECK(establishment["closed"] == std::pair<std::int64_t, std::int64_t>{1, 0});
  CHECK(establishment.count("funding") == 0);  // rows of zeros are left out
  CHECK(flow_by_state(flow["rows"], "liaison")["received"] == std::pair<std::int64_t, std::int64_t>{1, 0});
  for (const auto& row : flow["rows"]) CHECK(row["period"] == std::to_string(int(today().year())));

  json weekly = ok(api, "flow?period=week&workflow=liaison");
  REQUIRE(weekly["rows"].size() == 1);
  CHECK(weekly["rows"][0]["period"].get<std::string>().find("-W") != std::string::npos);

  json throughput = ok(api, "throughput?period=quarter");
  REQUIRE(throughput["rows"].size() == 1);
  CHECK(throughput["rows"][0]["workflow"] == "establishment");
  CHECK(throughput["rows"][0]["state"] == "established");
  CHECK(throughput["rows"][0]["count"] == 1);
  CHECK(throughput["rows"][0]["period"].get<std::string>().find("-Q") != std::string::npos);

  // A window before the history counts nothing.
  json empty = ok(api, "throughput?from=2001-01-01&to=2001-12-31");
  CHECK(empty["rows"].empty());
  CHECK(empty["from"] == "2001-01-01");
  CHECK(empty["to"] == "2001-12-31");
}

BACKEND_TEST_CASE("Reports: conversion, cycle time and aging follow a known history", "[http][reports]") {
  TestDatabase db(backend);
  TestServer server(db);
  Api api(server);
  History h = History::build(api);

  json conversion = ok(api, "conversion?workflow=establishment");
  CHECK(conversion["workflow"] == "establishment");
  CHECK(conversion["from_state"] == "idea");
  REQUIRE(conversion["groups"].size() == 1);
  const json& cohort = conversion["groups"][0];
  CHECK(cohort["group"].is_null());
  CHECK(cohort["cohort"] == 3);
  std::map<std::string, std::pair<std::int64_t, double>> reached;
  for (const auto& s : cohort["stages"]) reached[s["state"]] = {s["count"], s["share"]};
  CHECK(reached["screening"] == std::pair<std::int64_t, double>{2, 0.6667});
  CHECK(reached["business_plan"] == std::pair<std::int64_t, double>{1, 0.3333});
  CHECK(reached["funding"] == std::pair<std::int64_t, double>{0, 0.0});
  CHECK(reached["established"] == std::pair<std::int64_t, double>{1, 0.3333});
  CHECK(reached.count("parked") == 0);
  CHECK(reached.count("closed") == 0);
  CHECK(cohort["closed"] == 1);
  CHECK(cohort["closed_share"] == 0.3333);
  CHECK(cohort["closed_by_reason"] == json::array({{{"reason", "withdrawn"}, {"count", 1}, {"share", 0.3333}}}));

  json from_screening = ok(api, "conversion?workflow=establishment&from_state=screening");
  REQUIRE(from_screening["groups"].size() == 1);
  CHECK(from_screening["groups"][0]["cohort"] == 2);
  CHECK(from_screening["groups"][0]["closed"] == 0);

  json cycle = ok(api, "cycle-time?workflow=establishment");
  std::map<std::string, json> stays;
  for (const auto& s : cycle["states"]) stays[s["state"]] = s["days"];
  CHECK(stays["idea"]["count"] == 3);  // A and B to screening, C closed
  CHECK(stays["screening"]["count"] == 2);
  CHECK(stays["business_plan"]["count"] == 1);
  CHECK(stays.count("established") == 0);  // still open
  for (const auto& [state, days] : stays) {
    INFO(state << ": " << days.dump());
    CHECK(days["p50"].get<double>() >= 0);
    CHECK(days["p95"].get<double>() < 1);  // all of it happened within this test
  }
  REQUIRE(cycle["end_to_end"].size() == 1);
  CHECK(cycle["end_to_end"][0]["to_state"] == "established");
  CHECK(cycle["end_to_end"][0]["total_days"]["count"] == 1);

  // Thirty days on, with every threshold at zero days: all that is neither final nor closed.
  const core::Date later = days_after(today(), 30);
  json aging = ok(api, "aging?threshold_days=0&as_of=" + iso(later));
  std::map<std::int64_t, json> stale;
  for (const auto& i : aging["items"]) stale[i["project_id"].get<std::int64_t>()] = i;
  CHECK(stale.size() == 3);
  CHECK(stale.count(h.a) == 1);  // established is not final
  CHECK(stale.count(h.b) == 1);  // parked projects age in parked
  CHECK(stale.count(h.l) == 1);
  CHECK(stale.count(h.c) == 0);  // closed
  CHECK(stale[h.b]["state"] == "parked");
  CHECK(stale[h.b]["title"] == kFormulaTitle);
  CHECK(stale[h.b]["days"].get<double>() > 30);
  CHECK(stale[h.b]["days"].get<double>() < 32);
  REQUIRE(aging["overdue"].size() == 1);
  CHECK(aging["overdue"][0]["project_id"] == h.l);
  CHECK(aging["overdue"][0]["response_deadline"] == h.l_deadline);
  auto deadline = core::parse_iso_date(h.l_deadline);
  REQUIRE(deadline);
  CHECK(aging["overdue"][0]["days_overdue"] ==
        (std::chrono::sys_days{later} - std::chrono::sys_days{*deadline}).count());

  CHECK(aging["limit"].is_null());
  CHECK(aging["items_total"] == 3);
  CHECK(aging["overdue_total"] == 1);
  std::int64_t by_state = 0;
  for (const auto& c : aging["items_by_state"]) by_state += c["count"].get<std::int64_t>();
  CHECK(by_state == 3);
  CHECK(rows_where(aging["items_by_state"], "state", "parked").size() == 1);

  // limit: the first projects of each list, oldest first; the totals stay whole.
  json limited = ok(api, "aging?threshold_days=0&limit=1&as_of=" + iso(later));
  CHECK(limited["limit"] == 1);
  REQUIRE(limited["items"].size() == 1);
  CHECK(limited["items"][0] == aging["items"][0]);
  CHECK(limited["overdue"] == aging["overdue"]);
  CHECK(limited["items_total"] == 3);
  CHECK(limited["items_by_state"] == aging["items_by_state"]);
  CHECK(limited["overdue_total"] == 1);
  json counts_only = ok(api, "aging?threshold_days=0&limit=0&as_of=" + iso(later));
  CHECK(counts_only["items"].empty());
  CHECK(counts_only["overdue"].empty());
  CHECK(counts_only["items_total"] == 3);
  CHECK(counts_only["overdue_total"] == 1);

  json tolerant = ok(api, "aging?threshold_days=0&threshold.parked=1000&as_of=" + iso(later));
  CHECK(tolerant["state_threshold_days"] == json{{"parked", 1000.0}});
  CHECK(tolerant["items"].size() == 2);
  CHECK(rows_where(tolerant["items"], "state", "parked").empty());

  json now = ok(api, "aging");  // default 60 days: nothing is that old yet, and nothing is overdue
  CHECK(now["items"].empty());
  CHECK(now["overdue"].empty());
}

BACKEND_TEST_CASE("Reports: scorecard, funding and effort count a known history", "[http][reports]") {
  TestDatabase db(backend);
  TestServer server(db);
  Api api(server);
  History::build(api);
  const int year = static_cast<int>(today().year());
  for (const auto& [metric, value] : std::vector<std::pair<std::string, int>>{
           {"establishments", 12}, {"new_projects", 10}, {"nok_granted", 1000000}}) {
    Reply t = api.post("/api/v1/targets", {{"year", year}, {"metric", metric}, {"target_value", value}},
                       api.as(core::Role::admin));
    INFO(t.body);
    REQUIRE(t.status == 201);
  }

  json scorecard = ok(api, "scorecard");
  CHECK(scorecard["year"] == year);
  CHECK(scorecard["through"] == iso(today()));
  const double elapsed = scorecard["elapsed"].get<double>();
  CHECK(elapsed > 0);
  CHECK(elapsed <= 1);
  std::map<std::string, json> rows;
  for (const auto& r : scorecard["rows"]) rows[r["metric"]] = r;
  REQUIRE(rows.size() == 3);
  CHECK(rows["establishments"]["target"] == 12);
  CHECK(rows["establishments"]["actual"] == 1.0);
  CHECK(rows["establishments"]["expected_to_date"].get<double>() == Approx(12 * elapsed).margin(0.01));
  CHECK(rows["new_projects"]["actual"] == 4.0);
  CHECK(rows["new_projects"]["projection"].get<double>() == Approx(4 / elapsed).margin(0.05));
  CHECK(rows["nok_granted"]["actual"] == 80000.0);
  CHECK(rows["nok_granted"]["lower_is_better"] == false);

  json past = ok(api, "scorecard?year=2001");
  CHECK(past["year"] == 2001);
  CHECK(past["rows"].empty());  // no targets that year

  json funding = ok(api, "funding");
  REQUIRE(funding["rows"].size() == 1);  // the draft is no application yet
  CHECK(funding["rows"][0] == json{{"source", "innovasjon_norge"},
                                   {"group", nullptr},
                                   {"applied_count", 1},
                                   {"applied_nok", 100000},
                                   {"granted_count", 1},
                                   {"granted_nok", 80000}});

  json effort = ok(api, "effort");
  REQUIRE(effort["rows"].size() == 1);
  CHECK(effort["rows"][0] == json{{"group", nullptr}, {"activities", 2}, {"minutes", 120}, {"hours", 2.0}});
  json by_adviser = ok(api, "effort?group_by=adviser");
  REQUIRE(by_adviser["rows"].size() == 2);
  std::map<std::string, json> hours;
  for (const auto& r : by_adviser["rows"]) hours[r["group"]] = r["hours"];
  CHECK(hours["kari.nordmann@mnu.no"] == 1.5);
  CHECK(hours["ola@mnu.no"] == 0.5);
  json liaison = ok(api, "effort?workflow=liaison");
  REQUIRE(liaison["rows"].size() == 1);
  CHECK(liaison["rows"][0]["minutes"] == 30);
}

BACKEND_TEST_CASE("Reports: CSV carries the JSON figures with a BOM, a header row and safe texts", "[http][reports]") {
  TestDatabase db(backend);
  TestServer server(db);
  Api api(server);
  History::build(api);

  // Pipeline: the JSON rows, line by line, with `;` on request.
  json pipeline = ok(api, "pipeline?workflow=establishment");
  Reply csv = report(api, "pipeline?workflow=establishment&format=csv&separator=semicolon");
  CHECK(csv.header("Content-Disposition") ==
        "attachment; filename=\"pipeline-" +
            iso(core::oslo_date(*core::parse_rfc3339(pipeline["as_of"].get<std::string>()))) + ".csv\"");
  CHECK(csv.body.find("\r\n") != std::string::npos);
  auto records = csv_records(csv, ';');
  REQUIRE(records.size() == pipeline["rows"].size() + 1);
  CHECK(records[0] == std::vector<std::string>{"group", "workflow", "state", "kind", "final", "count"});
  CHECK(csv.body.substr(3, csv.body.find("\r\n") - 3) == "group;workflow;state;kind;final;count");
  for (std::size_t i = 0; i < pipeline["rows"].size(); ++i) {
    const json& row = pipeline["rows"][i];
    INFO(row.dump());
    CHECK(records[i + 1] == std::vector<std::string>{"", row["workflow"], row["state"], row["kind"],
                                                     row["final"].get<bool>() ? "true" : "false",
                                                     std::to_string(row["count"].get<std::int64_t>())});
  }

  // Comma by default; decimal numbers with a point, and with a comma beside `;`.
  Reply effort_csv = report(api, "effort?group_by=adviser&format=csv");
  CHECK(effort_csv.header("Content-Disposition") == "attachment; filename=\"effort-" +
                                                        iso(today().year() / std::chrono::January / 1) + "_" +
                                                        iso(today()) + ".csv\"");
  auto effort = csv_records(effort_csv, ',');
  REQUIRE(effort.size() == 3);
  CHECK(effort[0] == std::vector<std::string>{"group", "activities", "minutes", "hours"});
  CHECK(effort[1] == std::vector<std::string>{"kari.nordmann@mnu.no", "1", "90", "1.5"});
  CHECK(effort[2] == std::vector<std::string>{"ola@mnu.no", "1", "30", "0.5"});
  auto semicolon = csv_records(report(api, "effort?group_by=adviser&format=csv&separator=semicolon"), ';');
  REQUIRE(semicolon.size() == 3);
  CHECK(semicolon[1] == std::vector<std::string>{"kari.nordmann@mnu.no", "1", "90", "1,5"});

  // Aging: a title a spreadsheet would run is written as text.
  auto aging = csv_records(
      report(api, "aging?threshold_days=0&format=csv&separator=semicolon&as_of=" + iso(days_after(today(), 30))), ';');
  REQUIRE(aging.size() == 1 + 3 + 1);  // header, three stale, one overdue
  CHECK(aging[0] == std::vector<std::string>{"list", "project_id", "title", "workflow", "state", "days",
                                             "response_deadline", "days_overdue", "adviser", "municipality"});
  bool neutralised = false;
  for (const auto& record : aging) neutralised = neutralised || record[2] == "'" + kFormulaTitle;
  CHECK(neutralised);
  CHECK(aging.back()[0] == "overdue");
  auto aging_limited =
      csv_records(report(api, "aging?threshold_days=0&limit=1&format=csv&as_of=" + iso(days_after(today(), 30))), ',');
  REQUIRE(aging_limited.size() == 1 + 1 + 1);  // header, the oldest stale, one overdue
  CHECK(aging_limited[1][0] == "stale");
  CHECK(aging_limited[1][1] == aging[1][1]);  // the same project

  // Every report answers CSV, with its header row.
  for (const auto& name : kReportNames) {
    std::string path = name + (name.find('?') == std::string::npos ? "?" : "&") + "format=csv";
    INFO(path);
    auto rows = csv_records(report(api, path), ',');
    REQUIRE_FALSE(rows.empty());
    CHECK(rows[0].size() > 2);
  }
}

BACKEND_TEST_CASE("Reports: bad parameters are refused naming the parameter", "[http][reports]") {
  TestDatabase db(backend);
  TestServer server(db);
  Api api(server);

  struct Case {
    std::string path, field, code;
  };
  const std::vector<Case> cases{
      {"pipeline?colour=red", "colour", "unknown_parameter"},
      {"pipeline?from=2026-01-01", "from", "unknown_parameter"},  // pipeline is at a moment
      {"pipeline?as_of=yesterday", "as_of", "invalid_time"},
      {"pipeline?group_by=colour", "group_by", "not_allowed"},
      {"pipeline?workflow=shipping", "workflow", "unknown"},
      {"pipeline?nace_section=Z", "nace_section", "unknown"},
      {"pipeline?format=xlsx", "format", "not_allowed"},
      {"pipeline?separator=semicolon", "separator", "csv_only"},
      {"pipeline?format=csv&separator=tab", "separator", "not_allowed"},
      {"pipeline?workflow=liaison&workflow=innovation", "workflow", "repeated"},
      {"flow?period=fortnight", "period", "not_allowed"},
      {"flow?from=2026-02-30", "from", "invalid_date"},
      {"flow?from=2026-06-01&to=2026-05-31", "to", "out_of_range"},
      {"flow?from=1900-01-01&to=2026-01-01", "from", "out_of_range"},
      {"throughput?as_of=2026-01-01", "as_of", "unknown_parameter"},
      {"conversion", "workflow", "required"},
      {"conversion?workflow=establishment&from_state=received", "from_state", "unknown"},
      {"cycle-time?period=month", "period", "unknown_parameter"},
      {"aging?group_by=workflow", "group_by", "unknown_parameter"},
      {"aging?threshold_days=-1", "threshold_days", "out_of_range"},
      {"aging?threshold_days=many", "threshold_days", "wrong_type"},
      {"aging?threshold.nowhere=5", "threshold.nowhere", "unknown_state"},
      {"aging?threshold.parked=soon", "threshold.parked", "wrong_type"},
      {"aging?limit=-1", "limit", "out_of_range"},
      {"aging?limit=2000000", "limit", "out_of_range"},
      {"aging?limit=ten", "limit", "wrong_type"},
      {"aging?limit=2.5", "limit", "wrong_type"},
      {"scorecard?year=1999", "year", "out_of_range"},
      {"scorecard?year=next", "year", "wrong_type"},
      {"funding?period=month", "period", "unknown_parameter"},
      {"effort?to=2026-13-01", "to", "invalid_date"},
  };
  for (const auto& c : cases) {
    INFO(c.path);
    check_invalid(report(api, c.path), c.field, c.code);
  }
  // Every problem of a request at once.
  Reply several = report(api, "flow?period=day&from=nope&colour=red");
  check_invalid(several, "period", "not_allowed");
  CHECK(names_error(several, "from", "invalid_date"));
  CHECK(names_error(several, "colour", "unknown_parameter"));
}

BACKEND_TEST_CASE("Reports: management and administrators may read them, entrepreneurs may not", "[http][reports]") {
  TestDatabase db(backend);
  TestServer server(db);
  Api api(server);
  History h = History::build(api);
  const httplib::Headers entrepreneur = server.entrepreneur_of(h.a, "grunder@bakeri.no").headers();

  for (const auto& name : kReportNames) {
    INFO(name);
    CHECK(report(api, name, api.as(core::Role::management)).status == 200);
    CHECK(report(api, name, api.as(core::Role::admin)).status == 200);
    check_problem(report(api, name, entrepreneur), 403);
    check_problem(report(api, name, {{"Cookie", ""}}), 401);
  }
}
