#include "load.hpp"

#include <algorithm>
#include <functional>
#include <random>

namespace facilitator::crash {

namespace {

/// An answer, or status 0 when none came (the server was killed while the request was in flight).
struct Answer {
  int status = 0;
  nlohmann::json body;
  bool replayed = false;
};

constexpr int kMaxAnomaliesPerClient = 10;  // a client that keeps getting odd answers stops

class Client {
 public:
  Client(const Session& session, Ledger& ledger, const LoadOptions& options, int index, std::int64_t contended,
         const std::atomic<bool>& stopping)
      : session_(session),
        ledger_(ledger),
        options_(options),
        index_(index),
        contended_(contended),
        stopping_(stopping),
        random_(options.seed * 1000003 + static_cast<std::uint64_t>(options.round) * 1009 +
                static_cast<std::uint64_t>(index)),
        http_(connect(session.port)) {}

  void run() {
    try {
      while (!stopping_ && anomalies_ < kMaxAnomaliesPerClient)
        if (!work_one_project()) return;
    } catch (const std::exception& e) {
      ledger_.anomaly(name() + ": " + e.what());
    }
  }

 private:
  /// Creates a project and takes it to completed. False when an answer did not come: then the
  /// server is gone and the client stops.
  bool work_one_project() {
    std::string title = options_.tag + " r" + std::to_string(options_.round) + " c" + std::to_string(index_) + " p" +
                        std::to_string(++projects_) + " end";
    nlohmann::json body = {{"workflow", "establishment"}, {"title", title}};
    Answer created = send("POST", "/api/v1/projects", body, {});
    if (created.status == 0) {
      ledger_.uncertain({WriteKind::create, 0, title, body, 0, "", "", false});
      return false;
    }
    if (created.status != 201) return odd("create", created);
    project_ = created.body.at("id").get<std::int64_t>();
    version_ = created.body.at("version").get<std::int64_t>();
    ledger_.created(project_, title);

    using Step = std::function<int()>;  // 1 done, 0 no answer, -1 odd answer
    std::vector<Step> steps{
        [&] {
          return update({{"adviser", options_.adviser}});
        },
        [&] { return transition("start_screening"); },
        [&] {
          return update({{"focus_area", "food"}, {"municipality", "3103"}});
        },
        [&] { return transition("start_business_plan"); },
    };
    for (int parked = static_cast<int>(random_() % 3); parked > 0; --parked) {
      steps.emplace_back([&] { return transition("park"); });
      steps.emplace_back([&] { return transition("resume"); });
    }
    steps.insert(steps.end(), {
                                  [&] { return note(); },
                                  [&] {
                                    return update({{"organisation_number", "923609016"},
                                                   {"registration_date", "2026-11-25"},
                                                   {"self_financed", true}});
                                  },
                                  [&] { return transition("register_company"); },
                                  [&] { return transition("start_follow_up"); },
                                  [&] { return update(nlohmann::json::object()); },
                                  [&] { return transition("complete"); },
                              });
    for (const auto& step : steps) {
      if (stopping_) return false;
      if (random_() % 4 == 0 && contend() == 0) return false;
      int done = step();
      if (done == 0) return false;
      if (done < 0) return true;  // the odd answer is recorded; start a new project
    }
    return true;
  }

  /// PATCH with a new result_summary, the marker that identifies this update in the history.
  int update(nlohmann::json fields) {
    std::string marker = next_marker("update");
    fields["result_summary"] = marker;
    std::string path = "/api/v1/projects/" + std::to_string(project_);
    Answer a = send("PATCH", path, fields, {{"If-Match", "\"" + std::to_string(version_) + "\""}});
    if (a.status == 0) {
      ledger_.uncertain({WriteKind::update, project_, "", fields, version_, "", marker, false});
      return 0;
    }
    if (a.status != 200) return odd("update", a);
    version_ = a.body.at("version").get<std::int64_t>();
    ledger_.acked(project_, {WriteKind::update, version_, "updated", "", marker});
    return 1;
  }

  int transition(const std::string& event) {
    std::string marker = next_marker(event);
    Answer a = move(project_, version_, event, marker, false);
    if (a.status == 0) return 0;
    if (a.status != 200) return odd(event, a);
    version_ = a.body.at("version").get<std::int64_t>();
    return 1;
  }

