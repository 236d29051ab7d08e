#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "core/service/store.hpp"
#include "core/storage/database_url.hpp"

namespace facilitator::core::storage {

/// A Store on SQLite or PostgreSQL through a SOCI connection pool.
class SociStore : public Store {
 public:
  ~SociStore() override = default;

  /// Brings the schema up to date; returns how many migrations were applied.
  virtual int migrate() = 0;
  /// The highest migration applied.
  [[nodiscard]] virtual int schema_version() = 0;
  /// The highest migration this build knows.
  [[nodiscard]] static int latest_schema_version();
  [[nodiscard]] virtual const DatabaseUrl& url() const noexcept = 0;
};

/// Opens `pool_size` connections. Throws DomainError(unavailable) when the database cannot be
/// reached and std::invalid_argument when the URL is malformed. Creates the folder of a new
/// SQLite file.
[[nodiscard]] std::unique_ptr<SociStore> open_store(const std::string& url, std::size_t pool_size = 4);

}  // namespace facilitator::core::storage
