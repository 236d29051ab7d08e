#pragma once

// The server under test as a child process: `facilitator serve` started from the built binary,
// killed with SIGKILL in the middle of its work, and started again on the same database.

#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

namespace facilitator::crash {

/// Runs BINARY ARGS... with INPUT on its standard input and its output appended to LOG;
/// returns its exit code (128 + the signal if a signal ended it).
int run_command(const std::string& binary, const std::vector<std::string>& args, const std::string& input,
                const std::string& log);

class ServerProcess {
 public:
  /// Starts `BINARY serve --db URL --listen 127.0.0.1:0 --threads N`, output to LOG, and waits
  /// until it listens (the port it chose is read from its log) and /health answers 200.
  ServerProcess(const std::string& binary, const std::string& url, int threads, const std::string& log);
  ~ServerProcess();  // kills the process if it still runs
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  [[nodiscard]] int port() const noexcept { return port_; }
  [[nodiscard]] const std::string& log() const noexcept { return log_; }
  /// Empty while the process runs; otherwise how it ended ("exit code 1", "signal 6").
  [[nodiscard]] std::string ended();
  /// SIGKILL, as a power cut or the OOM killer would end it, and reaps it.
  void kill_hard();
  /// SIGTERM and wait up to TIMEOUT; returns how it ended ("exit code 0" when all went well).
  std::string stop(std::chrono::seconds timeout);

 private:
  pid_t pid_ = -1;
  int port_ = 0;
  std::string log_;
  std::string ended_;
};

}  // namespace facilitator::crash
