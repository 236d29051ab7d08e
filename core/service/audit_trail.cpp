#include "core/service/audit_trail.hpp"

namespace facilitator::core {

namespace {

template <class T>
nlohmann::json optional_value(const std::optional<T>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

}  // namespace

nlohmann::json audited_fields(const Company& c) {
  return {{"name", c.name}, {"organisation_number", c.organisation_number}};
}

nlohmann::json audited_fields(const Contact& c) {
  return {{"name", c.name},
          {"email", optional_value(c.email)},
          {"phone", optional_value(c.phone)},
          {"role", optional_value(c.role)}};
}

nlohmann::json audited_fields(const Note& n) {
  return {{"body", n.body}, {"visibility", std::string(to_string(n.visibility))}};
}

nlohmann::json audited_fields(const Activity& a) {
  return {{"kind", std::string(to_string(a.kind))},
          {"date", a.date},
          {"minutes", a.minutes},
          {"adviser", a.adviser},
          {"note", optional_value(a.note)}};
}

nlohmann::json audited_fields(const FundingApplication& f) {
  return {{"source", f.source},
          {"amount_applied", f.amount_applied},
          {"amount_granted", optional_value(f.amount_granted)},
          {"status", std::string(to_string(f.status))},
          {"decision_date", optional_value(f.decision_date)}};
}

nlohmann::json audited_fields(const Target& t) {
  return {{"year", t.year},
          {"metric", std::string(to_string(t.metric))},
          {"focus_area", optional_value(t.focus_area)},
          {"target_value", t.target_value}};
}

nlohmann::json audited_fields(const ReferenceItem& i) {
  return {{"name_nb", i.name_nb}, {"name_en", i.name_en}, {"active", i.active}, {"sort_order", i.sort_order}};
}

nlohmann::json audited_fields(const User& u) {
  return {{"email", u.email}, {"name", u.name}, {"role", std::string(to_string(u.role))}, {"disabled", u.disabled}};
}

nlohmann::json changed_fields(const nlohmann::json& before, const nlohmann::json& after) {
  nlohmann::json changes = nlohmann::json::object();
  auto value_in = [](const nlohmann::json& record, const std::string& field) {
    return record.is_object() && record.contains(field) ? record.at(field) : nlohmann::json(nullptr);
  };
  auto note = [&](const std::string& field) {
    nlohmann::json from = value_in(before, field), to = value_in(after, field);
    if (from != to) changes[field] = {{"from", from}, {"to", to}};
  };
  if (before.is_object())
    for (const auto& [field, value] : before.items()) note(field);
  if (after.is_object())
    for (const auto& [field, value] : after.items())
      if (!changes.contains(field)) note(field);
  return changes;
}

void audit_change(Transaction& tx, const Actor& actor, Timestamp at, const std::string& kind, nlohmann::json record,
                  const nlohmann::json& before, const nlohmann::json& after, const std::string& address) {
  nlohmann::json changes = changed_fields(before, after);
  if (changes.empty()) return;
  record["changes"] = std::move(changes);
  // The changes are texts that passed the services' checks; replace rather than throw regardless.
  tx.audit().append(
      {0, at, kind, actor.id, address, record.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)});
}

}  // namespace facilitator::core
