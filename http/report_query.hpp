#pragma once

// The query parameters of the report endpoints (/api/v1/reports/...), read strictly: a parameter
// a report does not take, a repeated one, or a value it cannot use is a 400 naming the parameter,
// so a mistyped filter never answers quietly with the wrong numbers.

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <httplib.h>

#include "core/domain/error.hpp"
#include "core/domain/time.hpp"

namespace facilitator::http {

/// How a report is answered: JSON, or CSV with `,` or `;` between fields.
struct ReportFormat {
  bool csv = false;
  char separator = ',';  // CSV only; `;` is what Norwegian Excel reads as columns
};

/// A strict reader of one report's query parameters. Every problem is collected and `finish()`
/// throws them together as one invalid_input, so a client fixes its request in one round.
class ReportQueryReader {
 public:
  /// `known` are the report's parameters; `prefixes` admit families such as `threshold.STATE`.
  ReportQueryReader(const httplib::Request& req, std::vector<std::string> known,
                    std::vector<std::string> prefixes = {});

  /// Text, trimmed; blank counts as absent.
  std::optional<std::string> text(const std::string& name);
  /// One of `allowed`.
  std::optional<std::string> choice(const std::string& name, std::initializer_list<std::string_view> allowed);
  /// A whole number within [min, max].
  std::optional<std::int64_t> integer(const std::string& name, std::int64_t min, std::int64_t max);
  /// A decimal number (`.` as the decimal mark) within [min, max].
  std::optional<double> number(const std::string& name, double min, double max);
  /// An ISO date, yyyy-mm-dd.
  std::optional<core::Date> date(const std::string& name);
  /// An ISO date (the end of that day in Oslo) or an RFC 3339 time.
  std::optional<core::Timestamp> moment(const std::string& name);
  /// The suffixes of every given parameter `prefix` + suffix (e.g. threshold.business_plan=90).
  std::vector<std::string> with_prefix(const std::string& prefix) const;

  void add_error(std::string field, std::string code, std::string message);
  /// Throws DomainError(invalid_input) listing every problem, if there is any.
  void finish();

 private:
  const httplib::Request& req_;
  std::vector<core::FieldError> errors_;
};

/// The last millisecond of `day` in Oslo (23:59:59.999 local time), as a UTC time.
[[nodiscard]] core::Timestamp end_of_oslo_day(core::Date day) noexcept;
/// The first millisecond of `day` in Oslo (00:00 local time), as a UTC time.
[[nodiscard]] core::Timestamp start_of_oslo_day(core::Date day) noexcept;

/// `format` (json|csv) and `separator` (comma|semicolon; only with csv).
[[nodiscard]] ReportFormat read_format(ReportQueryReader& query);

/// The parameters every report takes besides its own: the filters, group_by, format, separator.
inline const std::vector<std::string>& common_report_parameters() {
  static const std::vector<std::string> kCommon{"workflow", "municipality", "focus_area", "nace_section",
                                                "adviser",  "group_by",     "format",     "separator"};
  return kCommon;
}

}  // namespace facilitator::http
