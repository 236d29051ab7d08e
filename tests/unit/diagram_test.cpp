// State diagrams are generated from a workflow's listing. These tests check that every state and
// every (collapsed) transition is drawn, that the output is stable, and that labels with characters
// Graphviz or Mermaid read as syntax are escaped.

#include <algorithm>
#include <cctype>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include <catch2/catch.hpp>

#include "core/domain/diagram.hpp"
#include "core/domain/workflow.hpp"
#include "workflows/establishment/establishment.hpp"
#include "workflows/registry.hpp"

namespace {

using facilitator::core::Availability;
using facilitator::core::Decision;
using facilitator::core::EventDescription;
using facilitator::core::GuardContext;
using facilitator::core::GuardDescription;
using facilitator::core::GuardKind;
using facilitator::core::Label;
using facilitator::core::StateDescription;
using facilitator::core::StateKind;
using facilitator::core::to_dot;
using facilitator::core::to_mermaid;
using facilitator::core::TransitionDescription;
using facilitator::core::Workflow;

const Workflow& establishment() {
  static const auto workflow = facilitator::workflows::make_establishment_workflow();
  return *workflow;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

struct Arrow {
  std::string from;
  std::string to;
  std::string label;
};

bool skip(std::string_view line, std::size_t& pos, std::string_view text) {
  if (line.substr(pos, text.size()) != text) return false;
  pos += text.size();
  return true;
}

/// The inside of the dot string starting at `pos`, escapes left as they are; `pos` moves past it.
std::optional<std::string> read_quoted(std::string_view line, std::size_t& pos) {
  if (!skip(line, pos, "\"")) return std::nullopt;
  std::string raw;
  for (; pos < line.size() && line[pos] != '"'; ++pos) {
    if (line[pos] == '\\' && pos + 1 < line.size()) raw += line[pos++];
    raw += line[pos];
  }
  if (!skip(line, pos, "\"")) return std::nullopt;
  return raw;
}

// (std::regex would be shorter, but GCC 12 warns inside <regex> under the asan preset's -O1.)

/// The diagram's arrows between states (not the start marker's).
std::vector<Arrow> dot_arrows(const std::string& dot) {
  std::vector<Arrow> arrows;
  for (const std::string& line : lines_of(dot)) {
    std::size_t pos = 0;
    if (!skip(line, pos, "  ")) continue;
    auto from = read_quoted(line, pos);
    if (!from || !skip(line, pos, " -> ")) continue;
    auto to = read_quoted(line, pos);
    if (!to || !skip(line, pos, " [label=")) continue;
    auto label = read_quoted(line, pos);
    if (label) arrows.push_back(Arrow{*from, *to, *label});
  }
  return arrows;
}

bool is_mermaid_id(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  });
}

/// The diagram's arrows between states: `    from --> to : label`.
std::vector<Arrow> mermaid_arrows(const std::string& mermaid) {
  std::vector<Arrow> arrows;
  for (const std::string& line : lines_of(mermaid)) {
    std::string_view rest(line);
    if (rest.substr(0, 4) != "    ") continue;
    rest.remove_prefix(4);
    std::size_t arrow = rest.find(" --> ");
    std::size_t colon = rest.find(" : ");
    if (arrow == std::string_view::npos || colon == std::string_view::npos || colon < arrow) continue;
    std::string_view from = rest.substr(0, arrow);
    std::string_view to = rest.substr(arrow + 5, colon - arrow - 5);
    if (is_mermaid_id(from) && is_mermaid_id(to))
      arrows.push_back(Arrow{std::string(from), std::string(to), std::string(rest.substr(colon + 3))});
  }
  return arrows;
}

/// Distinct (from, to, event) of the listing, in table order: what the diagram must draw.
std::vector<std::tuple<std::string_view, std::string_view, std::string_view>> collapsed(const Workflow& workflow) {
  std::vector<std::tuple<std::string_view, std::string_view, std::string_view>> edges;
  for (const auto& row : workflow.transitions()) {
    auto edge = std::make_tuple(row.from, row.to, row.event);
    if (std::find(edges.begin(), edges.end(), edge) == edges.end()) edges.push_back(edge);
  }
  return edges;
}

