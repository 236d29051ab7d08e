#include "core/bulk/project_export.hpp"

#include <map>
#include <optional>

#include <nlohmann/json.hpp>

#include "core/bulk/csv.hpp"
#include "core/service/paging.hpp"

namespace facilitator::core::bulk {

namespace {

// Ordered, so JSON objects keep the documented field order (the CSV column order).
using json = nlohmann::ordered_json;

template <class T>
json nullable(const std::optional<T>& value) {
  return value ? json(*value) : json(nullptr);
}

/// One record as typed JSON values; CSV writes the same values as text, in the same order.
using Record = std::vector<std::pair<std::string, json>>;

Record project_record(const Project& p, const std::optional<Company>& company) {
  return {{"id", p.id},
          {"external_ref", nullable(p.external_ref)},
          {"workflow", p.workflow},
          {"title", p.title},
          {"state", p.state},
          {"version", p.version},
          {"state_since", format_rfc3339(p.state_since)},
          {"adviser", nullable(p.facts.adviser)},
          {"municipality", nullable(p.facts.municipality)},
          {"focus_area", nullable(p.facts.focus_area)},
          {"nace_section", nullable(p.nace_section)},
          {"company_id", nullable(p.company_id)},
          {"company_name", company ? json(company->name) : json(nullptr)},
          {"organisation_number", nullable(p.facts.organisation_number)},
          {"registration_date", nullable(p.facts.registration_date)},
          {"business_plan_complete", p.facts.business_plan_complete},
          {"self_financed", p.facts.self_financed},
          {"result_summary", nullable(p.facts.result_summary)},
          {"parked_from", nullable(p.facts.parked_from)},
          {"municipal_unit", nullable(p.facts.municipal_unit)},
          {"response_deadline", nullable(p.response_deadline)},
          {"created_at", format_rfc3339(p.created_at)},
          {"updated_at", format_rfc3339(p.updated_at)},
          {"created_by", p.created_by}};
}

Record event_record(const Project& p, const ProjectEvent& e, bool include_note) {
  json changes = nullptr;
  if (e.changes) changes = json::parse(*e.changes, nullptr, false);
  return {{"project_id", e.project_id},
          {"external_ref", nullable(p.external_ref)},
          {"seq", e.seq},
          {"kind", to_string(e.kind)},
          {"event", e.event},
          {"from_state", nullable(e.from_state)},
          {"to_state", e.to_state},
          {"actor", e.actor},
          {"at", format_rfc3339(e.at)},
          {"reason", nullable(e.reason)},
          {"visibility", to_string(e.visibility)},
          {"note", include_note ? nullable(e.note) : json(nullptr)},
          {"changes", changes}};
}

std::string as_text(const json& value) {
  if (value.is_null()) return {};
  if (value.is_string()) return value.get<std::string>();
  if (value.is_boolean()) return value.get<bool>() ? "true" : "false";
  return value.dump();
}

/// Writes records as they come: CSV rows, or the elements of one JSON array.
class RecordWriter {
 public:
  RecordWriter(const ExportOptions& options, std::ostream& out)
      : options_(options), out_(out), csv_(out, options.separator) {}

  void begin(const std::vector<std::string>& columns) {
    if (options_.format == ExportFormat::csv) {
      csv_.write_bom();
      csv_.write_row(columns);
    } else {
      out_ << '[';
    }
  }

  void write(const Record& record) {
    if (options_.format == ExportFormat::csv) {
      std::vector<std::string> fields;
      fields.reserve(record.size());
      for (const auto& [name, value] : record)
        fields.push_back(value.is_string() ? formula_safe(as_text(value)) : as_text(value));
      csv_.write_row(fields);
    } else {
      json object = json::object();
      for (const auto& [name, value] : record) object[name] = value;
      out_ << (first_ ? "\n" : ",\n") << object.dump(-1, ' ', false, json::error_handler_t::replace);
    }
    first_ = false;
  }

  void end() {
    if (options_.format == ExportFormat::json) out_ << (first_ ? "]\n" : "\n]\n");
    out_.flush();
  }

 private:
  const ExportOptions& options_;
  std::ostream& out_;
  CsvWriter csv_;
  bool first_ = true;
};

}  // namespace

std::vector<std::string> export_columns(ExportWhat what) {
  Record sample = what == ExportWhat::projects ? project_record(Project{}, std::nullopt)
                                               : event_record(Project{}, ProjectEvent{}, false);
  std::vector<std::string> columns;
  for (const auto& [name, value] : sample) columns.push_back(name);
  return columns;
}

ExportSummary export_data(ServiceSet& services, const ExportOptions& options, std::ostream& out) {
  ExportSummary summary;
  RecordWriter writer(options, out);
  writer.begin(export_columns(options.what));

  ProjectListRequest request;
  request.limit = kMaxPageSize;
  while (true) {
    Page<Project> page = services.projects.list(request, options.actor);
    // Company names for this page only: memory stays bounded by the page size.
    std::map<CompanyId, std::optional<Company>> companies;
    for (const Project& project : page.items) {
      ++summary.projects;
      if (options.what == ExportWhat::projects) {
        std::optional<Company> company;
        if (project.company_id) {
          auto [it, added] = companies.try_emplace(*project.company_id);
          if (added) it->second = services.companies.get(*project.company_id, options.actor);
          company = it->second;
        }
        writer.write(project_record(project, company));
        continue;
      }
      EventListRequest events;
      events.limit = kMaxPageSize;
      while (true) {
        Page<ProjectEvent> event_page = services.projects.events(project.id, events, options.actor);
        for (const ProjectEvent& event : event_page.items) {
          bool include = options.include_internal_notes || event.visibility == Visibility::public_;
          if (event.note && !include) ++summary.internal_notes_left_out;
          writer.write(event_record(project, event, include));
          ++summary.events;
        }
        if (!event_page.next_cursor) break;
        events.cursor = event_page.next_cursor;
      }
    }
    if (!page.next_cursor) break;
    request.cursor = page.next_cursor;
  }
  writer.end();
  return summary;
}

}  // namespace facilitator::core::bulk
