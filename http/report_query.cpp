#include "http/report_query.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <sstream>

namespace facilitator::http {

namespace {

std::string trimmed(std::string text) {
  auto blank = [](char c) { return c == ' ' || c == '\t'; };
  while (!text.empty() && blank(text.back())) text.pop_back();
  std::size_t start = 0;
  while (start < text.size() && blank(text[start])) ++start;
  return text.substr(start);
}

bool starts_with(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && text.substr(0, prefix.size()) == prefix;
}

std::string listed(std::initializer_list<std::string_view> allowed) {
  std::string out;
  for (std::string_view a : allowed) {
    if (!out.empty()) out += ", ";
    out += a;
  }
  return out;
}

}  // namespace

ReportQueryReader::ReportQueryReader(const httplib::Request& req, std::vector<std::string> known,
                                     std::vector<std::string> prefixes)
    : req_(req) {
  std::string last;
  for (const auto& [key, value] : req.params) {
    if (key == last) continue;  // a multimap: a repeated key comes in a row; report it once
    last = key;
    bool ok = std::find(known.begin(), known.end(), key) != known.end();
    for (const auto& prefix : prefixes) ok = ok || (starts_with(key, prefix) && key.size() > prefix.size());
    if (!ok) errors_.push_back({key, "unknown_parameter", "is not a parameter of this report"});
    if (req.get_param_value_count(key) > 1) errors_.push_back({key, "repeated", "may be given only once"});
  }
}

std::optional<std::string> ReportQueryReader::text(const std::string& name) {
  if (!req_.has_param(name.c_str())) return std::nullopt;
  std::string value = trimmed(req_.get_param_value(name.c_str()));
  if (value.empty()) return std::nullopt;
  return value;
}

std::optional<std::string> ReportQueryReader::choice(const std::string& name,
                                                     std::initializer_list<std::string_view> allowed) {
  auto value = text(name);
  if (!value) return std::nullopt;
  if (std::find(allowed.begin(), allowed.end(), *value) == allowed.end()) {
    errors_.push_back({name, "not_allowed", "must be one of: " + listed(allowed)});
    return std::nullopt;
  }
  return value;
}

std::optional<std::int64_t> ReportQueryReader::integer(const std::string& name, std::int64_t min, std::int64_t max) {
  auto value = text(name);
  if (!value) return std::nullopt;
  std::int64_t number = 0;
  auto [ptr, ec] = std::from_chars(value->data(), value->data() + value->size(), number);
  if (ec != std::errc{} || ptr != value->data() + value->size()) {
    errors_.push_back({name, "wrong_type", "must be a whole number"});
    return std::nullopt;
  }
  if (number < min || number > max) {
    errors_.push_back({name, "out_of_range", "must be from " + std::to_string(min) + " to " + std::to_string(max)});
    return std::nullopt;
  }
  return number;
}

std::optional<double> ReportQueryReader::number(const std::string& name, double min, double max) {
  auto value = text(name);
  if (!value) return std::nullopt;
  double number = 0;
  auto [ptr, ec] = std::from_chars(value->data(), value->data() + value->size(), number, std::chars_format::fixed);
  if (ec != std::errc{} || ptr != value->data() + value->size() || !std::isfinite(number)) {
    errors_.push_back({name, "wrong_type", "must be a number, with '.' before any decimals"});
    return std::nullopt;
  }
  if (number < min || number > max) {
    std::ostringstream range;
    range << "must be from " << min << " to " << max;
    errors_.push_back({name, "out_of_range", range.str()});
    return std::nullopt;
  }
  return number;
}

std::optional<core::Date> ReportQueryReader::date(const std::string& name) {
  auto value = text(name);
  if (!value) return std::nullopt;
  auto parsed = core::parse_iso_date(*value);
  if (!parsed) errors_.push_back({name, "invalid_date", "must be a real date written yyyy-mm-dd"});
  return parsed;
}

std::optional<core::Timestamp> ReportQueryReader::moment(const std::string& name) {
  auto value = text(name);
  if (!value) return std::nullopt;
  if (auto day = core::parse_iso_date(*value)) return end_of_oslo_day(*day);
  if (auto time = core::parse_rfc3339(*value)) return time;
  errors_.push_back({name, "invalid_time", "must be a date (yyyy-mm-dd) or an RFC 3339 time"});
  return std::nullopt;
}

std::vector<std::string> ReportQueryReader::with_prefix(const std::string& prefix) const {
  std::vector<std::string> found;
  for (const auto& [key, value] : req_.params)
    if (starts_with(key, prefix) && key.size() > prefix.size() &&
        std::find(found.begin(), found.end(), key.substr(prefix.size())) == found.end())
      found.push_back(key.substr(prefix.size()));
  return found;
}

void ReportQueryReader::add_error(std::string field, std::string code, std::string message) {
  errors_.push_back({std::move(field), std::move(code), std::move(message)});
}

void ReportQueryReader::finish() { core::throw_if_invalid(errors_, "The query has invalid parameters."); }

core::Timestamp start_of_oslo_day(core::Date day) noexcept {
  using namespace std::chrono;
  // Oslo is one or two hours ahead of UTC: midnight there is 22:00 or 23:00 UTC the day before.
  core::Timestamp t = time_point_cast<milliseconds>(sys_days{day} - hours{2});
  if (sys_days{core::oslo_date(t)} < sys_days{day}) t += hours{1};
  return t;
}

core::Timestamp end_of_oslo_day(core::Date day) noexcept {
  using namespace std::chrono;
  return start_of_oslo_day(year_month_day{sys_days{day} + days{1}}) - milliseconds{1};
}

ReportFormat read_format(ReportQueryReader& query) {
  ReportFormat format;
  format.csv = query.choice("format", {"json", "csv"}).value_or("json") == "csv";
  auto separator = query.choice("separator", {"comma", "semicolon"});
  if (separator && !format.csv)
    query.add_error("separator", "csv_only", "applies only with format=csv");
  else if (separator)
    format.separator = *separator == "semicolon" ? ';' : ',';
  return format;
}

}  // namespace facilitator::http