bool starts_with(std::string_view text, std::string_view prefix) { return text.substr(0, prefix.size()) == prefix; }

bool contains(std::string_view text, std::string_view part) { return text.find(part) != std::string_view::npos; }

/// A Mermaid label with its entity codes (#58; #quot; ...) taken out: what the grammar sees as text.
std::string without_entities(std::string_view label) {
  std::string text;
  for (std::size_t i = 0; i < label.size(); ++i) {
    if (label[i] == '#') {
      std::size_t end = i + 1;
      while (end < label.size() && std::isalnum(static_cast<unsigned char>(label[end])) != 0) ++end;
      if (end > i + 1 && end < label.size() && label[end] == ';') {
        i = end;
        continue;
      }
    }
    text += label[i];
  }
  return text;
}

constexpr std::string_view kMermaidSyntax = "\":;[]{}<>#&";

/// A workflow with parallel rows and labels full of characters that diagram formats treat as syntax.
class AwkwardWorkflow final : public Workflow {
 public:
  AwkwardWorkflow() {
    const Label nasty{"Utkast \"A\": [1]; #2 {x} <y> & z", "Draft \"A\": [1]; #2 {x} <y> & z"};
    states_ = {
        StateDescription{"draft", nasty, {"p", "p"}, StateKind::active, true, false},
        StateDescription{
            "review", {"Til vurdering", "In review C:\\temp"}, {"p", "p"}, StateKind::active, false, false},
        StateDescription{"on-hold", {"På vent", "On hold"}, {"p", "p"}, StateKind::parked, false, false},
        StateDescription{"end", {"Ferdig", "Done"}, {"p", "p"}, StateKind::success, false, true},
        StateDescription{"dropped", {"Droppet", "Dropped"}, {"p", "p"}, StateKind::closed, false, true},
    };
    events_ = {
        EventDescription{"submit", {"Send inn: \"nå\"", "Submit: \"now\""}, {}},
        EventDescription{"approve", {"Godkjenn", "Approve"}, {}},
        EventDescription{"hold", {"Vent", "Hold"}, {}},
        EventDescription{"drop", {"Dropp", "Drop"}, {}},
    };
    const GuardDescription a{"a", GuardKind::fact, {"Kontroll [A]; ok", "Check [A]; ok"}};
    const GuardDescription b{"b", GuardKind::input, {"Notat: \"hvorfor\"", "Note: \"why\""}};
    const GuardDescription c{"c", GuardKind::actor, {"Rolle {admin} <leder>", "Role {admin} <lead>"}};
    transitions_ = {
        TransitionDescription{"draft", "submit", "review", {a}},
        TransitionDescription{"draft", "submit", "review", {b, c}},  // an alternative
        TransitionDescription{"draft", "submit", "review", {a}},     // the same again
        TransitionDescription{"review", "approve", "end", {c}},
        TransitionDescription{"review", "approve", "end", {}},  // unguarded: the arrow has no condition
        TransitionDescription{"draft", "hold", "on-hold", {}},
        TransitionDescription{"review", "hold", "on-hold", {}},
        TransitionDescription{"review", "submit", "review", {}},
        TransitionDescription{"draft", "drop", "dropped", {b}},
        TransitionDescription{"draft", "drop", "dropped", {b}},
        TransitionDescription{"on-hold", "drop", "dropped", {}},
    };
  }

  [[nodiscard]] std::string_view id() const noexcept override { return "awkward"; }
  [[nodiscard]] Label label() const noexcept override { return {"Vanskelig \"flyt\"", "Awkward \"flow\""}; }
  [[nodiscard]] const std::vector<StateDescription>& states() const noexcept override { return states_; }
  [[nodiscard]] const std::vector<EventDescription>& events() const noexcept override { return events_; }
  [[nodiscard]] const std::vector<TransitionDescription>& transitions() const noexcept override { return transitions_; }
  [[nodiscard]] Decision decide(std::string_view, std::string_view, const GuardContext&) const override { return {}; }
  [[nodiscard]] std::vector<Availability> available(std::string_view, const GuardContext&) const override { return {}; }

 private:
  std::vector<StateDescription> states_;
  std::vector<EventDescription> events_;
  std::vector<TransitionDescription> transitions_;
};

}  // namespace

