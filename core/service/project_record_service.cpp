#include "core/service/project_record_service.hpp"

#include <algorithm>

#include "core/access/access_control.hpp"
#include "core/access/policy.hpp"
#include "core/domain/error.hpp"
#include "core/service/audit_trail.hpp"
#include "core/service/idempotent_write.hpp"
#include "core/service/validation.hpp"

namespace facilitator::core {

namespace {

constexpr std::size_t kPhoneLength = 40;
constexpr std::int64_t kMinutesPerDay = 24 * 60;

/// Loads the project so that every record operation answers 404 for an unknown project first;
/// writes lock it (PostgreSQL) so a record is never added beside a concurrent change of its project.
void require_project(Transaction& tx, ProjectId id, bool for_update) {
  auto project = for_update ? tx.projects().find_for_update(id) : tx.projects().find(id);
  if (!project) throw DomainError(ErrorCode::not_found, "There is no project with that id.");
}

/// A mailbox-shaped text: one @, something before it, and a domain with a dot inside it. Whether
/// the mailbox exists is not ours to know; this catches a phone number or a name in the wrong field.
bool looks_like_email(const std::string& email) {
  auto at = email.find('@');
  if (at == std::string::npos || at == 0 || email.find('@', at + 1) != std::string::npos) return false;
  std::string domain = email.substr(at + 1);
  auto dot = domain.find('.');
  bool spaces = std::any_of(email.begin(), email.end(), [](char c) { return c == ' '; });
  return !spaces && dot != std::string::npos && dot != 0 && domain.back() != '.' &&
         domain.find("..") == std::string::npos;
}

/// Digits with the separators people write (spaces, +, -), and at least one digit.
bool looks_like_phone(const std::string& phone) {
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  return std::any_of(phone.begin(), phone.end(), digit) &&
         std::all_of(phone.begin(), phone.end(), [&](char c) { return digit(c) || c == ' ' || c == '+' || c == '-'; });
}

std::vector<FieldError> normalise(ContactChanges& c) {
  std::vector<FieldError> errors;
  if (c.name) check_required_text(*c.name, "name", "the contact's name", errors);

  std::size_t before = errors.size();
  normalise_text(c.email, "email", kShortText, Lines::single, errors);
  if (errors.size() == before && c.email && *c.email && !looks_like_email(**c.email))
    errors.push_back({"email", "invalid", "an email address such as kari@firma.no"});

  before = errors.size();
  normalise_text(c.phone, "phone", kPhoneLength, Lines::single, errors);
  if (errors.size() == before && c.phone && *c.phone && !looks_like_phone(**c.phone))
    errors.push_back({"phone", "invalid", "digits, spaces, + and - only, such as +47 912 34 567"});

  normalise_text(c.role, "role", kShortText, Lines::single, errors);
  return errors;
}

std::vector<FieldError> normalise(ActivityChanges& c) {
  std::vector<FieldError> errors;
  if (c.date) {
    std::size_t before = errors.size();
    check_text(*c.date, "date", kShortText, Lines::single, errors);
    if (errors.size() == before) check_iso_date(c.date, "date", errors);
  }
  // The API speaks hours and the codec turns them into minutes; the error names what was sent.
  if (c.minutes && (*c.minutes < 1 || *c.minutes > kMinutesPerDay))
    errors.push_back({"hours", "out_of_range", "more than 0 and at most 24 hours, e.g. 1.5"});
  if (c.adviser) check_required_text(*c.adviser, "adviser", "the adviser", errors);
  normalise_text(c.note, "note", kLongText, Lines::multiple, errors);
  return errors;
}

template <class T>
bool apply(const std::optional<T>& change, T& field) {
  if (!change || *change == field) return false;
  field = *change;
  return true;
}

template <class T>
bool apply(const Change<T>& change, std::optional<T>& field) {
  if (!change || *change == field) return false;
  field = *change;
  return true;
}

bool apply_changes(const ContactChanges& c, Contact& contact) {
  bool changed = apply(c.name, contact.name);
  changed = apply(c.email, contact.email) || changed;
  changed = apply(c.phone, contact.phone) || changed;
  changed = apply(c.role, contact.role) || changed;
  return changed;
}

bool apply_changes(const ActivityChanges& c, Activity& activity) {
  bool changed = apply(c.kind, activity.kind);
  changed = apply(c.date, activity.date) || changed;
  changed = apply(c.minutes, activity.minutes) || changed;
  changed = apply(c.adviser, activity.adviser) || changed;
  changed = apply(c.note, activity.note) || changed;
  return changed;
}

Contact load_contact(Transaction& tx, ProjectId project, ContactId id) {
  auto contact = tx.contacts().find(project, id);
  if (!contact) throw DomainError(ErrorCode::not_found, "This project has no contact with that id.");
  return std::move(*contact);
}

nlohmann::json contact_record(const Contact& c) { return {{"project", c.project_id}, {"contact", c.id}}; }
nlohmann::json activity_record(const Activity& a) { return {{"project", a.project_id}, {"activity", a.id}}; }

Activity load_activity(Transaction& tx, ProjectId project, ActivityId id) {
  auto activity = tx.activities().find(project, id);
  if (!activity) throw DomainError(ErrorCode::not_found, "This project has no activity with that id.");
  return std::move(*activity);
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// contacts

Contact ProjectRecordService::add_contact(ProjectId project, ContactChanges request, const Actor& actor,
                                          const Retryable<Contact>* retry) {
  std::vector<FieldError> errors = normalise(request);
  if (!request.name) errors.push_back({"name", "required", "the contact's name is required"});
  throw_if_invalid(errors);

  return store_.write_returning([&](Transaction& tx) {
    Timestamp now = clock_();
    return create_once(tx, actor, retry, now, [&](Transaction&) {
      require_project(tx, project, true);
      Contact contact;
      contact.project_id = project;
      apply_changes(request, contact);
      contact.version = 1;
      contact.created_at = contact.updated_at = now;
      contact.id = tx.contacts().insert(contact);
      audit_change(tx, actor, now, "contact.created", contact_record(contact), nullptr, audited_fields(contact));
      return contact;
    });
  });
}

Contact ProjectRecordService::get_contact(ProjectId project, ContactId id, const Actor&) {
  return store_.read_returning([&](Transaction& tx) {
    require_project(tx, project, false);
    return load_contact(tx, project, id);
  });
}

std::vector<Contact> ProjectRecordService::list_contacts(ProjectId project, const Actor&) {
  return store_.read_returning([&](Transaction& tx) {
    require_project(tx, project, false);
    return tx.contacts().list(project);
  });
}

Contact ProjectRecordService::update_contact(ProjectId project, ContactId id, std::int64_t expected_version,
                                             ContactChanges changes, const Actor& actor) {
  throw_if_invalid(normalise(changes));
  return store_.write_returning([&](Transaction& tx) {
    require_project(tx, project, true);
    Contact contact = load_contact(tx, project, id);
    if (contact.version != expected_version) throw VersionConflict("", contact.version);
    const nlohmann::json before = audited_fields(contact);
    if (!apply_changes(changes, contact)) return contact;  // nothing changed: same version
    contact.version = expected_version + 1;
    contact.updated_at = clock_();
    if (!tx.contacts().update(contact, expected_version)) throw VersionConflict("", expected_version);
    audit_change(tx, actor, contact.updated_at, "contact.updated", contact_record(contact), before,
                 audited_fields(contact));
    return contact;
  });
}

void ProjectRecordService::remove_contact(ProjectId project, ContactId id, std::int64_t expected_version,
                                          const Actor& actor) {
  store_.write([&](Transaction& tx) {
    require_project(tx, project, true);
    Contact contact = load_contact(tx, project, id);
    if (contact.version != expected_version) throw VersionConflict("", contact.version);
    if (!tx.contacts().remove(project, id, expected_version)) throw VersionConflict("", expected_version);
    audit_change(tx, actor, clock_(), "contact.deleted", contact_record(contact), audited_fields(contact), nullptr);
  });
}

// ---------------------------------------------------------------------------------------------
// notes

Note ProjectRecordService::add_note(ProjectId project, NewNote request, const Actor& actor,
                                    const Retryable<Note>* retry) {
  std::vector<FieldError> errors;
  if (check_text(request.body, "body", kLongText, Lines::multiple, errors) && request.body.empty())
    errors.push_back({"body", "required", "the text of the note is required"});
  throw_if_invalid(errors);
  // Entrepreneurs may write to their advisers, but only where they can read it back.
  if (request.visibility == Visibility::internal && scope_of(actor.role, Action::note_write_internal) == Scope::none)
    throw DomainError(ErrorCode::forbidden, "Your role may write public notes only: send \"visibility\": \"public\".");

  return store_.write_returning([&](Transaction& tx) {
    Timestamp now = clock_();
    return create_once(tx, actor, retry, now, [&](Transaction&) {
      check_project_access(tx, actor, Action::note_write_public, project);
      require_project(tx, project, true);
      Note note;
      note.project_id = project;
      note.body = request.body;  // not moved: a transaction that is run again needs it
      note.visibility = request.visibility;
      note.author = actor.id;
      note.created_at = now;
      note.id = tx.notes().insert(note);
      audit_change(tx, actor, now, "note.created", {{"project", project}, {"note", note.id}}, nullptr,
                   audited_fields(note));
      return note;
    });
  });
}

std::vector<Note> ProjectRecordService::list_notes(ProjectId project, const Actor& actor) {
  // Entrepreneurs never see internal notes (docs/design.md#case-data): filtered in the query, not
  // afterwards.
  bool public_only = scope_of(actor.role, Action::note_read_internal) == Scope::none;
  return store_.read_returning([&](Transaction& tx) {
    check_project_access(tx, actor, Action::note_read_public, project);
    require_project(tx, project, false);
    return tx.notes().list(project, public_only);
  });
}

Note ProjectRecordService::get_note(ProjectId project, NoteId id, const Actor& actor) {
  // A project's notes are few: looked up in the list the caller may see, not by a query of its own.
  for (Note& note : list_notes(project, actor))
    if (note.id == id) return std::move(note);
  throw DomainError(ErrorCode::not_found, "This project has no note with that id.");
}

// ---------------------------------------------------------------------------------------------
// activities

Activity ProjectRecordService::add_activity(ProjectId project, ActivityChanges request, const Actor& actor,
                                            const Retryable<Activity>* retry) {
  std::vector<FieldError> errors = normalise(request);
  if (!request.kind)
    errors.push_back({"kind", "required", "one of meeting, mentoring, course, phone, email, site_visit"});
  if (!request.date) errors.push_back({"date", "required", "the day of the activity, written as yyyy-mm-dd"});
  if (!request.minutes) errors.push_back({"hours", "required", "the time spent in hours, e.g. 1.5"});
  throw_if_invalid(errors);

  return store_.write_returning([&](Transaction& tx) {
    Timestamp now = clock_();
    return create_once(tx, actor, retry, now, [&](Transaction&) {
      require_project(tx, project, true);
      Activity activity;
      activity.project_id = project;
      activity.adviser = actor.id;
      apply_changes(request, activity);
      activity.version = 1;
      activity.created_at = activity.updated_at = now;
      activity.id = tx.activities().insert(activity);
      audit_change(tx, actor, now, "activity.created", activity_record(activity), nullptr, audited_fields(activity));
      return activity;
    });
  });
}

Activity ProjectRecordService::get_activity(ProjectId project, ActivityId id, const Actor&) {
  return store_.read_returning([&](Transaction& tx) {
    require_project(tx, project, false);
    return load_activity(tx, project, id);
  });
}

std::vector<Activity> ProjectRecordService::list_activities(ProjectId project, const Actor&) {
  return store_.read_returning([&](Transaction& tx) {
    require_project(tx, project, false);
    return tx.activities().list(project);
  });
}

Activity ProjectRecordService::update_activity(ProjectId project, ActivityId id, std::int64_t expected_version,
                                               ActivityChanges changes, const Actor& actor) {
  throw_if_invalid(normalise(changes));
  return store_.write_returning([&](Transaction& tx) {
    require_project(tx, project, true);
    Activity activity = load_activity(tx, project, id);
    if (activity.version != expected_version) throw VersionConflict("", activity.version);
    const nlohmann::json before = audited_fields(activity);
    if (!apply_changes(changes, activity)) return activity;  // nothing changed: same version
    activity.version = expected_version + 1;
    activity.updated_at = clock_();
    if (!tx.activities().update(activity, expected_version)) throw VersionConflict("", expected_version);
    audit_change(tx, actor, activity.updated_at, "activity.updated", activity_record(activity), before,
                 audited_fields(activity));
    return activity;
  });
}

void ProjectRecordService::remove_activity(ProjectId project, ActivityId id, std::int64_t expected_version,
                                           const Actor& actor) {
  store_.write([&](Transaction& tx) {
    require_project(tx, project, true);
    Activity activity = load_activity(tx, project, id);
    if (activity.version != expected_version) throw VersionConflict("", activity.version);
    if (!tx.activities().remove(project, id, expected_version)) throw VersionConflict("", expected_version);
    audit_change(tx, actor, clock_(), "activity.deleted", activity_record(activity), audited_fields(activity), nullptr);
  });
}

}  // namespace facilitator::core
