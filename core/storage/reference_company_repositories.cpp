#include "core/storage/reference_company_repositories.hpp"

#include <deque>

#include "core/domain/error.hpp"
#include "core/storage/fetch.hpp"
#include "core/storage/unique_violation.hpp"

namespace facilitator::core::storage {

namespace {

constexpr std::string_view kReferenceColumns = "code, name_nb, name_en, active, sort_order";

struct ReferenceRow {
  std::string code, name_nb, name_en;
  int active = 1, sort_order = 0;

  template <class Prepared>
  void bind_into(Prepared& p) {
    p, soci::into(code), soci::into(name_nb), soci::into(name_en), soci::into(active), soci::into(sort_order);
  }
  [[nodiscard]] ReferenceItem to_item() const { return {code, name_nb, name_en, active != 0, sort_order}; }
};

constexpr std::string_view kCompanyColumns = "id, name, organisation_number, version, created_at, updated_at";

struct CompanyRow {
  long long id = 0;
  std::string name, organisation_number;
  long long version = 0, created_at = 0, updated_at = 0;

  template <class Prepared>
  void bind_into(Prepared& p) {
    p, soci::into(id), soci::into(name), soci::into(organisation_number), soci::into(version), soci::into(created_at),
        soci::into(updated_at);
  }
  [[nodiscard]] Company to_company() const {
    return {id, name, organisation_number, version, from_millis(created_at), from_millis(updated_at)};
  }
};

/// Runs `write`; a unique constraint it breaks becomes DomainError(duplicate) with `detail`.
template <class Write>
auto unique_or_duplicate(Write write, const char* field, const std::string& detail) {
  try {
    return write();
  } catch (const soci::soci_error& e) {
    if (is_unique_violation(e))
      throw DomainError(ErrorCode::duplicate, detail, {{field, "duplicate", "is already taken"}});
    throw;
  }
}

/// The filter of a company list and its bound values.
struct CompanyFilter {
  std::string where = " WHERE 1 = 1";
  std::string pattern, number;
  std::vector<long long> ids;
  std::deque<std::string> names;  // stable addresses

  explicit CompanyFilter(const CompanyQuery& query) : ids(query.ids.begin(), query.ids.end()) {
    if (!ids.empty()) {
      where += " AND id IN (";
      for (std::size_t i = 0; i < ids.size(); ++i) where += (i ? ", :id" : ":id") + std::to_string(i);
      where += ")";
    }
    if (!query.text) return;
    // Lowercasing in SQL is ASCII-only on SQLite; names are compared case-insensitively for
    // A-Z, and exactly for æ, ø and å, the same on both backends.
    where += " AND (LOWER(name) LIKE LOWER(:pattern) ESCAPE '\\' OR organisation_number = :number)";
    pattern = like_pattern(*query.text);
    number.reserve(query.text->size());
    for (char c : *query.text)
      if (c != ' ') number += c;
  }

