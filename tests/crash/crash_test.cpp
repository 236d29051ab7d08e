// Crash safety under kill -9: rounds of concurrent writes to a real `facilitator serve`, each
// ended by SIGKILL at a random moment, followed by a restart on the same database and a check
// that every acknowledged write is stored exactly once and that each project's state and version
// are the replay of its events (docs/reliability.md, "Crash safety").
//
//   facilitator_crash_test --binary build/asan/http/facilitator --backend sqlite --rounds 5
//   scripts/with-postgres facilitator_crash_test --binary ... --backend postgresql --rounds 5
//
// --backend sqlite uses a new database file in a temporary folder; --backend postgresql a new
// database on the server of FACILITATOR_TEST_PG (scripts/with-postgres sets it); --db URL any
// given database instead. The folder (server logs, the SQLite file) is removed when every check
// passed and kept otherwise, as the reproducer. Exit code 0 when nothing was lost or duplicated,
// 1 when a check failed, 2 when the test could not run (or the server did not come back).

#include <libpq-fe.h>
#include <stdlib.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <random>
#include <regex>
#include <sstream>
#include <thread>

#include <CLI/CLI.hpp>

#include "api.hpp"
#include "ledger.hpp"
#include "load.hpp"
#include "server_process.hpp"
#include "verify.hpp"

namespace facilitator::crash {

namespace {

const char* const kEmail = "crash.adviser@example.no";
const char* const kPassword = "crash-test-password-2026";

struct Options {
  std::string binary;
  std::string backend = "sqlite";
  std::string db;
  int rounds = 5;
  int clients = 4;
  std::uint64_t seed = 0;
  int min_delay_ms = 50;
  int max_delay_ms = 1500;
  int threads = 0;
  bool keep = false;
};

/// A new PostgreSQL database on the server of FACILITATOR_TEST_PG, dropped again by drop().
class PostgresDatabase {
 public:
  explicit PostgresDatabase(const std::string& name) : name_(name) {
    const char* admin = std::getenv("FACILITATOR_TEST_PG");
    if (admin == nullptr || *admin == '\0')
      throw std::runtime_error("--backend postgresql needs FACILITATOR_TEST_PG: run under scripts/with-postgres");
    admin_ = admin;
    execute("CREATE DATABASE " + name_);
    url_ = std::regex_replace(admin_, std::regex(R"(dbname=\S+)"), "dbname=" + name_);
  }
  [[nodiscard]] const std::string& url() const { return url_; }
  void drop() { execute("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)"); }

 private:
  void execute(const std::string& statement) {
    std::string keywords = admin_.substr(std::string("postgresql://").size());
    PGconn* connection = PQconnectdb(keywords.c_str());
    std::string error;
    if (PQstatus(connection) != CONNECTION_OK) {
      error = PQerrorMessage(connection);
    } else {
      PGresult* result = PQexec(connection, statement.c_str());
      if (PQresultStatus(result) != PGRES_COMMAND_OK) error = PQerrorMessage(connection);
      PQclear(result);
    }
    PQfinish(connection);
    if (!error.empty()) throw std::runtime_error(statement + ": " + error);
  }

  std::string name_;
  std::string admin_;
  std::string url_;
};

std::string counts(const Ledger& ledger, const std::map<WriteKind, long>& before) {
  auto delta = [&](WriteKind kind) {
    auto it = before.find(kind);
    return ledger.acknowledged(kind) - (it == before.end() ? 0 : it->second);
  };
  return std::to_string(delta(WriteKind::create)) + " creates, " + std::to_string(delta(WriteKind::update)) +
         " updates, " + std::to_string(delta(WriteKind::transition)) + " transitions, " +
         std::to_string(delta(WriteKind::note)) + " notes";
}

std::map<WriteKind, long> snapshot(const Ledger& ledger) {
  std::map<WriteKind, long> s;
  for (auto kind : {WriteKind::create, WriteKind::update, WriteKind::transition, WriteKind::note})
    s[kind] = ledger.acknowledged(kind);
  return s;
}

class CrashTest {
 public:
  CrashTest(Options options, std::filesystem::path folder, std::string url)
      : o_(std::move(options)), folder_(std::move(folder)), url_(std::move(url)), random_(o_.seed) {
    tag_ = "crash " + std::to_string(getpid() % 100000) + "-" + std::to_string(o_.seed % 1000000);
  }

