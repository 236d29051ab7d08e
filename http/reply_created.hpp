#pragma once

// Creating requests and their Idempotency-Key, the same way for every route that creates
// something: the key and a hash of the request go to the service, which claims the key in the
// creating transaction and stores the answer there (core/service/idempotency.hpp); a retry gets
// the first answer, marked `Idempotent-Replayed: true`.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "core/service/idempotency.hpp"

namespace facilitator::http {

/// The Idempotency-Key header when there is one: 1 to 200 visible ASCII characters (400 otherwise).
[[nodiscard]] std::optional<std::string> idempotency_key(const httplib::Request& req);

/// What identifies a creating request besides its key: the method, the path and a hash of its
/// JSON body (as parsed, so that spacing does not make a retry another request).
[[nodiscard]] core::IdempotentRequest idempotent_request(const httplib::Request& req, std::string key,
                                                         const nlohmann::json& body);

/// A 201 answer: the body, the Location of what was created (when it can be read on its own), and
/// its ETag when it has a version.
[[nodiscard]] core::StoredAnswer created_answer(const nlohmann::json& body, const std::string& location,
                                                std::optional<std::int64_t> version = std::nullopt);

/// Sends an answer as it was stored.
void send_answer(httplib::Response& res, const core::StoredAnswer& answer);

/// Runs one creating request: `create(retry)` calls the service (with `retry` null when the
/// request has no Idempotency-Key), `answer` is the answer a created record gives (stored for
/// retries), and `live`, when given, the answer sent this once instead (with a secret that is
/// shown once and never stored).
template <class T>
void reply_created(const httplib::Request& req, httplib::Response& res, const nlohmann::json& body,
                   const std::function<T(const core::Retryable<T>*)>& create,
                   const std::function<core::StoredAnswer(const T&)>& answer,
                   const std::function<core::StoredAnswer(const T&)>& live = nullptr) {
  std::optional<core::Retryable<T>> retry;
  if (auto key = idempotency_key(req)) retry = core::Retryable<T>{idempotent_request(req, *key, body), answer};
  try {
    T created = create(retry ? &*retry : nullptr);
    send_answer(res, live ? live(created) : answer(created));
  } catch (const core::IdempotentReplay& replay) {
    send_answer(res, replay.answer());
    res.set_header("Idempotent-Replayed", "true");
  }
}

}  // namespace facilitator::http
