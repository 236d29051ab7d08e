#pragma once

// Report tables as CSV for spreadsheets: UTF-8 with a byte order mark (so Excel reads it as
// UTF-8), a header row, `,` or `;` between fields, CRLF line ends (core/bulk/csv.hpp), and texts
// that a spreadsheet would run as formulas shown as text instead.

#include <string>
#include <string_view>
#include <vector>

#include <httplib.h>
#include <nlohmann/json.hpp>

namespace facilitator::http {

/// One column of a report table: its header and the member of each row object it shows.
struct CsvColumn {
  std::string header;
  std::string member;
};

/// A text as a spreadsheet cell that shows it rather than runs it: text starting with =, +, -,
/// @, a tab or a carriage return gets a leading apostrophe (CSV injection).
[[nodiscard]] std::string formula_safe_text(std::string_view text);

/// A JSON value as a cell: text formula-safe, numbers exactly as the JSON answer writes them
/// (with a decimal comma when `separator` is `;`, as Norwegian Excel reads numbers), true/false,
/// and null as an empty cell.
[[nodiscard]] std::string csv_cell(const nlohmann::json& value, char separator);

/// The byte order mark, the header row and one row per object of `rows`; a member missing from a
/// row is an empty cell.
[[nodiscard]] std::string report_csv(const std::vector<CsvColumn>& columns, const nlohmann::json& rows, char separator);

/// Answers 200 with `body` as text/csv, to be saved as `NAME-DATE.csv` (e.g. pipeline-2026-11-27.csv).
void reply_csv(httplib::Response& res, std::string_view name, std::string_view date, std::string body);

}  // namespace facilitator::http