  /// Runs every round and the final check; returns the exit code.
  int run() {
    int code = run_command(
        o_.binary, {"user", "add", "--email", kEmail, "--role", "adviser", "--name", "Crash test", "--db", url_},
        std::string(kPassword) + "\n", (folder_ / "commands.log").string());
    if (code != 0 && code != 1)  // 1: refused, e.g. the user exists in a given --db; the login tells
      throw std::runtime_error("facilitator user add failed with exit code " + std::to_string(code) + ", see " +
                               (folder_ / "commands.log").string());
    start_server();
    workflow_ = read_workflow(*connect(session_.port), session_, "establishment");

    for (int round = 1; round <= o_.rounds; ++round) run_round(round);

    auto http = connect(session_.port);
    Findings final_check;
    for (const auto& [id, project] : ledger_.projects())
      check_project(*http, session_, workflow_, project, final_check);
    std::cout << "final check of all " << final_check.projects << " projects (" << final_check.events
              << " events) after the last restart: " << final_check.lost << " lost, " << final_check.duplicated
              << " duplicated, " << final_check.other << " other" << std::endl;
    add(final_check);
    std::string stopped = server_->stop(std::chrono::seconds(60));
    if (stopped != "exit code 0")
      findings_.fail(findings_.other,
                     "the server did not stop cleanly on SIGTERM (" + stopped + "), see " + server_->log());

    for (const auto& f : findings_.failures) std::cout << "FAILURE: " << f << '\n';
    std::cout << o_.rounds << " rounds, " << ledger_.acknowledged() << " acknowledged writes, " << findings_.lost
              << " lost, " << findings_.duplicated << " duplicated";
    if (findings_.other > 0) std::cout << ", " << findings_.other << " other failures";
    std::cout << " (" << in_flight_ << " writes in flight at a kill: " << landed_ << " had landed, " << not_landed_
              << " had not, " << unknown_ << " creates or notes not retried)" << std::endl;
    return findings_.failures.empty() ? 0 : 1;
  }

 private:
  void start_server() {
    std::string log = (folder_ / ("server-" + std::to_string(++starts_) + ".log")).string();
    server_.reset();
    server_ = std::make_unique<ServerProcess>(o_.binary, url_, o_.threads, log);
    session_ = log_in(server_->port(), kEmail, kPassword);
  }

  void run_round(int round) {
    auto before = snapshot(ledger_);
    const long lost = findings_.lost, duplicated = findings_.duplicated, other = findings_.other;

    // The project every client parks and resumes, so that transitions also race for one version.
    auto http = connect(session_.port);
    nlohmann::json body = {{"workflow", "establishment"},
                           {"title", tag_ + " r" + std::to_string(round) + " contended end"}};
    auto res = http->Post("/api/v1/projects", session_.headers(), body.dump(), "application/json");
    if (!res || res->status != 201) throw std::runtime_error("cannot create the contended project");
    std::int64_t contended = body_of(*res).at("id").get<std::int64_t>();
    ledger_.created(contended, body.at("title").get<std::string>());

    std::uniform_int_distribution<int> delay_ms(o_.min_delay_ms, o_.max_delay_ms);
    const int delay = delay_ms(random_);
    {
      Load load(session_, ledger_, {o_.clients, round, o_.seed, tag_, kEmail}, contended);
      std::this_thread::sleep_for(std::chrono::milliseconds(delay));
      if (std::string ended = server_->ended(); !ended.empty())
        findings_.fail(findings_.other, "round " + std::to_string(round) + ": the server ended by itself (" + ended +
                                            ") before the kill, see " + server_->log());
      server_->kill_hard();
      load.stop();
    }
    start_server();
    http = connect(session_.port);

    for (const auto& a : ledger_.take_anomalies())
      findings_.fail(findings_.other, "round " + std::to_string(round) + ": " + a);
    auto uncertain = ledger_.take_uncertain();
    in_flight_ += static_cast<long>(uncertain.size());
    Settled settled = settle(*http, session_, ledger_, std::move(uncertain), findings_);
    landed_ += settled.landed;
    not_landed_ += settled.not_landed;
    unknown_ += settled.unknown;

    Findings checked;
    for (std::int64_t id : ledger_.take_touched())
      check_project(*http, session_, workflow_, ledger_.projects()[id], checked);
    add(checked);
    std::cout << "round " << round << "/" << o_.rounds << ": killed after " << delay << " ms; acknowledged "
              << counts(ledger_, before) << "; in flight at the kill: " << settled.landed << " landed, "
              << settled.not_landed << " not, " << settled.unknown << " not retried; checked " << checked.projects
              << " projects, " << checked.events << " events: " << findings_.lost - lost << " lost, "
              << findings_.duplicated - duplicated << " duplicated, " << findings_.other - other << " other"
              << std::endl;
  }