// --- Graphviz -----------------------------------------------------------------------------------------

TEST_CASE("The dot diagram has a node for every state, labelled in Norwegian", "[diagram]") {
  const std::string dot = to_dot(establishment());
  CHECK(starts_with(lines_of(dot).at(1), "digraph \"establishment\" {"));
  for (const auto& state : establishment().states()) {
    CAPTURE(state.id);
    CHECK(contains(dot, "\n  \"" + std::string(state.id) + "\" [label=\"" + std::string(state.label.nb) + "\""));
  }
  CHECK(contains(dot, "label=\"Etablering\";"));
}

TEST_CASE("The dot diagram has one arrow for every transition of the table", "[diagram]") {
  const std::string dot = to_dot(establishment());
  const auto arrows = dot_arrows(dot);
  const auto edges = collapsed(establishment());
  CHECK(edges.size() == establishment().transitions().size());  // no two establishment rows are parallel
  REQUIRE(arrows.size() == edges.size());
  for (std::size_t i = 0; i < edges.size(); ++i) {
    const auto& [from, to, event] = edges[i];
    CAPTURE(from, to, event);
    CHECK(arrows[i].from == from);
    CHECK(arrows[i].to == to);
    CHECK(starts_with(arrows[i].label, establishment().find_event(event)->label.nb));
  }
}

