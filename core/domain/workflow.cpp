#include "core/domain/workflow.hpp"

#include <algorithm>
#include <stdexcept>

namespace facilitator::core {

const StateDescription& Workflow::initial_state() const {
  const auto& all = states();
  auto it = std::find_if(all.begin(), all.end(), [](const StateDescription& s) { return s.initial; });
  if (it == all.end()) throw std::logic_error("workflow without an initial state");
  return *it;
}

const StateDescription* Workflow::find_state(std::string_view state_id) const noexcept {
  const auto& all = states();
  auto it = std::find_if(all.begin(), all.end(), [&](const StateDescription& s) { return s.id == state_id; });
  return it == all.end() ? nullptr : &*it;
}

const EventDescription* Workflow::find_event(std::string_view event_id) const noexcept {
  const auto& all = events();
  auto it = std::find_if(all.begin(), all.end(), [&](const EventDescription& e) { return e.id == event_id; });
  return it == all.end() ? nullptr : &*it;
}

void WorkflowRegistry::add(std::unique_ptr<Workflow> workflow) {
  if (find(workflow->id()) != nullptr) throw std::logic_error("workflow registered twice");
  workflows_.push_back(std::move(workflow));
}

const Workflow* WorkflowRegistry::find(std::string_view id) const noexcept {
  auto it = std::find_if(workflows_.begin(), workflows_.end(), [&](const auto& w) { return w->id() == id; });
  return it == workflows_.end() ? nullptr : it->get();
}

const Workflow& WorkflowRegistry::get(std::string_view id) const {
  const Workflow* workflow = find(id);
  if (workflow == nullptr)
    throw DomainError(ErrorCode::not_found, "There is no workflow called '" + std::string(id) + "'.");
  return *workflow;
}

}  // namespace facilitator::core
