// Storage faults made real (a small file system that fills, a file that cannot be written, a lock
// held past the busy timeout, a PostgreSQL connection ended under a transition): each is refused as
// `unavailable` (503), health() names it while it lasts, writes succeed again without a restart
// once it ends, and every write acknowledged before or during it is still there.

#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <chrono>
#include <cstdlib>
#include <exception>
#include <optional>
#include <thread>

#include "core/storage/storage_fault.hpp"
#include "failing_vfs.hpp"
#include "lock_waiter.hpp"
#include "small_disk.hpp"
#include "storage_fixture.hpp"

using namespace facilitator::storage_test;
using facilitator::core::StorageFault;
using facilitator::testing::SmallDisk;
using facilitator::testing::TemporaryFolderIn;

namespace {

constexpr std::size_t kDiskBytes = 32u << 20;

/// Every acknowledged project can still be read, with the title it was given.
void check_all_there(Fixture& f, const std::vector<std::pair<ProjectId, std::string>>& acknowledged) {
  for (const auto& [id, title] : acknowledged) {
    INFO("project " << id);
    CHECK(f.project(id).title == title);
  }
}

/// Creates projects until the store refuses one; returns the refusal.
std::optional<DomainError> create_until_refused(Fixture& f,
                                                std::vector<std::pair<ProjectId, std::string>>& acknowledged,
                                                int at_most) {
  for (int i = 0; i < at_most; ++i) {
    std::string title = "Prosjekt " + std::to_string(acknowledged.size()) + std::string(180, 'x');
    try {
      acknowledged.emplace_back(f.create(title).project.id, title);
    } catch (const DomainError& e) {
      return e;
    }
  }
  return std::nullopt;
}

/// Makes a file immutable (read-only even for root) while it lives, or until end().
class Immutable {
 public:
  explicit Immutable(std::filesystem::path file)
      : file_(std::move(file)), made_(facilitator::testing::set_immutable(file_, true)) {}
  ~Immutable() { end(); }
  Immutable(const Immutable&) = delete;
  Immutable& operator=(const Immutable&) = delete;
  [[nodiscard]] bool made() const noexcept { return made_; }
  void end() {
    if (made_) facilitator::testing::set_immutable(file_, false);
    made_ = false;
  }

 private:
  std::filesystem::path file_;
  bool made_;
};

}  // namespace

TEST_CASE("Storage faults are told from a request's own mistakes", "[storage][faults][sqlite]") {
  using facilitator::core::storage::storage_fault_of;
  CHECK(storage_fault_of(soci::sqlite3_soci_error("database or disk is full", 13)) == StorageFault::full);
  CHECK(storage_fault_of(soci::sqlite3_soci_error("disk I/O error", 10 | (3 << 8))) == StorageFault::io_error);
  CHECK(storage_fault_of(soci::sqlite3_soci_error("attempt to write a readonly database", 8)) ==
        StorageFault::read_only);
  CHECK(storage_fault_of(soci::sqlite3_soci_error("database is locked", 5)) == StorageFault::locked);
  CHECK(storage_fault_of(soci::sqlite3_soci_error("database disk image is malformed", 11)) == StorageFault::corrupt);
  CHECK(storage_fault_of(soci::sqlite3_soci_error("unable to open database file", 14)) == StorageFault::unavailable);
  CHECK_FALSE(storage_fault_of(soci::sqlite3_soci_error("UNIQUE constraint failed: users.email", 19)));
  CHECK_FALSE(storage_fault_of(soci::sqlite3_soci_error("no such column: x", 1)));
  CHECK(storage_fault_of(soci::postgresql_soci_error("could not extend file", "53100")) == StorageFault::full);
  CHECK(storage_fault_of(soci::postgresql_soci_error("connection failure", "08006")) == StorageFault::unavailable);
  CHECK(storage_fault_of(soci::postgresql_soci_error("terminating connection", "57P01")) == StorageFault::unavailable);
  CHECK(storage_fault_of(soci::postgresql_soci_error("read-only transaction", "25006")) == StorageFault::read_only);
  CHECK(storage_fault_of(soci::postgresql_soci_error("deadlock detected", "40P01")) == StorageFault::locked);
  CHECK_FALSE(storage_fault_of(soci::postgresql_soci_error("duplicate key", "23505")));
  CHECK_FALSE(storage_fault_of(soci::postgresql_soci_error("syntax error", "42601")));
}

