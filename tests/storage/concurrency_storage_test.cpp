// Retries and races through ProjectService and a real database: an idempotency key makes a retry
// harmless, and of several writers that saw the same version exactly one wins
// (docs/design.md#transition-order).

#include <latch>
#include <thread>

#include "storage_fixture.hpp"

using namespace facilitator::storage_test;

BACKEND_TEST_CASE("A retried transition with the same idempotency key returns the first result and writes nothing",
                  "[storage][idempotency]") {
  Fixture f(backend);
  ProjectId id = f.project_in("screening");
  TransitionCommand park = f.command(id, "park", "Venter på svar fra banken.");
  park.idempotency_key = "c0ffee-1";
  park.visibility = facilitator::core::Visibility::public_;

  TransitionResult first = f.service().transition(park, kAdviser);
  CHECK_FALSE(first.replayed);
  CHECK(first.event.idempotency_key == "c0ffee-1");
  Snapshot after_first = f.snapshot(id);

  TransitionResult retry = f.service().transition(park, kAdviser);
  CHECK(retry.replayed);
  CHECK(to_text(retry.event) == to_text(first.event));
  CHECK(f.snapshot(id) == after_first);

  // Still the first answer after the project moved on, not a version conflict.
  f.move(id, "resume");
  Snapshot moved_on = f.snapshot(id);
  TransitionResult late = f.service().transition(park, kAdviser);
  CHECK(late.replayed);
  CHECK(to_text(late.event) == to_text(first.event));
  CHECK(f.snapshot(id) == moved_on);

  // The same key for another event on this project is a client error, and changes nothing.
  TransitionCommand other = f.command(id, "close", "Trukket.", "withdrawn");
  other.idempotency_key = "c0ffee-1";
  auto reused = thrown<DomainError>([&] { f.service().transition(other, kAdviser); });
  REQUIRE(reused);
  CHECK(reused->code() == ErrorCode::invalid_input);
  CHECK(error_fields(*reused) == std::vector<std::string>{"Idempotency-Key"});
  CHECK(f.snapshot(id) == moved_on);

  // The same key on another project is a new request there.
  ProjectId second = f.project_in("screening", "Sykkelverksted");
  TransitionCommand park_second = f.command(second, "park", "Venter på svar fra banken.");
  park_second.idempotency_key = "c0ffee-1";
  TransitionResult independent = f.service().transition(park_second, kAdviser);
  CHECK_FALSE(independent.replayed);
  CHECK(independent.event.project_id == second);
  CHECK(f.project(second).state == "parked");
  CHECK(f.snapshot(id) == moved_on);
}

BACKEND_TEST_CASE("A refused attempt does not use up its idempotency key", "[storage][idempotency]") {
  Fixture f(backend);
  ProjectId id = f.create("Bakeri i Moss").project.id;
  TransitionCommand start = f.command(id, "start_screening");
  start.idempotency_key = "attempt-1";
  CHECK(thrown<TransitionRejected>([&] { f.service().transition(start, kAdviser); }));

  ProjectChanges adviser;
  adviser.adviser = std::optional<std::string>("kari@mnu.no");
  f.update(id, adviser);
  start.expected_version = 2;
  TransitionResult result = f.service().transition(start, kAdviser);
  CHECK_FALSE(result.replayed);
  CHECK(result.event.to_state == "screening");
  CHECK(f.project(id).version == 3);
}

namespace {

/// What one racing thread got back.
struct Outcome {
  bool ok = false;
  bool replayed = false;
  bool conflict = false;
  std::int64_t seq = 0;
  std::string other;  // any other exception's message
};

std::vector<Outcome> race(facilitator::core::ProjectService& service, const TransitionCommand& command,
                          std::size_t threads) {
  std::vector<Outcome> outcomes(threads);
  std::latch start(static_cast<std::ptrdiff_t>(threads));
  std::vector<std::thread> pool;
  for (std::size_t i = 0; i < threads; ++i) {
    pool.emplace_back([&, i] {
      start.arrive_and_wait();
      try {
        TransitionResult r = service.transition(command, kAdviser);
        outcomes[i].ok = true;
        outcomes[i].replayed = r.replayed;
        outcomes[i].seq = r.event.seq;
      } catch (const VersionConflict&) {
        outcomes[i].conflict = true;
      } catch (const std::exception& e) {
        outcomes[i].other = e.what();
      }
    });
  }
  for (auto& t : pool) t.join();
  return outcomes;
}

}  // namespace

BACKEND_TEST_CASE("Of 16 concurrent identical transitions at one version exactly one succeeds",
                  "[storage][concurrency]") {
  Fixture f(backend);  // the store's pool has 8 connections: half the threads wait for one
  ProjectId id = f.project_in("screening");
  std::int64_t events_before = f.service().events(id, {}, kAdviser).total;
  TransitionCommand park = f.command(id, "park", "På vent.");

  auto outcomes = race(f.service(), park, 16);
  std::size_t ok = 0, conflicts = 0;
  for (const auto& o : outcomes) {
    CHECK(o.other == "");
    ok += o.ok ? 1 : 0;
    conflicts += o.conflict ? 1 : 0;
  }
  CHECK(ok == 1);
  CHECK(conflicts == 15);
  CHECK(f.service().events(id, {}, kAdviser).total == events_before + 1);
  Project project = f.project(id);
  CHECK(project.state == "parked");
  CHECK(project.version == park.expected_version + 1);
}

