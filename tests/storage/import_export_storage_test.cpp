// `facilitator import projects` and `facilitator export` through core on both backends: a messy
// spreadsheet becomes projects whose history sits at the spreadsheet's dates, broken rows write
// nothing (or only the valid rows with --skip-invalid), re-imports and dry runs write nothing, and
// an export reads back with the same CSV reader.

#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/bulk/csv.hpp"
#include "core/bulk/project_export.hpp"
#include "core/bulk/project_import.hpp"
#include "core/service/service_set.hpp"
#include "storage_fixture.hpp"

using namespace facilitator::storage_test;
using facilitator::core::Date;
using facilitator::core::EventKind;
using facilitator::core::ServiceSet;
using facilitator::core::bulk::ImportOptions;
using facilitator::core::bulk::ImportReport;
using facilitator::core::bulk::RowOutcome;
namespace bulk = facilitator::core::bulk;

namespace {

const Actor kReader{"test", Role::admin};

/// A database, the built-in workflows and the services, as the import and export commands use them.
struct Bench {
  explicit Bench(TestBackend backend)
      : db(backend),
        registry(facilitator::workflows::builtin_registry()),
        services(db.store(), registry, facilitator::core::system_clock()) {}

  ImportReport import(std::string_view file, ImportOptions options = {}) {
    options.today = Date{std::chrono::year{2026}, std::chrono::month{1}, std::chrono::day{15}};
    return bulk::import_projects(file, db.store(), registry, options);
  }

  std::int64_t project_count() { return services.projects.list({}, kReader).total; }
  std::int64_t company_count() { return services.companies.list({}, kReader).total; }

  std::optional<Project> by_ref(const std::string& ref) {
    return db.store().read_returning(
        [&](facilitator::core::Transaction& tx) { return tx.projects().find_by_external_ref(ref); });
  }

  std::vector<ProjectEvent> events(ProjectId id) {
    std::vector<ProjectEvent> all;
    facilitator::core::EventListRequest request;
    request.limit = facilitator::core::kMaxPageSize;
    while (true) {
      auto page = services.projects.events(id, request, kReader);
      all.insert(all.end(), page.items.begin(), page.items.end());
      if (!page.next_cursor) return all;
      request.cursor = page.next_cursor;
    }
  }

  std::string export_text(bulk::ExportOptions options) {
    std::ostringstream out;
    bulk::export_data(services, options, out);
    return out.str();
  }

