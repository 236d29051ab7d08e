#include "core/service/target_service.hpp"

#include <algorithm>

#include "core/domain/error.hpp"
#include "core/service/audit_trail.hpp"
#include "core/service/idempotent_write.hpp"
#include "core/service/reference_service.hpp"
#include "core/service/validation.hpp"

namespace facilitator::core {

namespace {

constexpr std::int64_t kMaxTargetValue = 1'000'000'000'000;  // NOK granted is the largest metric

void check_year(int year, const char* field, std::vector<FieldError>& errors) {
  if (year < kFirstTargetYear || year > kLastTargetYear)
    errors.push_back({field, "out_of_range", "a year from 2000 to 2100"});
}

std::vector<FieldError> normalise(TargetChanges& c) {
  std::vector<FieldError> errors;
  if (c.year) check_year(*c.year, "year", errors);
  normalise_text(c.focus_area, "focus_area", kShortText, Lines::single, errors);
  if (c.target_value && (*c.target_value < 0 || *c.target_value > kMaxTargetValue))
    errors.push_back({"target_value", "out_of_range", "a whole number from 0 to 1000000000000"});
  return errors;
}

std::string scope_text(const Target& t) {
  return t.focus_area ? "focus area " + *t.focus_area : std::string("all focus areas together");
}

/// One target per year, metric and focus area. Checked here to name the target that is in the
/// way; the unique index stays the guard against two writers racing.
void check_unique(Transaction& tx, const Target& target) {
  for (const Target& other : tx.targets().list(target.year)) {
    if (other.id == target.id || other.metric != target.metric || other.focus_area != target.focus_area) continue;
    throw DomainError(
        ErrorCode::duplicate,
        "There is already a target for " + std::string(to_string(target.metric)) + " in " +
            std::to_string(target.year) + " for " + scope_text(target) + " (target " + std::to_string(other.id) +
            "); change that target instead.",
        {{"metric", "duplicate", "target " + std::to_string(other.id) + " has this year, metric and focus area"}});
  }
}

Target load(Transaction& tx, TargetId id) {
  auto target = tx.targets().find(id);
  if (!target) throw DomainError(ErrorCode::not_found, "There is no target with that id.");
  return std::move(*target);
}

}  // namespace

Target TargetService::add(TargetChanges request, const Actor& actor, const Retryable<Target>* retry) {
  std::vector<FieldError> errors = normalise(request);
  if (!request.year) errors.push_back({"year", "required", "the year the target is for, e.g. 2026"});
  if (!request.metric) errors.push_back({"metric", "required", "what is counted, e.g. establishments"});
  if (!request.target_value) errors.push_back({"target_value", "required", "the number to reach, 0 or more"});
  throw_if_invalid(errors);

  return store_.write_returning([&](Transaction& tx) {
    Timestamp now = clock_();
    return create_once(tx, actor, retry, now, [&](Transaction&) {
      Target target;
      target.year = *request.year;
      target.metric = *request.metric;
      if (request.focus_area) target.focus_area = *request.focus_area;
      target.target_value = *request.target_value;
      std::vector<FieldError> reference_errors;
      if (target.focus_area)
        check_reference(tx, ReferenceList::focus_areas, *target.focus_area, "focus_area", reference_errors);
      throw_if_invalid(reference_errors);
      check_unique(tx, target);
      target.version = 1;
      target.created_at = target.updated_at = now;
      target.id = tx.targets().insert(target);
      audit_change(tx, actor, now, "target.created", {{"target", target.id}}, nullptr, audited_fields(target));
      return target;
    });
  });
}

Target TargetService::get(TargetId id, const Actor&) {
  return store_.read_returning([&](Transaction& tx) { return load(tx, id); });
}

std::vector<Target> TargetService::list(std::optional<int> year, const Actor&) {
  if (year) {
    // A year outside the range can hold no target: say so rather than answer an empty list.
    std::vector<FieldError> errors;
    check_year(*year, "year", errors);
    throw_if_invalid(errors, "The query has invalid parameters.");
  }
  return store_.read_returning([&](Transaction& tx) { return tx.targets().list(year); });
}

Target TargetService::update(TargetId id, std::int64_t expected_version, TargetChanges changes, const Actor& actor) {
  throw_if_invalid(normalise(changes));
  return store_.write_returning([&](Transaction& tx) {
    Target target = load(tx, id);
    if (target.version != expected_version) throw VersionConflict("", target.version);
    const std::optional<std::string> previous_focus_area = target.focus_area;
    const nlohmann::json before = audited_fields(target);
    bool changed = false;
    if (changes.year && *changes.year != target.year) {
      target.year = *changes.year;
      changed = true;
    }
    if (changes.metric && *changes.metric != target.metric) {
      target.metric = *changes.metric;
      changed = true;
    }
    if (changes.focus_area && *changes.focus_area != target.focus_area) {
      target.focus_area = *changes.focus_area;
      changed = true;
    }
    if (changes.target_value && *changes.target_value != target.target_value) {
      target.target_value = *changes.target_value;
      changed = true;
    }
    if (!changed) return target;  // nothing changed: same version

    std::vector<FieldError> reference_errors;
    if (target.focus_area && target.focus_area != previous_focus_area)
      check_reference(tx, ReferenceList::focus_areas, *target.focus_area, "focus_area", reference_errors,
                      previous_focus_area);
    throw_if_invalid(reference_errors);
    check_unique(tx, target);
    target.version = expected_version + 1;
    target.updated_at = clock_();
    if (!tx.targets().update(target, expected_version)) throw VersionConflict("", expected_version);
    audit_change(tx, actor, target.updated_at, "target.updated", {{"target", target.id}}, before,
                 audited_fields(target));
    return target;
  });
}

void TargetService::remove(TargetId id, std::int64_t expected_version, const Actor& actor) {
  store_.write([&](Transaction& tx) {
    Target target = load(tx, id);
    if (target.version != expected_version) throw VersionConflict("", target.version);
    if (!tx.targets().remove(id, expected_version)) throw VersionConflict("", expected_version);
    audit_change(tx, actor, clock_(), "target.deleted", {{"target", id}}, audited_fields(target), nullptr);
  });
}

}  // namespace facilitator::core
