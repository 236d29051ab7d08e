#pragma once

// Contacts, notes and activities of a project: the records kept around a case
// (docs/design.md#case-data).

#include <cstdint>
#include <vector>

#include "core/domain/case_data.hpp"
#include "core/domain/role.hpp"
#include "core/domain/time.hpp"
#include "core/service/idempotency.hpp"
#include "core/service/store.hpp"

namespace facilitator::core {

/// Every call checks its input, then runs one transaction that first loads the project: an
/// unknown project is a 404, and a record is never written beside a project that is not there.
/// Every change is audited in its transaction (core/service/audit_trail.hpp); the add_ calls take
/// an Idempotency-Key's `retry` (core/service/idempotency.hpp).
class ProjectRecordService {
 public:
  ProjectRecordService(Store& store, Clock clock) : store_(store), clock_(std::move(clock)) {}

  /// The name is required; email, phone and role are optional (null or blank leaves them empty).
  Contact add_contact(ProjectId project, ContactChanges request, const Actor& actor,
                      const Retryable<Contact>* retry = nullptr);
  Contact get_contact(ProjectId project, ContactId id, const Actor& actor);
  std::vector<Contact> list_contacts(ProjectId project, const Actor& actor);
  Contact update_contact(ProjectId project, ContactId id, std::int64_t expected_version, ContactChanges changes,
                         const Actor& actor);
  void remove_contact(ProjectId project, ContactId id, std::int64_t expected_version, const Actor& actor);

  /// Notes are written once by the caller and never edited. Entrepreneurs write public notes only.
  Note add_note(ProjectId project, NewNote request, const Actor& actor, const Retryable<Note>* retry = nullptr);
  /// Oldest first; entrepreneurs see the public notes only.
  std::vector<Note> list_notes(ProjectId project, const Actor& actor);
  /// One note, if the caller may see it (an internal note is a 404 for an entrepreneur).
  Note get_note(ProjectId project, NoteId id, const Actor& actor);

  /// Kind, date and time spent are required; the adviser defaults to the caller.
  Activity add_activity(ProjectId project, ActivityChanges request, const Actor& actor,
                        const Retryable<Activity>* retry = nullptr);
  Activity get_activity(ProjectId project, ActivityId id, const Actor& actor);
  std::vector<Activity> list_activities(ProjectId project, const Actor& actor);
  Activity update_activity(ProjectId project, ActivityId id, std::int64_t expected_version, ActivityChanges changes,
                           const Actor& actor);
  void remove_activity(ProjectId project, ActivityId id, std::int64_t expected_version, const Actor& actor);

 private:
  Store& store_;
  Clock clock_;
};

}  // namespace facilitator::core
