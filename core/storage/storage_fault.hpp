#pragma once

// Telling a fault of the storage (a full disk, a read-only file, an I/O error, a lock held past the
// busy timeout, a lost connection) from an error of the request, on both backends. A storage fault
// is answered 503 and ends by itself; anything else keeps its own meaning.

#include <soci/soci.h>

#include <optional>

#include "core/domain/error.hpp"
#include "core/service/store.hpp"

namespace facilitator::core::storage {

/// The storage fault that `e` reports, if it is one: SQLite's result code, PostgreSQL's SQLSTATE.
/// A PostgreSQL connection that died under a statement may say nothing telling: the caller asks
/// the session whether it is still connected (a round trip, so only when this says nothing).
[[nodiscard]] std::optional<StorageFault> storage_fault_of(const soci::soci_error& e);

/// The refusal a client gets for `fault`: unavailable (503), in words that name no host, file or SQL.
[[nodiscard]] DomainError storage_fault_error(StorageFault fault);

/// Writes the driver's text (hosts, files, SQL) to the operator's log as one JSON line.
void log_storage_fault(StorageFault fault, const std::exception& e) noexcept;

}  // namespace facilitator::core::storage
