#include "core/storage/project_record_repositories.hpp"

#include <algorithm>
#include <stdexcept>
#include <tuple>

#include "core/domain/error.hpp"
#include "core/storage/fetch.hpp"
#include "core/storage/soci_optional.hpp"
#include "core/storage/unique_violation.hpp"

namespace facilitator::core::storage {

namespace {

/// Runs an UPDATE or DELETE prepared with its values and says whether it touched exactly one row.
bool touched_one(soci::statement& statement) {
  statement.execute(true);
  return statement.get_affected_rows() == 1;
}

// ---------------------------------------------------------------------------------------------
// rows

constexpr std::string_view kContactColumns =
    "id, project_id, name, email, phone, role, user_id, version, created_at, updated_at";

struct ContactRow {
  long long id = 0, project_id = 0;
  std::string name;
  std::optional<std::string> email, phone, role;
  std::optional<long long> user_id;
  long long version = 0, created_at = 0, updated_at = 0;

  template <class Prepared>
  void bind_into(Prepared& p) {
    p, soci::into(id), soci::into(project_id), soci::into(name), soci::into(email), soci::into(phone), soci::into(role),
        soci::into(user_id), soci::into(version), soci::into(created_at), soci::into(updated_at);
  }

  [[nodiscard]] Contact to_contact() const {
    return Contact{.id = id,
                   .project_id = project_id,
                   .name = name,
                   .email = email,
                   .phone = phone,
                   .role = role,
                   .user_id = user_id ? std::optional<std::int64_t>(*user_id) : std::nullopt,
                   .version = version,
                   .created_at = from_millis(created_at),
                   .updated_at = from_millis(updated_at)};
  }

  static ContactRow from(const Contact& c) {
    return ContactRow{.id = c.id,
                      .project_id = c.project_id,
                      .name = c.name,
                      .email = c.email,
                      .phone = c.phone,
                      .role = c.role,
                      .user_id = c.user_id ? std::optional<long long>(*c.user_id) : std::nullopt,
                      .version = c.version,
                      .created_at = to_millis(c.created_at),
                      .updated_at = to_millis(c.updated_at)};
  }
};

constexpr std::string_view kNoteColumns = "id, project_id, body, visibility, author, created_at";

struct NoteRow {
  long long id = 0, project_id = 0;
  std::string body, visibility, author;
  long long created_at = 0;

  template <class Prepared>
  void bind_into(Prepared& p) {
    p, soci::into(id), soci::into(project_id), soci::into(body), soci::into(visibility), soci::into(author),
        soci::into(created_at);
  }

  [[nodiscard]] Note to_note() const {
    return Note{.id = id,
                .project_id = project_id,
                .body = body,
                .visibility = parsed(parse_visibility(visibility), "note visibility", visibility),
                .author = author,
                .created_at = from_millis(created_at)};
  }
};

constexpr std::string_view kActivityColumns =
    "id, project_id, kind, activity_date, minutes, adviser, note, version, created_at, updated_at";

struct ActivityRow {
  long long id = 0, project_id = 0;
  std::string kind, activity_date;
  long long minutes = 0;
  std::string adviser;
  std::optional<std::string> note;
  long long version = 0, created_at = 0, updated_at = 0;

  template <class Prepared>
  void bind_into(Prepared& p) {
    p, soci::into(id), soci::into(project_id), soci::into(kind), soci::into(activity_date), soci::into(minutes),
        soci::into(adviser), soci::into(note), soci::into(version), soci::into(created_at), soci::into(updated_at);
  }

  [[nodiscard]] Activity to_activity() const {
    return Activity{.id = id,
                    .project_id = project_id,
                    .kind = parsed(parse_activity_kind(kind), "activity kind", kind),
                    .date = activity_date,
                    .minutes = minutes,
                    .adviser = adviser,
                    .note = note,
                    .version = version,
                    .created_at = from_millis(created_at),
                    .updated_at = from_millis(updated_at)};
  }

