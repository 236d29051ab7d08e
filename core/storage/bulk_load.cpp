#include "core/storage/bulk_load.hpp"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <regex>

#include "core/storage/database_url.hpp"

namespace facilitator::core::storage {

namespace {

constexpr std::string_view kRelaxedCommit = "-c synchronous_commit=off";

}  // namespace

std::string bulk_load_url(std::string_view text) {
  DatabaseUrl url = DatabaseUrl::parse(text);
  std::string result(text);
  if (url.backend == Backend::sqlite) {
    static const std::regex sync(R"((^|\s)synchronous=\S*)");
    if (std::regex_search(result, sync)) return std::regex_replace(result, sync, "$1synchronous=off");
    return result + " synchronous=off";
  }
  // A URL that already passes server options keeps them: merging two option lists is not worth
  // the surprise, and the load is then only slower.
  if (result.find("options=") != std::string::npos) return result;
  bool keywords = url.connect != result;  // "postgresql://host=... dbname=..." rather than a URI
  if (keywords) return result + " options='" + std::string(kRelaxedCommit) + "'";
  return result + (result.find('?') == std::string::npos ? "?" : "&") + "options=-c%20synchronous_commit%3Doff";
}

void finish_bulk_load(std::string_view text) {
  DatabaseUrl url = DatabaseUrl::parse(text);
  if (url.backend == Backend::sqlite) {
    soci::session sql(soci::sqlite3, url.connect);
    sql << "PRAGMA busy_timeout = " << url.busy_timeout_ms;
    switch (url.sqlite_sync) {
      case SqliteSync::full:
        sql << "PRAGMA synchronous = FULL";
        break;
      case SqliteSync::normal:
        sql << "PRAGMA synchronous = NORMAL";
        break;
      case SqliteSync::off:
        sql << "PRAGMA synchronous = OFF";
        break;
    }
    // Copies the WAL into the database file, syncs it and empties the WAL.
    int busy = 0, log_frames = 0, checkpointed = 0;
    sql << "PRAGMA wal_checkpoint(TRUNCATE)", soci::into(busy), soci::into(log_frames), soci::into(checkpointed);
    return;
  }
  // A commit that writes WAL (taking a transaction id does) waits, with the server's durable
  // setting, until the WAL is flushed up to it: that includes every earlier asynchronous commit.
  soci::session sql(soci::postgresql, url.connect);
  long long xid = 0;
  sql << "BEGIN";
  sql << "SELECT txid_current()", soci::into(xid);
  sql << "COMMIT";
}

}  // namespace facilitator::core::storage
