#pragma once

// What the services need from a database, without naming one. core/storage implements it with SOCI
// for SQLite and PostgreSQL; nothing here depends on SOCI or SQL.

#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/domain/funding.hpp"
#include "core/domain/project.hpp"
#include "core/report/report_repository.hpp"
#include "core/service/account_store.hpp"
#include "core/service/case_data_store.hpp"
#include "core/service/idempotency.hpp"

namespace facilitator::core {

/// The order of a project list: by id (creation), or longest in its current state first (the
/// board's columns), ties by id.
enum class ProjectOrder { id, state_since };

/// Which projects a list asks for, in which order, and from where (keyset paging).
struct ProjectQuery {
  std::optional<std::string> workflow;
  std::optional<std::string> state;
  std::optional<std::string> municipality;
  std::optional<std::string> focus_area;
  std::optional<std::string> nace_section;
  std::optional<std::string> adviser;
  std::optional<std::int64_t> company_id;
  std::optional<std::string> text;           // part of the title or the company name, or an organisation number
  std::optional<Timestamp> in_state_before;  // only projects that entered their state before this time
  std::optional<std::int64_t> contact_user;  // only projects where this user is a contact (entrepreneurs)
  ProjectOrder order = ProjectOrder::id;
  std::optional<ProjectId> after_id;           // the last id of the previous page
  std::optional<Timestamp> after_state_since;  // with ProjectOrder::state_since: the previous page's last
  std::int64_t limit = 50;
};

/// One page of a list: the items, how many match in all, and how to ask for the next page.
template <class T>
struct Page {
  std::vector<T> items;
  std::int64_t total = 0;
  std::optional<std::string> next_cursor;
};

class ProjectRepository {
 public:
  virtual ~ProjectRepository() = default;
  /// Inserts the project and returns its new id (the `id` field is ignored).
  virtual ProjectId insert(const Project& project) = 0;
  virtual std::optional<Project> find(ProjectId id) = 0;
  /// Like find, and keeps others from changing the row until this transaction ends.
  virtual std::optional<Project> find_for_update(ProjectId id) = 0;
  virtual std::optional<Project> find_by_external_ref(const std::string& external_ref) = 0;
  /// Writes every field if the stored version is still `expected_version`; false when it is not.
  virtual bool update(const Project& project, std::int64_t expected_version) = 0;
  /// Projects matching the query in id order, at most `limit` of them.
  virtual std::vector<Project> list(const ProjectQuery& query) = 0;
  /// How many projects match the query's filters (ignoring paging).
  virtual std::int64_t count(const ProjectQuery& query) = 0;
  /// Whether `user` is a contact person of the project (what an entrepreneur's access rests on).
  virtual bool has_contact_user(ProjectId id, std::int64_t user) = 0;
};

class EventRepository {
 public:
  virtual ~EventRepository() = default;
  virtual void append(const ProjectEvent& event) = 0;
  virtual std::optional<ProjectEvent> find_by_idempotency_key(ProjectId project, std::string_view key) = 0;
  /// Events of a project with seq greater than `after_seq`, in order, at most `limit`.
  virtual std::vector<ProjectEvent> list(ProjectId project, std::int64_t after_seq, std::int64_t limit) = 0;
  virtual std::int64_t count(ProjectId project) = 0;
};

class FundingRepository {
 public:
  virtual ~FundingRepository() = default;
  virtual FundingId insert(const FundingApplication& application) = 0;
  virtual std::optional<FundingApplication> find(ProjectId project, FundingId id) = 0;
  virtual bool update(const FundingApplication& application, std::int64_t expected_version) = 0;
  virtual std::vector<FundingApplication> list(ProjectId project) = 0;
};

/// The repositories as seen from inside one database transaction.
class Transaction {
 public:
  virtual ~Transaction() = default;
  virtual ProjectRepository& projects() = 0;
  virtual EventRepository& events() = 0;
  virtual FundingRepository& funding() = 0;
  virtual ReferenceRepository& reference() = 0;
  virtual CompanyRepository& companies() = 0;
  virtual ContactRepository& contacts() = 0;
  virtual NoteRepository& notes() = 0;
  virtual ActivityRepository& activities() = 0;
  virtual TargetRepository& targets() = 0;
  virtual UserRepository& users() = 0;
  virtual SessionRepository& sessions() = 0;
  virtual TokenRepository& tokens() = 0;
  virtual InvitationRepository& invitations() = 0;
  virtual AuditRepository& audit() = 0;
  virtual IdempotencyRepository& idempotency() = 0;
  /// Not pure, so that a wrapper around another transaction (tests inject failures that way)
  /// need not forward it; the database's own transaction overrides it.
  virtual ReportRepository& reports() { throw std::logic_error("this transaction does not offer reports"); }
};

/// What keeps the database from answering or from storing changes: what /health reports. Each
/// is answered 503 (DomainError unavailable) and ends by itself when its cause does.
enum class StorageFault {
  unavailable,  // no connection (a server stopped or restarting, a file that cannot be opened)
  full,         // no room on the disk, or the server is out of space or memory
  read_only,    // the file, its folder or the server accepts no writes
  io_error,     // the disk or its file system failed a read or a write
  locked,       // another process held the database longer than the busy timeout
  corrupt,      // the file is not a database any more, or is damaged
};

/// The name /health and the logs use: "unavailable", "full", "read_only", ...
[[nodiscard]] constexpr std::string_view storage_fault_name(StorageFault fault) noexcept {
  switch (fault) {
    case StorageFault::unavailable:
      return "unavailable";
    case StorageFault::full:
      return "full";
    case StorageFault::read_only:
      return "read_only";
    case StorageFault::io_error:
      return "io_error";
    case StorageFault::locked:
      return "locked";
    case StorageFault::corrupt:
      return "corrupt";
  }
  return "unavailable";
}

/// A database. `write` runs `work` in one transaction that excludes other writers to the same rows
/// (SQLite: BEGIN IMMEDIATE; PostgreSQL: row locks taken by find_for_update) and commits when
/// `work` returns; if `work` throws, nothing it did is kept. A later group commit (several
/// independent writes in one database transaction, each acknowledged after the commit) belongs
/// behind this call and changes neither the services nor the handlers.
class Store {
 public:
  virtual ~Store() = default;
  virtual void write(const std::function<void(Transaction&)>& work) = 0;
  virtual void read(const std::function<void(Transaction&)>& work) = 0;
  /// Throws DomainError(unavailable) when the database does not answer.
  virtual void ping() = 0;
  /// What keeps the database from answering reads and storing writes now, if anything. Costs a
  /// read; while a storage fault is unresolved, also a write that keeps nothing, so that the end
  /// of the fault shows without waiting for a client's write.
  [[nodiscard]] virtual std::optional<StorageFault> health() = 0;
  [[nodiscard]] virtual std::string_view backend() const noexcept = 0;

  /// `write` for work that returns a value.
  template <class Work>
  auto write_returning(Work&& work) {
    std::optional<decltype(work(std::declval<Transaction&>()))> result;
    write([&](Transaction& tx) { result.emplace(work(tx)); });
    return std::move(*result);
  }

  /// `read` for work that returns a value.
  template <class Work>
  auto read_returning(Work&& work) {
    std::optional<decltype(work(std::declval<Transaction&>()))> result;
    read([&](Transaction& tx) { result.emplace(work(tx)); });
    return std::move(*result);
  }
};

}  // namespace facilitator::core
