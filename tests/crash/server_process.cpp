#include "server_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <httplib.h>

extern char** environ;

namespace facilitator::crash {

namespace {

using Clock = std::chrono::steady_clock;

// A server built with sanitizers on a machine shared with compilers can take long to start.
constexpr std::chrono::seconds kStartTimeout{120};

std::string describe(int status) {
  if (WIFEXITED(status)) return "exit code " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status)) return "signal " + std::to_string(WTERMSIG(status));
  return "status " + std::to_string(status);
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string tail(const std::string& text, std::size_t bytes = 2000) {
  return text.size() <= bytes ? text : "..." + text.substr(text.size() - bytes);
}

/// Spawns BINARY ARGS with standard input from STDIN_FD (or /dev/null when -1) and standard
/// output and error appended to LOG.
pid_t spawn(const std::string& binary, const std::vector<std::string>& args, int stdin_fd, int close_fd,
            const std::string& log) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  if (stdin_fd >= 0)
    posix_spawn_file_actions_adddup2(&actions, stdin_fd, STDIN_FILENO);
  else
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  if (close_fd >= 0) posix_spawn_file_actions_addclose(&actions, close_fd);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);

  std::vector<std::string> all{binary};
  all.insert(all.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : all) argv.push_back(a.data());
  argv.push_back(nullptr);

  pid_t pid = -1;
  int error = posix_spawn(&pid, binary.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (error != 0) throw std::runtime_error("cannot start " + binary + ": " + std::strerror(error));
  return pid;
}

int wait_for(pid_t pid) {
  int status = 0;
  while (waitpid(pid, &status, 0) < 0)
    if (errno != EINTR) throw std::runtime_error(std::string("waitpid: ") + std::strerror(errno));
  return status;
}

}  // namespace

int run_command(const std::string& binary, const std::vector<std::string>& args, const std::string& input,
                const std::string& log) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
  pid_t pid = -1;
  try {
    pid = spawn(binary, args, fds[0], fds[1], log);
  } catch (...) {
    close(fds[0]);
    close(fds[1]);
    throw;
  }
  close(fds[0]);
  // Short input fits in the pipe's buffer; the child reads it when it is ready.
  ssize_t written = write(fds[1], input.data(), input.size());
  close(fds[1]);
  int status = wait_for(pid);
  if (written != static_cast<ssize_t>(input.size())) throw std::runtime_error("cannot write to " + binary);
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  return 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

ServerProcess::ServerProcess(const std::string& binary, const std::string& url, int threads, const std::string& log)
    : log_(log) {
  pid_ = spawn(binary, {"serve", "--db", url, "--listen", "127.0.0.1:0", "--threads", std::to_string(threads)}, -1, -1,
               log);
  const auto deadline = Clock::now() + kStartTimeout;
  // Port 0: the server binds a free port and names it in its log, so no port can be taken by
  // someone else between choosing it and binding it.
  static const std::regex listening(R"(listening on http://127\.0\.0\.1:(\d+)/)");
  while (port_ == 0) {
    std::smatch match;
    std::string text = read_file(log_);
    if (std::regex_search(text, match, listening)) {
      port_ = std::stoi(match[1].str());
      break;
    }
    if (!ended().empty()) throw std::runtime_error("the server ended (" + ended_ + ") while starting:\n" + tail(text));
    if (Clock::now() > deadline) throw std::runtime_error("the server did not listen within 120 s:\n" + tail(text));
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  httplib::Client client("127.0.0.1", port_);
  client.set_connection_timeout(std::chrono::seconds(2));
  while (true) {
    auto res = client.Get("/health");
    if (res && res->status == 200) return;
    if (!ended().empty())
      throw std::runtime_error("the server ended (" + ended_ + ") while starting:\n" + tail(read_file(log_)));
    if (Clock::now() > deadline)
      throw std::runtime_error("/health did not answer 200 within 120 s" +
                               (res ? ": HTTP " + std::to_string(res->status) + " " + res->body : std::string()));
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

ServerProcess::~ServerProcess() {
  if (ended().empty()) kill_hard();
}

std::string ServerProcess::ended() {
  if (!ended_.empty() || pid_ < 0) return ended_;
  int status = 0;
  if (waitpid(pid_, &status, WNOHANG) == pid_) ended_ = describe(status);
  return ended_;
}

void ServerProcess::kill_hard() {
  if (!ended().empty()) return;
  ::kill(pid_, SIGKILL);
  ended_ = describe(wait_for(pid_));
}

std::string ServerProcess::stop(std::chrono::seconds timeout) {
  if (!ended().empty()) return ended_;
  ::kill(pid_, SIGTERM);
  const auto deadline = Clock::now() + timeout;
  while (ended().empty()) {
    if (Clock::now() > deadline) {
      kill_hard();
      return "did not stop within " + std::to_string(timeout.count()) + " s of SIGTERM";
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return ended_;
}

}  // namespace facilitator::crash