  static ActivityRow from(const Activity& a) {
    return ActivityRow{.id = a.id,
                       .project_id = a.project_id,
                       .kind = std::string(to_string(a.kind)),
                       .activity_date = a.date,
                       .minutes = a.minutes,
                       .adviser = a.adviser,
                       .note = a.note,
                       .version = a.version,
                       .created_at = to_millis(a.created_at),
                       .updated_at = to_millis(a.updated_at)};
  }
};

constexpr std::string_view kTargetColumns =
    "id, year, metric, focus_area, target_value, version, created_at, updated_at";

struct TargetRow {
  long long id = 0;
  int year = 0;
  std::string metric;
  std::optional<std::string> focus_area;
  long long target_value = 0, version = 0, created_at = 0, updated_at = 0;

  template <class Prepared>
  void bind_into(Prepared& p) {
    p, soci::into(id), soci::into(year), soci::into(metric), soci::into(focus_area), soci::into(target_value),
        soci::into(version), soci::into(created_at), soci::into(updated_at);
  }

  [[nodiscard]] Target to_target() const {
    return Target{.id = id,
                  .year = year,
                  .metric = parsed(parse_target_metric(metric), "target metric", metric),
                  .focus_area = focus_area,
                  .target_value = target_value,
                  .version = version,
                  .created_at = from_millis(created_at),
                  .updated_at = from_millis(updated_at)};
  }

