#include "core/storage/database_url.hpp"

#include <charconv>
#include <limits>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <vector>

namespace facilitator::core::storage {

namespace {

constexpr std::string_view kSqlitePrefix = "sqlite3://";
constexpr std::string_view kPostgresPrefix = "postgresql://";
constexpr int kMaxTimeoutSeconds = std::numeric_limits<int>::max() / 1000;

std::vector<std::string> words(std::string_view text) {
  std::istringstream in{std::string(text)};
  std::vector<std::string> result;
  for (std::string word; in >> word;) result.push_back(word);
  return result;
}

DatabaseUrl parse_sqlite(std::string_view rest) {
  DatabaseUrl url;
  url.backend = Backend::sqlite;
  for (const std::string& word : words(rest)) {
    auto eq = word.find('=');
    if (eq == std::string::npos)
      throw std::invalid_argument("expected key=value in the SQLite URL, got '" + word + "'");
    std::string key = word.substr(0, eq), value = word.substr(eq + 1);
    if (key == "db" || key == "dbname") {
      url.sqlite_path = value;
    } else if (key == "timeout") {
      int seconds = 0;
      auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
      if (ec != std::errc{} || ptr != value.data() + value.size() || seconds < 0)
        throw std::invalid_argument("timeout must be a whole number of seconds");
      // The busy timeout is an int of milliseconds (what SQLite takes): more seconds would overflow.
      if (seconds > kMaxTimeoutSeconds)
        throw std::invalid_argument("timeout must be at most " + std::to_string(kMaxTimeoutSeconds) + " seconds");
      url.busy_timeout_ms = seconds * 1000;
    } else if (key == "synchronous") {
      if (value == "full")
        url.sqlite_sync = SqliteSync::full;
      else if (value == "normal")
        url.sqlite_sync = SqliteSync::normal;
      else if (value == "off")
        url.sqlite_sync = SqliteSync::off;
      else
        throw std::invalid_argument("synchronous must be full, normal or off");
    } else {
      throw std::invalid_argument("unknown SQLite option '" + key + "' (known: db, timeout, synchronous)");
    }
  }
  if (url.sqlite_path.empty()) throw std::invalid_argument("the SQLite URL needs db=PATH");
  url.connect = "db=" + url.sqlite_path;
  return url;
}

}  // namespace

DatabaseUrl DatabaseUrl::parse(std::string_view text) {
  if (text.substr(0, kSqlitePrefix.size()) == kSqlitePrefix) return parse_sqlite(text.substr(kSqlitePrefix.size()));
  if (text.substr(0, kPostgresPrefix.size()) == kPostgresPrefix) {
    DatabaseUrl url;
    url.backend = Backend::postgresql;
    std::string_view rest = text.substr(kPostgresPrefix.size());
    // libpq takes "key=value ..." or a URI; "postgresql://host=..." is our keyword form.
    url.connect = rest.find('=') != std::string_view::npos && rest.find('@') == std::string_view::npos
                      ? std::string(rest)
                      : std::string(text);
    if (rest.empty()) throw std::invalid_argument("the PostgreSQL URL needs connection parameters");
    return url;
  }
  throw std::invalid_argument("a database URL starts with sqlite3:// or postgresql://, e.g. " +
                              std::string(kDefaultDatabaseUrl));
}

std::string DatabaseUrl::redacted() const {
  std::string text = backend == Backend::sqlite ? std::string(kSqlitePrefix) + connect : std::string(connect);
  text = std::regex_replace(text, std::regex(R"(password=\S+)"), "password=***");
  text = std::regex_replace(text, std::regex(R"(://([^:/@\s]+):[^@\s]+@)"), "://$1:***@");
  if (backend == Backend::postgresql && text.rfind(kPostgresPrefix, 0) != 0) text = std::string(kPostgresPrefix) + text;
  return text;
}

}  // namespace facilitator::core::storage