TEST_CASE("A disk the database fills answers unavailable; writes come back when space does, restart or not",
          "[storage][faults][sqlite]") {
  SmallDisk disk(kDiskBytes);
  if (!disk.permitted()) {
    WARN("Not run: mounting a small file system (tmpfs) needs root or CAP_SYS_ADMIN.");
    return;
  }
  std::optional<Fixture> fixture;
  {
    TemporaryFolderIn here(disk.folder());
    fixture.emplace(TestBackend::sqlite);
  }
  Fixture& f = *fixture;
  std::vector<std::pair<ProjectId, std::string>> acknowledged;
  acknowledged.emplace_back(f.create("Før disken ble full").project.id, "Før disken ble full");
  REQUIRE_FALSE(f.db().store().health());

  // Another file took nearly all the space; the database's own writes take the rest.
  disk.fill_leaving(256u << 10);
  std::optional<DomainError> refused = create_until_refused(f, acknowledged, 20000);
  REQUIRE(refused);
  CHECK(refused->code() == ErrorCode::unavailable);
  CHECK(f.db().store().health() == StorageFault::full);
  // Still full: refused the same way (a small write may still fit where a failed one left room),
  // and what is stored can be read.
  auto again = create_until_refused(f, acknowledged, 100);
  REQUIRE(again);
  CHECK(again->code() == ErrorCode::unavailable);
  check_all_there(f, acknowledged);

  // A restart on the full disk opens the database and serves what it has.
  f.restart();
  check_all_there(f, acknowledged);
  auto after_restart = create_until_refused(f, acknowledged, 100);
  REQUIRE(after_restart);
  CHECK(after_restart->code() == ErrorCode::unavailable);
  CHECK(f.db().store().health() == StorageFault::full);

  // The operator frees space: health sees it by itself, and writes succeed without a restart.
  disk.free_space();
  CHECK_FALSE(f.db().store().health());
  for (int i = 0; i < 20; ++i) {
    std::string title = "Etter at plassen kom tilbake " + std::to_string(i);
    acknowledged.emplace_back(f.create(title).project.id, title);
  }
  check_all_there(f, acknowledged);
  f.restart();
  check_all_there(f, acknowledged);
}

TEST_CASE("A database file that cannot be written answers unavailable until it can again",
          "[storage][faults][sqlite]") {
  Fixture f(TestBackend::sqlite);
  std::vector<std::pair<ProjectId, std::string>> acknowledged;
  acknowledged.emplace_back(f.create("Før filen ble skrivebeskyttet").project.id, "Før filen ble skrivebeskyttet");
  Immutable immutable(facilitator::testing::sqlite_file(f.db().url()));
  if (!immutable.made()) {
    WARN("Not run: making a file immutable (chattr +i) needs root or CAP_LINUX_IMMUTABLE on this file system.");
    return;
  }
  // Connections opened now can only read the file, as after a start on a read-only file.
  f.restart();
  check_all_there(f, acknowledged);
  auto refused = thrown<DomainError>([&] { f.create("Mens filen er skrivebeskyttet"); });
  REQUIRE(refused);
  CHECK(refused->code() == ErrorCode::unavailable);
  CHECK(f.db().store().health() == StorageFault::read_only);

  immutable.end();
  CHECK_FALSE(f.db().store().health());
  for (int i = 0; i < 10; ++i) {
    std::string title = "Skrivbar igjen " + std::to_string(i);
    acknowledged.emplace_back(f.create(title).project.id, title);
  }
  check_all_there(f, acknowledged);
}

