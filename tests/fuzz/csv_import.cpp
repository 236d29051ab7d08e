// `facilitator import projects` on any bytes: the spreadsheet decoding (BOM, Windows-1252), the
// separator detection, the CSV reader, the value parsers, and the importer itself, which checks
// every row against a real (temporary SQLite) database and replays the valid ones into it.
// Everything wrong with a file must end up in the report: nothing may be thrown.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>

#include "core/bulk/csv.hpp"
#include "core/bulk/project_import.hpp"
#include "temporary_store.hpp"
#include "workflows/registry.hpp"

namespace {

using namespace facilitator;

/// The reader and the value parsers on their own, field by field, with each separator.
void read_fields(const std::string& text, char separator) {
  try {
    core::bulk::CsvReader reader(text, separator);
    while (auto record = reader.next()) {
      (void)record->blank();
      for (const std::string& field : record->fields) {
        (void)core::bulk::parse_spreadsheet_date(field);
        (void)core::bulk::parse_nok_amount(field);
        (void)core::bulk::fold_key(field);
        (void)core::bulk::csv_field(field, separator);
      }
    }
  } catch (const core::bulk::CsvError&) {  // a malformed record: the importer reports it by line
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::unique_ptr<core::storage::SociStore> store = fuzz::open_temporary_store(1);
  static const core::WorkflowRegistry workflows = workflows::builtin_registry();

  std::string bytes(reinterpret_cast<const char*>(data), size);
  core::bulk::DecodedText decoded = core::bulk::decode_spreadsheet_text(bytes);
  (void)core::bulk::is_valid_utf8(decoded.text);
  read_fields(decoded.text, core::bulk::detect_separator(decoded.text));

  // Rows that are valid are written (each in its own transaction), so that the replay through the
  // services runs too; a saksnr seen before is reported as already imported.
  core::bulk::ImportOptions options;
  options.skip_invalid = true;
  options.source_name = "fuzz.csv";
  options.today = core::Date{std::chrono::year{2026}, std::chrono::month{12}, std::chrono::day{1}};
  core::bulk::ImportReport report = core::bulk::import_projects(bytes, *store, workflows, options);
  std::ostringstream printed;
  core::bulk::print_import_report(report, options, printed);
  return 0;
}
