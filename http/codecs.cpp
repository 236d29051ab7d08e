#include "http/codecs.hpp"

#include <algorithm>

namespace facilitator::http {

namespace {

using nlohmann::json;

template <class T>
json nullable(const std::optional<T>& value) {
  return value ? json(*value) : json(nullptr);
}

std::string_view guard_kind_name(core::GuardKind kind) {
  switch (kind) {
    case core::GuardKind::fact:
      return "fact";
    case core::GuardKind::input:
      return "input";
    case core::GuardKind::actor:
      return "actor";
  }
  return "fact";
}

json failure_json(const core::GuardFailure& f) {
  return {{"guard", f.guard}, {"field", f.field}, {"message", label_json(f.message)}};
}

}  // namespace

std::string_view state_kind_name(core::StateKind kind) {
  switch (kind) {
    case core::StateKind::active:
      return "active";
    case core::StateKind::parked:
      return "parked";
    case core::StateKind::success:
      return "success";
    case core::StateKind::closed:
      return "closed";
  }
  return "active";
}

json label_json(core::Label label) { return {{"nb", label.nb}, {"en", label.en}}; }

json workflow_summary_json(const core::Workflow& w) {
  return {{"id", w.id()}, {"label", label_json(w.label())}, {"initial_state", w.initial_state().id}};
}

json workflow_json(const core::Workflow& w) {
  json body = workflow_summary_json(w);
  json states = json::array();
  for (const auto& s : w.states())
    states.push_back({{"id", s.id},
                      {"label", label_json(s.label)},
                      {"public_text", label_json(s.public_text)},
                      {"kind", state_kind_name(s.kind)},
                      {"initial", s.initial},
                      {"final", s.final}});
  json events = json::array();
  for (const auto& e : w.events()) {
    json inputs = json::array();
    for (const auto& in : e.inputs) {
      json input = {{"field", in.field}, {"required", true}};
      if (!in.allowed_values.empty()) input["allowed_values"] = in.allowed_values;
      inputs.push_back(std::move(input));
    }
    events.push_back({{"id", e.id}, {"label", label_json(e.label)}, {"inputs", std::move(inputs)}});
  }
  json transitions = json::array();
  for (const auto& t : w.transitions()) {
    json guards = json::array();
    for (const auto& g : t.guards)
      guards.push_back({{"id", g.id}, {"kind", guard_kind_name(g.kind)}, {"label", label_json(g.label)}});
    transitions.push_back({{"from", t.from}, {"event", t.event}, {"to", t.to}, {"guards", std::move(guards)}});
  }
  body["states"] = std::move(states);
  body["events"] = std::move(events);
  body["transitions"] = std::move(transitions);
  return body;
}

json project_json(const core::Project& p) {
  return {{"id", p.id},
          {"workflow", p.workflow},
          {"title", p.title},
          {"state", p.state},
          {"version", p.version},
          {"state_since", core::format_rfc3339(p.state_since)},
          {"adviser", nullable(p.facts.adviser)},
          {"municipality", nullable(p.facts.municipality)},
          {"focus_area", nullable(p.facts.focus_area)},
          {"organisation_number", nullable(p.facts.organisation_number)},
          {"registration_date", nullable(p.facts.registration_date)},
          {"result_summary", nullable(p.facts.result_summary)},
          {"business_plan_complete", p.facts.business_plan_complete},
          {"self_financed", p.facts.self_financed},
          {"parked_from", nullable(p.facts.parked_from)},
          {"company_id", nullable(p.company_id)},
          {"nace_section", nullable(p.nace_section)},
          {"municipal_unit", nullable(p.facts.municipal_unit)},
          {"response_deadline", nullable(p.response_deadline)},
          {"external_ref", nullable(p.external_ref)},
          {"created_at", core::format_rfc3339(p.created_at)},
          {"updated_at", core::format_rfc3339(p.updated_at)},
          {"created_by", p.created_by}};
}

json project_view_json(const core::ProjectView& view) {
  json body = project_json(view.project);
  json available = json::array();
  for (const auto& a : view.available_events) {
    json reasons = json::array();
    for (const auto& r : a.reasons) reasons.push_back(failure_json(r));
    available.push_back({{"event", a.event}, {"allowed", a.allowed}, {"reasons", std::move(reasons)}});
  }
  body["available_events"] = std::move(available);
  return body;
}

json outsider_project_json(const core::Project& p, const core::Workflow& workflow) {
  json body = {{"id", p.id},
               {"workflow", p.workflow},
               {"title", p.title},
               {"state", p.state},
               {"version", p.version},
               {"state_since", core::format_rfc3339(p.state_since)},
               {"created_at", core::format_rfc3339(p.created_at)},
               {"updated_at", core::format_rfc3339(p.updated_at)}};
  if (const core::StateDescription* state = workflow.find_state(p.state))
    body["stage"] = {{"label", label_json(state->label)}, {"public_text", label_json(state->public_text)}};
  // What happens next: the stages the workflow can move on to from here, parking and closing aside.
  json next = json::array();
  for (const auto& t : workflow.transitions()) {
    if (t.from != p.state || t.to == p.state) continue;
    const core::StateDescription* to = workflow.find_state(t.to);
    if (to == nullptr || to->kind == core::StateKind::parked || to->kind == core::StateKind::closed) continue;
    bool seen = std::any_of(next.begin(), next.end(), [&](const json& n) { return n["state"] == t.to; });
    if (!seen)
      next.push_back({{"state", t.to}, {"label", label_json(to->label)}, {"public_text", label_json(to->public_text)}});
  }
  body["next_stages"] = std::move(next);
  return body;
}

json outsider_event_json(const core::ProjectEvent& e) {
  return {{"seq", e.seq},           {"kind", core::to_string(e.kind)},  {"from_state", nullable(e.from_state)},
          {"to_state", e.to_state}, {"at", core::format_rfc3339(e.at)}, {"note", nullable(e.note)}};
}

json event_json(const core::ProjectEvent& e) {
  json body = {{"seq", e.seq},
               {"kind", core::to_string(e.kind)},
               {"event", e.event},
               {"from_state", nullable(e.from_state)},
               {"to_state", e.to_state},
               {"actor", e.actor},
               {"at", core::format_rfc3339(e.at)},
               {"note", nullable(e.note)},
               {"reason", nullable(e.reason)},
               {"visibility", core::to_string(e.visibility)}};
  if (e.changes) body["changes"] = json::parse(*e.changes);
  return body;
}

json transition_result_json(const core::TransitionResult& r) {
  return {{"project_id", r.event.project_id},
          {"state", r.event.to_state},
          {"version", r.event.seq},
          {"event", event_json(r.event)}};
}

json funding_json(const core::FundingApplication& a) {
  return {{"id", a.id},
          {"project_id", a.project_id},
          {"source", a.source},
          {"amount_applied", a.amount_applied},
          {"amount_granted", nullable(a.amount_granted)},
          {"status", core::to_string(a.status)},
          {"decision_date", nullable(a.decision_date)},
          {"version", a.version},
          {"created_at", core::format_rfc3339(a.created_at)},
          {"updated_at", core::format_rfc3339(a.updated_at)}};
}

core::ProjectChanges read_project_changes(ObjectReader& reader) {
  core::ProjectChanges c;
  c.title = reader.text("title");
  c.adviser = reader.nullable_text("adviser");
  c.municipality = reader.nullable_text("municipality");
  c.focus_area = reader.nullable_text("focus_area");
  c.organisation_number = reader.nullable_text("organisation_number");
  c.registration_date = reader.nullable_text("registration_date");
  c.result_summary = reader.nullable_text("result_summary");
  c.business_plan_complete = reader.boolean("business_plan_complete");
  c.self_financed = reader.boolean("self_financed");
  c.company_id = reader.nullable_integer("company_id");
  c.nace_section = reader.nullable_text("nace_section");
  c.municipal_unit = reader.nullable_text("municipal_unit");
  c.external_ref = reader.nullable_text("external_ref");
  constexpr const char* kByTransition = "changes only through POST /api/v1/projects/{id}/transitions";
  constexpr const char* kByServer = "is set by the server";
  reader.forbid("state", kByTransition);
  reader.forbid("parked_from", kByTransition);
  reader.forbid("version", "is set by the server; send the version you expect in If-Match");
  reader.forbid("id", kByServer);
  reader.forbid("state_since", kByServer);
  reader.forbid("created_at", kByServer);
  reader.forbid("updated_at", kByServer);
  reader.forbid("created_by", kByServer);
  reader.forbid("available_events", kByServer);
  reader.forbid("response_deadline", "is counted from the day a liaison case is received");
  return c;
}

core::FundingChanges read_funding_changes(ObjectReader& reader) {
  core::FundingChanges c;
  c.source = reader.text("source");
  c.amount_applied = reader.integer("amount_applied");
  c.amount_granted = reader.nullable_integer("amount_granted");
  if (auto status = reader.text("status")) {
    c.status = core::parse_funding_status(*status);
    if (!c.status) reader.add_error("status", "invalid", "one of draft, submitted, granted, rejected, withdrawn");
  }
  c.decision_date = reader.nullable_text("decision_date");
  constexpr const char* kByServer = "is set by the server";
  reader.forbid("id", kByServer);
  reader.forbid("project_id", kByServer);
  reader.forbid("version", "is set by the server; send the version you expect in If-Match");
  reader.forbid("created_at", kByServer);
  reader.forbid("updated_at", kByServer);
  return c;
}

json company_json(const core::Company& c) {
  return {{"id", c.id},
          {"name", c.name},
          {"organisation_number", c.organisation_number},
          {"version", c.version},
          {"created_at", core::format_rfc3339(c.created_at)},
          {"updated_at", core::format_rfc3339(c.updated_at)}};
}

json reference_item_json(const core::ReferenceItem& item) {
  return {{"code", item.code},
          {"name", {{"nb", item.name_nb}, {"en", item.name_en}}},
          {"active", item.active},
          {"sort_order", item.sort_order}};
}

core::CompanyChanges read_company_changes(ObjectReader& reader) {
  core::CompanyChanges c;
  c.name = reader.text("name");
  c.organisation_number = reader.text("organisation_number");
  for (const char* name : {"id", "version", "created_at", "updated_at"}) reader.forbid(name, "is set by the server");
  return c;
}

core::ReferenceChanges read_reference_changes(ObjectReader& reader) {
  core::ReferenceChanges c;
  c.code = reader.text("code");
  c.name_nb = reader.text("name_nb");
  c.name_en = reader.text("name_en");
  c.active = reader.boolean("active");
  if (auto order = reader.integer("sort_order")) {
    if (*order < 0 || *order > 100000)
      reader.add_error("sort_order", "out_of_range", "from 0 to 100000");
    else
      c.sort_order = static_cast<int>(*order);
  }
  return c;
}

}  // namespace facilitator::http
