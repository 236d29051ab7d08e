#include "test_database.hpp"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <regex>

#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>

namespace facilitator::testing {

namespace {

std::string admin_url() {
  const char* url = std::getenv("FACILITATOR_TEST_PG");
  if (url == nullptr || *url == '\0')
    FAIL(
        "FACILITATOR_TEST_PG is not set: run the suite with scripts/test, which starts PostgreSQL, "
        "or exclude the PostgreSQL tests with `ctest -LE pg`.");
  return url;
}

/// libpq keywords without the "postgresql://" prefix.
std::string keywords(const std::string& url) { return url.substr(std::string("postgresql://").size()); }

std::string unique_suffix() {
  static std::atomic<int> counter{0};
  static const unsigned seed = std::random_device{}();
  return std::to_string(getpid()) + "_" + std::to_string(seed % 100000) + "_" + std::to_string(++counter);
}

}  // namespace

TestDatabase::TestDatabase(TestBackend backend) : backend_(backend) {
  if (backend_ == TestBackend::sqlite) {
    path_ = (std::filesystem::temp_directory_path() / ("facilitator_test_" + unique_suffix())).string();
    std::filesystem::create_directories(path_);
    url_ = "sqlite3://db=" + path_ + "/test.db";
  } else {
    std::string admin = admin_url();
    database_name_ = "facilitator_test_" + unique_suffix();
    soci::session sql(soci::postgresql, keywords(admin));
    sql << "CREATE DATABASE " + database_name_;
    url_ = std::regex_replace(admin, std::regex(R"(dbname=\S+)"), "dbname=" + database_name_);
  }
}

TestDatabase::~TestDatabase() {
  store_.reset();
  try {
    if (backend_ == TestBackend::sqlite) {
      std::filesystem::remove_all(path_);
    } else {
      soci::session sql(soci::postgresql, keywords(admin_url()));
      sql << "DROP DATABASE IF EXISTS " + database_name_ + " WITH (FORCE)";
    }
  } catch (...) {  // a leftover temporary database must not fail the test that used it
  }
}

core::storage::SociStore& TestDatabase::store() {
  if (!store_) {
    store_ = core::storage::open_store(url_, 8);
    store_->migrate();
  }
  return *store_;
}

void TestDatabase::close_store() { store_.reset(); }

}  // namespace facilitator::testing