  template <class Prepared>
  void bind(Prepared& p, const CompanyQuery& query) {
    // `names` outlives the statement's preparation: soci::use keeps a reference to each name.
    for (std::size_t i = 0; i < ids.size(); ++i) p, soci::use(ids[i], names.emplace_back("id" + std::to_string(i)));
    if (query.text) p, soci::use(pattern, "pattern"), soci::use(number, "number");
  }
};

}  // namespace

// ---------------------------------------------------------------------------------------------
// reference lists

std::vector<ReferenceItem> SociReferenceRepository::list(ReferenceList list) {
  std::string name(to_string(list));
  return fetch_all<ReferenceRow>(
      sql_,
      "SELECT " + std::string(kReferenceColumns) + " FROM reference_items WHERE list = :list ORDER BY sort_order, code",
      [](const ReferenceRow& r) { return r.to_item(); }, name);
}

std::optional<ReferenceItem> SociReferenceRepository::find(ReferenceList list, const std::string& code) {
  std::string name(to_string(list)), key = code;
  return fetch_one<ReferenceRow>(
      sql_, "SELECT " + std::string(kReferenceColumns) + " FROM reference_items WHERE list = :list AND code = :code",
      [](const ReferenceRow& r) { return r.to_item(); }, name, key);
}

void SociReferenceRepository::insert(ReferenceList list, const ReferenceItem& item) {
  std::string name(to_string(list));
  int active = item.active ? 1 : 0;
  unique_or_duplicate(
      [&] {
        sql_ << "INSERT INTO reference_items (list, code, name_nb, name_en, active, sort_order) VALUES (:list, :code, "
                ":name_nb, :name_en, :active, :sort_order)",
            soci::use(name), soci::use(item.code), soci::use(item.name_nb), soci::use(item.name_en), soci::use(active),
            soci::use(item.sort_order);
      },
      "code", "The list already has an item with this code.");
}

void SociReferenceRepository::update(ReferenceList list, const ReferenceItem& item) {
  std::string name(to_string(list));
  int active = item.active ? 1 : 0;
  sql_ << "UPDATE reference_items SET name_nb = :name_nb, name_en = :name_en, active = :active, sort_order = "
          ":sort_order WHERE list = :list AND code = :code",
      soci::use(item.name_nb), soci::use(item.name_en), soci::use(active), soci::use(item.sort_order), soci::use(name),
      soci::use(item.code);
}

// ---------------------------------------------------------------------------------------------
// companies

CompanyId SociCompanyRepository::insert(const Company& company) {
  long long id = 0, version = company.version, created = to_millis(company.created_at),
            updated = to_millis(company.updated_at);
  unique_or_duplicate(
      [&] {
        sql_ << "INSERT INTO companies (name, organisation_number, version, created_at, updated_at) VALUES (:name, "
                ":organisation_number, :version, :created_at, :updated_at) RETURNING id",
            soci::use(company.name), soci::use(company.organisation_number), soci::use(version), soci::use(created),
            soci::use(updated), soci::into(id);
      },
      "organisation_number", "A company with this organisation number is already registered.");
  return id;
}

std::optional<Company> SociCompanyRepository::find(CompanyId id) {
  long long key = id;
  return fetch_one<CompanyRow>(
      sql_, "SELECT " + std::string(kCompanyColumns) + " FROM companies WHERE id = :id",
      [](const CompanyRow& r) { return r.to_company(); }, key);
}

std::optional<Company> SociCompanyRepository::find_by_organisation_number(const std::string& number) {
  std::string key = number;
  return fetch_one<CompanyRow>(
      sql_, "SELECT " + std::string(kCompanyColumns) + " FROM companies WHERE organisation_number = :n",
      [](const CompanyRow& r) { return r.to_company(); }, key);
}

bool SociCompanyRepository::update(const Company& company, std::int64_t expected_version) {
  long long id = company.id, version = company.version, updated = to_millis(company.updated_at),
            expected = expected_version;
  return unique_or_duplicate(
      [&] {
        soci::statement st =
            (sql_.prepare << "UPDATE companies SET name = :name, organisation_number = :organisation_number, version = "
                             ":version, updated_at = :updated_at WHERE id = :id AND version = :expected",
             soci::use(company.name), soci::use(company.organisation_number), soci::use(version), soci::use(updated),
             soci::use(id), soci::use(expected));
        st.execute(true);
        return st.get_affected_rows() == 1;
      },
      "organisation_number", "A company with this organisation number is already registered.");
}

std::vector<Company> SociCompanyRepository::list(const CompanyQuery& query) {
  return fetch_page<CompanyRow, CompanyFilter>(sql_, "companies", kCompanyColumns, query,
                                               [](const CompanyRow& r) { return r.to_company(); });
}

std::int64_t SociCompanyRepository::count(const CompanyQuery& query) {
  return count_filtered<CompanyFilter>(sql_, "companies", query);
}

}  // namespace facilitator::core::storage
