#pragma once

// Ends, from a test, the PostgreSQL session that waits on a row lock the test holds: what happens
// to a server whose database connection dies in the middle of a transaction.

#include <soci/soci.h>

#include <chrono>
#include <string>
#include <thread>

namespace facilitator::testing {

/// What terminate_lock_waiter found and did.
struct TerminatedWaiter {
  int pid = 0;         // the session that waited on the lock; 0 when none came within 30 s
  bool ended = false;  // whether PostgreSQL ended it (and waited for it to end)
};

/// Waits (up to 30 s) for a session of `database` to wait on a lock, ends it with
/// pg_terminate_backend (waiting until it has ended, PostgreSQL 14 and later), then rolls back the
/// transaction of `holder` that held the lock.
inline TerminatedWaiter terminate_lock_waiter(soci::session& holder, const std::string& database) {
  TerminatedWaiter result;
  for (int i = 0; i < 3000 && result.pid == 0; ++i) {
    holder << "SELECT COALESCE(MAX(pid), 0) FROM pg_stat_activity WHERE datname = :db AND wait_event_type = 'Lock'",
        soci::use(database), soci::into(result.pid);
    if (result.pid == 0) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  int ended = 0;
  if (result.pid != 0)
    holder << "SELECT CASE WHEN pg_terminate_backend(:pid, 10000) THEN 1 ELSE 0 END", soci::use(result.pid),
        soci::into(ended);
  holder << "ROLLBACK";
  result.ended = ended == 1;
  return result;
}

}  // namespace facilitator::testing
