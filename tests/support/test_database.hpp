#pragma once

// A fresh, migrated database per test, on SQLite (a temporary file) or on the PostgreSQL server
// named by FACILITATOR_TEST_PG (a new database created and dropped per test). `scripts/test`
// starts that server; without it the PostgreSQL tests fail rather than pass silently.

#include <catch2/catch.hpp>

#include <memory>
#include <string>

#include "core/storage/soci_store.hpp"

namespace facilitator::testing {

enum class TestBackend { sqlite, postgresql };

class TestDatabase {
 public:
  explicit TestDatabase(TestBackend backend);
  ~TestDatabase();
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  [[nodiscard]] TestBackend backend() const noexcept { return backend_; }
  [[nodiscard]] const std::string& url() const noexcept { return url_; }
  /// The store on this database (opened and migrated on first use).
  core::storage::SociStore& store();
  /// Closes the store's connections, e.g. to simulate a restart; store() opens it again.
  void close_store();

 private:
  TestBackend backend_;
  std::string url_;
  std::string path_;           // SQLite: the temporary folder
  std::string database_name_;  // PostgreSQL: the database to drop
  std::unique_ptr<core::storage::SociStore> store_;
};

}  // namespace facilitator::testing

#define FACILITATOR_CAT2(a, b) a##b
#define FACILITATOR_CAT(a, b) FACILITATOR_CAT2(a, b)

/// A test that runs once on SQLite and once on PostgreSQL, as two test cases tagged [sqlite] and
/// [pg]. The body sees `backend` (a TestBackend).
#define BACKEND_TEST_CASE(name, tags)                                                              \
  static void FACILITATOR_CAT(backend_test_, __LINE__)(facilitator::testing::TestBackend backend); \
  TEST_CASE(name " (SQLite)", tags "[sqlite]") {                                                   \
    FACILITATOR_CAT(backend_test_, __LINE__)(facilitator::testing::TestBackend::sqlite);           \
  }                                                                                                \
  TEST_CASE(name " (PostgreSQL)", tags "[pg]") {                                                   \
    FACILITATOR_CAT(backend_test_, __LINE__)(facilitator::testing::TestBackend::postgresql);       \
  }                                                                                                \
  static void FACILITATOR_CAT(backend_test_, __LINE__)([[maybe_unused]] facilitator::testing::TestBackend backend)
