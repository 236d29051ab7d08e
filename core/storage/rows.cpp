#include "core/storage/rows.hpp"

#include "core/storage/fetch.hpp"

#include <stdexcept>

namespace facilitator::core::storage {

Project ProjectRow::to_project() const {
  Project p;
  p.id = id;
  p.workflow = workflow;
  p.title = title;
  p.state = state;
  p.version = version;
  p.facts.adviser = adviser;
  p.facts.municipality = municipality;
  p.facts.focus_area = focus_area;
  p.facts.organisation_number = organisation_number;
  p.facts.registration_date = registration_date;
  p.facts.result_summary = result_summary;
  p.facts.parked_from = parked_from;
  p.facts.business_plan_complete = business_plan_complete != 0;
  p.facts.self_financed = self_financed != 0;
  p.created_at = from_millis(created_at);
  p.updated_at = from_millis(updated_at);
  p.state_since = from_millis(state_since);
  p.created_by = created_by;
  p.company_id = company_id;
  p.nace_section = nace_section;
  p.facts.municipal_unit = municipal_unit;
  p.response_deadline = response_deadline;
  p.external_ref = external_ref;
  return p;
}

ProjectRow ProjectRow::from(const Project& p) {
  ProjectRow r;
  r.id = p.id;
  r.workflow = p.workflow;
  r.title = p.title;
  r.state = p.state;
  r.version = p.version;
  r.adviser = p.facts.adviser;
  r.municipality = p.facts.municipality;
  r.focus_area = p.facts.focus_area;
  r.organisation_number = p.facts.organisation_number;
  r.registration_date = p.facts.registration_date;
  r.result_summary = p.facts.result_summary;
  r.parked_from = p.facts.parked_from;
  r.business_plan_complete = p.facts.business_plan_complete ? 1 : 0;
  r.self_financed = p.facts.self_financed ? 1 : 0;
  r.created_at = to_millis(p.created_at);
  r.updated_at = to_millis(p.updated_at);
  r.state_since = to_millis(p.state_since);
  r.created_by = p.created_by;
  r.company_id = p.company_id;
  r.nace_section = p.nace_section;
  r.municipal_unit = p.facts.municipal_unit;
  r.response_deadline = p.response_deadline;
  r.external_ref = p.external_ref;
  return r;
}

ProjectEvent EventRow::to_event() const {
  ProjectEvent e;
  e.project_id = project_id;
  e.seq = seq;
  e.kind = parsed(parse_event_kind(kind), "event kind", kind);
  e.event = event;
  e.from_state = from_state;
  e.to_state = to_state;
  e.actor = actor;
  e.at = from_millis(occurred_at);
  e.note = note;
  e.reason = reason;
  e.visibility = parsed(parse_visibility(visibility), "visibility", visibility);
  e.idempotency_key = idempotency_key;
  e.changes = changes;
  return e;
}

EventRow EventRow::from(const ProjectEvent& e) {
  EventRow r;
  r.project_id = e.project_id;
  r.seq = e.seq;
  r.kind = std::string(to_string(e.kind));
  r.event = e.event;
  r.from_state = e.from_state;
  r.to_state = e.to_state;
  r.actor = e.actor;
  r.occurred_at = to_millis(e.at);
  r.note = e.note;
  r.reason = e.reason;
  r.visibility = std::string(to_string(e.visibility));
  r.idempotency_key = e.idempotency_key;
  r.changes = e.changes;
  return r;
}

FundingApplication FundingRow::to_application() const {
  FundingApplication a;
  a.id = id;
  a.project_id = project_id;
  a.source = source;
  a.amount_applied = amount_applied;
  if (amount_granted) a.amount_granted = *amount_granted;
  a.status = parsed(parse_funding_status(status), "funding status", status);
  a.decision_date = decision_date;
  a.version = version;
  a.created_at = from_millis(created_at);
  a.updated_at = from_millis(updated_at);
  return a;
}

FundingRow FundingRow::from(const FundingApplication& a) {
  FundingRow r;
  r.id = a.id;
  r.project_id = a.project_id;
  r.source = a.source;
  r.amount_applied = a.amount_applied;
  if (a.amount_granted) r.amount_granted = *a.amount_granted;
  r.status = std::string(to_string(a.status));
  r.decision_date = a.decision_date;
  r.version = a.version;
  r.created_at = to_millis(a.created_at);
  r.updated_at = to_millis(a.updated_at);
  return r;
}

}  // namespace facilitator::core::storage
