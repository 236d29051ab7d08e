#pragma once

#include <soci/soci.h>

#include "core/service/store.hpp"

namespace facilitator::core::storage {

class SociReferenceRepository final : public ReferenceRepository {
 public:
  explicit SociReferenceRepository(soci::session& sql) : sql_(sql) {}
  std::vector<ReferenceItem> list(ReferenceList list) override;
  std::optional<ReferenceItem> find(ReferenceList list, const std::string& code) override;
  void insert(ReferenceList list, const ReferenceItem& item) override;
  void update(ReferenceList list, const ReferenceItem& item) override;

 private:
  soci::session& sql_;
};

class SociCompanyRepository final : public CompanyRepository {
 public:
  explicit SociCompanyRepository(soci::session& sql) : sql_(sql) {}
  CompanyId insert(const Company& company) override;
  std::optional<Company> find(CompanyId id) override;
  std::optional<Company> find_by_organisation_number(const std::string& number) override;
  bool update(const Company& company, std::int64_t expected_version) override;
  std::vector<Company> list(const CompanyQuery& query) override;
  std::int64_t count(const CompanyQuery& query) override;

 private:
  soci::session& sql_;
};

}  // namespace facilitator::core::storage