TEST_CASE("The dot diagram labels arrows with the event and its guards in brackets", "[diagram]") {
  const std::string dot = to_dot(establishment());
  CHECK(contains(dot, R"("idea" -> "screening" [label="Start avklaring\n[Rådgiver er tildelt]"];)"));
  CHECK(contains(dot, R"("funding" -> "established" [label="Registrer selskap\n[Gyldig organisasjonsnummer,\n)"
                      R"(Registreringsdato er satt,\nMinst én søknad er innvilget]"];)"));
  CHECK(contains(dot, R"("established" -> "follow_up" [label="Start oppfølging"];)"));
  CHECK(contains(dot, R"("closed" -> "screening" [label="Gjenåpne\n[Utføres av rådgiver eller administrator,\n)"
                      R"(Et notat er skrevet]", style=dashed)"));
}

TEST_CASE("The dot diagram marks the initial, final, parked and closed states", "[diagram]") {
  const std::string dot = to_dot(establishment());
  CHECK(contains(dot, "\n  \"__start\" [shape=point, width=0.2, label=\"\"];\n"));
  CHECK(contains(dot, "\n  \"__start\" -> \"idea\";\n"));
  CHECK(contains(dot, "\n  \"completed\" [label=\"Fullført\", peripheries=2];\n"));
  CHECK(
      contains(dot, "\n  \"parked\" [label=\"Parkert\", style=\"rounded,dashed\", color=gray50, fontcolor=gray35];\n"));
  CHECK(contains(dot,
                 "\n  \"closed\" [label=\"Avsluttet\", style=\"rounded,dashed\", color=gray50, fontcolor=gray35, "
                 "peripheries=2];\n"));
  CHECK(contains(dot, "\n  \"idea\" [label=\"Idé\"];\n"));  // an ordinary stage: no decoration
}

TEST_CASE("The dot diagram escapes quotes and backslashes and collapses parallel rows", "[diagram]") {
  const AwkwardWorkflow awkward;
  const std::string dot = to_dot(awkward, "en");
  CHECK(contains(dot, R"("draft" [label="Draft \"A\": [1]; #2 {x} <y> &amp; z"];)"));
  CHECK(contains(dot, R"(digraph "awkward" {)"));
  CHECK(contains(dot, R"("review" [label="In review C:\\temp"];)"));
  CHECK(contains(dot, R"(label="Awkward \"flow\"";)"));

  const auto arrows = dot_arrows(dot);
  REQUIRE(arrows.size() == 7);
  CHECK(arrows[0].from == "draft");
  CHECK(arrows[0].to == "review");
  CHECK(arrows[0].label == R"(Submit: \"now\"\n[Check [A]; ok] or [Note: \"why\",\nRole {admin} <lead>])");
  CHECK(arrows[1].label == "Approve");  // an unguarded row makes the arrow unconditional
  CHECK(arrows[4].from == "review");
  CHECK(arrows[4].to == "review");
  CHECK(arrows[5].label == R"(Drop\n[Note: \"why\"])");
  CHECK(arrows[6].from == "on-hold");
}

TEST_CASE("Every registered workflow's diagrams draw every state and every transition", "[diagram]") {
  const auto registry = facilitator::workflows::builtin_registry();
  for (const auto& workflow : registry.all()) {
    for (std::string_view language : {"nb", "en"}) {
      CAPTURE(workflow->id(), language);
      const std::string dot = to_dot(*workflow, language);
      const std::string mermaid = to_mermaid(*workflow, language);
      CHECK(contains(dot, "digraph \"" + std::string(workflow->id()) + "\" {"));
      CHECK(contains(mermaid, "\n    [*] --> " + std::string(workflow->initial_state().id) + "\n"));
      for (const auto& state : workflow->states()) {
        CAPTURE(state.id);
        CHECK(contains(
            dot, "\n  \"" + std::string(state.id) + "\" [label=\"" + std::string(state.label.in(language)) + "\""));
        CHECK(contains(mermaid, "\n    state \"" + std::string(state.label.in(language)) + "\" as " +
                                    std::string(state.id) + "\n"));
        CHECK(contains(mermaid, "\n    " + std::string(state.id) + " --> [*]\n") == state.final);
      }
      const auto edges = collapsed(*workflow);
      const auto dot_edges = dot_arrows(dot);
      const auto mermaid_edges = mermaid_arrows(mermaid);
      REQUIRE(dot_edges.size() == edges.size());
      REQUIRE(mermaid_edges.size() == edges.size());
      for (std::size_t i = 0; i < edges.size(); ++i) {
        const auto& [from, to, event] = edges[i];
        CAPTURE(from, to, event);
        CHECK(dot_edges[i].from == from);
        CHECK(dot_edges[i].to == to);
        CHECK(starts_with(dot_edges[i].label, workflow->find_event(event)->label.in(language)));
        CHECK(mermaid_edges[i].from == from);
        CHECK(mermaid_edges[i].to == to);
        CHECK(starts_with(mermaid_edges[i].label, workflow->find_event(event)->label.in(language)));
      }
    }
  }
}

// --- Mermaid --------------------------------------------------------------------------------------

TEST_CASE("The mermaid diagram has every state, the start and the final states", "[diagram]") {
  const std::string mermaid = to_mermaid(establishment());
  const auto lines = lines_of(mermaid);
  REQUIRE_FALSE(lines.empty());
  CHECK(lines[0] == "stateDiagram-v2");
  for (const auto& state : establishment().states()) {
    CAPTURE(state.id);
    CHECK(std::count(lines.begin(), lines.end(),
                     "    state \"" + std::string(state.label.nb) + "\" as " + std::string(state.id)) == 1);
    bool ends = std::count(lines.begin(), lines.end(), "    " + std::string(state.id) + " --> [*]") == 1;
    CHECK(ends == state.final);
  }
  CHECK(std::count(lines.begin(), lines.end(), "    [*] --> idea") == 1);
  CHECK(std::count_if(lines.begin(), lines.end(), [](const std::string& l) { return starts_with(l, "    [*]"); }) == 1);
  CHECK(std::count(lines.begin(), lines.end(), "    class parked parked_kind") == 1);
  CHECK(std::count(lines.begin(), lines.end(), "    class closed closed_kind") == 1);
}

TEST_CASE("The mermaid diagram has one arrow for every transition of the table", "[diagram]") {
  const auto arrows = mermaid_arrows(to_mermaid(establishment()));
  const auto edges = collapsed(establishment());
  REQUIRE(arrows.size() == edges.size());
  for (std::size_t i = 0; i < edges.size(); ++i) {
    const auto& [from, to, event] = edges[i];
    CAPTURE(from, to, event);
    CHECK(arrows[i].from == from);
    CHECK(arrows[i].to == to);
    CHECK(starts_with(arrows[i].label, establishment().find_event(event)->label.nb));
  }
  const auto lines = lines_of(to_mermaid(establishment()));
  CHECK(std::count(lines.begin(), lines.end(),
                   "    business_plan --> established : Registrer selskap #91;Gyldig organisasjonsnummer, "
                   "Registreringsdato er satt, Prosjektet er selvfinansiert#93;") == 1);
  CHECK(std::count(lines.begin(), lines.end(), "    established --> follow_up : Start oppfølging") == 1);
}

TEST_CASE("The mermaid diagram escapes every character the mermaid grammar would read as syntax", "[diagram]") {
  const AwkwardWorkflow awkward;
  for (std::string_view language : {"nb", "en"}) {
    CAPTURE(language);
    const std::string mermaid = to_mermaid(awkward, language);
    const auto arrows = mermaid_arrows(mermaid);
    REQUIRE(arrows.size() == 7);
    for (const Arrow& arrow : arrows) {
      CAPTURE(arrow.label);
      CHECK(without_entities(arrow.label).find_first_of(kMermaidSyntax) == std::string::npos);
    }
    for (const std::string& line : lines_of(mermaid)) {
      if (!starts_with(line, "    state \"")) continue;
      CAPTURE(line);
      std::string_view text(line);
      text.remove_prefix(std::string_view("    state \"").size());
      std::string described(text.substr(0, text.rfind("\" as ")));
      CHECK(without_entities(described).find_first_of(kMermaidSyntax) == std::string::npos);
    }
  }

  const std::string mermaid = to_mermaid(awkward, "en");
  const auto arrows = mermaid_arrows(mermaid);
  CHECK(arrows[0].label ==
        "Submit#58; #quot;now#quot; #91;Check #91;A#93;#59; ok#93; or #91;Note#58; #quot;why#quot;, "
        "Role #123;admin#125; #lt;lead#gt;#93;");
  CHECK(contains(mermaid,
                 "\n    state \"Draft #quot;A#quot;#58; #91;1#93;#59; #35;2 #123;x#125; #lt;y#gt; #amp; z\" "
                 "as draft\n"));
  CHECK(arrows[1].label == "Approve");
}

TEST_CASE("The mermaid diagram turns state ids into plain mermaid ids", "[diagram]") {
  const AwkwardWorkflow awkward;
  const std::string mermaid = to_mermaid(awkward, "en");
  CHECK(contains(mermaid, "\n    state \"On hold\" as on_hold\n"));
  CHECK(contains(mermaid, "\n    state \"Done\" as end_\n"));  // `end` is a keyword to mermaid
  CHECK(contains(mermaid, "\n    draft --> on_hold : Hold\n"));
  CHECK(contains(mermaid, "\n    end_ --> [*]\n"));
  CHECK(contains(mermaid, "\n    class on_hold parked_kind\n"));
  CHECK(contains(mermaid, "\n    class dropped closed_kind\n"));
  CHECK_FALSE(contains(mermaid, "on-hold"));
}

TEST_CASE("Diagrams can be labelled in English", "[diagram]") {
  const std::string mermaid = to_mermaid(establishment(), "en");
  CHECK(contains(mermaid, "\n    state \"Idea\" as idea\n"));
  CHECK(contains(mermaid, "\n    idea --> screening : Start screening #91;An adviser is assigned#93;\n"));
  const std::string dot = to_dot(establishment(), "en");
  CHECK(contains(dot, R"("idea" -> "screening" [label="Start screening\n[An adviser is assigned]"];)"));
  CHECK(contains(dot, R"(label="Establishment";)"));
}

TEST_CASE("Diagrams are the same every time they are generated", "[diagram]") {
  const auto another = facilitator::workflows::make_establishment_workflow();
  for (std::string_view language : {"nb", "en"}) {
    CAPTURE(language);
    CHECK(to_dot(establishment(), language) == to_dot(establishment(), language));
    CHECK(to_dot(establishment(), language) == to_dot(*another, language));
    CHECK(to_mermaid(establishment(), language) == to_mermaid(establishment(), language));
    CHECK(to_mermaid(establishment(), language) == to_mermaid(*another, language));
  }
  const AwkwardWorkflow awkward;
  CHECK(to_mermaid(awkward) == to_mermaid(AwkwardWorkflow{}));
}
