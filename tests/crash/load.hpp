#pragma once

// The work that is under way when the server is killed: N clients, each with its own keep-alive
// connection, creating projects and moving them through the establishment workflow (updates,
// transitions with Idempotency-Key, notes), and now and then parking or resuming one project
// that all of them contend for. Every answer goes to the ledger.

#include <atomic>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

#include "api.hpp"
#include "ledger.hpp"

namespace facilitator::crash {

struct LoadOptions {
  int clients = 4;
  int round = 1;
  std::uint64_t seed = 1;
  std::string tag;      // unique per run: every title, note and marker starts with it
  std::string adviser;  // the logged-in adviser's email, assigned to the projects
};

class Load {
 public:
  /// Starts the clients; CONTENDED is the project they all park and resume.
  Load(const Session& session, Ledger& ledger, LoadOptions options, std::int64_t contended);
  ~Load();
  Load(const Load&) = delete;
  Load& operator=(const Load&) = delete;

  /// Tells the clients to stop after their current request and waits for them.
  void stop();

 private:
  std::atomic<bool> stopping_{false};
  std::vector<std::thread> threads_;
};

}  // namespace facilitator::crash
