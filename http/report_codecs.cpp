#include "http/report_codecs.hpp"

#include "http/codecs.hpp"

#include <cmath>

namespace facilitator::http {

using nlohmann::json;

namespace {

json rounded(double value, int decimals) {
  double scale = std::pow(10.0, decimals);
  return std::round(value * scale) / scale;
}
json rounded(const std::optional<double>& value, int decimals) {
  return value ? rounded(*value, decimals) : json(nullptr);
}
json days(const std::optional<double>& value) { return rounded(value, 2); }
json share(double value) { return rounded(value, 4); }

json nullable(const std::optional<std::string>& value) { return value ? json(*value) : json(nullptr); }
/// A row's group: null when nothing is grouped or the project has no value for the field.
json group(const std::string& value) { return value.empty() ? json(nullptr) : json(value); }
json grouping(core::ReportGrouping g) {
  return g == core::ReportGrouping::none ? json(nullptr) : json(core::to_string(g));
}

json stats_json(const core::DurationStats& s) {
  return {{"count", s.count}, {"mean", days(s.mean)}, {"p50", days(s.p50)}, {"p85", days(s.p85)}, {"p95", days(s.p95)}};
}

/// The period members of a row.
void put_period(json& row, const core::PeriodKey& p) {
  row["period"] = p.label;
  row["period_first_day"] = core::format_date(p.first);
  row["period_last_day"] = core::format_date(p.last);
}

/// What every report over a window echoes.
json window_answer(core::Date from, core::Date to, const core::ReportFilter& filter, core::ReportGrouping g) {
  return {{"from", core::format_date(from)},
          {"to", core::format_date(to)},
          {"group_by", grouping(g)},
          {"filter", report_filter_json(filter)}};
}

std::vector<CsvColumn> columns(std::initializer_list<const char*> names) {
  std::vector<CsvColumn> out;
  for (const char* name : names) out.push_back({name, name});
  return out;
}

/// A table whose rows are the answer's `member` array as it is.
ReportTable plain_table(const json& answer, const char* member, std::initializer_list<const char*> names) {
  return {columns(names), answer.at(member)};
}

}  // namespace

json report_filter_json(const core::ReportFilter& filter) {
  json out = json::object();
  auto put = [&](const char* name, const std::optional<std::string>& value) {
    if (value) out[name] = *value;
  };
  put("workflow", filter.workflow);
  put("municipality", filter.municipality);
  put("focus_area", filter.focus_area);
  put("nace_section", filter.nace_section);
  put("adviser", filter.adviser);
  return out;
}

json pipeline_json(const core::PipelineRequest& request, const core::PipelineReport& report) {
  json rows = json::array();
  for (const auto& r : report.rows)
    rows.push_back({{"group", group(r.group)},
                    {"workflow", r.workflow},
                    {"state", r.state},
                    {"kind", state_kind_name(r.kind)},
                    {"final", r.final},
                    {"count", r.count}});
  json totals = json::array();
  for (const auto& t : report.totals)
    totals.push_back({{"group", group(t.group)}, {"workflow", t.workflow}, {"wip", t.wip}});
  return {{"as_of", core::format_rfc3339(report.as_of)},
          {"group_by", grouping(request.group_by)},
          {"filter", report_filter_json(request.filter)},
          {"rows", std::move(rows)},
          {"totals", std::move(totals)}};
}

json flow_json(const core::FlowRequest& request, const core::FlowReport& report) {
  json answer = window_answer(report.from, report.to, request.filter, request.group_by);
  answer["period"] = core::to_string(report.period);
  json rows = json::array();
  for (const auto& r : report.rows) {
    json row;
    put_period(row, r.period);
    row["group"] = group(r.group);
    row["workflow"] = r.workflow;
    row["state"] = r.state;
    row["entered"] = r.entered;
    row["left"] = r.left;
    rows.push_back(std::move(row));
  }
  answer["rows"] = std::move(rows);
  return answer;
}

json throughput_json(const core::ThroughputRequest& request, const core::ThroughputReport& report) {
  json answer = window_answer(report.from, report.to, request.filter, request.group_by);
  answer["period"] = core::to_string(report.period);
  json rows = json::array();
  for (const auto& r : report.rows) {
    json row;
    put_period(row, r.period);
    row["group"] = group(r.group);
    row["workflow"] = r.workflow;
    row["state"] = r.state;
    row["count"] = r.count;
    rows.push_back(std::move(row));
  }
  answer["rows"] = std::move(rows);
  return answer;
}

json conversion_json(const core::ConversionRequest& request, const core::ConversionReport& report) {
  json answer = window_answer(report.from, report.to, request.filter, request.group_by);
  answer["filter"]["workflow"] = report.workflow;
  answer["workflow"] = report.workflow;
  answer["from_state"] = report.from_state;
  json groups = json::array();
  for (const auto& g : report.groups) {
    json stages = json::array();
    for (const auto& s : g.stages)
      stages.push_back({{"state", s.state}, {"count", s.count}, {"share", share(s.share)}});
    json reasons = json::array();
    for (const auto& r : g.closed_by_reason)
      reasons.push_back({{"reason", group(r.reason)}, {"count", r.count}, {"share", share(r.share)}});
    groups.push_back({{"group", group(g.group)},
                      {"cohort", g.cohort},
                      {"stages", std::move(stages)},
                      {"closed", g.closed},
                      {"closed_share", share(g.closed_share)},
                      {"closed_by_reason", std::move(reasons)}});
  }
  answer["groups"] = std::move(groups);
  return answer;
}

json cycle_time_json(const core::CycleTimeRequest& request, const core::CycleTimeReport& report) {
  json answer = window_answer(report.from, report.to, request.filter, request.group_by);
  json states = json::array();
  for (const auto& s : report.states)
    states.push_back(
        {{"group", group(s.group)}, {"workflow", s.workflow}, {"state", s.state}, {"days", stats_json(s.days)}});
  json end_to_end = json::array();
  for (const auto& e : report.end_to_end)
    end_to_end.push_back({{"group", group(e.group)},
                          {"workflow", e.workflow},
                          {"to_state", e.to_state},
                          {"total_days", stats_json(e.total)},
                          {"parked_days", stats_json(e.parked)},
                          {"active_days", stats_json(e.active)}});
  answer["states"] = std::move(states);
  answer["end_to_end"] = std::move(end_to_end);
  return answer;
}

json aging_json(const core::AgingRequest& request, const core::AgingReport& report) {
  json thresholds = json::object();
  for (const auto& [state, limit] : request.threshold_days) thresholds[state] = limit;
  json items = json::array();
  for (const auto& i : report.items)
    items.push_back({{"project_id", i.project_id},
                     {"title", i.title},
                     {"workflow", i.workflow},
                     {"state", i.state},
                     {"days", rounded(i.days, 2)},
                     {"adviser", nullable(i.adviser)},
                     {"municipality", nullable(i.municipality)}});
  json overdue = json::array();
  for (const auto& o : report.overdue)
    overdue.push_back({{"project_id", o.project_id},
                       {"title", o.title},
                       {"state", o.state},
                       {"response_deadline", core::format_date(o.response_deadline)},
                       {"days_overdue", o.days_overdue},
                       {"adviser", nullable(o.adviser)},
                       {"municipality", nullable(o.municipality)}});
  json by_state = json::array();
  for (const auto& c : report.items_by_state)
    by_state.push_back({{"workflow", c.workflow}, {"state", c.state}, {"count", c.count}});
  return {{"as_of", core::format_rfc3339(report.as_of)},
          {"filter", report_filter_json(request.filter)},
          {"threshold_days", request.default_threshold_days},
          {"state_threshold_days", std::move(thresholds)},
          {"limit", request.limit ? json(*request.limit) : json(nullptr)},
          {"items_total", report.items_total},
          {"items_by_state", std::move(by_state)},
          {"overdue_total", report.overdue_total},
          {"items", std::move(items)},
          {"overdue", std::move(overdue)}};
}

json scorecard_json(const core::ScorecardRequest& request, const core::ScorecardReport& report) {
  json rows = json::array();
  for (const auto& r : report.rows)
    rows.push_back({{"target_id", r.target.id},
                    {"metric", core::to_string(r.target.metric)},
                    {"focus_area", nullable(r.target.focus_area)},
                    {"target", r.target.target_value},
                    {"actual", rounded(r.actual, 2)},
                    {"expected_to_date", rounded(r.expected_to_date, 2)},
                    {"projection", rounded(r.projection, 2)},
                    {"lower_is_better", r.lower_is_better},
                    {"on_track", r.on_track}});
  return {{"year", report.year},
          {"as_of", core::format_rfc3339(report.as_of)},
          {"through", core::format_date(report.through)},
          {"elapsed", rounded(report.elapsed, 4)},
          {"filter", report_filter_json(request.filter)},
          {"rows", std::move(rows)}};
}

json funding_json(const core::FundingReportRequest& request, const core::FundingReport& report) {
  json answer = window_answer(report.from, report.to, request.filter, request.group_by);
  json rows = json::array();
  for (const auto& r : report.rows)
    rows.push_back({{"source", r.source},
                    {"group", group(r.group)},
                    {"applied_count", r.applied_count},
                    {"applied_nok", r.applied_nok},
                    {"granted_count", r.granted_count},
                    {"granted_nok", r.granted_nok}});
  answer["rows"] = std::move(rows);
  return answer;
}

json effort_json(const core::EffortRequest& request, const core::EffortReport& report) {
  json answer = window_answer(report.from, report.to, request.filter, request.group_by);
  json rows = json::array();
  for (const auto& r : report.rows)
    rows.push_back({{"group", group(r.group)},
                    {"activities", r.activities},
                    {"minutes", r.minutes},
                    {"hours", rounded(r.hours, 2)}});
  answer["rows"] = std::move(rows);
  return answer;
}

ReportTable pipeline_table(const json& answer) {
  return plain_table(answer, "rows", {"group", "workflow", "state", "kind", "final", "count"});
}

ReportTable flow_table(const json& answer) {
  return plain_table(
      answer, "rows",
      {"period", "period_first_day", "period_last_day", "group", "workflow", "state", "entered", "left"});
}

ReportTable throughput_table(const json& answer) {
  return plain_table(answer, "rows",
                     {"period", "period_first_day", "period_last_day", "group", "workflow", "state", "count"});
}

ReportTable conversion_table(const json& answer) {
  ReportTable table{
      columns({"group", "workflow", "from_state", "cohort", "outcome", "state", "reason", "count", "share"})};
  for (const auto& g : answer.at("groups")) {
    json base = {{"group", g.at("group")},
                 {"workflow", answer.at("workflow")},
                 {"from_state", answer.at("from_state")},
                 {"cohort", g.at("cohort")}};
    for (const auto& s : g.at("stages")) {
      json row = base;
      row["outcome"] = "reached";
      row["state"] = s.at("state");
      row["count"] = s.at("count");
      row["share"] = s.at("share");
      table.rows.push_back(std::move(row));
    }
    json closed = base;
    closed["outcome"] = "closed";
    closed["count"] = g.at("closed");
    closed["share"] = g.at("closed_share");
    table.rows.push_back(std::move(closed));
    for (const auto& r : g.at("closed_by_reason")) {
      json row = base;
      row["outcome"] = "closed_reason";
      row["reason"] = r.at("reason");
      row["count"] = r.at("count");
      row["share"] = r.at("share");
      table.rows.push_back(std::move(row));
    }
  }
  return table;
}

ReportTable cycle_time_table(const json& answer) {
  ReportTable table{columns({"measure", "group", "workflow", "state", "count", "mean", "p50", "p85", "p95"})};
  auto add = [&](const char* measure, const json& group_value, const json& workflow, const json& state,
                 const json& stats) {
    json row = stats;
    row["measure"] = measure;
    row["group"] = group_value;
    row["workflow"] = workflow;
    row["state"] = state;
    table.rows.push_back(std::move(row));
  };
  for (const auto& s : answer.at("states")) add("state", s.at("group"), s.at("workflow"), s.at("state"), s.at("days"));
  for (const auto& e : answer.at("end_to_end")) {
    add("end_to_end_total", e.at("group"), e.at("workflow"), e.at("to_state"), e.at("total_days"));
    add("end_to_end_parked", e.at("group"), e.at("workflow"), e.at("to_state"), e.at("parked_days"));
    add("end_to_end_active", e.at("group"), e.at("workflow"), e.at("to_state"), e.at("active_days"));
  }
  return table;
}

ReportTable aging_table(const json& answer) {
  ReportTable table{columns({"list", "project_id", "title", "workflow", "state", "days", "response_deadline",
                             "days_overdue", "adviser", "municipality"})};
  for (json row : answer.at("items")) {
    row["list"] = "stale";
    table.rows.push_back(std::move(row));
  }
  for (json row : answer.at("overdue")) {
    row["list"] = "overdue";
    table.rows.push_back(std::move(row));
  }
  return table;
}

ReportTable scorecard_table(const json& answer) {
  return plain_table(answer, "rows",
                     {"target_id", "metric", "focus_area", "target", "actual", "expected_to_date", "projection",
                      "lower_is_better", "on_track"});
}

ReportTable funding_table(const json& answer) {
  return plain_table(answer, "rows",
                     {"source", "group", "applied_count", "applied_nok", "granted_count", "granted_nok"});
}

ReportTable effort_table(const json& answer) {
  return plain_table(answer, "rows", {"group", "activities", "minutes", "hours"});
}

}  // namespace facilitator::http
