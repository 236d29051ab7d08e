// Load generator for the facilitator API: transitions per second and project reads per second
// with N concurrent keep-alive clients. Prints one JSON object per measurement (one line).
//
//   facilitator_bench --url 127.0.0.1:8080 --clients 16 --seconds 10 --mode transitions
//
// Each client owns one project and moves it park → resume → park ..., so every request is a real
// transition (one snapshot update plus one event insert in one transaction) and clients never
// conflict with each other. In reads mode each client reads its own project with
// GET /api/v1/projects/{id} (the project, its available events and guards).
//
// Clients first run for --warmup seconds (connections opened, caches warm) without being counted;
// then for --seconds they are measured. Only 200 responses count as requests; anything else is an
// error, reported by status ("0/Read" and the like: no response, and why), and makes the exit code 1.

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <iostream>
#include <map>
#include <numeric>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <httplib.h>
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

namespace {

using Clock = std::chrono::steady_clock;

struct Options {
  std::string host = "127.0.0.1";
  int port = 8080;
  int clients = 1;
  double seconds = 10;
  double warmup = 1;
  std::string mode = "transitions";
  std::string label;
};

struct ClientResult {
  std::vector<double> latencies_ms;
  std::map<std::string, long> errors_by_status;  // "409", or "0/Read" etc.: no response, and why
  std::string failure;                           // set when the client could not run at all
};

std::string kActor = "bench@mnu.no";

/// The session cookie and CSRF token of the benchmark's user, set once by log_in() before any
/// client starts, then only read.
httplib::Headers session_headers;

httplib::Headers actor_headers() { return session_headers; }

/// Logs in as an adviser, as a person in a browser would: the cost of resolving the session is
/// part of every measured request.
void log_in(const std::string& host, int port, const std::string& email, const std::string& password) {
  httplib::Client client(host, port);
  client.set_connection_timeout(std::chrono::seconds(5));
  nlohmann::json body = {{"email", email}, {"password", password}};
  auto res = client.Post("/api/v1/session", body.dump(), "application/json");
  if (!res)
    throw std::runtime_error("cannot log in: no response (" + httplib::to_string(res.error()) +
                             "); is the server running?");
  if (res->status != 201)
    throw std::runtime_error("cannot log in as " + email + ": HTTP " + std::to_string(res->status) + ": " + res->body +
                             " (create the user with: facilitator user add --email " + email + " --role adviser)");
  std::string cookie = res->get_header_value("Set-Cookie");
  session_headers = {{"Cookie", cookie.substr(0, cookie.find(';'))},
                     {"X-CSRF-Token", nlohmann::json::parse(res->body).at("csrf_token").get<std::string>()}};
  kActor = email;
}

/// HOST:PORT, optionally with an http:// prefix and a trailing slash.
void parse_url(std::string url, Options& o) {
  if (url.rfind("http://", 0) == 0) url.erase(0, 7);
  while (!url.empty() && url.back() == '/') url.pop_back();
  auto colon = url.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == url.size())
    throw std::invalid_argument("--url takes HOST:PORT, e.g. 127.0.0.1:8080, not '" + url + "'");
  o.host = url.substr(0, colon);
  if (o.host.size() > 2 && o.host.front() == '[' && o.host.back() == ']') o.host = o.host.substr(1, o.host.size() - 2);
  std::size_t used = 0;
  o.port = std::stoi(url.substr(colon + 1), &used);
  if (used != url.size() - colon - 1 || o.port <= 0 || o.port > 65535)
    throw std::invalid_argument("--url: bad port in '" + url + "'");
}

void configure(httplib::Client& client) {
  client.set_keep_alive(true);
  client.set_tcp_nodelay(true);  // without it every keep-alive request waits on Nagle/delayed ACK
  client.set_connection_timeout(std::chrono::seconds(5));
  client.set_read_timeout(std::chrono::seconds(30));
  client.set_write_timeout(std::chrono::seconds(30));
}

long create_project(httplib::Client& client, int n) {
  nlohmann::json body = {
      {"workflow", "establishment"}, {"title", "Bench project " + std::to_string(n)}, {"adviser", kActor}};
  auto res = client.Post("/api/v1/projects", actor_headers(), body.dump(), "application/json");
  if (!res)
    throw std::runtime_error("cannot create a project: no response (" + httplib::to_string(res.error()) +
                             "); is the server running?");
  if (res->status != 201)
    throw std::runtime_error("cannot create a project: HTTP " + std::to_string(res->status) + ": " + res->body);
  return nlohmann::json::parse(res->body).at("id").get<long>();
}

/// The project's current version and whether it is parked, from GET (after an error, to resync).
bool read_project(httplib::Client& client, const std::string& path, long& version, bool& parked) {
  auto res = client.Get(path, actor_headers());
  if (!res || res->status != 200) return false;
  auto body = nlohmann::json::parse(res->body, nullptr, false);
  if (body.is_discarded() || !body.contains("version") || !body.contains("state")) return false;
  version = body["version"].get<long>();
  parked = body["state"].get<std::string>() == "parked";
  return true;
}

