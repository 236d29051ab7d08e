#include "core/domain/diagram.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <iterator>
#include <utility>
#include <vector>

namespace facilitator::core {

namespace {

constexpr Label kOr{"eller", "or"};

/// One arrow: every table row with the same source, target and event. A row without guards makes
/// the arrow unconditional, since MSM takes the first row whose guard passes.
struct Edge {
  std::string_view from;
  std::string_view to;
  std::string_view event;
  std::vector<std::vector<std::string_view>> alternatives;  // guard labels of each distinct guarded row
  bool unconditional = false;
};

std::vector<std::string_view> guard_labels(const TransitionDescription& row, std::string_view language) {
  std::vector<std::string_view> labels;
  labels.reserve(row.guards.size());
  for (const GuardDescription& guard : row.guards)
    labels.push_back(guard.label.in(language).empty() ? guard.id : guard.label.in(language));
  return labels;
}

/// The arrows of the diagram in order of their first row in the table.
std::vector<Edge> collapse(const Workflow& workflow, std::string_view language) {
  std::vector<Edge> edges;
  for (const TransitionDescription& row : workflow.transitions()) {
    auto edge = std::find_if(edges.begin(), edges.end(), [&](const Edge& e) {
      return e.from == row.from && e.to == row.to && e.event == row.event;
    });
    if (edge == edges.end()) {
      edges.push_back(Edge{row.from, row.to, row.event, {}, false});
      edge = std::prev(edges.end());
    }
    std::vector<std::string_view> labels = guard_labels(row, language);
    if (labels.empty()) {
      edge->unconditional = true;
    } else if (std::find(edge->alternatives.begin(), edge->alternatives.end(), labels) == edge->alternatives.end()) {
      edge->alternatives.push_back(std::move(labels));
    }
  }
  for (Edge& edge : edges)
    if (edge.unconditional) edge.alternatives.clear();
  return edges;
}

std::string_view state_label(const Workflow& workflow, std::string_view id, std::string_view language) {
  const StateDescription* state = workflow.find_state(id);
  if (state == nullptr || state->label.in(language).empty()) return id;
  return state->label.in(language);
}

std::string_view event_label(const Workflow& workflow, std::string_view id, std::string_view language) {
  const EventDescription* event = workflow.find_event(id);
  if (event == nullptr || event->label.in(language).empty()) return id;
  return event->label.in(language);
}

bool drawn_aside(const StateDescription& state) {
  return state.kind == StateKind::parked || state.kind == StateKind::closed;
}

bool touches_aside(const Workflow& workflow, const Edge& edge) {
  const StateDescription* from = workflow.find_state(edge.from);
  const StateDescription* to = workflow.find_state(edge.to);
  return (from != nullptr && drawn_aside(*from)) || (to != nullptr && drawn_aside(*to));
}

/// How one format writes an edge label: its escaping and its guard brackets.
struct LabelSyntax {
  std::string (*escape)(std::string_view);
  std::string_view open;       // before a guard list
  std::string_view close;      // after a guard list
  std::string_view separator;  // between the event and its guards
  std::string_view between;    // between two guards of one list
};

std::string edge_label(const Workflow& workflow, const Edge& edge, std::string_view language,
                       const LabelSyntax& syntax) {
  std::string label = syntax.escape(event_label(workflow, edge.event, language));
  if (edge.alternatives.empty()) return label;
  label += syntax.separator;
  bool first_alternative = true;
  for (const auto& guards : edge.alternatives) {
    if (!first_alternative) label += " " + syntax.escape(kOr.in(language)) + " ";
    first_alternative = false;
    label += syntax.open;
    bool first_guard = true;
    for (std::string_view guard : guards) {
      if (!first_guard) label += syntax.between;
      first_guard = false;
      label += syntax.escape(guard);
    }
    label += syntax.close;
  }
  return label;
}

/// A character a format reads as syntax, and what to write instead.
using Escape = std::pair<char, std::string_view>;

/// `text` with every character found in `escapes` replaced; any other character is copied.
template <std::size_t N>
std::string escape_with(std::string_view text, const std::array<Escape, N>& escapes) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    auto it = std::find_if(escapes.begin(), escapes.end(), [c](const auto& e) { return e.first == c; });
    if (it == escapes.end())
      out += c;
    else
      out += it->second;
  }
  return out;
}

// --- Graphviz ---------------------------------------------------------------------------------

/// The inside of a double-quoted dot string: quotes and backslashes escaped, line breaks as \n, and
/// `&` as `&amp;` because Graphviz reads HTML entities (`&lt;` ...) in every label.
constexpr std::array<Escape, 5> kDotEscapes{{
    {'"', "\\\""},
    {'\\', "\\\\"},
    {'&', "&amp;"},
    {'\n', "\\n"},
    {'\r', ""},
}};

std::string dot_escape(std::string_view text) { return escape_with(text, kDotEscapes); }

std::string dot_quoted(std::string_view text) { return "\"" + dot_escape(text) + "\""; }

constexpr std::string_view kDotStart = "__start";

// --- Mermaid ----------------------------------------------------------------------------------

