#pragma once

// State diagrams of a workflow, generated from its listing (states() and transitions()), so the
// diagrams in docs/ can never disagree with the transition table the engine runs.
//
// Both formats draw one node per state and one arrow per (from, to, event): table rows that differ
// only in their guards are drawn as one arrow whose alternative guard lists are joined with "or".
// The initial state has an arrow from a start marker, final states are marked as such, and states
// of kind `parked` and `closed` are drawn dashed and grey. Arrows carry the event's label and, when
// there are guards, the guards' labels in brackets. Output depends only on the workflow and the
// language, in table order, so regenerating a diagram gives the same bytes.

#include <string>
#include <string_view>

#include "core/domain/workflow.hpp"

namespace facilitator::core {

/// The workflow as a Graphviz `digraph`, labelled in `language` ("nb" or "en").
[[nodiscard]] std::string to_dot(const Workflow& workflow, std::string_view language = "nb");

/// The workflow as a Mermaid `stateDiagram-v2`, labelled in `language` ("nb" or "en").
[[nodiscard]] std::string to_mermaid(const Workflow& workflow, std::string_view language = "nb");

}  // namespace facilitator::core