  void add(const Findings& f) {
    findings_.lost += f.lost;
    findings_.duplicated += f.duplicated;
    findings_.other += f.other;
    findings_.failures.insert(findings_.failures.end(), f.failures.begin(), f.failures.end());
  }

  Options o_;
  std::filesystem::path folder_;
  std::string url_;
  std::mt19937_64 random_;
  std::string tag_;
  std::unique_ptr<ServerProcess> server_;
  Session session_;
  WorkflowTable workflow_;
  Ledger ledger_;
  Findings findings_;
  int starts_ = 0;
  long in_flight_ = 0, landed_ = 0, not_landed_ = 0, unknown_ = 0;
};

std::filesystem::path make_folder() {
  std::string pattern = (std::filesystem::temp_directory_path() / "facilitator-crash.XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("cannot create a temporary folder");
  return pattern;
}

}  // namespace

}  // namespace facilitator::crash

int main(int argc, char** argv) {
  using namespace facilitator::crash;
  Options o;
  CLI::App app{"kill -9 during concurrent writes, repeated: every acknowledged write must be stored exactly once"};
  app.add_option("--binary", o.binary, "The facilitator binary to test")->required()->check(CLI::ExistingFile);
  app.add_option("--backend", o.backend,
                 "sqlite: a new file in a temporary folder; postgresql: a new database on "
                 "the server of FACILITATOR_TEST_PG")
      ->check(CLI::IsMember({"sqlite", "postgresql"}))
      ->capture_default_str();
  app.add_option("--db", o.db, "Use this database URL instead of a new one (it is not removed)");
  app.add_option("--rounds", o.rounds, "Kills and restarts")->check(CLI::Range(1, 1000000))->capture_default_str();
  app.add_option("--clients", o.clients, "Concurrent clients")->check(CLI::Range(1, 64))->capture_default_str();
  app.add_option("--seed", o.seed, "Seed of the kill delays and the clients' choices (default: random, printed)");
  app.add_option("--min-delay-ms", o.min_delay_ms, "Shortest time from the start of a round to the kill")
      ->check(CLI::Range(0, 600000))
      ->capture_default_str();
  app.add_option("--max-delay-ms", o.max_delay_ms, "Longest time from the start of a round to the kill")
      ->check(CLI::Range(0, 600000))
      ->capture_default_str();
  app.add_option("--threads", o.threads, "Server worker threads (default: 16, or clients + 4 if more)");
  app.add_flag("--keep", o.keep, "Keep the temporary folder (server logs, SQLite file) even when all passed");
  CLI11_PARSE(app, argc, argv);
  if (o.max_delay_ms < o.min_delay_ms) o.max_delay_ms = o.min_delay_ms;
  if (o.seed == 0) o.seed = std::random_device{}() | 1u;
  if (o.threads <= 0) o.threads = std::max(16, o.clients + 4);

  std::filesystem::path folder;
  std::unique_ptr<PostgresDatabase> postgres;
  int code = 2;
  try {
    folder = make_folder();
    std::string url = o.db;
    if (url.empty() && o.backend == "sqlite") url = "sqlite3://db=" + (folder / "crash.db").string();
    if (url.empty()) {
      postgres = std::make_unique<PostgresDatabase>("facilitator_crash_" + std::to_string(getpid()) + "_" +
                                                    std::to_string(o.seed % 1000000));
      url = postgres->url();
    }
    std::cout << "kill -9 test: " << o.rounds << " rounds, " << o.clients << " clients, seed " << o.seed << ", "
              << (o.db.empty() ? "a new " + o.backend + " database" : "database " + o.db) << ", folder "
              << folder.string() << std::endl;
    code = CrashTest(o, folder, url).run();
  } catch (const std::exception& e) {
    std::cout << "ERROR: " << e.what() << std::endl;
  }
  if (code == 0 && !o.keep) {
    std::filesystem::remove_all(folder);
    try {
      if (postgres) postgres->drop();
    } catch (const std::exception& e) {
      std::cout << "note: " << e.what() << std::endl;
    }
  } else if (!folder.empty()) {
    std::cout << "kept " << folder.string() << " (server logs"
              << (o.backend == "sqlite" && o.db.empty() ? ", the database" : "") << "); rerun with --seed " << o.seed
              << std::endl;
  }
  return code;
}
