// Optimistic concurrency and idempotent retries over HTTP: many clients racing with one expected
// version, and retried requests with an Idempotency-Key.

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "http_test_support.hpp"

using namespace facilitator::testing;

namespace {

/// Sends the same request from `count` threads, each on its own connection, released together.
/// The connections are opened (and kept alive) before the race, so that what races is the requests;
/// the server needs a worker thread per connection. Catch2 is not thread-safe: the threads only
/// collect replies and the test asserts afterwards.
std::vector<Reply> race(const TestServer& server, int count, const std::string& method, const std::string& path,
                        const std::string& body, const httplib::Headers& headers) {
  std::vector<std::unique_ptr<TestClient>> clients;
  for (int i = 0; i < count; ++i) {
    clients.push_back(std::make_unique<TestClient>(server));
    REQUIRE(clients.back()->send("GET", "/health").status == 200);
  }
  std::vector<Reply> replies(static_cast<std::size_t>(count));
  std::mutex mutex;
  std::condition_variable go;
  bool released = false;
  std::atomic<int> waiting{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < count; ++i) {
    threads.emplace_back([&, i] {
      {
        std::unique_lock<std::mutex> lock(mutex);
        ++waiting;
        go.wait(lock, [&] { return released; });
      }
      auto index = static_cast<std::size_t>(i);
      replies[index] = clients[index]->send(method, path, body, headers);
    });
  }
  while (waiting.load() < count) std::this_thread::yield();
  {
    std::lock_guard<std::mutex> lock(mutex);
    released = true;
  }
  go.notify_all();
  for (auto& t : threads) t.join();
  return replies;
}

constexpr std::size_t kWorkers = 20;  // more than the 16 kept-alive connections of a race

}  // namespace

BACKEND_TEST_CASE("Sixteen concurrent transitions with the same expected version give one 200 and fifteen 409s",
                  "[http]") {
  TestDatabase db(backend);
  TestServer server(db, kWorkers);
  Api api(server);
  const std::int64_t id = api.create("Kaffebrenneri", {{"adviser", "kari@mnu.no"}})["id"].get<std::int64_t>();
  const std::string path = Api::project_path(id);

  std::vector<Reply> replies =
      race(server, 16, "POST", path + "/transitions", json{{"event", "start_screening"}, {"note", "samtidig"}}.dump(),
           {{"If-Match", "\"1\""}});
  int ok = 0, conflicts = 0;
  for (const Reply& r : replies) {
    check_every_response(r);
    if (r.status == 200) {
      ++ok;
      CHECK(r.json["state"] == "screening");
      CHECK(r.json["version"] == 2);
      CHECK(r.header("ETag") == "\"2\"");
    } else {
      ++conflicts;
      check_problem(r, 409);
      CHECK(r.json["type"] == "urn:facilitator:problem:version-conflict");
      CHECK(r.json["current_state"] == "screening");
      CHECK(r.json["current_version"] == 2);
    }
  }
  CHECK(ok == 1);
  CHECK(conflicts == 15);

  json events = api.events(id);
  CHECK(events["total"] == 2);  // created, and exactly one transition
  REQUIRE(events["items"].size() == 2);
  CHECK(events["items"][1]["event"] == "start_screening");
  json now = api.project(id);
  CHECK(now["state"] == "screening");
  CHECK(now["version"] == 2);

  // The same race on PATCH: one edit wins, the rest are told the resource changed.
  replies = race(server, 16, "PATCH", path, json{{"focus_area", "food"}}.dump(), {{"If-Match", "\"2\""}});
  ok = conflicts = 0;
  for (const Reply& r : replies) {
    check_every_response(r);
    if (r.status == 200)
      ++ok;
    else if (r.status == 409 && r.json["current_version"] == 3)
      ++conflicts;
  }
  CHECK(ok == 1);
  CHECK(conflicts == 15);
  CHECK(api.events(id)["total"] == 3);
}

