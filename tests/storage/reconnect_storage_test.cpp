// A PostgreSQL server that drops its connections (a restart, a failover, an idle timeout) must not
// need the application restarted: the store reconnects a dropped connection before using it.

#include <soci/soci.h>

#include <cstdlib>
#include <latch>
#include <mutex>
#include <thread>

#include "storage_fixture.hpp"

using namespace facilitator::storage_test;

namespace {

/// Ends every server session on the test's database (what a server restart does to the pool).
void drop_connections(const std::string& url) {
  const char* admin_env = std::getenv("FACILITATOR_TEST_PG");
  REQUIRE(admin_env != nullptr);
  std::string admin = admin_env;
  soci::session sql("postgresql", admin.substr(std::string("postgresql://").size()));
  std::string database = url.substr(url.find("dbname=") + 7);
  database = database.substr(0, database.find(' '));
  long long ended = 0;
  sql << "SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '" + database + "'",
      soci::into(ended);
  INFO("ended " << ended << " sessions on " << database);
  CHECK(ended > 0);
}

}  // namespace

BACKEND_TEST_CASE("The store recovers from connections the server dropped", "[storage][durability]") {
  Fixture f(backend);
  ProjectId id = f.project_in("screening");
  if (backend == TestBackend::sqlite) {
    SUCCEED("SQLite connections are files in this process: no server can drop them");
    return;
  }
  // Every connection of the pool is dead after this: writes and reads must still succeed.
  drop_connections(f.db().url());

  std::vector<std::string> failures;
  auto attempt = [&](const std::string& what, auto&& work) {
    try {
      work();
    } catch (const DomainError& e) {
      failures.push_back(what + ": DomainError " + std::to_string(static_cast<int>(e.code())) + ": " + e.what());
    } catch (const std::exception& e) {
      failures.push_back(what + ": not a DomainError: " + e.what());
    }
  };
  for (int i = 0; i < 10; ++i) {
    attempt("get", [&] { CHECK(f.project(id).state == (i % 2 == 0 ? "screening" : "parked")); });
    attempt("transition", [&] { f.move(id, i % 2 == 0 ? "park" : "resume", "Omstart av databasen."); });
  }

  // Concurrent readers lease every connection of the pool, so each dropped one is met.
  drop_connections(f.db().url());
  std::mutex mutex;
  constexpr int kThreads = 16;
  std::latch start(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      start.arrive_and_wait();
      for (int i = 0; i < 5; ++i) {
        try {
          (void)f.service().get(id, kAdviser);
          (void)f.service().events(id, {}, kAdviser);
        } catch (const std::exception& e) {
          std::lock_guard<std::mutex> lock(mutex);
          failures.push_back(std::string("concurrent read: ") + e.what());
        }
      }
    });
  }
  for (auto& t : threads) t.join();

  INFO([&] {
    std::string text;
    for (const auto& failure : failures) text += failure + "\n";
    return text;
  }());
  CHECK(failures.empty());
  Replay r = replay(f.all_events(id));
  CHECK(r.state == f.project(id).state);
  CHECK(r.version == f.project(id).version);
}
