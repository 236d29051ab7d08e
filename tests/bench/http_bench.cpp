// Load generator for the facilitator API: transitions per second and project reads per second
// with N concurrent keep-alive clients. Prints one JSON object per measurement.
//
//   facilitator_bench --url 127.0.0.1:8080 --clients 16 --seconds 10 --mode transitions
//
// Each client owns one project and moves it park → resume → park ..., so every request is a real
// transition (one snapshot update plus one event insert in one transaction) and clients never
// conflict with each other.

#include <algorithm>
#include <atomic>
#include <chrono>
#include <iostream>
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
  std::string mode = "transitions";
  std::string label;
};

struct ClientResult {
  std::vector<double> latencies_ms;
  long errors = 0;
};

httplib::Headers json_headers() { return {{"X-Actor", "bench@mnu.no"}}; }

long create_project(httplib::Client& client, int n) {
  nlohmann::json body = {
      {"workflow", "establishment"}, {"title", "Bench project " + std::to_string(n)}, {"adviser", "bench@mnu.no"}};
  auto res = client.Post("/api/v1/projects", json_headers(), body.dump(), "application/json");
  if (!res || res->status != 201) throw std::runtime_error("cannot create a project (is the server running?)");
  return nlohmann::json::parse(res->body)["id"].get<long>();
}

ClientResult run_client(const Options& o, long project, Clock::time_point until) {
  httplib::Client client(o.host, o.port);
  client.set_keep_alive(true);
  client.set_tcp_nodelay(true);
  ClientResult result;
  result.latencies_ms.reserve(100000);
  const std::string path = "/api/v1/projects/" + std::to_string(project);
  long version = 1;
  bool parked = false;
  while (Clock::now() < until) {
    auto start = Clock::now();
    bool ok = false;
    if (o.mode == "transitions") {
      nlohmann::json body = {{"event", parked ? "resume" : "park"}, {"note", "benchmark"}};
      httplib::Headers headers = json_headers();
      headers.emplace("If-Match", "\"" + std::to_string(version) + "\"");
      auto res = client.Post(path + "/transitions", headers, body.dump(), "application/json");
      ok = res && res->status == 200;
      if (ok) {
        ++version;
        parked = !parked;
      }
    } else {
      auto res = client.Get(path);
      ok = res && res->status == 200;
    }
    auto elapsed = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    if (!ok) {
      ++result.errors;
      continue;
    }
    result.latencies_ms.push_back(elapsed);
  }
  return result;
}

double percentile(std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  auto index = static_cast<std::size_t>(p * static_cast<double>(sorted.size() - 1));
  return sorted[index];
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  CLI::App app{"facilitator HTTP benchmark"};
  std::string url = "127.0.0.1:8080";
  app.add_option("--url", url, "HOST:PORT of a running facilitator server")->capture_default_str();
  app.add_option("--clients", o.clients, "Concurrent keep-alive clients")->check(CLI::Range(1, 256));
  app.add_option("--seconds", o.seconds, "How long to measure")->check(CLI::PositiveNumber);
  app.add_option("--mode", o.mode, "transitions or reads")->check(CLI::IsMember({"transitions", "reads"}));
  app.add_option("--label", o.label, "Copied into the output (e.g. the backend)");
  CLI11_PARSE(app, argc, argv);
  auto colon = url.rfind(':');
  o.host = url.substr(0, colon);
  o.port = std::stoi(url.substr(colon + 1));

  httplib::Client setup(o.host, o.port);
  std::vector<long> projects;
  for (int i = 0; i < o.clients; ++i) projects.push_back(create_project(setup, i));

  auto start = Clock::now();
  auto until = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(o.seconds));
  std::vector<ClientResult> results(static_cast<std::size_t>(o.clients));
  std::vector<std::thread> threads;
  for (int i = 0; i < o.clients; ++i)
    threads.emplace_back(
        [&, i] { results[static_cast<std::size_t>(i)] = run_client(o, projects[static_cast<std::size_t>(i)], until); });
  for (auto& t : threads) t.join();
  double wall = std::chrono::duration<double>(Clock::now() - start).count();

  std::vector<double> all;
  long errors = 0;
  for (auto& r : results) {
    all.insert(all.end(), r.latencies_ms.begin(), r.latencies_ms.end());
    errors += r.errors;
  }
  std::sort(all.begin(), all.end());
  nlohmann::json out = {{"label", o.label},
                        {"mode", o.mode},
                        {"clients", o.clients},
                        {"seconds", wall},
                        {"requests", all.size()},
                        {"errors", errors},
                        {"per_second", static_cast<double>(all.size()) / wall},
                        {"p50_ms", percentile(all, 0.50)},
                        {"p99_ms", percentile(all, 0.99)}};
  std::cout << out.dump() << std::endl;
  return errors == 0 ? 0 : 1;
}
