#include "core/storage/storage_fault.hpp"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <iostream>
#include <string>

#include <nlohmann/json.hpp>

namespace facilitator::core::storage {

namespace {

// SQLite's primary result codes (sqlite3.h); an extended code keeps its primary in the low byte.
constexpr int kSqliteBusy = 5;
constexpr int kSqliteLocked = 6;
constexpr int kSqliteNoMem = 7;
constexpr int kSqliteReadOnly = 8;
constexpr int kSqliteIoErr = 10;
constexpr int kSqliteCorrupt = 11;
constexpr int kSqliteFull = 13;
constexpr int kSqliteCantOpen = 14;
constexpr int kSqliteProtocol = 15;
constexpr int kSqliteNotADb = 26;

std::optional<StorageFault> sqlite_fault(int result) {
  switch (result & 0xff) {
    case kSqliteBusy:
    case kSqliteLocked:
    case kSqliteProtocol:  // a WAL lock race lost several times over: another process is busy
      return StorageFault::locked;
    case kSqliteFull:
    case kSqliteNoMem:
      return StorageFault::full;
    case kSqliteReadOnly:
      return StorageFault::read_only;
    case kSqliteIoErr:
      return StorageFault::io_error;
    case kSqliteCantOpen:
      return StorageFault::unavailable;
    case kSqliteCorrupt:
    case kSqliteNotADb:
      return StorageFault::corrupt;
    default:
      return std::nullopt;
  }
}

std::optional<StorageFault> postgresql_fault(const std::string& sqlstate) {
  auto in_class = [&](const char* prefix) { return sqlstate.rfind(prefix, 0) == 0; };
  if (in_class("08")) return StorageFault::unavailable;  // connection exception
  // admin_shutdown, crash_shutdown, cannot_connect_now: the server is stopping or starting
  if (sqlstate == "57P01" || sqlstate == "57P02" || sqlstate == "57P03") return StorageFault::unavailable;
  if (in_class("53")) return StorageFault::full;            // disk_full, out_of_memory, too_many_connections
  if (sqlstate == "25006") return StorageFault::read_only;  // a standby, or default_transaction_read_only
  if (in_class("58")) return StorageFault::io_error;        // system_error, io_error
  // serialization_failure, deadlock_detected, lock_not_available: contention, over by the next try
  if (sqlstate == "40001" || sqlstate == "40P01" || sqlstate == "55P03") return StorageFault::locked;
  if (sqlstate == "XX001" || sqlstate == "XX002") return StorageFault::corrupt;  // data or index corrupted
  return std::nullopt;
}

}  // namespace

std::optional<StorageFault> storage_fault_of(const soci::soci_error& e) {
  if (const auto* lite = dynamic_cast<const soci::sqlite3_soci_error*>(&e)) return sqlite_fault(lite->result());
  if (const auto* pg = dynamic_cast<const soci::postgresql_soci_error*>(&e)) return postgresql_fault(pg->sqlstate());
  return std::nullopt;
}

DomainError storage_fault_error(StorageFault fault) {
  const char* detail = "The database is not available right now. Try again shortly.";
  switch (fault) {
    case StorageFault::unavailable:
      break;
    case StorageFault::full:
      detail = "The database has no room to store changes right now. Try again later.";
      break;
    case StorageFault::read_only:
      detail = "The database does not accept changes right now. Try again later.";
      break;
    case StorageFault::io_error:
      detail = "The database could not read or write its storage. Try again shortly.";
      break;
    case StorageFault::locked:
      detail = "The database is busy with other work. Try again shortly.";
      break;
    case StorageFault::corrupt:
      detail = "The database cannot be read right now. Try again later.";
      break;
  }
  return DomainError(ErrorCode::unavailable, detail);
}

void log_storage_fault(StorageFault fault, const std::exception& e) noexcept {
  try {
    nlohmann::json line{
        {"level", "error"}, {"event", "storage_fault"}, {"fault", storage_fault_name(fault)}, {"error", e.what()}};
    std::cerr << line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
  } catch (...) {  // a log line that cannot be written must not turn a 503 into a crash
  }
}

}  // namespace facilitator::core::storage