/// Text safe inside a Mermaid label: characters Mermaid's grammar reads as syntax (quotes, colons,
/// semicolons, brackets, braces, angle brackets, #, &) become Mermaid entity codes (#58; etc.),
/// which Mermaid turns back into the characters when it draws. Line breaks are taken out separately.
constexpr std::array<Escape, 11> kMermaidEscapes{{
    {'"', "#quot;"},
    {':', "#58;"},
    {';', "#59;"},
    {'#', "#35;"},
    {'&', "#amp;"},
    {'[', "#91;"},
    {']', "#93;"},
    {'{', "#123;"},
    {'}', "#125;"},
    {'<', "#lt;"},
    {'>', "#gt;"},
}};

std::string mermaid_escape(std::string_view text) {
  std::string out = escape_with(text, kMermaidEscapes);
  std::replace_if(
      out.begin(), out.end(), [](char c) { return c == '\n' || c == '\r' || c == '\t'; }, ' ');
  return out;
}

/// A Mermaid state id: letters, digits and underscores only, and none of the grammar's keywords.
std::string mermaid_id(std::string_view id) {
  static constexpr std::array<std::string_view, 8> kKeywords{"state",    "note",  "direction", "class",
                                                             "classDef", "style", "as",        "end"};
  std::string out;
  out.reserve(id.size() + 1);
  for (char c : id) {
    bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    out += plain ? c : '_';
  }
  if (out.empty() || std::find(kKeywords.begin(), kKeywords.end(), out) != kKeywords.end()) out += '_';
  return out;
}

}  // namespace

std::string to_dot(const Workflow& workflow, std::string_view language) {
  static constexpr LabelSyntax kSyntax{dot_escape, "[", "]", "\\n", ",\\n"};  // a guard a line
  std::string out;
  out +=
      "// Generated from the transition table of workflow '" + dot_escape(workflow.id()) + "'. Do not edit by hand.\n";
  out += "digraph " + dot_quoted(workflow.id()) + " {\n";
  out += "  label=" + dot_quoted(workflow.label().in(language)) + ";\n";
  out += "  labelloc=t;\n";
  out += "  fontname=\"Helvetica\";\n";
  out += "  node [shape=box, style=rounded, fontname=\"Helvetica\"];\n";
  out += "  edge [fontname=\"Helvetica\", fontsize=10];\n\n";

  out += "  " + dot_quoted(kDotStart) + " [shape=point, width=0.2, label=\"\"];\n";
  for (const StateDescription& state : workflow.states()) {
    out += "  " + dot_quoted(state.id) + " [label=" + dot_quoted(state_label(workflow, state.id, language));
    if (drawn_aside(state)) out += ", style=\"rounded,dashed\", color=gray50, fontcolor=gray35";
    if (state.final) out += ", peripheries=2";
    out += "];\n";
  }
  out += "\n";

  for (const StateDescription& state : workflow.states())
    if (state.initial) out += "  " + dot_quoted(kDotStart) + " -> " + dot_quoted(state.id) + ";\n";
  for (const Edge& edge : collapse(workflow, language)) {
    out += "  " + dot_quoted(edge.from) + " -> " + dot_quoted(edge.to) + " [label=\"" +
           edge_label(workflow, edge, language, kSyntax) + "\"";
    if (touches_aside(workflow, edge)) out += ", style=dashed, color=gray50, fontcolor=gray35";
    out += "];\n";
  }
  out += "}\n";
  return out;
}

std::string to_mermaid(const Workflow& workflow, std::string_view language) {
  static constexpr LabelSyntax kSyntax{mermaid_escape, "#91;", "#93;", " ", ", "};
  std::string out;
  out += "stateDiagram-v2\n";
  out += "    %% Generated from the transition table of workflow '" + mermaid_escape(workflow.id()) +
         "'. Do not edit by hand.\n";
  for (const StateDescription& state : workflow.states())
    out += "    state \"" + mermaid_escape(state_label(workflow, state.id, language)) + "\" as " +
           mermaid_id(state.id) + "\n";
  out += "\n";

  for (const StateDescription& state : workflow.states())
    if (state.initial) out += "    [*] --> " + mermaid_id(state.id) + "\n";
  for (const Edge& edge : collapse(workflow, language))
    out += "    " + mermaid_id(edge.from) + " --> " + mermaid_id(edge.to) + " : " +
           edge_label(workflow, edge, language, kSyntax) + "\n";
  for (const StateDescription& state : workflow.states())
    if (state.final) out += "    " + mermaid_id(state.id) + " --> [*]\n";

  std::string parked;
  std::string closed;
  for (const StateDescription& state : workflow.states()) {
    std::string& list = state.kind == StateKind::parked ? parked : closed;
    if (!drawn_aside(state)) continue;
    list += (list.empty() ? "" : ",") + mermaid_id(state.id);
  }
  if (!parked.empty() || !closed.empty()) out += "\n";
  if (!parked.empty()) {
    out += "    classDef parked_kind fill:#f4f4f4,stroke:#888888,stroke-dasharray:5 5,color:#555555\n";
    out += "    class " + parked + " parked_kind\n";
  }
  if (!closed.empty()) {
    out += "    classDef closed_kind fill:#eeeeee,stroke:#888888,stroke-dasharray:5 5,color:#555555\n";
    out += "    class " + closed + " closed_kind\n";
  }
  return out;
}

}  // namespace facilitator::core