  TestDatabase db;
  facilitator::core::WorkflowRegistry registry;
  ServiceSet services;
};

Date date(int y, unsigned m, unsigned d) {
  return Date{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
}

std::string report_text(const ImportReport& report, const ImportOptions& options = {}) {
  std::ostringstream out;
  bulk::print_import_report(report, options, out);
  return out.str();
}

bool has_problem(const ImportReport& report, std::size_t line, const std::string& column, const std::string& part) {
  for (const auto& row : report.rows)
    for (const auto& p : row.problems)
      if (p.line == line && p.column == column && p.message.find(part) != std::string::npos) return true;
  return false;
}

const bulk::ImportRowResult& row_at(const ImportReport& report, std::size_t line) {
  for (const auto& row : report.rows)
    if (row.line == line) return row;
  FAIL("no row at line " << line);
  throw std::logic_error("unreachable");
}

/// The transitions of a history as "event@yyyy-mm-dd" in order, with Norway's date of each.
std::vector<std::string> dated_transitions(const std::vector<ProjectEvent>& events) {
  std::vector<std::string> result;
  for (const auto& e : events)
    if (e.kind != EventKind::updated)
      result.push_back(e.event + "@" + facilitator::core::format_date(facilitator::core::oslo_date(e.at)));
  return result;
}

/// The log is well-formed and its replay is the snapshot (docs/design.md#event-log), and time never
/// goes back.
void check_history(Bench& b, ProjectId id) {
  Project project = b.services.projects.get(id, kReader).project;
  auto events = b.events(id);
  INFO(to_text(events));
  Replay r = replay(events);
  CHECK(r.starts_with_created);
  CHECK(r.seq_contiguous);
  CHECK(r.transitions_chain);
  CHECK(r.state == project.state);
  CHECK(r.version == project.version);
  CHECK(r.parked_from == project.facts.parked_from);
  for (std::size_t i = 1; i < events.size(); ++i) CHECK(events[i - 1].at < events[i].at);
  CHECK(events.front().at == project.created_at);
  CHECK(events.back().at == project.updated_at);
}

// Excel's "CSV UTF-8" in a Norwegian locale, as people leave it: a byte order mark, `;`, CRLF,
// capitalised and accented headers with stray blanks, dd.mm.yyyy and ISO dates side by side,
// one-digit days, blanks after values, an unused column, a blank line and a row of separators.
const std::string kMessyFile =
    "\xEF\xBB\xBF"
    "Saksnr ;Tittel;Type;Rådgiver;Kommune;Satsingsområde;NÆRING;Idé;Avklaring;Forretningsplan;Finansiering;"
    "Etablert;Orgnr;Bedrift ;Søkt beløp;Innvilget beløp;Kommentar\r\n"
    " 2024-17 ;Bakeri i Moss   ;Etablering ;kari@mnu.no  ;Moss;Mat og drikke;56.101;3.1.2024;15.01.2024 ;"
    "2024-02-01;01.03.2024;02.04.2024;923 609 016;Bakeri i Moss AS  ;250 000;200 000,-;ringt to ganger\r\n"
    "\r\n"
    ";;;;;;;;;;;;;;;;\r\n"
    "2024-18;\"Sykkel; salg og \"\"service\"\"\";innovasjon;ola@mnu.no;3112;technology;;10.01.2024;;;;;"
    "930111228;Råde Sykkel AS;;;\r\n";

}  // namespace

BACKEND_TEST_CASE("import: a messy spreadsheet imports with its events at exactly the given dates, in order",
                  "[storage][import]") {
  Bench b(backend);
  ImportReport report = b.import(kMessyFile);
  INFO(report_text(report));
  REQUIRE(report.file_problems.empty());
  CHECK(report.separator == ';');
  CHECK(report.rows_read == 2);
  CHECK(report.imported == 2);
  CHECK(report.rejected == 0);
  CHECK(report.skipped == 0);
  CHECK(report.written);
  CHECK(row_at(report, 2).outcome == RowOutcome::imported);
  CHECK(row_at(report, 2).warnings.empty());

  auto bakery = b.by_ref("2024-17");
  REQUIRE(bakery);
  CHECK(bakery->workflow == "establishment");
  CHECK(bakery->title == "Bakeri i Moss");
  CHECK(bakery->state == "established");
  CHECK(bakery->facts.adviser == "kari@mnu.no");
  CHECK(bakery->facts.municipality == "3103");
  CHECK(bakery->facts.focus_area == "food");
  CHECK(bakery->nace_section == "I");  // 56.101 is in division 56, section I
  CHECK(bakery->facts.organisation_number == kOrganisationNumberDigits);
  CHECK(bakery->facts.business_plan_complete);
  CHECK_FALSE(bakery->facts.self_financed);
  CHECK(bakery->facts.registration_date == "2024-04-02");
  CHECK(bakery->created_by == "import");

  auto events = b.events(bakery->id);
  INFO(to_text(events));
  CHECK(dated_transitions(events) ==
        std::vector<std::string>{"created@2024-01-03", "start_screening@2024-01-15", "start_business_plan@2024-02-01",
                                 "apply_for_funding@2024-03-01", "register_company@2024-04-02"});
  // Noon in Norway: 11:00 UTC in winter, 10:00 UTC in summer time (from 31 March 2024).
  CHECK(facilitator::core::format_rfc3339(events.front().at) == "2024-01-03T11:00:00.000Z");
  CHECK(facilitator::core::format_rfc3339(events.back().at).rfind("2024-04-02T10:00:0", 0) == 0);
  CHECK(bakery->state_since == events.back().at);
  for (const auto& e : events) CHECK(e.actor == "import");
  check_history(b, bakery->id);

  // The funding the history implies: registered when funding began, granted when the company was.
  auto funding = b.services.projects.list_funding(bakery->id, kReader);
  REQUIRE(funding.size() == 1);
  CHECK(funding[0].source == "other");
  CHECK(funding[0].amount_applied == 250000);
  CHECK(funding[0].status == FundingStatus::granted);
  CHECK(funding[0].amount_granted == 200000);
  CHECK(funding[0].decision_date == "2024-04-02");
  CHECK(facilitator::core::oslo_date(funding[0].created_at) == date(2024, 3, 1));

  // The company, found or registered by organisation number, and the note that marks the import.
  REQUIRE(bakery->company_id);
  auto company = b.services.companies.get(*bakery->company_id, kReader);
  CHECK(company.name == "Bakeri i Moss AS");
  CHECK(company.organisation_number == kOrganisationNumberDigits);
  auto notes = b.services.records.list_notes(bakery->id, kReader);
  REQUIRE(notes.size() == 2);
  CHECK(notes[0].visibility == facilitator::core::Visibility::internal);
  CHECK(notes[0].body.find("saksnr 2024-17") != std::string::npos);

  // Quotes, a separator in the title and an innovation project with no idé date.
  auto bikes = b.by_ref("2024-18");
  REQUIRE(bikes);
  CHECK(bikes->title == "Sykkel; salg og \"service\"");
  CHECK(bikes->workflow == "innovation");
  CHECK(bikes->state == "idea");
  CHECK(dated_transitions(b.events(bikes->id)) == std::vector<std::string>{"created@2024-01-10"});
  CHECK(b.company_count() == 2);
  // The unused column is mentioned, not silently dropped.
  CHECK(report_text(report).find("column 'Kommentar' is not one the importer reads") != std::string::npos);
}

BACKEND_TEST_CASE("import: broken rows write nothing without --skip-invalid, and only the valid rows with it",
                  "[storage][import]") {
  const std::string file =
      "saksnr,tittel,type,rådgiver,kommune,satsingsområde,orgnr,bedrift,idé,avklaring,forretningsplan,etablert,"
      "avsluttet,avslutningsårsak\n"
      "A-1,Bakeri,etablering,kari@mnu.no,3103,food,,,01.02.2024,10.02.2024,,,,\n"            // line 2: valid
      "A-2,Frisør,etablering,kari@mnu.no,3103,retail,923609017,Frisør AS,01.02.2024,,,,,\n"  // 3: check digit
      "A-3,Kafé,etablering,kari@mnu.no,3103,food,,,30.02.2025,,,,,\n"                        // 4: no such date
      "A-4,Verksted,etablering,kari@mnu.no,3103,food,923609016,Verksted AS,01.02.2024,05.02.2024,,01.03.2024,,\n"  // 5:
                                                                                                                   // skips
                                                                                                                   // a
                                                                                                                   // stage
      "A-5,Butikk,etablering,kari@mnu.no,Oslo,food,,,01.02.2024,,,,,\n"                   // 6: unknown municipality
      "A-6,Kiosk,etablering,,3103,food,,,01.02.2024,05.02.2024,,,,\n"                     // 7: no adviser
      "A-7,Bod,etablering,kari@mnu.no,3103,food,,,01.02.2024,05.02.2024,,,09.02.2024,\n"  // 8: no reason
      "A-8,Kro,etablering,kari@mnu.no,3103,food,,,01.03.2024,05.02.2024,,,,\n"            // 9: dates backwards
      "A-9,\"Sjømat, ferskt\",etablering,kari@mnu.no,Råde,food,,,01.02.2024,05.02.2024,,,06.02.2024,trukket\n";  // 10:
                                                                                                                 // valid

  Bench b(backend);
  ImportReport refused = b.import(file);
  std::string text = report_text(refused);
  INFO(text);
  CHECK(refused.separator == ',');
  CHECK(refused.rows_read == 9);
  CHECK(refused.rejected == 7);
  CHECK(refused.imported == 0);
  CHECK_FALSE(refused.written);
  CHECK(b.project_count() == 0);
  CHECK(b.company_count() == 0);

  // Each problem names its line and column and says what is wrong.
  CHECK(text.find("line 3, column orgnr: 923609017 is not a valid organisation number (check digit)\n") !=
        std::string::npos);
  CHECK(text.find("line 4, column idé: 30.02.2025 is not a real date\n") != std::string::npos);
  CHECK(has_problem(refused, 5, "etablert", "cannot go from Avklaring (05.02.2024) to Etablert (01.03.2024)"));
  CHECK(has_problem(refused, 5, "etablert", "from Avklaring it goes to Forretningsplan"));
  CHECK(has_problem(refused, 6, "kommune", "'Oslo' is not a known municipality"));
  CHECK(has_problem(refused, 7, "rådgiver", "needed to reach Avklaring on 05.02.2024"));
  CHECK(has_problem(refused, 8, "avslutningsårsak", "needed to reach Avsluttet"));
  CHECK(has_problem(refused, 9, "avklaring", "is before the project started"));
  CHECK(text.find("Nothing was written") != std::string::npos);
  CHECK(text.find("Rows read: 9, imported: 0, skipped (already imported): 0, rejected: 7.") != std::string::npos);

  ImportOptions skip;
  skip.skip_invalid = true;
  ImportReport partial = b.import(file, skip);
  INFO(report_text(partial, skip));
  CHECK(partial.imported == 2);
  CHECK(partial.rejected == 7);
  CHECK(partial.written);
  CHECK(b.project_count() == 2);
  CHECK(b.company_count() == 0);  // the companies of rejected rows were not registered
  auto bakery = b.by_ref("A-1");
  REQUIRE(bakery);
  CHECK(bakery->state == "screening");
  auto seafood = b.by_ref("A-9");
  REQUIRE(seafood);
  CHECK(seafood->title == "Sjømat, ferskt");
  CHECK(seafood->facts.municipality == "3112");
  CHECK(seafood->state == "closed");
  auto closing = b.events(seafood->id).back();
  CHECK(closing.event == "close");
  CHECK(closing.reason == "withdrawn");
  CHECK(closing.note);
  for (const char* ref : {"A-2", "A-3", "A-4", "A-5", "A-6", "A-7", "A-8"}) CHECK_FALSE(b.by_ref(ref));
  check_history(b, bakery->id);
  check_history(b, seafood->id);
}

BACKEND_TEST_CASE("import: a file whose header lacks required columns or whose quotes are broken writes nothing",
                  "[storage][import]") {
  Bench b(backend);
  ImportOptions skip;
  skip.skip_invalid = true;
  ImportReport no_ref = b.import("tittel;type;idé\nBakeri;etablering;01.02.2024\n", skip);
  CHECK_FALSE(no_ref.file_problems.empty());
  CHECK(report_text(no_ref).find("line 1, column saksnr: the header has no such column") != std::string::npos);
  ImportReport unclosed = b.import("saksnr;tittel;type;idé\n1;\"Bakeri;etablering;01.02.2024\n", skip);
  REQUIRE(unclosed.file_problems.size() == 1);
  CHECK(unclosed.file_problems[0].line == 2);
  CHECK(b.project_count() == 0);
}

BACKEND_TEST_CASE("import: importing the same file twice creates no duplicates", "[storage][import]") {
  Bench b(backend);
  ImportReport first = b.import(kMessyFile);
  REQUIRE(first.imported == 2);
  auto bakery = b.by_ref("2024-17");
  REQUIRE(bakery);
  auto events_before = b.events(bakery->id).size();

  ImportReport again = b.import(kMessyFile);
  INFO(report_text(again));
  CHECK(again.imported == 0);
  CHECK(again.skipped == 2);
  CHECK(again.rejected == 0);
  CHECK_FALSE(again.written);
  CHECK(row_at(again, 2).outcome == RowOutcome::already_imported);
  CHECK(row_at(again, 2).project_id == bakery->id);
  CHECK(report_text(again).find("line 2 (saksnr 2024-17): already imported as project " + std::to_string(bakery->id)) !=
        std::string::npos);
  CHECK(b.project_count() == 2);
  CHECK(b.company_count() == 2);
  CHECK(b.events(bakery->id).size() == events_before);

  // A saksnr twice in one file is refused on the second line.
  ImportReport twice =
      b.import("saksnr;tittel;type;idé\nB-1;Bakeri;etablering;01.02.2024\nB-1;Kafé;etablering;01.02.2024\n");
  CHECK(has_problem(twice, 3, "saksnr", "B-1 is also on line 2"));
  CHECK(b.project_count() == 2);
}

BACKEND_TEST_CASE("import: a dry run reports what would happen and writes nothing", "[storage][import]") {
  Bench b(backend);
  ImportOptions dry;
  dry.dry_run = true;
  ImportReport report = b.import(kMessyFile, dry);
  std::string text = report_text(report, dry);
  INFO(text);
  CHECK(report.imported == 2);
  CHECK_FALSE(report.written);
  CHECK(row_at(report, 2).outcome == RowOutcome::would_import);
  CHECK(row_at(report, 2).state == "established");
  CHECK(row_at(report, 2).transitions == 4);
  CHECK(text.find("would import") != std::string::npos);
  CHECK(text.find("Dry run: nothing was written.") != std::string::npos);
  CHECK(b.project_count() == 0);
  CHECK(b.company_count() == 0);

  // Even with --skip-invalid a dry run writes nothing.
  dry.skip_invalid = true;
  (void)b.import(kMessyFile + "X-1;Tom;etablering;;;;;;;;;;;;;;\r\n", dry);
  CHECK(b.project_count() == 0);
}

BACKEND_TEST_CASE("import: the example file in docs/examples imports cleanly into every workflow",
                  "[storage][import]") {
  auto path = std::filesystem::path(FACILITATOR_SOURCE_DIR) / "docs/examples/projects.csv";
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in);
  std::string file((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());

  Bench b(backend);
  ImportReport report = b.import(file);
  INFO(report_text(report));
  REQUIRE(report.file_problems.empty());
  CHECK(report.rejected == 0);
  CHECK(report.imported == report.rows_read);
  CHECK(report.rows_read >= 8);
  for (const auto& row : report.rows) {
    CAPTURE(row.line);
    CHECK(row.warnings.empty());
    REQUIRE(row.project_id);
    check_history(b, *row.project_id);
  }
  std::map<std::string, std::string> states;
  for (const auto& row : report.rows) states[row.external_ref] = row.workflow + "/" + row.state;
  CHECK(states["2023-001"] == "establishment/completed");
  CHECK(states["2023-002"] == "establishment/established");
  CHECK(states["2023-003"] == "establishment/closed");
  CHECK(states["2024-004"] == "establishment/parked");
  CHECK(states["2024-005"] == "innovation/in_progress");
  CHECK(states["2024-006"] == "liaison/closed");
  CHECK(states["2025-007"] == "liaison/answered");
  CHECK(states["2025-008"] == "establishment/idea");

  auto self_financed = b.by_ref("2023-002");
  REQUIRE(self_financed);
  CHECK(self_financed->facts.self_financed);
  CHECK(b.services.projects.list_funding(self_financed->id, kReader).empty());
  auto liaison = b.by_ref("2024-006");
  REQUIRE(liaison);
  CHECK(liaison->facts.municipal_unit == "Plan og bygg");
  CHECK(liaison->response_deadline == "2024-03-18");               // ten working days from 4 March 2024
  CHECK(liaison->company_id == b.by_ref("2023-001")->company_id);  // the same organisation number
}

BACKEND_TEST_CASE("import/export: an exported CSV reads back with the import's reader and its values match",
                  "[storage][import][export]") {
  Bench b(backend);
  REQUIRE(b.import(kMessyFile).imported == 2);
  ProjectId bakery = b.by_ref("2024-17")->id;
  // A public note on an event, besides the internal notes the import writes.
  b.services.projects.transition({bakery,
                                  "park",
                                  {std::string("Venter på lokaler."), std::nullopt},
                                  facilitator::core::Visibility::public_,
                                  b.services.projects.get(bakery, kReader).project.version,
                                  std::nullopt},
                                 kReader);

  for (char separator : {';', ','}) {
    CAPTURE(separator);
    bulk::ExportOptions options;
    options.separator = separator;
    std::string text = b.export_text(options);
    CHECK(text.rfind(std::string(bulk::kUtf8Bom), 0) == 0);
    CHECK(bulk::detect_separator(text) == separator);
    bulk::CsvReader reader(text, separator);
    auto header = reader.next();
    REQUIRE(header);
    CHECK(header->fields == bulk::export_columns(bulk::ExportWhat::projects));
    std::map<std::string, std::size_t> column;
    for (std::size_t i = 0; i < header->fields.size(); ++i) column[header->fields[i]] = i;
    std::size_t rows = 0;
    while (auto record = reader.next()) {
      ++rows;
      auto field = [&](const char* name) { return record->fields.at(column.at(name)); };
      Project p = b.services.projects.get(std::stoll(field("id")), kReader).project;
      CHECK(field("title") == p.title);
      CHECK(field("external_ref") == p.external_ref.value_or(""));
      CHECK(field("workflow") == p.workflow);
      CHECK(field("state") == p.state);
      CHECK(field("version") == std::to_string(p.version));
      CHECK(field("municipality") == p.facts.municipality.value_or(""));
      CHECK(field("organisation_number") == p.facts.organisation_number.value_or(""));
      CHECK(field("business_plan_complete") == (p.facts.business_plan_complete ? "true" : "false"));
      CHECK(field("created_at") == facilitator::core::format_rfc3339(p.created_at));
      CHECK(field("company_name") == b.services.companies.get(*p.company_id, kReader).name);
    }
    CHECK(rows == 2);
  }

  // Events: every one, in order; internal notes only when asked for, public ones always.
  auto bakery_events = b.events(bakery);
  for (bool internal : {false, true}) {
    CAPTURE(internal);
    bulk::ExportOptions options;
    options.what = bulk::ExportWhat::events;
    options.include_internal_notes = internal;
    std::string text = b.export_text(options);
    bulk::CsvReader reader(text, ';');
    auto header = reader.next();
    REQUIRE(header);
    CHECK(header->fields == bulk::export_columns(bulk::ExportWhat::events));
    std::vector<std::vector<std::string>> rows;
    while (auto record = reader.next()) rows.push_back(record->fields);
    CHECK(rows.size() == bakery_events.size() + b.events(b.by_ref("2024-18")->id).size());
    std::size_t i = 0;
    for (const auto& e : bakery_events) {
      const auto& row = rows.at(i++);
      CHECK(row[0] == std::to_string(bakery));
      CHECK(row[2] == std::to_string(e.seq));
      CHECK(row[4] == e.event);
      CHECK(row[8] == facilitator::core::format_rfc3339(e.at));
      CHECK(row[10] == std::string(facilitator::core::to_string(e.visibility)));
      bool shown = internal || e.visibility == facilitator::core::Visibility::public_;
      CHECK(row[11] == (shown ? e.note.value_or("") : ""));
    }
    CHECK(rows.at(bakery_events.size() - 1)[11] == "Venter på lokaler.");
  }

  // JSON: one array, the same fields, typed.
  bulk::ExportOptions json_options;
  json_options.format = bulk::ExportFormat::json;
  auto projects = nlohmann::json::parse(b.export_text(json_options));
  REQUIRE(projects.is_array());
  REQUIRE(projects.size() == 2);
  CHECK(projects[0]["id"] == bakery);
  CHECK(projects[0]["external_ref"] == "2024-17");
  CHECK(projects[0]["business_plan_complete"] == true);
  CHECK(projects[0]["nace_section"] == "I");
  json_options.what = bulk::ExportWhat::events;
  auto events = nlohmann::json::parse(b.export_text(json_options));
  REQUIRE(events.is_array());
  CHECK(events.size() == bakery_events.size() + 1);
  CHECK(events[0]["note"].is_null());
}

BACKEND_TEST_CASE("export: a title that a spreadsheet would run as a formula is exported as text",
                  "[storage][export]") {
  Bench b(backend);
  facilitator::core::NewProject request{"establishment", {}};
  request.fields.title = "=HYPERLINK(\"http://x\";\"klikk\")";
  b.services.projects.create(request, kReader);
  request.fields.title = "@SUM(1+1)";
  b.services.projects.create(request, kReader);

  std::string csv = b.export_text({});
  CHECK(csv.find(";\"'=HYPERLINK(\"\"http://x\"\";\"\"klikk\"\")\";") != std::string::npos);
  CHECK(csv.find(";'@SUM(1+1);") != std::string::npos);
  CHECK(csv.find(";=") == std::string::npos);
  bulk::ExportOptions json_options;
  json_options.format = bulk::ExportFormat::json;
  CHECK(nlohmann::json::parse(b.export_text(json_options))[1]["title"] == "@SUM(1+1)");  // JSON as stored
}

BACKEND_TEST_CASE("import/export: an empty database exports a header only, or an empty JSON array",
                  "[storage][import][export]") {
  Bench b(backend);
  std::string csv = b.export_text({});
  CHECK(csv == std::string(bulk::kUtf8Bom) + [] {
    std::string header;
    for (const auto& c : bulk::export_columns(bulk::ExportWhat::projects)) header += (header.empty() ? "" : ";") + c;
    return header + "\r\n";
  }());
  bulk::ExportOptions json_options;
  json_options.format = bulk::ExportFormat::json;
  CHECK(nlohmann::json::parse(b.export_text(json_options)) == nlohmann::json::array());
}

namespace {

/// A store that fails the insert of one project (by saksnr) after the rows were checked: what a
/// write that goes wrong half-way through an import looks like.
class FailingStore final : public facilitator::core::Store {
 public:
  FailingStore(facilitator::core::Store& inner, std::string failing_ref)
      : inner_(inner), failing_ref_(std::move(failing_ref)) {}