TEST_CASE("A database another process holds past the busy timeout answers unavailable, then writes again",
          "[storage][faults][sqlite]") {
  Fixture f(TestBackend::sqlite);
  std::vector<std::pair<ProjectId, std::string>> acknowledged;
  acknowledged.emplace_back(f.create("Før låsen").project.id, "Før låsen");
  // The same file through a store that waits for no lock (timeout=0), so the test need not wait.
  auto store = facilitator::core::storage::open_store(f.db().url() + " timeout=0", 2);
  SteppingClock clock;
  facilitator::core::ProjectService impatient(*store, f.registry(), clock.clock());
  auto create = [&](const std::string& title) {
    facilitator::core::NewProject request{"establishment", {}};
    request.fields.title = title;
    return impatient.create(std::move(request), kAdviser).project.id;
  };

  soci::session other(soci::sqlite3, "db=" + facilitator::testing::sqlite_file(f.db().url()).string());
  other << "BEGIN EXCLUSIVE";
  auto refused = thrown<DomainError>([&] { create("Mens en annen prosess holder låsen"); });
  REQUIRE(refused);
  CHECK(refused->code() == ErrorCode::unavailable);
  CHECK(store->health() == StorageFault::locked);

  other << "ROLLBACK";
  CHECK_FALSE(store->health());
  acknowledged.emplace_back(create("Etter låsen"), "Etter låsen");
  check_all_there(f, acknowledged);
}

TEST_CASE("A transition in flight when its PostgreSQL connection is ended answers unavailable; the next succeeds",
          "[storage][faults][pg]") {
  Fixture f(TestBackend::postgresql);
  ProjectId id = f.project_in("screening");
  std::int64_t version = f.project(id).version;
  const std::string keywords = f.db().url().substr(std::string("postgresql://").size());
  std::string database = keywords.substr(keywords.find("dbname=") + 7);
  database = database.substr(0, database.find(' '));

  // Another session holds the project's row, so the transition waits on it until it is ended.
  soci::session holder(soci::postgresql, keywords);
  holder << "BEGIN";
  long long row = id;
  long long held = 0;
  holder << "SELECT id FROM projects WHERE id = :id FOR UPDATE", soci::use(row), soci::into(held);

  std::optional<DomainError> refused;
  std::exception_ptr other_error;
  TransitionCommand park = f.command(id, "park", "Koblingen til databasen brytes.");
  std::thread transition([&] {
    try {
      f.service().transition(park, kAdviser);
    } catch (const DomainError& e) {
      refused = e;
    } catch (...) {
      other_error = std::current_exception();
    }
  });
  const facilitator::testing::TerminatedWaiter waiter = facilitator::testing::terminate_lock_waiter(holder, database);
  transition.join();
  REQUIRE(waiter.pid != 0);
  CHECK(waiter.ended);
  if (other_error) std::rethrow_exception(other_error);  // reported by Catch2 with its text
  REQUIRE(refused);
  CHECK(refused->code() == ErrorCode::unavailable);

  CHECK_FALSE(f.db().store().health());
  CHECK(f.project(id).version == version);  // the ended transaction kept nothing
  TransitionResult result = f.move(id, "park", "Nytt forsøk etter brudd.");
  CHECK(result.event.to_state == "parked");
  Replay r = replay(f.all_events(id));
  CHECK(r.state == "parked");
  CHECK(r.version == version + 1);
  CHECK(r.seq_contiguous);
}

