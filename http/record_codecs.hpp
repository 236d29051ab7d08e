#pragma once

// JSON shapes of a project's contacts, notes and activities, and of strategic targets
// (docs/case-data.md). Readers are strict like those in codecs.hpp: wrong types, unknown and
// read-only members are reported together by ObjectReader::finish().

#include <nlohmann/json.hpp>

#include "core/domain/case_data.hpp"
#include "http/json_input.hpp"

namespace facilitator::http {

[[nodiscard]] nlohmann::json contact_json(const core::Contact& contact);
[[nodiscard]] nlohmann::json note_json(const core::Note& note);
/// Minutes as stored, answered as `hours` rounded to two decimals (90 minutes: 1.5).
[[nodiscard]] nlohmann::json activity_json(const core::Activity& activity);
[[nodiscard]] nlohmann::json target_json(const core::Target& target);

/// {"items": [...], "total": n, "next_cursor": null}: the short, unpaged lists under a project.
template <class T, class ToJson>
[[nodiscard]] nlohmann::json list_json(const std::vector<T>& values, ToJson to_json) {
  nlohmann::json items = nlohmann::json::array();
  for (const auto& value : values) items.push_back(to_json(value));
  std::size_t total = items.size();
  return {{"items", std::move(items)}, {"total", total}, {"next_cursor", nullptr}};
}

[[nodiscard]] core::ContactChanges read_contact_changes(ObjectReader& reader);
[[nodiscard]] core::NewNote read_new_note(ObjectReader& reader);
/// Reads and finishes the whole body: `hours` is a decimal number, which ObjectReader does not
/// read, so it is taken out here and turned into whole minutes (at most two decimals).
[[nodiscard]] core::ActivityChanges read_activity_changes(const nlohmann::json& body);
[[nodiscard]] core::TargetChanges read_target_changes(ObjectReader& reader);

}  // namespace facilitator::http