  void write(const std::function<void(facilitator::core::Transaction&)>& work) override {
    inner_.write([&](facilitator::core::Transaction& tx) {
      FailingTransaction failing(tx, failing_ref_);
      work(failing);
    });
  }
  void read(const std::function<void(facilitator::core::Transaction&)>& work) override { inner_.read(work); }
  void ping() override { inner_.ping(); }
  [[nodiscard]] std::optional<facilitator::core::StorageFault> health() override { return inner_.health(); }
  [[nodiscard]] std::string_view backend() const noexcept override { return inner_.backend(); }

 private:
  class FailingProjects final : public facilitator::core::ProjectRepository {
   public:
    FailingProjects(facilitator::core::ProjectRepository& inner, const std::string& ref) : inner_(inner), ref_(ref) {}
    ProjectId insert(const Project& p) override {
      if (p.external_ref == ref_) throw DomainError(ErrorCode::invalid_input, "simulated failure while writing");
      return inner_.insert(p);
    }
    std::optional<Project> find(ProjectId id) override { return inner_.find(id); }
    std::optional<Project> find_for_update(ProjectId id) override { return inner_.find_for_update(id); }
    std::optional<Project> find_by_external_ref(const std::string& ref) override {
      return inner_.find_by_external_ref(ref);
    }
    bool update(const Project& p, std::int64_t expected) override { return inner_.update(p, expected); }
    std::vector<Project> list(const facilitator::core::ProjectQuery& q) override { return inner_.list(q); }
    std::int64_t count(const facilitator::core::ProjectQuery& q) override { return inner_.count(q); }
    bool has_contact_user(ProjectId id, std::int64_t user) override { return inner_.has_contact_user(id, user); }

