#include "core/service/company_service.hpp"

#include <charconv>

#include "core/domain/error.hpp"
#include "core/domain/utf8.hpp"
#include "core/service/audit_trail.hpp"
#include "core/service/idempotent_write.hpp"
#include "core/service/paging.hpp"
#include "core/service/validation.hpp"

namespace facilitator::core {

namespace {

std::vector<FieldError> normalise(CompanyChanges& changes) {
  std::vector<FieldError> errors;
  if (changes.name) check_required_text(*changes.name, "name", "the company name", errors);
  if (changes.organisation_number)
    check_organisation_number(*changes.organisation_number, "organisation_number", errors);
  return errors;
}

[[noreturn]] void throw_duplicate(const Company& existing) {
  throw DomainError(
      ErrorCode::duplicate,
      "A company with this organisation number is already registered: " + existing.name + " (id " +
          std::to_string(existing.id) + ").",
      {{"organisation_number", "duplicate", "already registered as company " + std::to_string(existing.id)}});
}

Company load(Transaction& tx, CompanyId id) {
  auto company = tx.companies().find(id);
  if (!company) throw DomainError(ErrorCode::not_found, "There is no company with that id.");
  return *company;
}

}  // namespace

Company CompanyService::create(CompanyChanges request, const Actor& actor, const Retryable<Company>* retry) {
  std::vector<FieldError> errors = normalise(request);
  if (!request.name) errors.push_back({"name", "required", "the company name is required"});
  if (!request.organisation_number)
    errors.push_back({"organisation_number", "required", "the nine-digit organisation number is required"});
  throw_if_invalid(errors);

  return store_.write_returning([&](Transaction& tx) {
    Timestamp now = clock_();
    return create_once(tx, actor, retry, now, [&](Transaction&) {
      if (auto existing = tx.companies().find_by_organisation_number(*request.organisation_number))
        throw_duplicate(*existing);
      Company company;
      company.name = *request.name;
      company.organisation_number = *request.organisation_number;
      company.version = 1;
      company.created_at = company.updated_at = now;
      company.id = tx.companies().insert(company);
      audit_change(tx, actor, now, "company.created", {{"company", company.id}}, nullptr, audited_fields(company));
      return company;
    });
  });
}

Company CompanyService::get(CompanyId id, const Actor&) {
  return store_.read_returning([&](Transaction& tx) { return load(tx, id); });
}

namespace {

/// "3,17,42": whole positive numbers separated by commas, at most a page's worth. The web UI asks
/// this way for the companies of the cards it shows.
std::vector<CompanyId> parse_ids(std::string_view text) {
  auto invalid = [](const std::string& detail) {
    return DomainError(ErrorCode::invalid_input, "id must list company ids separated by commas.",
                       {{"id", "invalid", detail}});
  };
  std::vector<CompanyId> ids;
  std::size_t start = 0;
  while (true) {
    std::size_t comma = text.find(',', start);
    std::string_view part = text.substr(start, comma == std::string_view::npos ? text.npos : comma - start);
    CompanyId id = 0;
    auto [ptr, ec] = std::from_chars(part.data(), part.data() + part.size(), id);
    if (part.empty() || ec != std::errc{} || ptr != part.data() + part.size() || id < 1)
      throw invalid("'" + std::string(utf8_prefix(part, 40)) + "' is not a company id");
    ids.push_back(id);
    if (static_cast<std::int64_t>(ids.size()) > kMaxPageSize)
      throw invalid("at most " + std::to_string(kMaxPageSize) + " ids");
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return ids;
}

}  // namespace

Page<Company> CompanyService::list(const CompanyListRequest& request, const Actor&) {
  CompanyQuery query;
  query.limit = checked_page_size(request.limit);
  if (request.cursor) query.after_id = decode_cursor("companies", *request.cursor);
  if (request.text) {
    std::vector<FieldError> errors;
    std::string text = *request.text;
    check_text(text, "q", kShortText, Lines::single, errors);
    throw_if_invalid(errors);
    if (!text.empty()) query.text = text;
  }
  if (request.ids) query.ids = parse_ids(*request.ids);
  return store_.read_returning([&](Transaction& tx) {
    return keyset_page(
        "companies", query, [&](const CompanyQuery& q) { return tx.companies().list(q); },
        [&](const CompanyQuery& q) { return tx.companies().count(q); });
  });
}

Company CompanyService::update(CompanyId id, std::int64_t expected_version, CompanyChanges changes,
                               const Actor& actor) {
  throw_if_invalid(normalise(changes));
  return store_.write_returning([&](Transaction& tx) {
    Company company = load(tx, id);
    if (company.version != expected_version) throw VersionConflict("", company.version);
    const nlohmann::json before = audited_fields(company);
    bool changed = false;
    if (changes.name && *changes.name != company.name) {
      company.name = *changes.name;
      changed = true;
    }
    if (changes.organisation_number && *changes.organisation_number != company.organisation_number) {
      if (auto existing = tx.companies().find_by_organisation_number(*changes.organisation_number))
        throw_duplicate(*existing);
      company.organisation_number = *changes.organisation_number;
      changed = true;
    }
    if (!changed) return company;
    company.version = expected_version + 1;
    company.updated_at = clock_();
    if (!tx.companies().update(company, expected_version)) throw VersionConflict("", expected_version);
    audit_change(tx, actor, company.updated_at, "company.updated", {{"company", company.id}}, before,
                 audited_fields(company));
    return company;
  });
}

}  // namespace facilitator::core