BACKEND_TEST_CASE("A retried transition with the same Idempotency-Key replays the first answer and writes nothing",
                  "[http]") {
  TestDatabase db(backend);
  TestServer server(db, kWorkers);
  Api api(server);
  const std::int64_t id = api.create("Brygghus", {{"adviser", "kari@mnu.no"}})["id"].get<std::int64_t>();
  const std::string path = Api::project_path(id);
  const json body{{"event", "start_screening"}, {"note", "Første møte holdt"}, {"visibility", "public"}};
  const httplib::Headers headers{{"If-Match", "\"1\""}, {"Idempotency-Key", "3f1c-77ab"}};

  Reply first = api.post(path + "/transitions", body, headers);
  REQUIRE(first.status == 200);
  CHECK(first.header("Idempotent-Replayed").empty());
  CHECK(first.json["version"] == 2);
  Snapshot after_first = Snapshot::of(api, id);

  for (int attempt = 0; attempt < 2; ++attempt) {
    Reply retry = api.post(path + "/transitions", body, headers);
    CHECK(retry.status == first.status);
    CHECK(retry.body == first.body);  // byte for byte
    CHECK(retry.header("Idempotent-Replayed") == "true");
    CHECK(retry.header("ETag") == first.header("ETag"));
    CHECK(retry.header("Content-Type") == first.header("Content-Type"));
  }
  CHECK(Snapshot::of(api, id) == after_first);
  CHECK(after_first.events["total"] == 2);

  // The same key for another request is a client mistake, named as such; nothing is written.
  Reply reused = api.post(path + "/transitions", {{"event", "park"}, {"note", "Pause"}},
                          {{"If-Match", "\"2\""}, {"Idempotency-Key", "3f1c-77ab"}});
  check_invalid(reused, "Idempotency-Key", "reused");
  CHECK(reused.json["detail"].get<std::string>().find("Idempotency-Key") != std::string::npos);
  json other_note = body;
  other_note["note"] = "Et annet notat";
  check_invalid(api.post(path + "/transitions", other_note, headers), "Idempotency-Key", "reused");
  CHECK(Snapshot::of(api, id) == after_first);

  // Keys that are not 1 to 200 visible ASCII characters are refused before anything happens.
  for (const std::string& bad : {std::string(201, 'k'), std::string("two words"), std::string("nøkkel")}) {
    Reply r = api.post(path + "/transitions", {{"event", "park"}, {"note", "Pause"}},
                       {{"If-Match", "\"2\""}, {"Idempotency-Key", bad}});
    check_invalid(r, "Idempotency-Key", "invalid");
  }
  CHECK(Snapshot::of(api, id) == after_first);

  // A new key is a new request; a key is scoped to its project.
  Reply parked = api.post(path + "/transitions", {{"event", "park"}, {"note", "Pause"}},
                          {{"If-Match", "\"2\""}, {"Idempotency-Key", "second-key"}});
  CHECK(parked.status == 200);
  CHECK(parked.json["version"] == 3);
  const std::int64_t other = api.create("Annet", {{"adviser", "ola@mnu.no"}})["id"].get<std::int64_t>();
  Reply elsewhere = api.post(Api::project_path(other) + "/transitions", body, headers);
  CHECK(elsewhere.status == 200);
  CHECK(elsewhere.header("Idempotent-Replayed").empty());
  CHECK(elsewhere.json["project_id"] == other);

  // Retries racing each other: every one gets the first answer and exactly one event is written.
  const std::int64_t raced = api.create("Racet", {{"adviser", "ola@mnu.no"}})["id"].get<std::int64_t>();
  std::vector<Reply> replies = race(server, 8, "POST", Api::project_path(raced) + "/transitions", body.dump(),
                                    {{"If-Match", "\"1\""}, {"Idempotency-Key", "raced-key"}});
  int replayed = 0;
  for (const Reply& r : replies) {
    check_every_response(r);
    CHECK(r.status == 200);
    CHECK(r.body == replies.front().body);
    if (r.header("Idempotent-Replayed") == "true") ++replayed;
  }
  CHECK(replayed == 7);
  CHECK(api.events(raced)["total"] == 2);
}
