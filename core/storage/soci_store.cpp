#include "core/storage/soci_store.hpp"

#include <soci/connection-pool.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <filesystem>
#include <iostream>
#include <mutex>

#include <nlohmann/json.hpp>

#include "core/domain/error.hpp"
#include "core/storage/migrations.hpp"
#include "core/storage/repositories.hpp"

namespace facilitator::core::storage {

namespace {

/// The driver's text names hosts, ports, databases and SQL: it goes to the operator's log, and
/// the client learns only that the database did not answer.
DomainError unavailable(const std::exception& e) {
  nlohmann::json line{{"level", "error"}, {"event", "database_unavailable"}, {"error", e.what()}};
  std::cerr << line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
  return DomainError(ErrorCode::unavailable, "The database is not available right now. Try again shortly.");
}

std::string_view sync_pragma(SqliteSync sync) {
  switch (sync) {
    case SqliteSync::full:
      return "FULL";
    case SqliteSync::normal:
      return "NORMAL";
    case SqliteSync::off:
      return "OFF";
  }
  return "FULL";
}

/// Connection settings every SQLite connection needs; they are per connection, not per file.
void configure_sqlite(soci::session& sql, const DatabaseUrl& url) {
  sql << "PRAGMA busy_timeout = " << url.busy_timeout_ms;  // other processes (an import) may hold the lock
  sql << "PRAGMA journal_mode = WAL";                      // readers never wait for the writer
  sql << "PRAGMA synchronous = " << sync_pragma(url.sqlite_sync);
  sql << "PRAGMA foreign_keys = ON";
  // Reads (reports scan index ranges of hundreds of thousands of rows) go through the operating
  // system's page cache, shared by every connection, instead of a read() call per page into each
  // connection's own 2 MB cache. Address space only; pages are loaded as they are touched.
  sql << "PRAGMA mmap_size = 1073741824";
}

void open_connection(soci::session& sql, const DatabaseUrl& url) {
  if (url.backend == Backend::sqlite) {
    sql.open(soci::sqlite3, url.connect);
    configure_sqlite(sql, url);
  } else {
    sql.open(soci::postgresql, url.connect);
    sql << "SET TIME ZONE 'UTC'";
  }
}

class PooledStore final : public SociStore {
 public:
  PooledStore(DatabaseUrl url, std::size_t pool_size) : url_(std::move(url)), pool_(pool_size), size_(pool_size) {
    for (std::size_t i = 0; i < size_; ++i) open_connection(pool_.at(i), url_);
  }

  void write(const std::function<void(Transaction&)>& work) override {
    // One writer at a time per process on SQLite: waiting on a mutex is cheaper and fairer than
    // SQLite's busy-retry loop, and it is where a group commit would gather its batch.
    std::unique_lock<std::mutex> lock(write_mutex_, std::defer_lock);
    if (url_.backend == Backend::sqlite) lock.lock();
    // PostgreSQL: stated, not left to the server's default, because the writes rely on it (each
    // statement sees what committed before it: a row locked by find_for_update is read again as
    // it is now, and the reports' catch-up reads the backlog after waiting for another one).
    run(url_.backend == Backend::sqlite ? "BEGIN IMMEDIATE" : "BEGIN ISOLATION LEVEL READ COMMITTED", work);
  }

  void read(const std::function<void(Transaction&)>& work) override {
    // One snapshot for the whole read (SQLite: a deferred read transaction in WAL mode).
    run(url_.backend == Backend::sqlite ? "BEGIN" : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", work);
  }

  void ping() override {
    try {
      Lease lease(*this);
      int one = 0;
      lease.sql() << "SELECT 1", soci::into(one);
    } catch (const DomainError&) {
      throw;
    } catch (const std::exception& e) {
      throw unavailable(e);
    }
  }

  [[nodiscard]] std::string_view backend() const noexcept override {
    return url_.backend == Backend::sqlite ? "sqlite" : "postgresql";
  }

  int migrate() override {
    Lease lease(*this);
    return apply_migrations(lease.sql(), url_.backend);
  }

  int schema_version() override {
    Lease lease(*this);
    return storage::schema_version(lease.sql(), url_.backend);
  }

  [[nodiscard]] const DatabaseUrl& url() const noexcept override { return url_; }

 private:
  /// A connection borrowed from the pool; reconnects one that the server dropped.
  class Lease {
   public:
    explicit Lease(PooledStore& store) : store_(store), position_(store.pool_.lease()) {
      soci::session& session = store_.pool_.at(position_);
      if (!session.is_connected()) {
        try {
          session.close();
          open_connection(session, store_.url_);
        } catch (const std::exception& e) {
          store_.pool_.give_back(position_);
          throw unavailable(e);
        }
      }
    }
    ~Lease() { store_.pool_.give_back(position_); }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    soci::session& sql() { return store_.pool_.at(position_); }

   private:
    PooledStore& store_;
    std::size_t position_;
  };

  void run(const char* begin, const std::function<void(Transaction&)>& work) {
    Lease lease(*this);
    soci::session& sql = lease.sql();
    try {
      sql << begin;
    } catch (const std::exception& e) {
      throw unavailable(e);
    }
    try {
      SociTransaction tx(sql, url_.backend, url_.backend == Backend::sqlite ? &pending_ : nullptr);
      work(tx);
      sql << "COMMIT";
      tx.interval_notes().committed();
    } catch (...) {
      try {
        sql << "ROLLBACK";
      } catch (...) {  // a lost connection rolls back by itself
      }
      throw;
    }
  }

  DatabaseUrl url_;
  soci::connection_pool pool_;
  std::size_t size_;
  std::mutex write_mutex_;
  PendingIntervals pending_;  // SQLite: the stage intervals this process's writes made lag
};

}  // namespace

int SociStore::latest_schema_version() { return migrations().back().version; }

std::unique_ptr<SociStore> open_store(const std::string& text, std::size_t pool_size) {
  DatabaseUrl url = DatabaseUrl::parse(text);
  if (url.backend == Backend::sqlite) {
    std::filesystem::path folder = std::filesystem::path(url.sqlite_path).parent_path();
    if (!folder.empty()) std::filesystem::create_directories(folder);
  }
  try {
    return std::make_unique<PooledStore>(std::move(url), pool_size == 0 ? 1 : pool_size);
  } catch (const DomainError&) {
    throw;
  } catch (const std::exception& e) {
    throw unavailable(e);
  }
}

}  // namespace facilitator::core::storage
