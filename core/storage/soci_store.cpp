#include "core/storage/soci_store.hpp"

#include <soci/connection-pool.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <mutex>
#include <optional>
#include <type_traits>
#include <vector>

#include "core/domain/error.hpp"
#include "core/storage/migrations.hpp"
#include "core/storage/repositories.hpp"
#include "core/storage/storage_fault.hpp"

namespace facilitator::core::storage {

namespace {

/// The driver's text names hosts, ports, databases and SQL: it goes to the operator's log, and
/// the client learns only what kind of fault keeps the database from answering.
DomainError fault_error(StorageFault fault, const std::exception& e) {
  log_storage_fault(fault, e);
  return storage_fault_error(fault);
}

/// Why a connection could not be opened: what SQLite says of its file, or else no connection.
StorageFault fault_of_opening(const std::exception& e) {
  if (const auto* soci = dynamic_cast<const soci::soci_error*>(&e))
    if (auto kind = storage_fault_of(*soci)) return *kind;
  return StorageFault::unavailable;
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
  PooledStore(DatabaseUrl url, std::size_t pool_size)
      : url_(std::move(url)), pool_(pool_size), size_(pool_size), opened_in_(pool_size, 0) {
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
    // A write that committed is the proof that whatever kept writes from succeeding is over.
    clear_fault();
  }

  void read(const std::function<void(Transaction&)>& work) override {
    // One snapshot for the whole read (SQLite: a deferred read transaction in WAL mode).
    run(url_.backend == Backend::sqlite ? "BEGIN" : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", work);
  }

  void ping() override {
    Lease lease(*this);
    int one = 0;
    guarded(lease.sql(), [&] { lease.sql() << "SELECT 1", soci::into(one); });
  }

  std::optional<StorageFault> health() override {
    try {
      ping();
      if (recorded_fault()) probe_write();
    } catch (const DomainError&) {
      return recorded_fault().value_or(StorageFault::unavailable);
    }
    return recorded_fault();
  }

  [[nodiscard]] std::string_view backend() const noexcept override {
    return url_.backend == Backend::sqlite ? "sqlite" : "postgresql";
  }

  int migrate() override {
    Lease lease(*this);
    return guarded(lease.sql(), [&] { return apply_migrations(lease.sql(), url_.backend); });
  }

  int schema_version() override {
    Lease lease(*this);
    return guarded(lease.sql(), [&] { return storage::schema_version(lease.sql(), url_.backend); });
  }

  [[nodiscard]] const DatabaseUrl& url() const noexcept override { return url_; }

 private:
  /// A connection borrowed from the pool; reconnects one that the server dropped, and reopens one
  /// opened before the last storage fault of a SQLite file.
  class Lease {
   public:
    explicit Lease(PooledStore& store) : store_(store), position_(store.pool_.lease()) {
      soci::session& session = store_.pool_.at(position_);
      std::uint64_t generation = store_.generation_;
      if (store_.opened_in_[position_] != generation || !session.is_connected()) {
        try {
          session.close();
          open_connection(session, store_.url_);
          store_.opened_in_[position_] = generation;
        } catch (const std::exception& e) {
          store_.pool_.give_back(position_);
          throw store_.fault(e, fault_of_opening(e));
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

  /// `work` in one transaction on a leased connection, committed when it returns.
  void run(const char* begin, const std::function<void(Transaction&)>& work) {
    in_transaction(begin, [&](soci::session& sql) {
      SociTransaction tx(sql, url_.backend, url_.backend == Backend::sqlite ? &pending_ : nullptr);
      work(tx);
      sql << "COMMIT";
      tx.interval_notes().committed();
    });
  }

  /// `work` on a leased connection after `begin`; it commits, or what it did is rolled back.
  void in_transaction(const char* begin, const std::function<void(soci::session&)>& work) {
    Lease lease(*this);
    soci::session& sql = lease.sql();
    guarded(sql, [&] {
      sql << begin;
      try {
        work(sql);
      } catch (...) {
        // A failed COMMIT (a full disk, a lost connection) may leave the transaction open; left
        // so, the connection would refuse the next BEGIN and never recover.
        try {
          sql << "ROLLBACK";
        } catch (...) {  // a lost connection, or a transaction SQLite already ended, rolls back by itself
        }
        throw;
      }
    });
  }

  /// Runs `work`, turning a storage fault into DomainError(unavailable) and recording it for
  /// health(); any other error keeps its meaning.
  template <class Work>
  std::invoke_result_t<Work&> guarded(soci::session& sql, Work&& work) {
    try {
      return work();
    } catch (const soci::soci_error& e) {
      std::optional<StorageFault> kind = fault_kind(sql, e);
      if (!kind) throw;
      // SQLite: a connection keeps what it learnt of its file when it opened it (a file it could
      // only open read-only stays so after the file is writable again) and may keep what it met
      // (a transaction its ROLLBACK could not end). Every connection of the pool is opened anew
      // on its next lease, from the file as it is then.
      if (url_.backend == Backend::sqlite && *kind != StorageFault::locked) ++generation_;
      throw fault(e, *kind);
    }
  }

  std::optional<StorageFault> fault_kind(soci::session& sql, const soci::soci_error& e) {
    // A PostgreSQL error without a telling SQLSTATE on a connection that is gone (a server killed
    // or restarted under a statement) is a lost connection: the Lease reconnects it on its next use.
    if (auto kind = storage_fault_of(e)) return kind;
    if (url_.backend == Backend::postgresql && !still_connected(sql)) return StorageFault::unavailable;
    return std::nullopt;
  }

  DomainError fault(const std::exception& e, StorageFault kind) {
    {
      std::lock_guard<std::mutex> lock(fault_mutex_);
      fault_ = kind;
    }
    return fault_error(kind, e);
  }

  static bool still_connected(soci::session& sql) noexcept {
    try {
      return sql.is_connected();
    } catch (...) {
      return false;
    }
  }

  [[nodiscard]] bool sqlite_has_room() const {
    constexpr std::uintmax_t kWalBetweenCheckpoints = 1000 * 4096;  // wal_autocheckpoint pages of 4 KiB
    std::filesystem::path folder = std::filesystem::path(url_.sqlite_path).parent_path();
    std::error_code error;
    std::filesystem::space_info space = std::filesystem::space(folder.empty() ? "." : folder, error);
    return error || space.available >= kWalBetweenCheckpoints;
  }

  std::optional<StorageFault> recorded_fault() {
    std::lock_guard<std::mutex> lock(fault_mutex_);
    return fault_;
  }

  void clear_fault() {
    std::lock_guard<std::mutex> lock(fault_mutex_);
    fault_.reset();
  }

  /// A committed write that keeps nothing: the newest migration's row written over with itself.
  /// It takes the paths a real write takes (the write lock, a journal frame and its sync, the
  /// commit), so it fails while a write would and succeeds once writes can.
  void probe_write() {
    // A one-page write may still fit where a failed commit left room in the WAL: after a full
    // disk, SQLite's file system must also have room for the writes between two checkpoints.
    if (url_.backend == Backend::sqlite && recorded_fault() == StorageFault::full && !sqlite_has_room()) return;
    std::unique_lock<std::mutex> lock(write_mutex_, std::defer_lock);
    if (url_.backend == Backend::sqlite) lock.lock();
    in_transaction(url_.backend == Backend::sqlite ? "BEGIN IMMEDIATE" : "BEGIN", [](soci::session& sql) {
      sql << "UPDATE schema_migrations SET version = version "
             "WHERE version = (SELECT MAX(version) FROM schema_migrations)";
      sql << "COMMIT";
    });
    clear_fault();
  }

  DatabaseUrl url_;
  soci::connection_pool pool_;
  std::size_t size_;
  std::mutex write_mutex_;
  PendingIntervals pending_;                  // SQLite: the stage intervals this process's writes made lag
  std::atomic<std::uint64_t> generation_{0};  // SQLite: counts the storage faults of the file
  std::vector<std::uint64_t> opened_in_;      // per connection: the generation it was opened in; its lessee's
  std::mutex fault_mutex_;
  std::optional<StorageFault> fault_;  // the last storage fault, until a write commits again
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
    throw fault_error(fault_of_opening(e), e);
  }
}

}  // namespace facilitator::core::storage
