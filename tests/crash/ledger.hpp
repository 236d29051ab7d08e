#pragma once

// What the clients were told: every acknowledged write (a 2xx answer) with what it acknowledged,
// and every write whose answer never came because the server was killed while it was in flight.
// The checks after each restart compare the database, read through the API, with this record.

#include <cstdint>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace facilitator::crash {

enum class WriteKind { create, update, transition, note };

/// An acknowledged write that is an event in the project's history: the event at SEQ must be
/// this one, and its MARKER (a transition's note, an update's result_summary) must appear once.
struct AckedEvent {
  WriteKind kind = WriteKind::transition;
  std::int64_t seq = 0;
  std::string event;     // transitions: the workflow event
  std::string to_state;  // transitions: the state the answer gave
  std::string marker;
};

/// A project the test created (or may have created), and what must and may be in it.
struct TrackedProject {
  std::int64_t id = 0;
  std::string title;                        // unique per create: it identifies the project
  std::vector<AckedEvent> acked;            // exactly once, at the acknowledged version
  std::vector<std::string> landed_markers;  // in flight at the kill, found landed by the retry: exactly once
  std::vector<std::string> absent_markers;  // in flight at the kill, found not landed by the retry: never
  std::vector<std::string> acked_notes;     // note bodies: exactly once
  std::vector<std::string> maybe_notes;     // note bodies in flight at the kill: at most once
};

/// A write that got no answer: it may or may not have landed.
struct UncertainWrite {
  WriteKind kind = WriteKind::transition;
  std::int64_t project = 0;  // 0 for a create
  std::string title;         // creates
  nlohmann::json body;
  std::int64_t expected_version = 0;  // updates and transitions (If-Match)
  std::string idempotency_key;        // transitions
  std::string marker;
  bool contended = false;  // on the project every client moves: others may have moved it since
};

/// Shared by the client threads of a round; the checks read it when the clients have stopped.
class Ledger {
 public:
  void created(std::int64_t id, const std::string& title) {
    std::lock_guard lock(mutex_);
    projects_[id].id = id;
    projects_[id].title = title;
    touched_.insert(id);
    ++acknowledged_[WriteKind::create];
  }
  void acked(std::int64_t project, AckedEvent event) {
    std::lock_guard lock(mutex_);
    ++acknowledged_[event.kind];
    touched_.insert(project);
    projects_[project].acked.push_back(std::move(event));
  }
  void acked_note(std::int64_t project, const std::string& body) {
    std::lock_guard lock(mutex_);
    ++acknowledged_[WriteKind::note];
    touched_.insert(project);
    projects_[project].acked_notes.push_back(body);
  }
  void uncertain(UncertainWrite write) {
    std::lock_guard lock(mutex_);
    uncertain_.push_back(std::move(write));
  }
  void anomaly(const std::string& text) {
    std::lock_guard lock(mutex_);
    anomalies_.push_back(text);
  }

  // Used when no client runs.
  std::map<std::int64_t, TrackedProject>& projects() { return projects_; }
  /// The project, from now on among those the next take_touched() returns.
  TrackedProject& touch(std::int64_t id) {
    touched_.insert(id);
    projects_[id].id = id;
    return projects_[id];
  }
  /// The projects written to (or maybe written to) since the last call.
  std::set<std::int64_t> take_touched() { return std::exchange(touched_, {}); }
  std::vector<UncertainWrite> take_uncertain() { return std::exchange(uncertain_, {}); }
  std::vector<std::string> take_anomalies() { return std::exchange(anomalies_, {}); }
  [[nodiscard]] long acknowledged(WriteKind kind) const {
    auto it = acknowledged_.find(kind);
    return it == acknowledged_.end() ? 0 : it->second;
  }
  [[nodiscard]] long acknowledged() const {
    long all = 0;
    for (const auto& [kind, count] : acknowledged_) all += count;
    return all;
  }

 private:
  std::mutex mutex_;
  std::map<std::int64_t, TrackedProject> projects_;
  std::map<WriteKind, long> acknowledged_;
  std::set<std::int64_t> touched_;
  std::vector<UncertainWrite> uncertain_;
  std::vector<std::string> anomalies_;
};

}  // namespace facilitator::crash
