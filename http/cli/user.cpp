// `facilitator user add|list|disable|enable`: accounts from the operator's shell, acting as the
// system (so the first admin can be made before anyone can log in).
// Exit codes: 0 success, 1 refused (invalid input, email taken, no such user), 2 usage or I/O.

#include <termios.h>
#include <unistd.h>

#include <iomanip>
#include <iostream>
#include <memory>
#include <string>

#include "core/account/login_throttle.hpp"
#include "core/account/password.hpp"
#include "core/account/secret.hpp"
#include "core/domain/error.hpp"
#include "core/service/account_service.hpp"
#include "core/storage/soci_store.hpp"
#include "http/cli/commands.hpp"

namespace facilitator::cli {

namespace {

constexpr int kRefused = 1;
constexpr int kUsageOrIo = 2;
constexpr std::size_t kGeneratedPasswordBytes = 15;  // 20 characters of base64url, 120 bits
const core::Actor kSystem{"system", core::Role::system, std::nullopt};
const char* const kAddress = "command line";

struct UserOptions {
  DatabaseOption database;
  std::string email;
  std::string role;
  std::string name;
  bool generate_password = false;
};

[[noreturn]] void fail(const std::string& command, const std::string& message, int code = kUsageOrIo) {
  std::cerr << "facilitator user " << command << ": " << message << '\n';
  throw CLI::RuntimeError(code);
}

[[noreturn]] void refused(const std::string& command, const core::DomainError& e) {
  std::cerr << "facilitator user " << command << ": " << e.what() << '\n';
  for (const auto& f : e.errors()) std::cerr << "  " << f.field << ": " << f.message << '\n';
  throw CLI::RuntimeError(e.code() == core::ErrorCode::unavailable ? kUsageOrIo : kRefused);
}

/// One line from standard input without its line ending; false at end of input.
bool read_line(std::string& line) {
  if (!std::getline(std::cin, line)) return false;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return true;
}

/// Reads a line from the terminal with echo off, so the password is not shown on screen.
bool read_hidden(const std::string& prompt, std::string& line) {
  std::cerr << prompt << std::flush;
  termios saved{};
  bool restore = tcgetattr(STDIN_FILENO, &saved) == 0;
  if (restore) {
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
  }
  bool ok = read_line(line);
  if (restore) tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
  std::cerr << '\n';
  return ok;
}

/// The new user's password: asked twice on a terminal, else the first line of standard input.
std::string read_password(const std::string& email) {
  std::string password;
  if (isatty(STDIN_FILENO) != 0) {
    if (!read_hidden("Password for " + email + ": ", password)) fail("add", "no password given");
    if (std::string problem = core::password_problem(password); !problem.empty())
      fail("add", "the password must have " + problem, kRefused);
    std::string again;
    if (!read_hidden("Repeat the password: ", again) || again != password)
      fail("add", "the two passwords differ; nothing was written", kRefused);
    return password;
  }
  if (!read_line(password))
    fail("add", "no password on standard input: pipe one line to the command, or use --generate-password");
  return password;
}

std::unique_ptr<core::storage::SociStore> open(const std::string& command, const DatabaseOption& database) {
  try {
    auto store = core::storage::open_store(database.url, 1);
    store->migrate();
    return store;
  } catch (const std::exception& e) {
    fail(command, e.what());
  }
}

/// The account service with the settings a server would have; the CLI logs nobody in.
struct Accounts {
  explicit Accounts(core::Store& store) : service(store, core::system_clock(), hasher, throttle) {}
  core::PasswordHasher hasher;
  core::LoginThrottle throttle;
  core::AccountService service;
};

void run_add(const UserOptions& options) {
  auto role = core::parse_role(options.role);
  if (!role || *role == core::Role::system)
    fail("add", "--role must be one of admin, adviser, management, entrepreneur");
  core::NewUser request;
  request.email = options.email;
  request.name = options.name;
  request.role = *role;
  const std::string password =
      options.generate_password ? core::random_secret(kGeneratedPasswordBytes) : read_password(options.email);
  request.password = password;
  auto store = open("add", options.database);
  Accounts accounts(*store);
  core::User user;
  try {
    user = accounts.service.add_user(std::move(request), kSystem, kAddress);
  } catch (const core::DomainError& e) {
    refused("add", e);
  }
  std::cout << "Added " << user.email << " (" << core::to_string(user.role) << ", user " << user.id << ").\n";
  if (options.generate_password)
    std::cout << "Password, shown only this once: " << password
              << "\nHand it over in person or by another channel than email; it can be changed after logging in.\n";
}

void run_list(const UserOptions& options) {
  auto store = open("list", options.database);
  Accounts accounts(*store);
  std::vector<core::User> users;
  try {
    users = accounts.service.list_users(kSystem);
  } catch (const core::DomainError& e) {
    refused("list", e);
  }
  if (users.empty()) {
    std::cout << "No users yet. Add the first admin with: facilitator user add --email EMAIL --role admin\n";
    return;
  }
  std::size_t email_width = 5;
  for (const auto& u : users) email_width = std::max(email_width, u.email.size());
  std::cout << std::left << std::setw(6) << "ID" << std::setw(static_cast<int>(email_width + 2)) << "EMAIL"
            << std::setw(14) << "ROLE" << std::setw(10) << "STATUS" << std::setw(26) << "LAST LOGIN"
            << "NAME\n";
  for (const auto& u : users)
    std::cout << std::left << std::setw(6) << u.id << std::setw(static_cast<int>(email_width + 2)) << u.email
              << std::setw(14) << core::to_string(u.role) << std::setw(10) << (u.disabled ? "disabled" : "active")
              << std::setw(26) << (u.last_login_at ? core::format_rfc3339(*u.last_login_at) : std::string("never"))
              << u.name << '\n';
}

void run_set_disabled(const UserOptions& options, bool disabled) {
  const std::string command = disabled ? "disable" : "enable";
  auto store = open(command, options.database);
  Accounts accounts(*store);
  try {
    core::User user = accounts.service.find_user_by_email(options.email, kSystem);
    if (user.disabled == disabled) {
      std::cout << user.email << " is already " << (disabled ? "disabled" : "enabled") << ".\n";
      return;
    }
    core::UserChanges changes;
    changes.disabled = disabled;
    accounts.service.update_user(user.id, user.version, changes, kSystem, kAddress);
    std::cout << (disabled ? "Disabled " : "Enabled ") << user.email
              << (disabled ? "; their sessions have ended.\n" : ".\n");
  } catch (const core::DomainError& e) {
    refused(command, e);
  }
}

}  // namespace

void add_user_command(CLI::App& app) {
  CLI::App* user = app.add_subcommand(
      "user", "Manage user accounts: add, list, disable, enable (exit code 1 when refused, 2 on usage or I/O errors)");
  user->require_subcommand(1);
  auto options = std::make_shared<UserOptions>();

  CLI::App* add = user->add_subcommand(
      "add",
      "Add a user. The password is read from standard input (asked twice, hidden, on a terminal), or generated "
      "with --generate-password and printed once");
  add->add_option("--email", options->email, "The login: an email address, stored in lower case")->required();
  add->add_option("--role", options->role, "admin, adviser, management or entrepreneur")
      ->required()
      ->check(CLI::IsMember({"admin", "adviser", "management", "entrepreneur"}));
  add->add_option("--name", options->name, "The name shown in the application (default: the part before @)");
  add->add_flag("--generate-password", options->generate_password,
                "Generate a random password of 20 characters and print it once instead of reading one");
  add_database_option(*add, options->database);
  add->callback([options] { run_add(*options); });

  CLI::App* list = user->add_subcommand("list", "List every user with role, status and last login");
  add_database_option(*list, options->database);
  list->callback([options] { run_list(*options); });

  CLI::App* disable =
      user->add_subcommand("disable", "Disable a user: they can no longer log in, and their sessions end");
  disable->add_option("--email", options->email, "The user's email address")->required();
  add_database_option(*disable, options->database);
  disable->callback([options] { run_set_disabled(*options, true); });

  CLI::App* enable = user->add_subcommand("enable", "Enable a disabled user again");
  enable->add_option("--email", options->email, "The user's email address")->required();
  add_database_option(*enable, options->database);
  enable->callback([options] { run_set_disabled(*options, false); });
}

}  // namespace facilitator::cli
