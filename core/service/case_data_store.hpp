#pragma once

// Repositories of the case data around a project, as the services see them (no SQL here).
// Each list is in id order; lists under a project are short and not paged. A unique constraint
// that a write breaks surfaces as DomainError(duplicate): on PostgreSQL the transaction cannot go
// on after it, so repositories throw rather than return a flag.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/domain/case_data.hpp"

namespace facilitator::core {

class ReferenceRepository {
 public:
  virtual ~ReferenceRepository() = default;
  /// Every item of the list in sort order, inactive ones included.
  virtual std::vector<ReferenceItem> list(ReferenceList list) = 0;
  virtual std::optional<ReferenceItem> find(ReferenceList list, const std::string& code) = 0;
  /// Throws DomainError(duplicate) when the code is already in the list.
  virtual void insert(ReferenceList list, const ReferenceItem& item) = 0;
  virtual void update(ReferenceList list, const ReferenceItem& item) = 0;
};

/// Which companies a list asks for: a text matched against name and organisation number.
struct CompanyQuery {
  std::optional<std::string> text;
  std::vector<CompanyId> ids;  // only these, when not empty
  std::optional<CompanyId> after_id;
  std::int64_t limit = 50;
};

class CompanyRepository {
 public:
  virtual ~CompanyRepository() = default;
  /// Returns the new id; throws DomainError(duplicate) when the organisation number is taken.
  virtual CompanyId insert(const Company& company) = 0;
  virtual std::optional<Company> find(CompanyId id) = 0;
  virtual std::optional<Company> find_by_organisation_number(const std::string& number) = 0;
  /// False when the stored version is not `expected_version`; throws DomainError(duplicate) on a
  /// duplicate organisation number.
  virtual bool update(const Company& company, std::int64_t expected_version) = 0;
  virtual std::vector<Company> list(const CompanyQuery& query) = 0;
  virtual std::int64_t count(const CompanyQuery& query) = 0;
};

class ContactRepository {
 public:
  virtual ~ContactRepository() = default;
  virtual ContactId insert(const Contact& contact) = 0;
  virtual std::optional<Contact> find(ProjectId project, ContactId id) = 0;
  virtual bool update(const Contact& contact, std::int64_t expected_version) = 0;
  virtual bool remove(ProjectId project, ContactId id, std::int64_t expected_version) = 0;
  virtual std::vector<Contact> list(ProjectId project) = 0;
  /// Ties the contact to a user account (an accepted invitation).
  virtual void link_user(ProjectId project, ContactId id, std::int64_t user) = 0;
};

class NoteRepository {
 public:
  virtual ~NoteRepository() = default;
  virtual NoteId insert(const Note& note) = 0;
  /// The project's notes in order; only public ones when `public_only`.
  virtual std::vector<Note> list(ProjectId project, bool public_only) = 0;
};

class ActivityRepository {
 public:
  virtual ~ActivityRepository() = default;
  virtual ActivityId insert(const Activity& activity) = 0;
  virtual std::optional<Activity> find(ProjectId project, ActivityId id) = 0;
  virtual bool update(const Activity& activity, std::int64_t expected_version) = 0;
  virtual bool remove(ProjectId project, ActivityId id, std::int64_t expected_version) = 0;
  virtual std::vector<Activity> list(ProjectId project) = 0;
};

class TargetRepository {
 public:
  virtual ~TargetRepository() = default;
  /// Returns the new id; throws DomainError(duplicate) when the year, metric and focus area
  /// already have a target.
  virtual TargetId insert(const Target& target) = 0;
  virtual std::optional<Target> find(TargetId id) = 0;
  /// False when the stored version is not `expected_version`; throws DomainError(duplicate) when
  /// the change would duplicate another target.
  virtual bool update(const Target& target, std::int64_t expected_version) = 0;
  virtual bool remove(TargetId id, std::int64_t expected_version) = 0;
  /// All targets, or those of one year, ordered by year, metric, focus area.
  virtual std::vector<Target> list(std::optional<int> year) = 0;
};

}  // namespace facilitator::core