   private:
    facilitator::core::ProjectRepository& inner_;
    const std::string& ref_;
  };

  class FailingTransaction final : public facilitator::core::Transaction {
   public:
    FailingTransaction(facilitator::core::Transaction& inner, const std::string& ref)
        : inner_(inner), projects_(inner.projects(), ref) {}
    facilitator::core::ProjectRepository& projects() override { return projects_; }
    facilitator::core::EventRepository& events() override { return inner_.events(); }
    facilitator::core::FundingRepository& funding() override { return inner_.funding(); }
    facilitator::core::ReferenceRepository& reference() override { return inner_.reference(); }
    facilitator::core::CompanyRepository& companies() override { return inner_.companies(); }
    facilitator::core::ContactRepository& contacts() override { return inner_.contacts(); }
    facilitator::core::NoteRepository& notes() override { return inner_.notes(); }
    facilitator::core::ActivityRepository& activities() override { return inner_.activities(); }
    facilitator::core::TargetRepository& targets() override { return inner_.targets(); }
    facilitator::core::UserRepository& users() override { return inner_.users(); }
    facilitator::core::SessionRepository& sessions() override { return inner_.sessions(); }
    facilitator::core::TokenRepository& tokens() override { return inner_.tokens(); }
    facilitator::core::InvitationRepository& invitations() override { return inner_.invitations(); }
    facilitator::core::AuditRepository& audit() override { return inner_.audit(); }
    facilitator::core::IdempotencyRepository& idempotency() override { return inner_.idempotency(); }