  static TargetRow from(const Target& t) {
    return TargetRow{.id = t.id,
                     .year = t.year,
                     .metric = std::string(to_string(t.metric)),
                     .focus_area = t.focus_area,
                     .target_value = t.target_value,
                     .version = t.version,
                     .created_at = to_millis(t.created_at),
                     .updated_at = to_millis(t.updated_at)};
  }
};

/// The unique index on (year, metric, focus area) backs up the service's own check, so that two
/// writers racing to add the same target cannot both succeed. On PostgreSQL the transaction is
/// unusable after the violation, hence an exception rather than a flag.
template <class Work>
auto unique_target(const Target& target, Work&& work) {
  try {
    return work();
  } catch (const soci::soci_error& e) {
    if (!is_unique_violation(e)) throw;
    throw DomainError(ErrorCode::duplicate,
                      "There is already a target for " + std::string(to_string(target.metric)) + " in " +
                          std::to_string(target.year) +
                          (target.focus_area ? " for focus area " + *target.focus_area : " for all focus areas") +
                          "; change that target instead.",
                      {{"metric", "duplicate", "one target per year, metric and focus area"}});
  }
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// contacts

ContactId SociContactRepository::insert(const Contact& contact) {
  ContactRow r = ContactRow::from(contact);
  long long id = 0;
  sql_ << "INSERT INTO contacts (project_id, name, email, phone, role, user_id, version, created_at, updated_at) "
          "VALUES (:project_id, :name, :email, :phone, :role, :user_id, :version, :created_at, :updated_at) RETURNING "
          "id",
      soci::use(r.project_id), soci::use(r.name), soci::use(r.email), soci::use(r.phone), soci::use(r.role),
      soci::use(r.user_id), soci::use(r.version), soci::use(r.created_at), soci::use(r.updated_at), soci::into(id);
  return id;
}

std::optional<Contact> SociContactRepository::find(ProjectId project, ContactId id) {
  long long p = project, key = id;
  return fetch_one<ContactRow>(
      sql_, "SELECT " + std::string(kContactColumns) + " FROM contacts WHERE project_id = :p AND id = :id",
      [](const ContactRow& r) { return r.to_contact(); }, p, key);
}

// The account link (user_id) is not among the fields an edit sets: it changes only through
// link_user, so an adviser's edit never unties an entrepreneur from the project.
bool SociContactRepository::update(const Contact& contact, std::int64_t expected_version) {
  ContactRow r = ContactRow::from(contact);
  long long expected = expected_version;
  soci::statement st =
      (sql_.prepare << "UPDATE contacts SET name = :name, email = :email, phone = :phone, role = :role, version = "
                       ":version, updated_at = :updated_at WHERE id = :id AND project_id = :project_id AND version = "
                       ":expected",
       soci::use(r.name), soci::use(r.email), soci::use(r.phone), soci::use(r.role), soci::use(r.version),
       soci::use(r.updated_at), soci::use(r.id), soci::use(r.project_id), soci::use(expected));
  return touched_one(st);
}

bool SociContactRepository::remove(ProjectId project, ContactId id, std::int64_t expected_version) {
  long long p = project, key = id, expected = expected_version;
  // Its invitations go with the contact (their foreign key would refuse the delete otherwise), but
  // only when the delete itself will happen: the same conditions, so a stale version deletes
  // nothing. The audit log keeps that they were sent and accepted.
  sql_ << "DELETE FROM invitations WHERE contact_id IN (SELECT id FROM contacts WHERE id = :id AND project_id = :p "
          "AND version = :expected)",
      soci::use(key), soci::use(p), soci::use(expected);
  soci::statement st =
      (sql_.prepare << "DELETE FROM contacts WHERE id = :id AND project_id = :p AND version = :expected",
       soci::use(key), soci::use(p), soci::use(expected));
  return touched_one(st);
}

std::vector<Contact> SociContactRepository::list(ProjectId project) {
  long long p = project;
  return fetch_all<ContactRow>(
      sql_, "SELECT " + std::string(kContactColumns) + " FROM contacts WHERE project_id = :p ORDER BY id",
      [](const ContactRow& r) { return r.to_contact(); }, p);
}

void SociContactRepository::link_user(ProjectId project, ContactId id, std::int64_t user) {
  // Not an edit of the contact's fields: the version stays, so an adviser's edit in flight still
  // applies (and keeps the link, see update).
  long long p = project, key = id, account = user;
  soci::statement st = (sql_.prepare << "UPDATE contacts SET user_id = :user_id WHERE id = :id AND project_id = :p",
                        soci::use(account), soci::use(key), soci::use(p));
  if (!touched_one(st)) throw DomainError(ErrorCode::not_found, "The contact does not exist (any more).");
}

// ---------------------------------------------------------------------------------------------
// notes

NoteId SociNoteRepository::insert(const Note& note) {
  long long project = note.project_id, created_at = to_millis(note.created_at), id = 0;
  std::string body = note.body, visibility(to_string(note.visibility)), author = note.author;
  sql_ << "INSERT INTO notes (project_id, body, visibility, author, created_at) VALUES (:project_id, :body, "
          ":visibility, :author, :created_at) RETURNING id",
      soci::use(project), soci::use(body), soci::use(visibility), soci::use(author), soci::use(created_at),
      soci::into(id);
  return id;
}

std::vector<Note> SociNoteRepository::list(ProjectId project, bool public_only) {
  long long p = project;
  std::string query = "SELECT " + std::string(kNoteColumns) + " FROM notes WHERE project_id = :p";
  if (public_only) query += " AND visibility = 'public'";
  return fetch_all<NoteRow>(
      sql_, query + " ORDER BY id", [](const NoteRow& r) { return r.to_note(); }, p);
}

// ---------------------------------------------------------------------------------------------
// activities

ActivityId SociActivityRepository::insert(const Activity& activity) {
  ActivityRow r = ActivityRow::from(activity);
  long long id = 0;
  sql_ << "INSERT INTO activities (project_id, kind, activity_date, minutes, adviser, note, version, created_at, "
          "updated_at) VALUES (:project_id, :kind, :activity_date, :minutes, :adviser, :note, :version, :created_at, "
          ":updated_at) RETURNING id",
      soci::use(r.project_id), soci::use(r.kind), soci::use(r.activity_date), soci::use(r.minutes),
      soci::use(r.adviser), soci::use(r.note), soci::use(r.version), soci::use(r.created_at), soci::use(r.updated_at),
      soci::into(id);
  return id;
}

std::optional<Activity> SociActivityRepository::find(ProjectId project, ActivityId id) {
  long long p = project, key = id;
  return fetch_one<ActivityRow>(
      sql_, "SELECT " + std::string(kActivityColumns) + " FROM activities WHERE project_id = :p AND id = :id",
      [](const ActivityRow& r) { return r.to_activity(); }, p, key);
}

bool SociActivityRepository::update(const Activity& activity, std::int64_t expected_version) {
  ActivityRow r = ActivityRow::from(activity);
  long long expected = expected_version;
  soci::statement st =
      (sql_.prepare << "UPDATE activities SET kind = :kind, activity_date = :activity_date, minutes = :minutes, "
                       "adviser = :adviser, note = :note, version = :version, updated_at = :updated_at WHERE id = :id "
                       "AND project_id = :project_id AND version = :expected",
       soci::use(r.kind), soci::use(r.activity_date), soci::use(r.minutes), soci::use(r.adviser), soci::use(r.note),
       soci::use(r.version), soci::use(r.updated_at), soci::use(r.id), soci::use(r.project_id), soci::use(expected));
  return touched_one(st);
}

bool SociActivityRepository::remove(ProjectId project, ActivityId id, std::int64_t expected_version) {
  long long p = project, key = id, expected = expected_version;
  soci::statement st =
      (sql_.prepare << "DELETE FROM activities WHERE id = :id AND project_id = :p AND version = :expected",
       soci::use(key), soci::use(p), soci::use(expected));
  return touched_one(st);
}

std::vector<Activity> SociActivityRepository::list(ProjectId project) {
  long long p = project;
  return fetch_all<ActivityRow>(
      sql_, "SELECT " + std::string(kActivityColumns) + " FROM activities WHERE project_id = :p ORDER BY id",
      [](const ActivityRow& r) { return r.to_activity(); }, p);
}

// ---------------------------------------------------------------------------------------------
// targets

TargetId SociTargetRepository::insert(const Target& target) {
  TargetRow r = TargetRow::from(target);
  return unique_target(target, [&] {
    long long id = 0;
    sql_ << "INSERT INTO targets (year, metric, focus_area, target_value, version, created_at, updated_at) VALUES "
            "(:year, :metric, :focus_area, :target_value, :version, :created_at, :updated_at) RETURNING id",
        soci::use(r.year), soci::use(r.metric), soci::use(r.focus_area), soci::use(r.target_value),
        soci::use(r.version), soci::use(r.created_at), soci::use(r.updated_at), soci::into(id);
    return static_cast<TargetId>(id);
  });
}

std::optional<Target> SociTargetRepository::find(TargetId id) {
  long long key = id;
  return fetch_one<TargetRow>(
      sql_, "SELECT " + std::string(kTargetColumns) + " FROM targets WHERE id = :id",
      [](const TargetRow& r) { return r.to_target(); }, key);
}

bool SociTargetRepository::update(const Target& target, std::int64_t expected_version) {
  TargetRow r = TargetRow::from(target);
  long long expected = expected_version;
  return unique_target(target, [&] {
    soci::statement st =
        (sql_.prepare << "UPDATE targets SET year = :year, metric = :metric, focus_area = :focus_area, target_value = "
                         ":target_value, version = :version, updated_at = :updated_at WHERE id = :id AND version = "
                         ":expected",
         soci::use(r.year), soci::use(r.metric), soci::use(r.focus_area), soci::use(r.target_value),
         soci::use(r.version), soci::use(r.updated_at), soci::use(r.id), soci::use(expected));
    return touched_one(st);
  });
}

bool SociTargetRepository::remove(TargetId id, std::int64_t expected_version) {
  long long key = id, expected = expected_version;
  soci::statement st = (sql_.prepare << "DELETE FROM targets WHERE id = :id AND version = :expected", soci::use(key),
                        soci::use(expected));
  return touched_one(st);
}

std::vector<Target> SociTargetRepository::list(std::optional<int> year) {
  std::vector<Target> targets;
  auto convert = [](const TargetRow& r) { return r.to_target(); };
  std::string query = "SELECT " + std::string(kTargetColumns) + " FROM targets";
  if (year) {
    int y = *year;
    targets = fetch_all<TargetRow>(sql_, query + " WHERE year = :year", convert, y);
  } else {
    targets = fetch_all<TargetRow>(sql_, query, convert);
  }
  // Sorted here rather than in SQL: metrics in their declared order, the overall target before
  // those per focus area, and text compared bytewise whatever the database's collation.
  std::sort(targets.begin(), targets.end(), [](const Target& a, const Target& b) {
    return std::tuple(a.year, a.metric, a.focus_area.has_value(), a.focus_area.value_or(""), a.id) <
           std::tuple(b.year, b.metric, b.focus_area.has_value(), b.focus_area.value_or(""), b.id);
  });
  return targets;
}

}  // namespace facilitator::core::storage