  int note() {
    std::string marker = next_marker("note");
    nlohmann::json body = {{"body", marker}};
    Answer a = send("POST", "/api/v1/projects/" + std::to_string(project_) + "/notes", body, {});
    if (a.status == 0) {
      ledger_.uncertain({WriteKind::note, project_, "", body, 0, "", marker, false});
      return 0;
    }
    if (a.status != 201) return odd("note", a);
    ledger_.acked_note(project_, marker);
    return 1;
  }

  /// Parks or resumes the project every client moves, at the version just read: other clients
  /// may get there first, and then the answer is 409 (or 422), which is right.
  int contend() {
    std::string path = "/api/v1/projects/" + std::to_string(contended_);
    auto res = http_->Get(path, session_.headers());
    if (!res) return 0;
    if (res->status != 200) return odd("read the contended project", Answer{res->status, body_of(*res)});
    nlohmann::json project = body_of(*res);
    std::string event = project.at("state") == "parked" ? "resume" : "park";
    Answer a = move(contended_, project.at("version").get<std::int64_t>(), event, next_marker(event), true);
    if (a.status == 0) return 0;
    if (a.status != 200 && a.status != 409 && a.status != 422) return odd("contended " + event, a);
    return 1;
  }

  /// A transition with an Idempotency-Key (its marker), recorded in the ledger.
  Answer move(std::int64_t project, std::int64_t expected, const std::string& event, const std::string& marker,
              bool contended) {
    nlohmann::json body = {{"event", event}, {"note", marker}};
    std::string key = marker;  // a key is visible ASCII: no spaces
    std::replace(key.begin(), key.end(), ' ', '_');
    Answer a = send("POST", "/api/v1/projects/" + std::to_string(project) + "/transitions", body,
                    {{"If-Match", "\"" + std::to_string(expected) + "\""}, {"Idempotency-Key", key}});
    if (a.status == 0)
      ledger_.uncertain({WriteKind::transition, project, "", body, expected, key, marker, contended});
    else if (a.status == 200)
      ledger_.acked(project, {WriteKind::transition, a.body.at("version").get<std::int64_t>(), event,
                              a.body.at("state").get<std::string>(), marker});
    return a;
  }

  Answer send(const std::string& method, const std::string& path, const nlohmann::json& body,
              const httplib::Headers& extra) {
    httplib::Headers headers = session_.headers();
    headers.insert(extra.begin(), extra.end());
    httplib::Result res = method == "PATCH" ? http_->Patch(path, headers, body.dump(), "application/json")
                                            : http_->Post(path, headers, body.dump(), "application/json");
    if (!res) return {};
    return {res->status, body_of(*res), res->get_header_value("Idempotent-Replayed") == "true"};
  }

  int odd(const std::string& what, const Answer& a) {
    ++anomalies_;
    ledger_.anomaly(name() + ": " + what + " on project " + std::to_string(project_) + " answered HTTP " +
                    std::to_string(a.status) + " " +
                    a.body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    return -1;
  }

  std::string next_marker(const std::string& what) {
    return options_.tag + " r" + std::to_string(options_.round) + " c" + std::to_string(index_) + " w" +
           std::to_string(++writes_) + " " + what;
  }

  [[nodiscard]] std::string name() const { return "client " + std::to_string(index_); }

  const Session& session_;
  Ledger& ledger_;
  const LoadOptions& options_;
  int index_;
  std::int64_t contended_;
  const std::atomic<bool>& stopping_;
  std::mt19937_64 random_;
  std::unique_ptr<httplib::Client> http_;
  std::int64_t project_ = 0;
  std::int64_t version_ = 0;
  long projects_ = 0;
  long writes_ = 0;
  int anomalies_ = 0;
};

}  // namespace

Load::Load(const Session& session, Ledger& ledger, LoadOptions options, std::int64_t contended) {
  // The options outlive the threads: each thread keeps its own copy in its closure.
  for (int i = 1; i <= options.clients; ++i)
    threads_.emplace_back([this, &session, &ledger, options, i, contended] {
      Client(session, ledger, options, i, contended, stopping_).run();
    });
}

Load::~Load() { stop(); }

void Load::stop() {
  stopping_ = true;
  for (auto& t : threads_)
    if (t.joinable()) t.join();
}

}  // namespace facilitator::crash
