#pragma once

// The checks after a restart: the writes in flight at the kill are retried and settled, then
// every tracked project is read back through the API and compared with the ledger and with the
// replay of its own events through the workflow's transition table.

#include <cstdint>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "api.hpp"
#include "ledger.hpp"

namespace facilitator::crash {

/// A workflow's transition table as GET /api/v1/workflows/{id} gives it.
struct WorkflowTable {
  std::string initial;
  std::set<std::tuple<std::string, std::string, std::string>> rows;  // from, event, to
  std::set<std::string> parked;                                      // states of kind "parked"
};

WorkflowTable read_workflow(httplib::Client& http, const Session& session, const std::string& id);

struct Findings {
  long lost = 0;        // acknowledged, not found
  long duplicated = 0;  // found more than once
  long other = 0;       // anything else that is wrong (a broken replay, an unexpected answer)
  long projects = 0;    // projects checked
  long events = 0;      // events read and replayed
  std::vector<std::string> failures;

  void fail(long& counter, const std::string& text) {
    ++counter;
    failures.push_back(text);
  }
};

/// What the retries found about the writes that were in flight at the kill.
struct Settled {
  long landed = 0;      // the retry found it had been stored (replayed, or 409 on an update)
  long not_landed = 0;  // the retry stored it now, or it could not have been stored
  long unknown = 0;     // creates and notes, not retried: found or not, at most once
};

/// Retries each write that had no answer, with the same Idempotency-Key and If-Match, and
/// records in the ledger what must now be in the database. Creates and notes are not retried
/// (they have no key): they may be there once or not at all.
Settled settle(httplib::Client& http, const Session& session, Ledger& ledger, std::vector<UncertainWrite> writes,
               Findings& findings);

/// Checks one project against the ledger and the replay of its events.
void check_project(httplib::Client& http, const Session& session, const WorkflowTable& workflow,
                   const TrackedProject& project, Findings& findings);

}  // namespace facilitator::crash
