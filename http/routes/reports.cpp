// The reports (docs/reports.md): each reads its query strictly, asks ReportService, and answers
// JSON or, with format=csv, the same figures as one CSV table.

#include <algorithm>

#include "http/reply.hpp"
#include "http/report_codecs.hpp"
#include "http/report_csv.hpp"
#include "http/report_query.hpp"
#include "http/routes/routes.hpp"

namespace facilitator::http {

namespace {

/// Aging thresholds beyond a century are mistakes.
constexpr double kMaxThresholdDays = 36500;
/// The most projects an aging list may be limited to (more is the whole list anyway).
constexpr std::int64_t kMaxAgingLimit = 1'000'000;

/// The report's own parameters after those every report takes.
std::vector<std::string> parameters(std::initializer_list<const char*> own, bool grouped = true) {
  std::vector<std::string> all;
  for (const auto& common : common_report_parameters())
    if (grouped || common != "group_by") all.push_back(common);
  for (const char* name : own) all.emplace_back(name);
  return all;
}

bool known_workflow(const Services& services, const std::string& id) { return services.workflows.find(id) != nullptr; }

bool known_state(const Services& services, const std::optional<std::string>& workflow, const std::string& state) {
  const auto& all = services.workflows.all();
  return std::any_of(all.begin(), all.end(), [&](const std::unique_ptr<core::Workflow>& w) {
    return (!workflow || w->id() == *workflow) && w->find_state(state) != nullptr;
  });
}

std::string workflow_ids(const Services& services) {
  std::string out;
  for (const auto& w : services.workflows.all()) out += (out.empty() ? "" : ", ") + std::string(w->id());
  return out;
}

core::ReportFilter read_filter(ReportQueryReader& query, const Services& services) {
  core::ReportFilter filter;
  filter.workflow = query.text("workflow");
  if (filter.workflow && !known_workflow(services, *filter.workflow)) {
    query.add_error("workflow", "unknown", "must be one of: " + workflow_ids(services));
    filter.workflow.reset();
  }
  filter.municipality = query.text("municipality");
  filter.focus_area = query.text("focus_area");
  filter.nace_section = query.text("nace_section");
  if (filter.nace_section) {
    std::string& s = *filter.nace_section;
    if (s.size() == 1 && s[0] >= 'a' && s[0] <= 'u') s[0] = static_cast<char>(s[0] - 'a' + 'A');
    if (s.size() != 1 || s[0] < 'A' || s[0] > 'U') {
      query.add_error("nace_section", "unknown", "must be a NACE section letter, A to U");
      filter.nace_section.reset();
    }
  }
  filter.adviser = query.text("adviser");
  return filter;
}

core::ReportGrouping read_grouping(ReportQueryReader& query) {
  auto text = query.choice("group_by", {"workflow", "municipality", "focus_area", "nace_section", "adviser"});
  return text ? core::parse_report_grouping(*text).value_or(core::ReportGrouping::none) : core::ReportGrouping::none;
}

core::ReportPeriod read_period(ReportQueryReader& query) {
  auto text = query.choice("period", {"week", "month", "quarter", "year"});
  return text ? core::parse_report_period(*text).value_or(core::ReportPeriod::month) : core::ReportPeriod::month;
}

/// `from` and `to`, ISO dates. Left out, and whether the window is one, ReportService decides.
core::DateWindow read_window(ReportQueryReader& query) { return {query.date("from"), query.date("to")}; }

/// Answers JSON, or the table as CSV named NAME-DATE.csv.
void answer(httplib::Response& res, const ReportFormat& format, const nlohmann::json& body,
            ReportTable (*table)(const nlohmann::json&), std::string_view name, const std::string& date) {
  if (!format.csv) {
    reply_json(res, 200, body);
    return;
  }
  ReportTable t = table(body);
  reply_csv(res, name, date, report_csv(t.columns, t.rows, format.separator));
}

std::string window_name(core::Date from, core::Date to) {
  return core::format_date(from) + "_" + core::format_date(to);
}

/// The reports over a window of days with a filter and a grouping (and a `period` where the
/// request has one: flow, throughput) read the same query and answer the same way; only the
/// figures differ.
template <class Request, class Report>
void add_window_report(Router& router, Services& services, const char* slug, const char* name,
                       Report (core::ReportService::*run)(const Request&, const core::Actor&),
                       nlohmann::json (*to_json)(const Request&, const Report&),
                       ReportTable (*table)(const nlohmann::json&)) {
  constexpr bool periodic = requires(Request r) { r.period; };
  router.add(
      "GET", std::string("/api/v1/reports/") + slug, name, Access::to(core::Action::report_read),
      [&services, slug, run, to_json, table](const httplib::Request& req, httplib::Response& res,
                                             const RequestContext& ctx) {
        ReportQueryReader query(req, periodic ? parameters({"from", "to", "period"}) : parameters({"from", "to"}));
        Request request;
        request.filter = read_filter(query, services);
        request.group_by = read_grouping(query);
        if constexpr (periodic) request.period = read_period(query);
        request.window = read_window(query);
        ReportFormat format = read_format(query);
        query.finish();
        Report report = (services.reports.*run)(request, ctx.actor);
        answer(res, format, to_json(request, report), table, slug, window_name(report.from, report.to));
      });
}

}  // namespace

void add_report_routes(Router& router, Services& services) {
  const Access access = Access::to(core::Action::report_read);

  router.add("GET", "/api/v1/reports/pipeline", "reports.pipeline", access,
             [&services](const httplib::Request& req, httplib::Response& res, const RequestContext& ctx) {
               ReportQueryReader query(req, parameters({"as_of"}));
               core::PipelineRequest request;
               request.filter = read_filter(query, services);
               request.group_by = read_grouping(query);
               request.as_of = query.moment("as_of");
               ReportFormat format = read_format(query);
               query.finish();
               auto report = services.reports.pipeline(request, ctx.actor);
               answer(res, format, pipeline_json(request, report), pipeline_table, "pipeline",
                      core::format_date(core::oslo_date(report.as_of)));
             });

  add_window_report(router, services, "flow", "reports.flow", &core::ReportService::flow, flow_json, flow_table);
  add_window_report(router, services, "throughput", "reports.throughput", &core::ReportService::throughput,
                    throughput_json, throughput_table);

  router.add("GET", "/api/v1/reports/conversion", "reports.conversion", access,
             [&services](const httplib::Request& req, httplib::Response& res, const RequestContext& ctx) {
               ReportQueryReader query(req, parameters({"from", "to", "from_state"}));
               core::ConversionRequest request;
               request.filter = read_filter(query, services);
               request.group_by = read_grouping(query);
               request.window = read_window(query);
               request.from_state = query.text("from_state");
               if (!query.text("workflow"))
                 query.add_error("workflow", "required", "the workflow whose stages to follow, e.g. establishment");
               request.workflow = request.filter.workflow.value_or("");
               if (request.from_state && request.filter.workflow &&
                   !known_state(services, request.filter.workflow, *request.from_state))
                 query.add_error("from_state", "unknown",
                                 "no stage is called '" + *request.from_state + "' in workflow " + request.workflow);
               ReportFormat format = read_format(query);
               query.finish();
               auto report = services.reports.conversion(request, ctx.actor);
               answer(res, format, conversion_json(request, report), conversion_table, "conversion",
                      window_name(report.from, report.to));
             });

  add_window_report(router, services, "cycle-time", "reports.cycle_time", &core::ReportService::cycle_time,
                    cycle_time_json, cycle_time_table);

  router.add("GET", "/api/v1/reports/aging", "reports.aging", access,
             [&services](const httplib::Request& req, httplib::Response& res, const RequestContext& ctx) {
               ReportQueryReader query(req, parameters({"as_of", "threshold_days", "limit"}, false), {"threshold."});
               core::AgingRequest request;
               request.filter = read_filter(query, services);
               request.as_of = query.moment("as_of");
               request.default_threshold_days =
                   query.number("threshold_days", 0, kMaxThresholdDays).value_or(request.default_threshold_days);
               for (const std::string& state : query.with_prefix("threshold.")) {
                 std::string name = "threshold." + state;
                 if (!known_state(services, request.filter.workflow, state)) {
                   query.add_error(name, "unknown_state",
                                   "no stage is called '" + state + "'" +
                                       (request.filter.workflow ? " in workflow " + *request.filter.workflow : ""));
                   continue;
                 }
                 if (auto limit = query.number(name, 0, kMaxThresholdDays)) request.threshold_days[state] = *limit;
               }
               request.limit = query.integer("limit", 0, kMaxAgingLimit);
               ReportFormat format = read_format(query);
               query.finish();
               auto report = services.reports.aging(request, ctx.actor);
               answer(res, format, aging_json(request, report), aging_table, "aging",
                      core::format_date(core::oslo_date(report.as_of)));
             });

  router.add("GET", "/api/v1/reports/scorecard", "reports.scorecard", access,
             [&services](const httplib::Request& req, httplib::Response& res, const RequestContext& ctx) {
               ReportQueryReader query(req, parameters({"year", "as_of"}, false));
               core::ScorecardRequest request;
               request.filter = read_filter(query, services);
               if (auto year = query.integer("year", 2000, 2100)) request.year = static_cast<int>(*year);
               request.as_of = query.moment("as_of");
               ReportFormat format = read_format(query);
               query.finish();
               auto report = services.reports.scorecard(request, ctx.actor);
               answer(res, format, scorecard_json(request, report), scorecard_table, "scorecard",
                      std::to_string(report.year));
             });

  add_window_report(router, services, "funding", "reports.funding", &core::ReportService::funding, funding_json,
                    funding_table);
  add_window_report(router, services, "effort", "reports.effort", &core::ReportService::effort, effort_json,
                    effort_table);
}

}  // namespace facilitator::http
