#include "verify.hpp"

#include <cctype>
#include <map>
#include <optional>
#include <stdexcept>

namespace facilitator::crash {

namespace {

std::string percent_encoded(const std::string& text) {
  static const char* const kHex = "0123456789ABCDEF";
  std::string out;
  for (char ch : text) {
    auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) != 0 || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string project_path(std::int64_t id) { return "/api/v1/projects/" + std::to_string(id); }

/// Every project whose title is exactly TITLE (titles are unique per create).
std::vector<std::int64_t> projects_titled(httplib::Client& http, const Session& session, const std::string& title) {
  std::vector<std::int64_t> ids;
  std::string cursor;
  do {
    std::string path = "/api/v1/projects?limit=500&q=" + percent_encoded(title);
    if (!cursor.empty()) path += "&cursor=" + percent_encoded(cursor);
    nlohmann::json page = get_json(http, session, path);
    for (const auto& p : page.at("items"))
      if (p.at("title") == title) ids.push_back(p.at("id").get<std::int64_t>());
    cursor = page.at("next_cursor").is_string() ? page.at("next_cursor").get<std::string>() : "";
  } while (!cursor.empty());
  return ids;
}

std::vector<nlohmann::json> all_events(httplib::Client& http, const Session& session, std::int64_t project) {
  std::vector<nlohmann::json> events;
  std::string cursor;
  do {
    std::string path = project_path(project) + "/events?limit=500";
    if (!cursor.empty()) path += "&cursor=" + percent_encoded(cursor);
    nlohmann::json page = get_json(http, session, path);
    for (auto& e : page.at("items")) events.push_back(std::move(e));
    cursor = page.at("next_cursor").is_string() ? page.at("next_cursor").get<std::string>() : "";
  } while (!cursor.empty());
  return events;
}

/// The text that identifies an event as one of ours: a transition's note, an update's result_summary.
std::optional<std::string> marker_of(const nlohmann::json& event) {
  if (event.at("kind") == "transition" && event.at("note").is_string()) return event.at("note").get<std::string>();
  if (event.at("kind") == "updated" && event.contains("changes") && event["changes"].contains("result_summary") &&
      event["changes"]["result_summary"].is_string())
    return event["changes"]["result_summary"].get<std::string>();
  return std::nullopt;
}

std::string text(const nlohmann::json& value) {
  return value.is_string() ? value.get<std::string>()
                           : value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

/// Replays the history through the transition table: it must start with `created` in the
/// initial state at seq 1, be contiguous, take only rows of the table (resume only back to the
/// stage it was parked from), and end in the project's state at the project's version.
void check_replay(const WorkflowTable& workflow, const nlohmann::json& project,
                  const std::vector<nlohmann::json>& events, const std::string& where, Findings& findings) {
  auto broken = [&](const std::string& why) { findings.fail(findings.other, where + ": replay: " + why); };
  if (events.empty()) return broken("no events");
  std::string state;
  std::string parked_from;
  for (std::size_t i = 0; i < events.size(); ++i) {
    const nlohmann::json& e = events[i];
    const auto seq = static_cast<std::int64_t>(i + 1);
    const std::string at = "event " + std::to_string(seq) + " (" + e.dump() + ")";
    if (e.at("seq") != seq)
      return broken("versions are not contiguous: expected seq " + std::to_string(seq) + " at " + at);
    std::string kind = e.at("kind").get<std::string>();
    std::string to = e.at("to_state").get<std::string>();
    if (i == 0) {
      if (kind != "created" || to != workflow.initial)
        return broken("the first event is not created in " + workflow.initial);
      state = to;
      continue;
    }
    std::string from = e.at("from_state").is_string() ? e.at("from_state").get<std::string>() : "";
    if (from != state) return broken(at + " starts from " + from + ", the replay is in " + state);
    if (kind == "updated") {
      if (to != state) return broken(at + ": an update changed the state");
    } else if (kind == "transition") {
      std::string event = e.at("event").get<std::string>();
      if (workflow.rows.count({from, event, to}) == 0) return broken(at + " is no row of the transition table");
      if (event == "resume" && to != parked_from) return broken(at + " resumed elsewhere than " + parked_from);
      if (workflow.parked.count(to) != 0) parked_from = from;
      state = to;
    } else {
      return broken(at + " has kind " + kind);
    }
  }
  if (project.at("state") != state || project.at("version") != static_cast<std::int64_t>(events.size()))
    broken("the project is in " + text(project.at("state")) + " at version " + text(project.at("version")) +
           ", its events replay to " + state + " at version " + std::to_string(events.size()));
}

/// Counts COUNT of something that must be there exactly once.
void once(long count, const std::string& what, Findings& findings) {
  if (count == 0) findings.fail(findings.lost, "LOST: " + what);
  if (count > 1) findings.fail(findings.duplicated, "DUPLICATED (" + std::to_string(count) + " times): " + what);
}

}  // namespace

WorkflowTable read_workflow(httplib::Client& http, const Session& session, const std::string& id) {
  nlohmann::json w = get_json(http, session, "/api/v1/workflows/" + id);
  WorkflowTable table;
  for (const auto& s : w.at("states")) {
    if (s.at("initial") == true) table.initial = s.at("id").get<std::string>();
    if (s.at("kind") == "parked") table.parked.insert(s.at("id").get<std::string>());
  }
  for (const auto& t : w.at("transitions"))
    table.rows.emplace(t.at("from").get<std::string>(), t.at("event").get<std::string>(),
                       t.at("to").get<std::string>());
  return table;
}

Settled settle(httplib::Client& http, const Session& session, Ledger& ledger, std::vector<UncertainWrite> writes,
               Findings& findings) {
  Settled settled;
  for (auto& w : writes) {
    const std::string where = "project " + std::to_string(w.project) + ": in flight at the kill: ";
    if (w.kind == WriteKind::create) {
      auto ids = projects_titled(http, session, w.title);
      ++settled.unknown;
      if (ids.size() > 1) findings.fail(findings.duplicated, "DUPLICATED: create of '" + w.title + "'");
      if (ids.size() == 1) {  // it landed: from now on it is checked like any other
        ledger.touch(ids[0]).title = w.title;
      }
      continue;
    }
    TrackedProject& project = ledger.touch(w.project);
    if (w.kind == WriteKind::note) {
      project.maybe_notes.push_back(w.marker);
      ++settled.unknown;
      continue;
    }
    // Updates and transitions: the same request again, with the same If-Match and Idempotency-Key.
    httplib::Headers headers = session.headers();
    headers.emplace("If-Match", "\"" + std::to_string(w.expected_version) + "\"");
    if (w.kind == WriteKind::transition) headers.emplace("Idempotency-Key", w.idempotency_key);
    const std::string path = project_path(w.project) + (w.kind == WriteKind::transition ? "/transitions" : "");
    auto res = w.kind == WriteKind::transition ? http.Post(path, headers, w.body.dump(), "application/json")
                                               : http.Patch(path, headers, w.body.dump(), "application/json");
    if (!res) throw std::runtime_error("the retry of " + path + " got no answer from the restarted server");
    nlohmann::json body = body_of(*res);
    if (res->status == 200) {
      // Stored now or replayed: either way it is acknowledged now and must be there once.
      bool replayed = res->get_header_value("Idempotent-Replayed") == "true";
      ++(replayed ? settled.landed : settled.not_landed);
      ledger.acked(w.project, {w.kind, body.at("version").get<std::int64_t>(),
                               w.kind == WriteKind::transition ? w.body.at("event").get<std::string>() : "updated",
                               w.kind == WriteKind::transition ? body.at("state").get<std::string>() : "", w.marker});
    } else if (w.kind == WriteKind::update && res->status == 409) {
      // Only this client moves its project, and it stopped at this request: the version moved
      // because the update was stored before the kill.
      ++settled.landed;
      project.landed_markers.push_back(w.marker);
    } else if (w.contended && (res->status == 409 || res->status == 422)) {
      // A stored transition would have been replayed (the key is looked up before the version).
      ++settled.not_landed;
      project.absent_markers.push_back(w.marker);
    } else {
      findings.fail(findings.other, where + "the retry of " + path + " " + w.body.dump() + " answered HTTP " +
                                        std::to_string(res->status) + " " + res->body);
    }
  }
  return settled;
}

void check_project(httplib::Client& http, const Session& session, const WorkflowTable& workflow,
                   const TrackedProject& tracked, Findings& findings) {
  const std::string where = "project " + std::to_string(tracked.id) + " ('" + tracked.title + "')";
  ++findings.projects;

  // Created once: exactly one project has the title of its (acknowledged or landed) create.
  auto ids = projects_titled(http, session, tracked.title);
  once(static_cast<long>(ids.size()), "the create of " + where, findings);
  if (ids.size() == 1 && ids[0] != tracked.id)
    findings.fail(findings.other, where + ": the title belongs to project " + std::to_string(ids[0]));
  if (ids.empty()) return;

  nlohmann::json project = get_json(http, session, project_path(tracked.id));
  std::vector<nlohmann::json> events = all_events(http, session, tracked.id);
  findings.events += static_cast<long>(events.size());
  check_replay(workflow, project, events, where, findings);

  std::map<std::string, long> markers;
  for (const auto& e : events)
    if (auto m = marker_of(e)) ++markers[*m];
  auto count = [&markers](const std::string& m) {
    auto it = markers.find(m);
    return it == markers.end() ? 0L : it->second;
  };
  for (const auto& ack : tracked.acked) {
    const std::string what =
        where + ": acknowledged " + ack.event + " at version " + std::to_string(ack.seq) + " ('" + ack.marker + "')";
    long n = count(ack.marker);
    once(n, what, findings);
    if (n != 1) continue;
    const auto index = static_cast<std::size_t>(ack.seq - 1);
    const nlohmann::json* e = ack.seq >= 1 && index < events.size() ? &events[index] : nullptr;
    bool matches = e != nullptr && marker_of(*e) == ack.marker &&
                   (ack.kind == WriteKind::update ? e->at("kind") == "updated"
                                                  : e->at("kind") == "transition" && e->at("event") == ack.event &&
                                                        e->at("to_state") == ack.to_state);
    if (!matches)
      findings.fail(findings.other, what + " is not the event at that version: " + (e ? e->dump() : "none"));
  }
  for (const auto& m : tracked.landed_markers)
    once(count(m), where + ": a write found stored by its retry ('" + m + "')", findings);
  for (const auto& m : tracked.absent_markers)
    if (count(m) != 0)
      findings.fail(findings.other, where + ": a transition whose retry was refused is stored anyway ('" + m + "')");

  if (tracked.acked_notes.empty() && tracked.maybe_notes.empty()) return;
  std::map<std::string, long> notes;
  const nlohmann::json listed = get_json(http, session, project_path(tracked.id) + "/notes");
  for (const auto& n : listed.at("items")) ++notes[n.at("body").get<std::string>()];
  for (const auto& body : tracked.acked_notes)
    once(notes[body], where + ": acknowledged note '" + body + "'", findings);
  for (const auto& body : tracked.maybe_notes)
    if (notes[body] > 1) once(notes[body], where + ": note in flight at the kill '" + body + "'", findings);
}

}  // namespace facilitator::crash