BACKEND_TEST_CASE("Of 16 concurrent retries with one idempotency key one writes and the others replay it",
                  "[storage][concurrency][idempotency]") {
  Fixture f(backend);
  ProjectId id = f.project_in("screening");
  std::int64_t events_before = f.service().events(id, {}, kAdviser).total;
  TransitionCommand park = f.command(id, "park", "På vent.");
  park.idempotency_key = "retry-storm";

  auto outcomes = race(f.service(), park, 16);
  std::size_t fresh = 0, replayed = 0;
  for (const auto& o : outcomes) {
    CHECK(o.other == "");
    CHECK_FALSE(o.conflict);
    CHECK(o.seq == park.expected_version + 1);
    fresh += o.ok && !o.replayed ? 1 : 0;
    replayed += o.ok && o.replayed ? 1 : 0;
  }
  CHECK(fresh == 1);
  CHECK(replayed == 15);
  CHECK(f.service().events(id, {}, kAdviser).total == events_before + 1);
}

BACKEND_TEST_CASE("Concurrent transitions on different projects all succeed", "[storage][concurrency]") {
  Fixture f(backend);
  constexpr std::size_t kProjects = 12;
  std::vector<TransitionCommand> commands;
  for (std::size_t i = 0; i < kProjects; ++i) {
    ProjectId id = f.project_in("screening", "Prosjekt " + std::to_string(i));
    commands.push_back(f.command(id, "park", "På vent."));
  }
  std::vector<std::string> errors(kProjects);
  std::latch start(kProjects);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < kProjects; ++i) {
    threads.emplace_back([&, i] {
      start.arrive_and_wait();
      try {
        f.service().transition(commands[i], kAdviser);
      } catch (const std::exception& e) {
        errors[i] = e.what();
      }
    });
  }
  for (auto& t : threads) t.join();
  for (std::size_t i = 0; i < kProjects; ++i) {
    INFO("project " << commands[i].project_id);
    CHECK(errors[i] == "");
    Project p = f.project(commands[i].project_id);
    CHECK(p.state == "parked");
    CHECK(p.version == commands[i].expected_version + 1);
    CHECK(f.all_events(p.id).size() == static_cast<std::size_t>(p.version));
  }
}

BACKEND_TEST_CASE("Edits and transitions racing on one project keep the history contiguous", "[storage][concurrency]") {
  Fixture f(backend);
  ProjectId id = f.project_in("screening");
  const std::int64_t start_version = f.project(id).version;
  constexpr int kThreads = 8;
  constexpr int kWritesPerThread = 6;
  std::vector<std::string> errors(kThreads);
  std::vector<int> conflicts(kThreads, 0);
  std::latch start(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      start.arrive_and_wait();
      try {
        for (int w = 0; w < kWritesPerThread;) {
          // Read, decide, write; on a conflict read again, as a client that got 409 would.
          ProjectView view = f.service().get(id, kAdviser);
          try {
            if (t % 2 == 0) {
              ProjectChanges c;
              c.municipal_unit = std::optional<std::string>("enhet " + std::to_string(t) + "-" + std::to_string(w));
              f.service().update(id, view.project.version, c, kAdviser);
            } else {
              TransitionCommand command;
              command.project_id = id;
              command.event = view.project.state == "parked" ? "resume" : "park";
              command.input.note = "tråd " + std::to_string(t);
              command.expected_version = view.project.version;
              f.service().transition(command, kAdviser);
            }
            ++w;
          } catch (const VersionConflict&) {
            ++conflicts[static_cast<std::size_t>(t)];
          }
        }
      } catch (const std::exception& e) {
        errors[static_cast<std::size_t>(t)] = e.what();
      }
    });
  }
  for (auto& t : threads) t.join();
  for (const auto& e : errors) CHECK(e == "");

  Project project = f.project(id);
  CHECK(project.version == start_version + kThreads * kWritesPerThread);
  auto events = f.all_events(id);
  Replay r = replay(events);
  CHECK(r.seq_contiguous);
  CHECK(r.transitions_chain);
  CHECK(r.state == project.state);
  CHECK(r.version == project.version);
  CHECK(r.parked_from == project.facts.parked_from);
}

BACKEND_TEST_CASE("Two stores on one database, like two server instances, still let exactly one racing writer win",
                  "[storage][concurrency]") {
  Fixture f(backend);
  ProjectId id = f.project_in("screening");
  std::int64_t events_before = f.service().events(id, {}, kAdviser).total;
  auto second_store = facilitator::core::storage::open_store(f.db().url(), 8);
  facilitator::core::ProjectService second(*second_store, f.registry(), SteppingClock().clock());
  TransitionCommand park = f.command(id, "park", "På vent.");

  constexpr std::size_t kThreads = 16;
  std::vector<Outcome> outcomes(kThreads);
  std::latch start(kThreads);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      facilitator::core::ProjectService& service = i % 2 == 0 ? f.service() : second;
      start.arrive_and_wait();
      try {
        service.transition(park, kAdviser);
        outcomes[i].ok = true;
      } catch (const VersionConflict&) {
        outcomes[i].conflict = true;
      } catch (const std::exception& e) {
        outcomes[i].other = e.what();
      }
    });
  }
  for (auto& t : threads) t.join();
  std::size_t ok = 0, conflicts = 0;
  for (const auto& o : outcomes) {
    CHECK(o.other == "");
    ok += o.ok ? 1 : 0;
    conflicts += o.conflict ? 1 : 0;
  }
  CHECK(ok == 1);
  CHECK(conflicts == kThreads - 1);
  CHECK(f.service().events(id, {}, kAdviser).total == events_before + 1);
  CHECK(second.get(id, kAdviser).project.state == "parked");
}