namespace {

/// While a fault lasts: a creation and the transition `park` are both refused as unavailable.
void check_writes_refused(Fixture& f, const std::string& title, const TransitionCommand& park) {
  auto refused = thrown<DomainError>([&] { f.create(title); });
  REQUIRE(refused);
  CHECK(refused->code() == ErrorCode::unavailable);
  auto transition_refused = thrown<DomainError>([&] { f.service().transition(park, kAdviser); });
  REQUIRE(transition_refused);
  CHECK(transition_refused->code() == ErrorCode::unavailable);
}

/// Once the fault has ended: health is clear, creations and the parking of project `id` (at
/// `version` before the fault) succeed without a restart, and everything acknowledged is there.
void check_writes_resume(Fixture& f, std::vector<std::pair<ProjectId, std::string>>& acknowledged, ProjectId id,
                         std::int64_t version, const std::string& after) {
  CHECK_FALSE(f.db().store().health());
  for (int i = 0; i < 10; ++i) {
    std::string title = after + " " + std::to_string(i);
    acknowledged.emplace_back(f.create(title).project.id, title);
  }
  CHECK(f.move(id, "park", "Parkert: " + after + ".").event.to_state == "parked");
  check_all_there(f, acknowledged);
  Replay r = replay(f.all_events(id));
  CHECK(r.state == "parked");
  CHECK(r.version == version + 1);
}

}  // namespace

TEST_CASE("Writes that fail with I/O errors answer unavailable; they succeed again when the disk does",
          "[storage][faults][sqlite]") {
  // Made before the store, so that every connection the store opens goes through it; ends after it.
  facilitator::testing::FailingVfs disk;
  Fixture f(TestBackend::sqlite);
  std::vector<std::pair<ProjectId, std::string>> acknowledged;
  acknowledged.emplace_back(f.create("Før diskfeilen").project.id, "Før diskfeilen");
  const ProjectId id = f.project_in("screening");
  const std::int64_t version = f.project(id).version;
  TransitionCommand park = f.command(id, "park", "Parkert mens disken feiler.");

  disk.set_failing(true);
  check_writes_refused(f, "Mens disken feiler", park);
  CHECK(disk.refused() > 0);
  CHECK(f.db().store().health() == StorageFault::io_error);
  check_all_there(f, acknowledged);  // reads go on
  CHECK(f.project(id).version == version);

  disk.set_failing(false);
  check_writes_resume(f, acknowledged, id, version, "Etter diskfeilen");
  f.restart();
  check_all_there(f, acknowledged);
}

namespace {

/// Stops or starts the PostgreSQL server of this test run (scripts/with-postgres); false when the
/// run has no such switch or it failed.
bool control_server(const char* what) {
  const char* control = std::getenv("FACILITATOR_TEST_PG_CONTROL");
  if (control == nullptr || *control == '\0') return false;
  std::string command = std::string("'") + control + "' " + what + " >/dev/null";
  return std::system(command.c_str()) == 0;
}

}  // namespace

TEST_CASE("A PostgreSQL server stopped under a running store answers unavailable; writes resume when it is back",
          "[storage][faults][pg_server]") {
  if (std::getenv("FACILITATOR_TEST_PG_CONTROL") == nullptr) {
    WARN("Not run: stopping the server needs scripts/with-postgres (FACILITATOR_TEST_PG_CONTROL).");
    return;
  }
  Fixture f(TestBackend::postgresql);
  std::vector<std::pair<ProjectId, std::string>> acknowledged;
  acknowledged.emplace_back(f.create("Før serveren stoppet").project.id, "Før serveren stoppet");
  const ProjectId id = f.project_in("screening");
  const std::int64_t version = f.project(id).version;
  TransitionCommand park = f.command(id, "park", "Parkert mens serveren er nede.");

  REQUIRE(control_server("stop"));
  struct StartAgain {  // the other tests need the server, whatever this one finds
    bool pending = true;
    ~StartAgain() {
      if (pending) control_server("start");
    }
  } start_again;
  check_writes_refused(f, "Mens serveren er stoppet", park);
  CHECK(f.db().store().health() == StorageFault::unavailable);

  start_again.pending = false;
  REQUIRE(control_server("start"));
  check_writes_resume(f, acknowledged, id, version, "Etter omstarten");
}
