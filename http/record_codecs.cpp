#include "http/record_codecs.hpp"

#include <algorithm>
#include <climits>
#include <cmath>

#include "core/domain/time.hpp"

namespace facilitator::http {

namespace {

using nlohmann::json;

template <class T>
json nullable(const std::optional<T>& value) {
  return value ? json(*value) : json(nullptr);
}

constexpr const char* kByServer = "is set by the server";
constexpr const char* kVersionInIfMatch = "is set by the server; send the version you expect in If-Match";

void forbid_server_fields(ObjectReader& reader) {
  reader.forbid("id", kByServer);
  reader.forbid("version", kVersionInIfMatch);
  reader.forbid("created_at", kByServer);
  reader.forbid("updated_at", kByServer);
}

/// Hours as sent (a JSON number with at most two decimals) in whole minutes; the range (more than
/// 0, at most 24 hours) is the service's rule. Nothing, with an error recorded, when unreadable.
std::optional<std::int64_t> minutes_of(const json& hours, ObjectReader& reader) {
  if (!hours.is_number()) {
    reader.add_error("hours", "wrong_type", "must be a number of hours, e.g. 1.5");
    return std::nullopt;
  }
  double value = hours.get<double>();
  if (!std::isfinite(value) || std::fabs(value) > 1e6) {
    reader.add_error("hours", "out_of_range", "more than 0 and at most 24 hours, e.g. 1.5");
    return std::nullopt;
  }
  // Two decimals are hundredths of an hour; anything finer than a binary rounding error is more.
  double hundredths = value * 100.0;
  if (std::fabs(hundredths - std::round(hundredths)) > 1e-6) {
    reader.add_error("hours", "too_precise", "at most two decimals, e.g. 1.25");
    return std::nullopt;
  }
  // A hundredth of an hour is 0.6 minutes: stored to the nearest minute (0.25 h is 15 minutes).
  return std::llround(std::round(hundredths) * 0.6);
}

}  // namespace

json contact_json(const core::Contact& c) {
  return {{"id", c.id},
          {"project_id", c.project_id},
          {"name", c.name},
          {"email", nullable(c.email)},
          {"phone", nullable(c.phone)},
          {"role", nullable(c.role)},
          {"version", c.version},
          {"created_at", core::format_rfc3339(c.created_at)},
          {"updated_at", core::format_rfc3339(c.updated_at)}};
}

json note_json(const core::Note& n) {
  return {{"id", n.id},         {"project_id", n.project_id},
          {"body", n.body},     {"visibility", core::to_string(n.visibility)},
          {"author", n.author}, {"created_at", core::format_rfc3339(n.created_at)}};
}

json activity_json(const core::Activity& a) {
  return {{"id", a.id},
          {"project_id", a.project_id},
          {"kind", core::to_string(a.kind)},
          {"date", a.date},
          {"hours", std::round(static_cast<double>(a.minutes) * 100.0 / 60.0) / 100.0},
          {"adviser", a.adviser},
          {"note", nullable(a.note)},
          {"version", a.version},
          {"created_at", core::format_rfc3339(a.created_at)},
          {"updated_at", core::format_rfc3339(a.updated_at)}};
}

json target_json(const core::Target& t) {
  return {{"id", t.id},
          {"year", t.year},
          {"metric", core::to_string(t.metric)},
          {"focus_area", nullable(t.focus_area)},
          {"target_value", t.target_value},
          {"version", t.version},
          {"created_at", core::format_rfc3339(t.created_at)},
          {"updated_at", core::format_rfc3339(t.updated_at)}};
}

core::ContactChanges read_contact_changes(ObjectReader& reader) {
  core::ContactChanges c;
  c.name = reader.text("name");
  c.email = reader.nullable_text("email");
  c.phone = reader.nullable_text("phone");
  c.role = reader.nullable_text("role");
  forbid_server_fields(reader);
  reader.forbid("project_id", "is the project in the address");
  return c;
}

core::NewNote read_new_note(ObjectReader& reader) {
  core::NewNote note;
  if (auto body = reader.text("body")) note.body = std::move(*body);  // absent: the service says it is required
  if (auto visibility = reader.text("visibility")) {
    if (auto parsed = core::parse_visibility(*visibility))
      note.visibility = *parsed;
    else
      reader.add_error("visibility", "invalid", "internal (advisers only) or public (the entrepreneur sees it too)");
  }
  reader.forbid("id", kByServer);
  reader.forbid("project_id", "is the project in the address");
  reader.forbid("author", "is the caller");
  reader.forbid("created_at", kByServer);
  return note;
}

core::ActivityChanges read_activity_changes(const json& body) {
  json rest = body;
  std::optional<json> hours;
  if (rest.is_object() && rest.contains("hours")) {
    hours = rest["hours"];
    rest.erase("hours");
  }
  ObjectReader reader(rest);
  core::ActivityChanges c;
  if (auto kind = reader.text("kind")) {
    c.kind = core::parse_activity_kind(*kind);
    if (!c.kind) reader.add_error("kind", "invalid", "one of meeting, mentoring, course, phone, email, site_visit");
  }
  c.date = reader.text("date");
  if (hours) c.minutes = minutes_of(*hours, reader);
  c.adviser = reader.text("adviser");
  c.note = reader.nullable_text("note");
  forbid_server_fields(reader);
  reader.forbid("project_id", "is the project in the address");
  reader.forbid("minutes", "send the time spent as hours, e.g. \"hours\": 1.5");
  reader.finish();
  return c;
}

core::TargetChanges read_target_changes(ObjectReader& reader) {
  core::TargetChanges c;
  if (auto year = reader.integer("year"))  // clamped: anything beyond int is out of range anyway
    c.year = static_cast<int>(std::clamp<std::int64_t>(*year, INT_MIN, INT_MAX));
  if (auto metric = reader.text("metric")) {
    c.metric = core::parse_target_metric(*metric);
    if (!c.metric)
      reader.add_error("metric", "invalid",
                       "one of establishments, innovation_projects_funded, nok_granted, "
                       "median_liaison_response_days, new_projects");
  }
  c.focus_area = reader.nullable_text("focus_area");
  c.target_value = reader.integer("target_value");
  forbid_server_fields(reader);
  return c;
}

}  // namespace facilitator::http
