#include "core/service/reference_service.hpp"

#include <algorithm>

#include "core/service/audit_trail.hpp"
#include "core/service/idempotent_write.hpp"
#include "core/service/validation.hpp"

namespace facilitator::core {

namespace {

/// Codes are what records and URLs hold: municipality numbers are four digits; other codes are
/// short lowercase ids ("food", "innovasjon_norge").
void check_code(ReferenceList list, const std::string& code, std::vector<FieldError>& errors) {
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  if (list == ReferenceList::municipalities) {
    if (code.size() != 4 || !std::all_of(code.begin(), code.end(), digit))
      errors.push_back({"code", "invalid", "the official four-digit municipality number, e.g. 3103"});
    return;
  }
  bool ok = !code.empty() && code.size() <= 40 && std::all_of(code.begin(), code.end(), [&](char c) {
    return (c >= 'a' && c <= 'z') || digit(c) || c == '_';
  });
  if (!ok) errors.push_back({"code", "invalid", "1 to 40 of a-z, 0-9 and _, e.g. green_industry"});
}

void check_names(ReferenceChanges& changes, bool adding, std::vector<FieldError>& errors) {
  if (changes.name_nb) check_required_text(*changes.name_nb, "name_nb", "a Norwegian name", errors);
  if (changes.name_en) check_required_text(*changes.name_en, "name_en", "an English name", errors);
  if (adding && !changes.name_nb) errors.push_back({"name_nb", "required", "a Norwegian name is required"});
  if (changes.sort_order && (*changes.sort_order < 0 || *changes.sort_order > 100000))
    errors.push_back({"sort_order", "out_of_range", "from 0 to 100000"});
}

void require_editable(ReferenceList list) {
  if (!is_editable(list))
    throw DomainError(ErrorCode::forbidden, "NACE sections follow the statistical standard and cannot be changed.");
}

}  // namespace

std::vector<ReferenceItem> ReferenceService::list(ReferenceList list) {
  return store_.read_returning([&](Transaction& tx) { return tx.reference().list(list); });
}

ReferenceItem ReferenceService::get(ReferenceList list, const std::string& code) {
  return store_.read_returning([&](Transaction& tx) {
    auto item = tx.reference().find(list, code);
    if (!item) throw DomainError(ErrorCode::not_found, "The list has no item with this code.");
    return *item;
  });
}

namespace {

nlohmann::json item_record(ReferenceList list, const std::string& code) {
  return {{"list", std::string(url_name(list))}, {"code", code}};
}

}  // namespace

ReferenceItem ReferenceService::add(ReferenceList list, ReferenceChanges item, const Actor& actor,
                                    const Retryable<ReferenceItem>* retry) {
  require_editable(list);
  std::vector<FieldError> errors;
  if (!item.code)
    errors.push_back({"code", "required", "the code records will use, e.g. 3103 or food"});
  else
    check_code(list, *item.code, errors);
  check_names(item, true, errors);
  throw_if_invalid(errors);

  return store_.write_returning([&](Transaction& tx) {
    Timestamp now = clock_();
    return create_once(tx, actor, retry, now, [&](Transaction&) {
      std::vector<ReferenceItem> existing = tx.reference().list(list);
      ReferenceItem added;
      added.code = *item.code;
      added.name_nb = *item.name_nb;
      added.name_en = item.name_en.value_or(added.name_nb);
      added.active = item.active.value_or(true);
      int last = 0;
      for (const auto& e : existing) last = std::max(last, e.sort_order);
      added.sort_order = item.sort_order.value_or(last + 1);
      if (tx.reference().find(list, added.code))
        throw DomainError(ErrorCode::duplicate, "The list already has an item with this code.",
                          {{"code", "duplicate", "'" + added.code + "' is taken"}});
      tx.reference().insert(list, added);
      audit_change(tx, actor, now, "reference.created", item_record(list, added.code), nullptr, audited_fields(added));
      return added;
    });
  });
}

ReferenceItem ReferenceService::update(ReferenceList list, const std::string& code, ReferenceChanges changes,
                                       const Actor& actor) {
  require_editable(list);
  std::vector<FieldError> errors;
  if (changes.code && *changes.code != code)
    errors.push_back({"code", "read_only", "codes never change; add a new item and deactivate this one"});
  check_names(changes, false, errors);
  throw_if_invalid(errors);

  return store_.write_returning([&](Transaction& tx) {
    auto item = tx.reference().find(list, code);
    if (!item) throw DomainError(ErrorCode::not_found, "The list has no item with this code.");
    const nlohmann::json before = audited_fields(*item);
    if (changes.name_nb) item->name_nb = *changes.name_nb;
    if (changes.name_en) item->name_en = *changes.name_en;
    if (changes.active) item->active = *changes.active;
    if (changes.sort_order) item->sort_order = *changes.sort_order;
    tx.reference().update(list, *item);
    audit_change(tx, actor, clock_(), "reference.updated", item_record(list, code), before, audited_fields(*item));
    return *item;
  });
}

void check_reference(Transaction& tx, ReferenceList list, const std::string& code, const char* field,
                     std::vector<FieldError>& errors, const std::optional<std::string>& previous) {
  auto item = tx.reference().find(list, code);
  std::string where = "see /api/v1/reference/" + std::string(url_name(list));
  if (!item)
    errors.push_back({field, "unknown", "'" + code + "' is not in the list; " + where});
  else if (!item->active && previous != code)
    errors.push_back({field, "inactive", "'" + code + "' is no longer in use; " + where});
}

}  // namespace facilitator::core
