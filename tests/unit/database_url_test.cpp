#include <catch2/catch.hpp>

#include <stdexcept>

#include "core/storage/database_url.hpp"

using facilitator::core::storage::DatabaseUrl;

TEST_CASE("A SQLite URL's timeout is kept in milliseconds", "[storage][database_url]") {
  CHECK(DatabaseUrl::parse("sqlite3://db=x.db timeout=30").busy_timeout_ms == 30000);
  CHECK(DatabaseUrl::parse("sqlite3://db=x.db timeout=2147483").busy_timeout_ms == 2147483000);
}

// Found by fuzz_database_url: seconds * 1000 overflowed an int (undefined behaviour) and
// could come out as a negative or arbitrary busy timeout.
TEST_CASE("A SQLite timeout too long to hold in milliseconds is refused", "[storage][database_url]") {
  CHECK_THROWS_AS(DatabaseUrl::parse("sqlite3://db=x.db timeout=2147484"), std::invalid_argument);
  CHECK_THROWS_AS(DatabaseUrl::parse("sqlite3://db=x.db timeout=99999999"), std::invalid_argument);
  CHECK_THROWS_AS(DatabaseUrl::parse("sqlite3://db=x.db timeout=9999999999"), std::invalid_argument);
}
