#include "core/storage/idempotency_repository.hpp"

#include <nlohmann/json.hpp>

#include "core/storage/fetch.hpp"

namespace facilitator::core::storage {

namespace {

struct KeyRow {
  std::string actor, key, method, path, request_hash, headers, body;
  int status = 0;
  long long created_at = 0;

  template <class Prepared>
  void bind_into(Prepared& p) {
    p, soci::into(actor), soci::into(key), soci::into(method), soci::into(path), soci::into(request_hash),
        soci::into(status), soci::into(headers), soci::into(body), soci::into(created_at);
  }

  [[nodiscard]] IdempotencyRecord to_record() const {
    IdempotencyRecord record{actor, {key, method, path, request_hash}, {status, body, {}}, from_millis(created_at)};
    const nlohmann::json stored = nlohmann::json::parse(headers);  // outlives the loop over its items
    for (const auto& [name, value] : stored.items()) record.answer.headers.emplace_back(name, value.get<std::string>());
    return record;
  }
};

std::string headers_text(const StoredAnswer& answer) {
  nlohmann::json headers = nlohmann::json::object();
  for (const auto& [name, value] : answer.headers) headers[name] = value;
  return headers.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

std::optional<IdempotencyRecord> SociIdempotencyRepository::claim(const IdempotencyRecord& record,
                                                                  Timestamp expired_before) {
  const std::string& actor = record.actor;
  const std::string& key = record.request.key;
  long long before = to_millis(expired_before);
  sql_ << "DELETE FROM idempotency_keys WHERE actor = :actor AND idempotency_key = :key AND created_at < :before",
      soci::use(actor), soci::use(key), soci::use(before);

  // Insert first: the primary key is the lock. A transaction inserting the same pair makes this
  // insert wait (PostgreSQL) until it ends; then the insert does nothing and the SELECT below,
  // a new statement under READ COMMITTED, sees the committed row. On SQLite writers take turns.
  long long created_at = to_millis(record.created_at);
  const std::string empty_headers = "{}";
  const std::string empty_body;
  int pending = 0;
  soci::statement insert =
      (sql_.prepare << "INSERT INTO idempotency_keys (actor, idempotency_key, method, path, request_hash, status, "
                       "response_headers, response_body, created_at) VALUES (:actor, :key, :method, :path, :hash, "
                       ":status, :headers, :body, :created_at) ON CONFLICT (actor, idempotency_key) DO NOTHING",
       soci::use(actor), soci::use(key), soci::use(record.request.method), soci::use(record.request.path),
       soci::use(record.request.request_hash), soci::use(pending), soci::use(empty_headers), soci::use(empty_body),
       soci::use(created_at));
  insert.execute(true);
  if (insert.get_affected_rows() == 1) return std::nullopt;

  return fetch_one<KeyRow>(
      sql_,
      "SELECT actor, idempotency_key, method, path, request_hash, status, response_headers, response_body, created_at "
      "FROM idempotency_keys WHERE actor = :actor AND idempotency_key = :key",
      [](const KeyRow& row) { return row.to_record(); }, actor, key);
}

void SociIdempotencyRepository::answer(const std::string& actor, const std::string& key, const StoredAnswer& answer) {
  std::string headers = headers_text(answer);
  sql_ << "UPDATE idempotency_keys SET status = :status, response_headers = :headers, response_body = :body "
          "WHERE actor = :actor AND idempotency_key = :key",
      soci::use(answer.status), soci::use(headers), soci::use(answer.body), soci::use(actor), soci::use(key);
}

std::int64_t SociIdempotencyRepository::remove_expired(Timestamp before) {
  long long at = to_millis(before);
  soci::statement remove = (sql_.prepare << "DELETE FROM idempotency_keys WHERE created_at < :before", soci::use(at));
  remove.execute(true);
  return remove.get_affected_rows();
}

}  // namespace facilitator::core::storage
