#pragma once

// A migrated SQLite database in a fresh temporary folder, for the fuzz targets that go through
// the storage: opened once per process and removed when the process exits.

#include <cstddef>
#include <memory>

#include "core/storage/soci_store.hpp"

namespace facilitator::fuzz {

/// The store on a new SQLite file (synchronous=off: a fuzzing run needs no durability) in a
/// mkdtemp folder under $TMPDIR (or /tmp). Throws on failure.
[[nodiscard]] std::unique_ptr<core::storage::SociStore> open_temporary_store(std::size_t pool_size);

}  // namespace facilitator::fuzz
