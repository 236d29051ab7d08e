// The query string readers: the input is split into parameters by cpp-httplib's own
// parse_query_text (what the server does with the text after '?', percent-decoding included),
// then read by QueryReader (the lists) and ReportQueryReader (the reports) as the routes do.
// A bad query must be refused with DomainError (400 naming the parameter); nothing else may escape.

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>

#include <httplib.h>

#include "core/domain/error.hpp"
#include "http/json_input.hpp"
#include "http/report_query.hpp"

namespace {

using namespace facilitator;

void read_list_query(const httplib::Request& req) {
  try {
    http::QueryReader query(req, {"workflow", "state", "q", "limit", "cursor", "in_state_days"});
    (void)query.text("workflow");
    (void)query.text("q");
    (void)query.text("cursor");
    (void)query.integer("limit");
    (void)query.integer("in_state_days");
    query.finish();
  } catch (const core::DomainError&) {
  }
}

void read_report_query(const httplib::Request& req) {
  try {
    auto known = http::common_report_parameters();
    known.insert(known.end(), {"from", "to", "as_of", "period", "limit", "share"});
    http::ReportQueryReader query(req, known, {"threshold."});
    (void)query.text("adviser");
    (void)query.choice("period", {"week", "month", "quarter", "year"});
    (void)query.integer("limit", 1, 1000);
    (void)query.number("share", 0.0, 1.0);
    (void)query.date("from");
    (void)query.date("to");
    (void)query.moment("as_of");
    for (const auto& state : query.with_prefix("threshold."))
      (void)query.integer("threshold." + state, 0, std::numeric_limits<std::int32_t>::max());
    (void)http::read_format(query);
    query.finish();
  } catch (const core::DomainError&) {
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  httplib::Request req;
  req.method = "GET";
  req.path = "/api/v1/projects";
  httplib::detail::parse_query_text(std::string(reinterpret_cast<const char*>(data), size), req.params);
  read_list_query(req);
  read_report_query(req);
  return 0;
}
