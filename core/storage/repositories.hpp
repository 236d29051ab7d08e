#pragma once

#include <soci/soci.h>

#include <array>
#include <map>
#include <optional>
#include <string>

#include "core/service/store.hpp"
#include "core/storage/account_repositories.hpp"
#include "core/storage/database_url.hpp"
#include "core/storage/idempotency_repository.hpp"
#include "core/storage/project_record_repositories.hpp"
#include "core/storage/reference_company_repositories.hpp"
#include "core/storage/report_repositories.hpp"

namespace facilitator::core::storage {

class SociProjectRepository final : public ProjectRepository {
 public:
  SociProjectRepository(soci::session& sql, Backend backend, IntervalNotes& notes)
      : sql_(sql), backend_(backend), notes_(notes) {}
  ProjectId insert(const Project& project) override;
  std::optional<Project> find(ProjectId id) override;
  std::optional<Project> find_for_update(ProjectId id) override;
  std::optional<Project> find_by_external_ref(const std::string& external_ref) override;
  bool update(const Project& project, std::int64_t expected_version) override;
  std::vector<Project> list(const ProjectQuery& query) override;
  std::int64_t count(const ProjectQuery& query) override;
  bool has_contact_user(ProjectId id, std::int64_t user) override;

 private:
  std::optional<Project> find_with(ProjectId id, std::string_view suffix);
  /// The fields stage_intervals copies (municipality, focus area, NACE section, adviser, response
  /// deadline).
  static std::array<std::optional<std::string>, 5> report_fields(const Project& project);

  soci::session& sql_;
  Backend backend_;
  /// Those fields as stored, for the projects this transaction has read or written.
  std::map<ProjectId, std::array<std::optional<std::string>, 5>> read_fields_;
  IntervalNotes& notes_;
};

class SociEventRepository final : public EventRepository {
 public:
  SociEventRepository(soci::session& sql, IntervalNotes& notes) : sql_(sql), notes_(notes) {}
  void append(const ProjectEvent& event) override;
  std::optional<ProjectEvent> find_by_idempotency_key(ProjectId project, std::string_view key) override;
  std::vector<ProjectEvent> list(ProjectId project, std::int64_t after_seq, std::int64_t limit) override;
  std::int64_t count(ProjectId project) override;

 private:
  soci::session& sql_;
  IntervalNotes& notes_;
};

class SociFundingRepository final : public FundingRepository {
 public:
  explicit SociFundingRepository(soci::session& sql) : sql_(sql) {}
  FundingId insert(const FundingApplication& application) override;
  std::optional<FundingApplication> find(ProjectId project, FundingId id) override;
  bool update(const FundingApplication& application, std::int64_t expected_version) override;
  std::vector<FundingApplication> list(ProjectId project) override;

 private:
  soci::session& sql_;
};

/// The repositories over one session that is inside a transaction.
class SociTransaction final : public Transaction {
 public:
  /// `pending`: the store's notes of lagging stage intervals (SQLite), or null (PostgreSQL).
  SociTransaction(soci::session& sql, Backend backend, PendingIntervals* pending)
      : interval_notes_(sql, pending),
        projects_(sql, backend, interval_notes_),
        events_(sql, interval_notes_),
        funding_(sql),
        reference_(sql),
        companies_(sql),
        contacts_(sql),
        notes_(sql),
        activities_(sql),
        targets_(sql),
        users_(sql),
        sessions_(sql),
        tokens_(sql),
        invitations_(sql),
        audit_(sql),
        idempotency_(sql),
        reports_(sql, backend, interval_notes_) {}
  ProjectRepository& projects() override { return projects_; }
  EventRepository& events() override { return events_; }
  FundingRepository& funding() override { return funding_; }
  ReferenceRepository& reference() override { return reference_; }
  CompanyRepository& companies() override { return companies_; }
  ContactRepository& contacts() override { return contacts_; }
  NoteRepository& notes() override { return notes_; }
  ActivityRepository& activities() override { return activities_; }
  TargetRepository& targets() override { return targets_; }
  UserRepository& users() override { return users_; }
  SessionRepository& sessions() override { return sessions_; }
  TokenRepository& tokens() override { return tokens_; }
  InvitationRepository& invitations() override { return invitations_; }
  AuditRepository& audit() override { return audit_; }
  IdempotencyRepository& idempotency() override { return idempotency_; }
  ReportRepository& reports() override { return reports_; }
  /// This transaction's notes of lagging stage intervals, handed to the store after its commit.
  IntervalNotes& interval_notes() { return interval_notes_; }

 private:
  IntervalNotes interval_notes_;  // first: the repositories below are given it
  SociProjectRepository projects_;
  SociEventRepository events_;
  SociFundingRepository funding_;
  SociReferenceRepository reference_;
  SociCompanyRepository companies_;
  SociContactRepository contacts_;
  SociNoteRepository notes_;
  SociActivityRepository activities_;
  SociTargetRepository targets_;
  SociUserRepository users_;
  SociSessionRepository sessions_;
  SociTokenRepository tokens_;
  SociInvitationRepository invitations_;
  SociAuditRepository audit_;
  SociIdempotencyRepository idempotency_;
  SociReportRepository reports_;
};

}  // namespace facilitator::core::storage