ClientResult run_client(const Options& o, long project, Clock::time_point measure_from, Clock::time_point until) {
  ClientResult result;
  try {
    httplib::Client client(o.host, o.port);
    configure(client);
    result.latencies_ms.reserve(1 << 16);
    const std::string path = "/api/v1/projects/" + std::to_string(project);
    const std::string transitions_path = path + "/transitions";
    const nlohmann::json park = {{"event", "park"}, {"note", "benchmark"}};
    const nlohmann::json resume = {{"event", "resume"}, {"note", "benchmark"}};
    long version = 1;
    bool parked = false;
    for (auto now = Clock::now(); now < until; now = Clock::now()) {
      const bool measured = now >= measure_from;
      const auto start = now;
      int status = 0;
      httplib::Error error = httplib::Error::Success;
      if (o.mode == "transitions") {
        httplib::Headers headers = actor_headers();
        headers.emplace("If-Match", "\"" + std::to_string(version) + "\"");
        auto res = client.Post(transitions_path, headers, (parked ? resume : park).dump(), "application/json");
        if (res) status = res->status;
        error = res.error();
        if (status == 200) {
          ++version;
          parked = !parked;
        }
      } else {
        auto res = client.Get(path, actor_headers());
        if (res) status = res->status;
        error = res.error();
      }
      if (status == 200) {
        if (measured)
          result.latencies_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
        continue;
      }
      // Warm-up errors count too: they are still failures.
      ++result.errors_by_status[status != 0 ? std::to_string(status) : "0/" + httplib::to_string(error)];
      // Resynchronise with the server (a 409 means our version is stale) and do not spin on a dead server.
      if (status == 0) std::this_thread::sleep_for(std::chrono::milliseconds(10));
      if (o.mode == "transitions") read_project(client, path, version, parked);
    }
  } catch (const std::exception& e) {
    result.failure = e.what();
  }
  return result;
}

/// Nearest-rank percentile of sorted values (p in 0..1).
double percentile(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  auto rank = static_cast<std::size_t>(std::ceil(p * static_cast<double>(sorted.size())));
  return sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1];
}

double round3(double value) { return std::round(value * 1000) / 1000; }

int run(const Options& o) {
  std::vector<long> projects;
  {
    httplib::Client setup(o.host, o.port);  // closed before measuring: it must not hold a server worker
    setup.set_connection_timeout(std::chrono::seconds(5));
    for (int i = 0; i < o.clients; ++i) projects.push_back(create_project(setup, i));
  }

  const auto begin = Clock::now();
  const auto measure_from =
      begin + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(o.warmup));
  const auto until =
      measure_from + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(o.seconds));
  std::vector<ClientResult> results(static_cast<std::size_t>(o.clients));
  std::vector<std::thread> threads;
  threads.reserve(projects.size());
  for (std::size_t i = 0; i < projects.size(); ++i)
    threads.emplace_back([&, i] { results[i] = run_client(o, projects[i], measure_from, until); });
  for (auto& t : threads) t.join();
  // Clients finish the request in flight at `until`; the measured window ends with the last of them.
  const double wall = std::chrono::duration<double>(Clock::now() - measure_from).count();

  std::vector<double> all;
  std::map<std::string, long> errors_by_status;
  std::string failure;
  for (auto& r : results) {
    all.insert(all.end(), r.latencies_ms.begin(), r.latencies_ms.end());
    for (const auto& [status, count] : r.errors_by_status) errors_by_status[status] += count;
    if (failure.empty()) failure = r.failure;
  }
  std::sort(all.begin(), all.end());
  long errors = 0;
  std::string error_statuses;  // flat "409:3 0/Read:1", so that the output stays one flat JSON object
  for (const auto& [status, count] : errors_by_status) {
    errors += count;
    error_statuses += (error_statuses.empty() ? "" : " ") + status + ":" + std::to_string(count);
  }
  const double mean = all.empty() ? 0 : std::accumulate(all.begin(), all.end(), 0.0) / static_cast<double>(all.size());
  nlohmann::json out = {{"label", o.label},
                        {"mode", o.mode},
                        {"clients", o.clients},
                        {"warmup_seconds", o.warmup},
                        {"seconds", round3(wall)},
                        {"requests", all.size()},
                        {"errors", errors},
                        {"error_statuses", error_statuses},
                        {"per_second", round3(static_cast<double>(all.size()) / wall)},
                        {"mean_ms", round3(mean)},
                        {"p50_ms", round3(percentile(all, 0.50))},
                        {"p95_ms", round3(percentile(all, 0.95))},
                        {"p99_ms", round3(percentile(all, 0.99))},
                        {"max_ms", round3(all.empty() ? 0 : all.back())}};
  if (!failure.empty()) out["failure"] = failure;
  std::cout << out.dump() << std::endl;
  return errors == 0 && failure.empty() && !all.empty() ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  CLI::App app{"facilitator HTTP benchmark: prints one JSON line with requests/s and latency percentiles"};
  std::string url = "127.0.0.1:8080";
  app.add_option("--url", url, "HOST:PORT (or http://HOST:PORT) of a running facilitator server")
      ->capture_default_str();
  app.add_option("--clients", o.clients, "Concurrent keep-alive clients (the server needs at least as many threads)")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  app.add_option("--seconds", o.seconds, "How long to measure")->check(CLI::PositiveNumber)->capture_default_str();
  app.add_option("--warmup", o.warmup, "Seconds of load before measuring (not counted)")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  app.add_option("--mode", o.mode, "transitions or reads")
      ->check(CLI::IsMember({"transitions", "reads"}))
      ->capture_default_str();
  app.add_option("--label", o.label, "Copied into the output (e.g. the backend)");
  std::string email = "bench@mnu.no";
  app.add_option("--email", email, "An adviser to log in as")->capture_default_str();
  std::string password;
  app.add_option("--password", password, "Their password")->envname("FACILITATOR_BENCH_PASSWORD")->required();
  CLI11_PARSE(app, argc, argv);
  try {
    parse_url(url, o);
    log_in(o.host, o.port, email, password);
    return run(o);
  } catch (const std::exception& e) {
    std::cerr << "facilitator_bench: " << e.what() << '\n';
    return 2;
  }
}