   private:
    facilitator::core::Transaction& inner_;
    FailingProjects projects_;
  };

  facilitator::core::Store& inner_;
  std::string failing_ref_;
};

}  // namespace

BACKEND_TEST_CASE("import: a write that fails half-way keeps nothing, or only the other rows with --skip-invalid",
                  "[storage][import]") {
  Bench b(backend);
  FailingStore failing(b.db.store(), "2024-18");  // the second row; the first is written before it
  ImportOptions options;
  options.today = Date{std::chrono::year{2026}, std::chrono::month{1}, std::chrono::day{15}};

  ImportReport all_or_nothing = bulk::import_projects(kMessyFile, failing, b.registry, options);
  INFO(report_text(all_or_nothing));
  CHECK_FALSE(all_or_nothing.written);
  CHECK(all_or_nothing.imported == 0);
  CHECK(all_or_nothing.rejected == 1);
  CHECK(has_problem(all_or_nothing, 5, "", "simulated failure while writing"));
  CHECK(b.project_count() == 0);  // the first row, its company, notes and funding went with it
  CHECK(b.company_count() == 0);

  options.skip_invalid = true;
  ImportReport skipping = bulk::import_projects(kMessyFile, failing, b.registry, options);
  INFO(report_text(skipping, options));
  CHECK(skipping.written);
  CHECK(skipping.imported == 1);
  CHECK(skipping.rejected == 1);
  CHECK(b.project_count() == 1);
  CHECK(b.by_ref("2024-17"));
  CHECK_FALSE(b.by_ref("2024-18"));
  CHECK(b.company_count() == 1);  // Råde Sykkel AS was registered in the row that was rolled back
}

BACKEND_TEST_CASE("import: each value is checked against what it may be, and ignored values are reported",
                  "[storage][import]") {
  const std::string file =
      "saksnr;tittel;type;bedrift;orgnr;næring;kommune;rådgiver;idé;avklaring;mottatt;søkt beløp;notat\n"
      "C-1;Fremtid;etablering;;;;;;01.01.2027;;;;\n"                                // 2: in the future
      "C-2;Ukjent;konsulentsak;;;;;;01.01.2025;;;;\n"                               // 3: no such type
      "C-3;Blandet;etablering;;;;;;01.01.2025;;02.01.2025;;\n"                      // 4: a liaison stage
      "C-4;Penger;etablering;;;;;;01.01.2025;;;12,50;\n"                            // 5: not whole kroner
      "C-5;Uten dato;etablering;;;;;;;;;;\n"                                        // 6: no stage date
      "C-6;Ny bedrift;innovasjon;;930111228;;;;01.01.2025;;;;\n"                    // 7: company without name
      "C-7;Navn uten nummer;etablering;Bakeri AS;;Industri;3103;;01.01.2025;;;;\n"  // 8: valid, warned
      "C-8;Linjeskift;etablering;;;;;;01.01.2025;;;;\"to\nlinjer\"\n"               // 9: valid: notes may span lines
      ";Uten saksnr;etablering;;;;;;01.01.2025;;;;\n";                              // 11: no saksnr
  Bench b(backend);
  ImportReport report = b.import(file);
  std::string text = report_text(report);
  INFO(text);
  CHECK(has_problem(report, 2, "idé", "01.01.2027 is in the future"));
  CHECK(has_problem(report, 3, "type", "'konsulentsak' is not a project type"));
  CHECK(has_problem(report, 4, "mottatt", "is not a stage of Etablering projects"));
  CHECK(has_problem(report, 5, "søkt beløp", "'12,50' is not an amount in whole kroner"));
  CHECK(has_problem(report, 6, "", "no stage date"));
  CHECK(has_problem(report, 7, "bedrift", "required to register the company with organisation number 930111228"));
  CHECK(has_problem(report, 11, "saksnr", "required"));
  CHECK(row_at(report, 8).outcome == RowOutcome::would_import);
  CHECK(row_at(report, 9).outcome == RowOutcome::would_import);
  CHECK(text.find("line 8, column bedrift: warning: ignored: without an organisation number") != std::string::npos);
  CHECK(report.rejected == 7);
  CHECK(b.project_count() == 0);

  ImportOptions skip;
  skip.skip_invalid = true;
  ImportReport partial = b.import(file, skip);
  CHECK(partial.imported == 2);
  auto named = b.by_ref("C-7");
  REQUIRE(named);
  CHECK(named->nace_section == "C");  // by its Norwegian name
  CHECK_FALSE(named->company_id);
}

BACKEND_TEST_CASE("import: dates that close and then reopen a project replay a reopen, with a warning",
                  "[storage][import]") {
  Bench b(backend);
  ImportReport report = b.import(
      "saksnr;tittel;type;rådgiver;idé;avsluttet;avklaring;avslutningsårsak;notat\n"
      "R-1;Tilbake;etablering;kari@mnu.no;01.02.2024;05.02.2024;01.03.2024;trukket;Gründeren kom tilbake.\n");
  std::string text = report_text(report);
  INFO(text);
  REQUIRE(report.imported == 1);
  CHECK(text.find("line 2, column avklaring: warning: the dates take the project back from Avsluttet to Avklaring "
                  "(reopen)") != std::string::npos);
  auto project = b.by_ref("R-1");
  REQUIRE(project);
  CHECK(project->state == "screening");
  CHECK(dated_transitions(b.events(project->id)) ==
        std::vector<std::string>{"created@2024-02-01", "close@2024-02-05", "reopen@2024-03-01"});
  check_history(b, project->id);
}
