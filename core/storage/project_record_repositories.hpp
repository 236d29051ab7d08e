#pragma once

// Records kept under a project (contacts, notes, activities) and strategic targets.

#include <soci/soci.h>

#include "core/service/store.hpp"

namespace facilitator::core::storage {

class SociContactRepository final : public ContactRepository {
 public:
  explicit SociContactRepository(soci::session& sql) : sql_(sql) {}
  ContactId insert(const Contact& contact) override;
  std::optional<Contact> find(ProjectId project, ContactId id) override;
  bool update(const Contact& contact, std::int64_t expected_version) override;
  bool remove(ProjectId project, ContactId id, std::int64_t expected_version) override;
  std::vector<Contact> list(ProjectId project) override;
  void link_user(ProjectId project, ContactId id, std::int64_t user) override;

 private:
  soci::session& sql_;
};

class SociNoteRepository final : public NoteRepository {
 public:
  explicit SociNoteRepository(soci::session& sql) : sql_(sql) {}
  NoteId insert(const Note& note) override;
  std::vector<Note> list(ProjectId project, bool public_only) override;

 private:
  soci::session& sql_;
};

class SociActivityRepository final : public ActivityRepository {
 public:
  explicit SociActivityRepository(soci::session& sql) : sql_(sql) {}
  ActivityId insert(const Activity& activity) override;
  std::optional<Activity> find(ProjectId project, ActivityId id) override;
  bool update(const Activity& activity, std::int64_t expected_version) override;
  bool remove(ProjectId project, ActivityId id, std::int64_t expected_version) override;
  std::vector<Activity> list(ProjectId project) override;

 private:
  soci::session& sql_;
};

class SociTargetRepository final : public TargetRepository {
 public:
  explicit SociTargetRepository(soci::session& sql) : sql_(sql) {}
  TargetId insert(const Target& target) override;
  std::optional<Target> find(TargetId id) override;
  bool update(const Target& target, std::int64_t expected_version) override;
  bool remove(TargetId id, std::int64_t expected_version) override;
  std::vector<Target> list(std::optional<int> year) override;

 private:
  soci::session& sql_;
};

}  // namespace facilitator::core::storage
