#include "response_log.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <mutex>

#include <nlohmann/json.hpp>

namespace facilitator::testing {

namespace {

std::string header_of(const httplib::Headers& headers, const std::string& name) {
  auto it = headers.find(name);
  return it == headers.end() ? std::string() : it->second;
}

/// Writes all of `line` with as few write(2) calls as the kernel allows (one, on a regular file).
void append(const char* file, const std::string& line) {
  static std::mutex mutex;  // one line at a time from this process's threads
  std::lock_guard<std::mutex> lock(mutex);
  int fd = ::open(file, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return;  // a record we cannot keep must not fail the test that made it
  for (std::size_t written = 0; written < line.size();) {
    ssize_t n = ::write(fd, line.data() + written, line.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    written += static_cast<std::size_t>(n);
  }
  ::close(fd);
}

}  // namespace

void log_response(const LoggedRequest& request, int status, const httplib::Headers& headers, const std::string& body) {
  const char* file = std::getenv("FACILITATOR_RESPONSE_LOG");
  if (file == nullptr || *file == '\0' || status == 0) return;
  auto question = request.target.find('?');
  nlohmann::json record{
      {"method", request.method},
      {"path", request.target.substr(0, question)},
      {"query", question == std::string::npos ? "" : request.target.substr(question + 1)},
      {"status", status},
      {"content_type", header_of(headers, "Content-Type")},
      {"body", body},
  };
  if (request.raw) {
    record["raw"] = true;
    record["request_line"] = request.request_line;
  }
  // Bytes that are not UTF-8 (a test's deliberately broken path, say) become U+FFFD, so the
  // line stays JSON.
  append(file, record.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
}

LoggedRequest raw_request(const std::string& bytes) {
  LoggedRequest request;
  request.raw = true;
  request.request_line = bytes.substr(0, bytes.find('\n'));
  if (!request.request_line.empty() && request.request_line.back() == '\r') request.request_line.pop_back();
  auto space = request.request_line.find(' ');
  request.method = request.request_line.substr(0, space);
  if (space != std::string::npos) {
    auto end = request.request_line.find(' ', space + 1);
    request.target = request.request_line.substr(space + 1, end == std::string::npos ? end : end - space - 1);
  }
  return request;
}

}  // namespace facilitator::testing
