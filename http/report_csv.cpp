#include "http/report_csv.hpp"

#include <sstream>

#include "core/bulk/csv.hpp"

namespace facilitator::http {

std::string csv_cell(const nlohmann::json& value, char separator) {
  if (value.is_null()) return {};
  if (value.is_string()) return core::bulk::formula_safe(value.get<std::string>());
  if (value.is_boolean()) return value.get<bool>() ? "true" : "false";
  std::string text = value.dump();
  if (value.is_number_float() && separator == ';')
    for (char& c : text)
      if (c == '.') c = ',';
  return text;
}

std::string report_csv(const std::vector<CsvColumn>& columns, const nlohmann::json& rows, char separator) {
  std::ostringstream out;
  core::bulk::CsvWriter writer(out, separator);
  writer.write_bom();
  std::vector<std::string> fields;
  fields.reserve(columns.size());
  for (const auto& column : columns) fields.push_back(column.header);
  writer.write_row(fields);
  for (const auto& row : rows) {
    fields.clear();
    for (const auto& column : columns) {
      auto member = row.find(column.member);
      fields.push_back(member == row.end() ? std::string() : csv_cell(*member, separator));
    }
    writer.write_row(fields);
  }
  return std::move(out).str();
}

void reply_csv(httplib::Response& res, std::string_view name, std::string_view date, std::string body) {
  res.status = 200;
  res.set_header("Content-Disposition",
                 "attachment; filename=\"" + std::string(name) + "-" + std::string(date) + ".csv\"");
  res.set_content(std::move(body), "text/csv; charset=utf-8");
}

}  // namespace facilitator::http
