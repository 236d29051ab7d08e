#include "core/bulk/project_import.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <map>
#include <utility>

#include "core/bulk/csv.hpp"
#include "core/domain/case_data.hpp"
#include "core/domain/organisation_number.hpp"
#include "core/service/service_set.hpp"
#include "core/service/validation.hpp"

namespace facilitator::core::bulk {

namespace {

// ---------------------------------------------------------------------------------------------
// Columns

/// The data columns. Stage columns are not listed here: they are the workflows' own stage names
/// (Workflow::states(), the Norwegian label), so a stage added to a workflow gets its column.
enum class Column {
  saksnr,
  tittel,
  type,
  bedrift,
  orgnr,
  kommune,
  satsingsomrade,
  naering,
  radgiver,
  kommunal_enhet,
  avslutningsarsak,
  finansieringskilde,
  sokt_belop,
  innvilget_belop,
  resultat,
  notat,
};
constexpr std::size_t kColumnCount = 16;

struct ColumnName {
  Column column;
  std::string_view name;                  // as docs/import.md writes it
  std::vector<std::string_view> aliases;  // other spellings seen in MNU's sheets
};

const std::vector<ColumnName>& column_names() {
  static const std::vector<ColumnName> names{
      {Column::saksnr, "saksnr", {"saksnummer", "ekstern referanse"}},
      {Column::tittel, "tittel", {"prosjektnavn", "prosjekttittel"}},
      {Column::type, "type", {"prosjekttype", "sakstype"}},
      {Column::bedrift, "bedrift", {"firma", "selskap", "virksomhet", "bedriftsnavn"}},
      {Column::orgnr, "orgnr", {"org.nr.", "orgnummer", "organisasjonsnummer"}},
      {Column::kommune, "kommune", {"kommunenr", "kommunenummer"}},
      {Column::satsingsomrade, "satsingsområde", {"satsningsområde"}},
      {Column::naering, "næring", {"nace", "bransje", "næringskode"}},
      {Column::radgiver, "rådgiver", {"saksbehandler"}},
      {Column::kommunal_enhet, "kommunal enhet", {"enhet"}},
      {Column::avslutningsarsak, "avslutningsårsak", {"årsak"}},
      {Column::finansieringskilde, "finansieringskilde", {"kilde"}},
      {Column::sokt_belop, "søkt beløp", {"søkt", "beløp søkt"}},
      {Column::innvilget_belop, "innvilget beløp", {"innvilget", "beløp innvilget"}},
      {Column::resultat, "resultat", {"resultatoppsummering"}},
      {Column::notat, "notat", {"merknad"}},
  };
  return names;
}

std::string_view canonical_name(Column column) {
  for (const auto& c : column_names())
    if (c.column == column) return c.name;
  return "";
}

/// Where each column is in the file, and the file's own spelling of its name (for messages).
struct Layout {
  std::array<std::optional<std::size_t>, kColumnCount> index;
  std::map<std::string, std::size_t> stages;  // folded stage name -> index
  std::vector<std::string> names;             // the header as written
  std::size_t width = 0;

  [[nodiscard]] std::string name_of(Column column) const {
    auto i = index[static_cast<std::size_t>(column)];
    return i ? names[*i] : std::string(canonical_name(column));
  }
};

/// The column a service's field error or a guard's fact refers to, for messages.
std::optional<Column> column_of_field(std::string_view field) {
  static const std::map<std::string_view, Column> map{{"external_ref", Column::saksnr},
                                                      {"title", Column::tittel},
                                                      {"adviser", Column::radgiver},
                                                      {"municipality", Column::kommune},
                                                      {"focus_area", Column::satsingsomrade},
                                                      {"organisation_number", Column::orgnr},
                                                      {"nace_section", Column::naering},
                                                      {"municipal_unit", Column::kommunal_enhet},
                                                      {"reason", Column::avslutningsarsak},
                                                      {"result_summary", Column::resultat},
                                                      {"note", Column::notat},
                                                      {"source", Column::finansieringskilde},
                                                      {"amount_applied", Column::sokt_belop},
                                                      {"amount_granted", Column::innvilget_belop},
                                                      {"name", Column::bedrift}};
  auto it = map.find(field);
  if (it == map.end()) return std::nullopt;
  return it->second;
}

// ---------------------------------------------------------------------------------------------
// Dates and time

std::string format_nb_date(Date d) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%02u.%02u.%04d", static_cast<unsigned>(d.day()),
                static_cast<unsigned>(d.month()), static_cast<int>(d.year()));
  return buffer;
}

/// 12:00 in Norway on `day`: history from a spreadsheet knows the day, not the hour.
Timestamp oslo_noon(Date day) {
  using namespace std::chrono;
  sys_days midnight{day};
  // Summer time if Norway's date at 22:30 UTC is already the next day (00:30 CEST).
  bool summer = oslo_date(Timestamp{midnight + hours(22) + minutes(30)}) != day;
  return Timestamp{midnight + hours(summer ? 10 : 11)};
}

/// The clock the services see while a row is replayed: noon of the day being replayed, one second
/// later at each reading, so the events of one day keep their order in time too.
class ReplayClock {
 public:
  void at(Date day) {
    if (day == day_ && readings_ > 0) return;  // several stages on one day: keep counting
    day_ = day;
    noon_ = oslo_noon(day);
    readings_ = 0;
  }
  [[nodiscard]] Clock clock() {
    return [this] { return noon_ + std::chrono::seconds(readings_++); };
  }

 private:
  Date day_{};
  Timestamp noon_{};
  std::int64_t readings_ = 0;
};

// ---------------------------------------------------------------------------------------------
// A Store that joins one open transaction

/// Every service call made through this store runs inside the transaction the import opened, so
/// one row (or the whole file) is written entirely or not at all.
class JoinedStore final : public Store {
 public:
  JoinedStore(Transaction& tx, std::string_view backend) : tx_(tx), backend_(backend) {}
  void write(const std::function<void(Transaction&)>& work) override { work(tx_); }
  void read(const std::function<void(Transaction&)>& work) override { work(tx_); }
  void ping() override {}
  /// The import's own store was checked when it opened the transaction.
  [[nodiscard]] std::optional<StorageFault> health() override { return std::nullopt; }
  [[nodiscard]] std::string_view backend() const noexcept override { return backend_; }

 private:
  Transaction& tx_;
  std::string_view backend_;
};

// ---------------------------------------------------------------------------------------------
// The plan of one row: what the importer will ask the services to do, and when

struct Step {
  Date date{};
  std::string column;  // the stage column this step comes from
  std::string event;
  std::string to;
  ProjectChanges changes;  // facts the history implies, recorded just before the step
  bool add_funding = false;
  bool grant_funding = false;
  TransitionInput input;
};

struct RowPlan {
  std::size_t line = 0;
  std::size_t result = 0;  // index into the report's rows
  const Workflow* workflow = nullptr;
  NewProject project;
  std::optional<std::string> organisation_number;
  std::optional<std::string> company_name;  // to register the company when it is new
  Date created{};
  std::vector<Step> steps;
  std::string funding_source = "other";
  std::int64_t amount_applied = 0;
  std::optional<std::int64_t> amount_granted;
  std::string event_note;   // the note on events that need one (park, close, reopen, answer)
  std::string import_note;  // the internal note that marks the project as imported
};

/// The reference lists a row's codes must be in, read once.
struct References {
  std::vector<ReferenceItem> municipalities, focus_areas, nace_sections, funding_sources;
};

/// A value in a reference list by its code or either of its names; inactive items only match to
/// say they are no longer in use.
const ReferenceItem* find_item(const std::vector<ReferenceItem>& items, std::string_view value) {
  std::string key = fold_key(value);
  if (key.empty()) return nullptr;
  for (const auto& item : items)
    if (item.code == value || fold_key(item.code) == key || fold_key(item.name_nb) == key ||
        fold_key(item.name_en) == key)
      return &item;
  return nullptr;
}

/// NACE sections by the first two digits of a NACE code (SN2007 divisions 01-99).
std::optional<std::string> nace_section_of_division(int division) {
  struct Range {
    int last;
    char section;
  };
  static constexpr std::array<Range, 21> kRanges{{{3, 'A'},  {9, 'B'},  {33, 'C'}, {35, 'D'}, {39, 'E'}, {43, 'F'},
                                                  {47, 'G'}, {53, 'H'}, {56, 'I'}, {63, 'J'}, {66, 'K'}, {68, 'L'},
                                                  {75, 'M'}, {82, 'N'}, {84, 'O'}, {85, 'P'}, {88, 'Q'}, {93, 'R'},
                                                  {96, 'S'}, {98, 'T'}, {99, 'U'}}};
  if (division < 1) return std::nullopt;
  for (const auto& r : kRanges)
    if (division <= r.last) return std::string(1, r.section);
  return std::nullopt;
}

const std::map<std::string, std::string>& reason_aliases() {
  static const std::map<std::string, std::string> aliases{{"ikkelevedyktig", "not_viable"},
                                                          {"ikkegjennomforbar", "not_viable"},
                                                          {"trukket", "withdrawn"},
                                                          {"trukketavsoker", "withdrawn"},
                                                          {"henvistvidere", "referred_elsewhere"},
                                                          {"henvisttilandre", "referred_elsewhere"},
                                                          {"henvist", "referred_elsewhere"},
                                                          {"duplikat", "duplicate"},
                                                          {"dublett", "duplicate"}};
  return aliases;
}

// ---------------------------------------------------------------------------------------------
// Checking and planning

class Planner {
 public:
  Planner(const Layout& layout, const References& references, const WorkflowRegistry& workflows,
          const ImportOptions& options, Date today)
      : layout_(layout), references_(references), workflows_(workflows), options_(options), today_(today) {}

  /// Checks one row and plans its replay; problems go to `result`. Lookups in the database
  /// (existing saksnr and companies) happen in `tx`.
  std::optional<RowPlan> plan(const CsvRecord& record, ImportRowResult& result, Transaction& tx);

 private:
  std::string cell(const CsvRecord& record, Column column) const {
    auto i = layout_.index[static_cast<std::size_t>(column)];
    if (!i || *i >= record.fields.size()) return {};
    return record.fields[*i];
  }
  void problem(ImportRowResult& result, Column column, std::string message) const {
    result.problems.push_back({result.line, layout_.name_of(column), std::move(message)});
  }
  void warning(ImportRowResult& result, Column column, std::string message) const {
    result.warnings.push_back({result.line, layout_.name_of(column), std::move(message)});
  }
  std::optional<std::string> text(const CsvRecord& record, Column column, std::size_t max_length, Lines lines,
                                  ImportRowResult& result) const;
  std::optional<std::string> code(const CsvRecord& record, Column column, const std::vector<ReferenceItem>& items,
                                  const char* what, ImportRowResult& result) const;
  std::optional<std::string> nace(const CsvRecord& record, ImportRowResult& result) const;
  bool plan_history(RowPlan& plan, const std::map<std::string, std::pair<Date, std::string>>& dates,
                    const std::optional<std::string>& reason, ImportRowResult& result) const;

  const Layout& layout_;
  const References& references_;
  const WorkflowRegistry& workflows_;
  const ImportOptions& options_;
  Date today_;
  std::map<std::string, std::size_t> refs_seen_;       // saksnr -> line, within this file
  std::map<std::string, std::string> companies_seen_;  // organisation number -> name, within this file
};

std::optional<std::string> Planner::text(const CsvRecord& record, Column column, std::size_t max_length, Lines lines,
                                         ImportRowResult& result) const {
  std::string value = cell(record, column);
  std::vector<FieldError> errors;
  if (!check_text(value, "", max_length, lines, errors)) {
    problem(result, column, errors.front().message);
    return std::nullopt;
  }
  if (value.empty()) return std::nullopt;
  return value;
}

std::optional<std::string> Planner::code(const CsvRecord& record, Column column,
                                         const std::vector<ReferenceItem>& items, const char* what,
                                         ImportRowResult& result) const {
  std::string value = cell(record, column);
  if (value.empty()) return std::nullopt;
  const ReferenceItem* item = find_item(items, value);
  if (item == nullptr) {
    std::string known;
    for (const auto& i : items)
      if (i.active) known += (known.empty() ? "" : ", ") + i.code + " " + i.name_nb;
    problem(result, column, "'" + value + "' is not a known " + what + " (known: " + known + ")");
    return std::nullopt;
  }
  if (!item->active) {
    problem(result, column, "'" + value + "' (" + item->name_nb + ") is no longer in use");
    return std::nullopt;
  }
  return item->code;
}

std::optional<std::string> Planner::nace(const CsvRecord& record, ImportRowResult& result) const {
  std::string value = cell(record, Column::naering);
  if (value.empty()) return std::nullopt;
  // A NACE code ("56.101", "56") names its section by its first two digits.
  if (value.size() >= 2 && value[0] >= '0' && value[0] <= '9' && value[1] >= '0' && value[1] <= '9') {
    if (auto section = nace_section_of_division((value[0] - '0') * 10 + (value[1] - '0'))) return section;
    problem(result, Column::naering, "'" + value + "' is not a NACE code");
    return std::nullopt;
  }
  // "C", "c", "C - Industri", "Industri"
  std::string key = fold_key(value);
  if (key.size() == 1 || (value.size() > 1 && (value[1] == ' ' || value[1] == '-'))) {
    char letter = static_cast<char>(key[0] >= 'a' && key[0] <= 'z' ? key[0] - 'a' + 'A' : key[0]);
    for (const auto& item : references_.nace_sections)
      if (item.code == std::string(1, letter)) return item.code;
  }
  if (const ReferenceItem* item = find_item(references_.nace_sections, value)) return item->code;
  problem(result, Column::naering, "'" + value + "' is not a NACE section (a letter A-U, its name, or a NACE code)");
  return std::nullopt;
}

std::optional<RowPlan> Planner::plan(const CsvRecord& record, ImportRowResult& result, Transaction& tx) {
  RowPlan plan;
  plan.line = record.line;

  // saksnr first: it decides whether the row was imported before.
  auto saksnr = text(record, Column::saksnr, 100, Lines::single, result);
  if (!saksnr) {
    if (result.problems.empty()) problem(result, Column::saksnr, "required: the case number that identifies the row");
    return std::nullopt;
  }
  result.external_ref = *saksnr;
  if (auto seen = refs_seen_.find(*saksnr); seen != refs_seen_.end()) {
    problem(result, Column::saksnr, *saksnr + " is also on line " + std::to_string(seen->second));
    return std::nullopt;
  }
  refs_seen_.emplace(*saksnr, record.line);
  if (auto existing = tx.projects().find_by_external_ref(*saksnr)) {
    result.outcome = RowOutcome::already_imported;
    result.project_id = existing->id;
    result.workflow = existing->workflow;
    result.state = existing->state;
    return std::nullopt;
  }

  if (record.fields.size() > layout_.width) {
    bool extra = std::any_of(record.fields.begin() + static_cast<std::ptrdiff_t>(layout_.width), record.fields.end(),
                             [](const std::string& f) { return !f.empty(); });
    if (extra)
      result.problems.push_back({record.line, "",
                                 "the row has " + std::to_string(record.fields.size()) + " fields but the header has " +
                                     std::to_string(layout_.width) + " (is a separator or a quote missing?)"});
  }

  // Plain fields
  std::size_t before = result.problems.size();
  auto title = text(record, Column::tittel, kShortText, Lines::single, result);
  if (!title && result.problems.size() == before) problem(result, Column::tittel, "required: the project's title");
  std::string type = cell(record, Column::type);
  const Workflow* workflow = nullptr;
  if (type.empty()) {
    problem(result, Column::type, "required: etablering, innovasjon or næringssak");
  } else {
    std::string key = fold_key(type);
    for (const auto& w : workflows_.all())
      if (key == fold_key(w->id()) || key == fold_key(w->label().nb) || key == fold_key(w->label().en))
        workflow = w.get();
    if (workflow == nullptr) {
      std::string known;
      for (const auto& w : workflows_.all())
        known += (known.empty() ? "" : ", ") + fold_key(w->label().nb) + " (" + std::string(w->label().nb) + ")";
      problem(result, Column::type, "'" + type + "' is not a project type (known: " + known + ")");
    }
  }
  auto company_name = text(record, Column::bedrift, kShortText, Lines::single, result);
  auto adviser = text(record, Column::radgiver, kShortText, Lines::single, result);
  auto unit = text(record, Column::kommunal_enhet, kShortText, Lines::single, result);
  auto summary = text(record, Column::resultat, kLongText, Lines::multiple, result);
  auto note = text(record, Column::notat, kLongText, Lines::multiple, result);
  auto municipality = code(record, Column::kommune, references_.municipalities, "municipality", result);
  auto focus_area = code(record, Column::satsingsomrade, references_.focus_areas, "focus area", result);
  auto nace_section = nace(record, result);
  auto source = code(record, Column::finansieringskilde, references_.funding_sources, "funding source", result);

  std::optional<std::string> organisation_number;
  if (std::string raw = cell(record, Column::orgnr); !raw.empty()) {
    organisation_number = normalise_organisation_number(raw);
    if (!organisation_number) {
      std::string digits;
      for (char c : raw)
        if (c != ' ' && c != '.') digits += c;
      bool nine_digits =
          digits.size() == 9 && std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; });
      problem(result, Column::orgnr,
              raw + (nine_digits ? " is not a valid organisation number (check digit)"
                                 : " is not a valid organisation number (9 digits)"));
    }
  }
  auto amount = [&](Column column) -> std::optional<std::int64_t> {
    std::string raw = cell(record, column);
    if (raw.empty()) return std::nullopt;
    std::string why;
    auto value = parse_nok_amount(raw, &why);
    if (!value) problem(result, column, why);
    std::vector<FieldError> errors;
    if (value) check_amount(*value, "", errors);
    if (!errors.empty()) {
      problem(result, column, raw + ": " + errors.front().message);
      return std::nullopt;
    }
    return value;
  };
  auto applied = amount(Column::sokt_belop);
  auto granted = amount(Column::innvilget_belop);

  std::optional<std::string> reason;
  if (std::string raw = cell(record, Column::avslutningsarsak); !raw.empty() && workflow != nullptr) {
    std::vector<std::string_view> allowed;
    for (const auto& event : workflow->events())
      for (const auto& input : event.inputs)
        if (input.field == "reason")
          for (auto v : input.allowed_values)
            if (std::find(allowed.begin(), allowed.end(), v) == allowed.end()) allowed.push_back(v);
    std::string key = fold_key(raw);
    for (auto v : allowed)
      if (fold_key(v) == key) reason = std::string(v);
    if (!reason)
      if (auto alias = reason_aliases().find(key); alias != reason_aliases().end())
        if (std::find(allowed.begin(), allowed.end(), alias->second) != allowed.end()) reason = alias->second;
    if (!reason) {
      std::string known;
      for (auto v : allowed) known += (known.empty() ? "" : ", ") + std::string(v);
      problem(result, Column::avslutningsarsak,
              "'" + raw + "' is not a reason for closing (use one of: " + known +
                  "; or ikke levedyktig, trukket, henvist videre, duplikat)");
    }
  }

  // Stage dates: each filled stage column must be a stage of this row's workflow.
  std::map<std::string, std::pair<Date, std::string>> dates;  // state id -> date, column
  if (workflow != nullptr) {
    for (const auto& [key, index] : layout_.stages) {
      if (index >= record.fields.size() || record.fields[index].empty()) continue;
      const std::string& raw = record.fields[index];
      const std::string& column = layout_.names[index];
      const StateDescription* state = nullptr;
      for (const auto& s : workflow->states())
        if (fold_key(s.label.nb) == key || fold_key(s.id) == key) state = &s;
      if (state == nullptr) {
        result.problems.push_back(
            {record.line, column,
             "is not a stage of " + std::string(workflow->label().nb) + " projects; leave it empty for this type"});
        continue;
      }
      std::string why;
      auto date = parse_spreadsheet_date(raw, &why);
      if (!date) {
        result.problems.push_back({record.line, column, why});
        continue;
      }
      if (*date > today_) {
        result.problems.push_back({record.line, column, raw + " is in the future: stage dates are history"});
        continue;
      }
      if (date->year() < std::chrono::year{1900}) {
        result.problems.push_back({record.line, column, raw + " is before 1900"});
        continue;
      }
      dates[std::string(state->id)] = {*date, column};
    }
    if (dates.empty() && result.problems.empty())
      result.problems.push_back({record.line, "",
                                 "no stage date: fill in at least the date the project started (e.g. column " +
                                     std::string(workflow->initial_state().label.nb) + ")"});
  }

  // The company: found or registered by organisation number.
  if (organisation_number) {
    auto existing = tx.companies().find_by_organisation_number(*organisation_number);
    auto seen = companies_seen_.find(*organisation_number);
    if (existing) {
      if (company_name && fold_key(*company_name) != fold_key(existing->name))
        warning(result, Column::bedrift,
                "organisation number " + *organisation_number + " is registered as '" + existing->name +
                    "'; that company is used and its name is kept");
    } else if (seen == companies_seen_.end() && !company_name) {
      problem(result, Column::bedrift,
              "required to register the company with organisation number " + *organisation_number);
    } else if (seen != companies_seen_.end() && company_name && fold_key(*company_name) != fold_key(seen->second)) {
      warning(result, Column::bedrift,
              "organisation number " + *organisation_number + " is registered as '" + seen->second +
                  "' by an earlier row; that company is used");
    }
    plan.organisation_number = organisation_number;
    plan.company_name = company_name;
  } else if (company_name && cell(record, Column::orgnr).empty()) {
    warning(result, Column::bedrift,
            "ignored: without an organisation number the company cannot be registered (companies are kept by "
            "organisation number)");
  }

  if (!result.problems.empty()) return std::nullopt;

  plan.workflow = workflow;
  result.workflow = std::string(workflow->id());
  plan.project.workflow = std::string(workflow->id());
  ProjectChanges& f = plan.project.fields;
  f.title = title;
  f.external_ref = saksnr;
  if (adviser) f.adviser = adviser;
  if (municipality) f.municipality = municipality;
  if (focus_area) f.focus_area = focus_area;
  if (nace_section) f.nace_section = nace_section;
  if (unit) f.municipal_unit = unit;
  if (summary) f.result_summary = summary;
  if (organisation_number) f.organisation_number = organisation_number;
  if (source) plan.funding_source = *source;
  plan.amount_applied = applied.value_or(0);
  plan.amount_granted = granted;
  std::string origin = options_.source_name.empty() ? "regneark" : options_.source_name;
  plan.import_note = "Importert fra " + origin + ", linje " + std::to_string(record.line) + " (saksnr " + *saksnr +
                     "). Historikken er gjenskapt fra fasedatoene i regnearket.";
  plan.event_note = note.value_or("Importert fra regneark (saksnr " + *saksnr + ").");

  // The same checks the service makes, so that a row the service would refuse is refused here.
  ProjectChanges probe = f;
  for (const auto& e : normalise(probe)) {
    auto column = column_of_field(e.field);
    result.problems.push_back({record.line, column ? layout_.name_of(*column) : e.field, e.message});
  }
  if (!result.problems.empty()) return std::nullopt;

  if (!plan_history(plan, dates, reason, result)) return std::nullopt;

  // Values the history did not need are reported, so nobody believes they were kept.
  bool funding_used = std::any_of(plan.steps.begin(), plan.steps.end(), [](const Step& s) { return s.add_funding; });
  bool grant_used = std::any_of(plan.steps.begin(), plan.steps.end(), [](const Step& s) { return s.grant_funding; });
  if (!funding_used) {
    for (Column c : {Column::finansieringskilde, Column::sokt_belop, Column::innvilget_belop})
      if (!cell(record, c).empty())
        warning(result, c, "ignored: the history does not pass through a stage with a funding application");
  } else if (!grant_used && granted) {
    warning(result, Column::innvilget_belop,
            "ignored: the history does not reach a stage that needs granted funding, so the application stays "
            "submitted");
  }
  bool reason_used =
      std::any_of(plan.steps.begin(), plan.steps.end(), [](const Step& s) { return s.input.reason.has_value(); });
  if (reason && !reason_used)
    warning(result, Column::avslutningsarsak, "ignored: the history has no step that takes a reason");

  if (organisation_number && company_name && !companies_seen_.count(*organisation_number))
    companies_seen_.emplace(*organisation_number, *company_name);
  return plan;
}

/// Follows the row's stage dates through the workflow: the project is created at the first date,
/// then each stage in date order (the workflow's own stage order breaks ties on one day) must be
/// reachable from the one before by one of the workflow's transitions. Facts a guard asks for that
/// the history implies are planned just before the step; facts that only the row can give are
/// reported against their column.
bool Planner::plan_history(RowPlan& plan, const std::map<std::string, std::pair<Date, std::string>>& dates,
                           const std::optional<std::string>& reason, ImportRowResult& result) const {
  const Workflow& workflow = *plan.workflow;
  const auto& states = workflow.states();
  auto order_of = [&](std::string_view id) {
    for (std::size_t i = 0; i < states.size(); ++i)
      if (states[i].id == id) return i;
    return states.size();
  };
  auto label_of = [&](std::string_view id) {
    const StateDescription* s = workflow.find_state(id);
    return s ? std::string(s->label.nb) : std::string(id);
  };
  const std::string initial(workflow.initial_state().id);

  struct Dated {
    std::string state;
    Date date;
    std::string column;
  };
  std::vector<Dated> sequence;
  for (const auto& [state, value] : dates)
    if (state != initial) sequence.push_back({state, value.first, value.second});
  std::sort(sequence.begin(), sequence.end(), [&](const Dated& a, const Dated& b) {
    return a.date != b.date ? a.date < b.date : order_of(a.state) < order_of(b.state);
  });
  if (auto it = dates.find(initial); it != dates.end()) {
    plan.created = it->second.first;
    for (const auto& d : sequence)
      if (d.date < plan.created) {
        result.problems.push_back({plan.line, d.column,
                                   format_nb_date(d.date) + " is before the project started (" + it->second.second +
                                       " " + format_nb_date(plan.created) + ")"});
        return false;
      }
  } else {
    plan.created = sequence.front().date;  // no start date: the project starts with its first stage
  }

  // What the guards will see, kept as the services will keep it.
  ProjectFacts facts;
  const ProjectChanges& f = plan.project.fields;
  auto get = [](const Change<std::string>& c) { return c ? *c : std::nullopt; };
  facts.adviser = get(f.adviser);
  facts.municipality = get(f.municipality);
  facts.focus_area = get(f.focus_area);
  facts.organisation_number = get(f.organisation_number);
  facts.municipal_unit = get(f.municipal_unit);
  facts.result_summary = get(f.result_summary);
  std::optional<FundingStatus> application;  // the one the importer registers, when it must

  std::string state = initial;
  std::string state_column = dates.count(initial) ? dates.at(initial).second : std::string();
  Date state_date = plan.created;
  for (const Dated& next : sequence) {
    std::vector<const TransitionDescription*> candidates;
    for (const auto& t : workflow.transitions())
      if (t.from == state && t.to == next.state) candidates.push_back(&t);
    if (candidates.empty()) {
      std::vector<std::string> onward;
      for (const auto& t : workflow.transitions())
        if (t.from == state && std::find(onward.begin(), onward.end(), label_of(t.to)) == onward.end())
          onward.push_back(label_of(t.to));
      std::string list;
      for (std::size_t i = 0; i < onward.size(); ++i)
        list += (i == 0 ? "" : i + 1 == onward.size() ? " or " : ", ") + onward[i];
      std::string message = "cannot go from " + label_of(state) + " (" + format_nb_date(state_date) + ") to " +
                            label_of(next.state) + " (" + format_nb_date(next.date) + ") in the " +
                            std::string(workflow.label().nb) + " workflow";
      message += onward.empty() ? "; " + label_of(state) + " is a final stage"
                                : "; from " + label_of(state) + " it goes to " + list;
      if (order_of(next.state) < order_of(state)) message += " (are the dates in the right order?)";
      result.problems.push_back({plan.line, next.column, message});
      return false;
    }

    std::vector<ImportProblem> first_failure;
    bool planned = false;
    for (const TransitionDescription* t : candidates) {
      Step step;
      step.date = next.date;
      step.column = next.column;
      step.event = std::string(t->event);
      step.to = next.state;
      ProjectFacts trial = facts;
      std::optional<FundingStatus> trial_application = application;
      if (const EventDescription* event = workflow.find_event(t->event))
        for (const auto& input : event->inputs) {
          if (input.field == "note") step.input.note = plan.event_note;
          if (input.field == "reason" && reason) step.input.reason = reason;
        }
      std::vector<ImportProblem> failures;
      for (int attempt = 0; attempt < 4 && !planned && failures.empty(); ++attempt) {
        trial.funding.clear();
        if (trial_application) trial.funding.push_back(*trial_application);
        GuardContext context{trial, &step.input, options_.actor.role};
        Decision decision = workflow.decide(state, t->event, context);
        if (decision.allowed()) {
          planned = true;
          break;
        }
        if (decision.outcome != Decision::Outcome::guard_failed) {
          failures.push_back({plan.line, next.column, "the workflow refuses " + step.event + " here"});
          break;
        }
        std::string when = "needed to reach " + label_of(next.state) + " on " + format_nb_date(next.date) + ": ";
        for (const GuardFailure& g : decision.failures) {
          // Facts the history itself implies: the importer records them at this date.
          if (g.field == "business_plan_complete") {
            step.changes.business_plan_complete = trial.business_plan_complete = true;
          } else if (g.field == "self_financed") {
            step.changes.self_financed = trial.self_financed = true;
          } else if (g.field == "registration_date") {
            trial.registration_date = format_date(next.date);
            step.changes.registration_date = trial.registration_date;
          } else if (g.field == "result_summary") {
            trial.result_summary = "Fullført " + format_nb_date(next.date) + " (importert fra regneark, saksnr " +
                                   result.external_ref + ").";
            step.changes.result_summary = trial.result_summary;
          } else if (g.guard == "funding_application_registered" && !trial_application) {
            step.add_funding = true;
            trial_application = FundingStatus::submitted;
          } else if (g.guard == "funding_granted" && trial_application != FundingStatus::granted) {
            if (!trial_application) step.add_funding = true;
            step.grant_funding = true;
            trial_application = FundingStatus::granted;
          } else {
            // Only the row can give this: say which column.
            auto column = column_of_field(g.field);
            failures.push_back(
                {plan.line, column ? layout_.name_of(*column) : next.column, when + std::string(g.message.en)});
          }
        }
      }
      if (planned) {
        facts = trial;
        application = trial_application;
        plan.steps.push_back(std::move(step));
        break;
      }
      if (first_failure.empty()) first_failure = failures;
    }
    if (!planned) {
      result.problems.insert(result.problems.end(), first_failure.begin(), first_failure.end());
      if (first_failure.empty())
        result.problems.push_back({plan.line, next.column, "cannot reach " + label_of(next.state)});
      return false;
    }
    // Legal, but easily a typo in a date: say so.
    if (order_of(next.state) < order_of(state))
      result.warnings.push_back({plan.line, next.column,
                                 "the dates take the project back from " + label_of(state) + " to " +
                                     label_of(next.state) + " (" + plan.steps.back().event +
                                     "); check them if that is not what happened"});
    // As the service keeps parked_from: set on parking, cleared on leaving the parked state.
    const StateDescription* target = workflow.find_state(next.state);
    const StateDescription* source = workflow.find_state(state);
    if (target && target->kind == StateKind::parked)
      facts.parked_from = state;
    else if (source && source->kind == StateKind::parked)
      facts.parked_from.reset();
    state = next.state;
    state_date = next.date;
  }
  result.state = state;
  result.transitions = plan.steps.size();
  return true;
}

// ---------------------------------------------------------------------------------------------
// Reading the file

std::optional<Layout> read_header(const CsvRecord& header, const WorkflowRegistry& workflows, ImportReport& report) {
  Layout layout;
  layout.width = header.fields.size();
  std::map<std::string, std::string> stage_keys;  // folded stage name -> how docs write it
  for (const auto& w : workflows.all())
    for (const auto& s : w->states()) {
      stage_keys.emplace(fold_key(s.label.nb), std::string(s.label.nb));
      stage_keys.emplace(fold_key(s.id), std::string(s.label.nb));
    }
  std::map<std::string, std::size_t> seen;  // folded key -> index
  for (std::size_t i = 0; i < header.fields.size(); ++i) {
    const std::string& name = header.fields[i];
    layout.names.push_back(name);
    std::string key = fold_key(name);
    if (key.empty()) continue;  // Excel leaves empty header cells after the last column
    std::optional<Column> column;
    for (const auto& c : column_names()) {
      if (fold_key(c.name) == key) column = c.column;
      for (auto alias : c.aliases)
        if (fold_key(alias) == key) column = c.column;
    }
    std::string meaning = column                  ? std::string(canonical_name(*column))
                          : stage_keys.count(key) ? stage_keys.at(key)
                                                  : std::string();
    if (meaning.empty()) {
      report.notices.push_back("column '" + name + "' is not one the importer reads; it is ignored");
      continue;
    }
    if (auto twice = seen.find(fold_key(meaning)); twice != seen.end()) {
      report.file_problems.push_back(
          {header.line, name,
           "means the same as column '" + layout.names[twice->second] + "' (" + meaning + "); keep one of them"});
      continue;
    }
    seen.emplace(fold_key(meaning), i);
    if (column)
      layout.index[static_cast<std::size_t>(*column)] = i;
    else
      layout.stages.emplace(key, i);
  }
  for (Column required : {Column::saksnr, Column::tittel, Column::type})
    if (!layout.index[static_cast<std::size_t>(required)])
      report.file_problems.push_back(
          {header.line, std::string(canonical_name(required)), "the header has no such column, and it is required"});
  if (layout.stages.empty())
    report.file_problems.push_back({header.line, "",
                                    "the header has no stage date column (e.g. idé, avklaring, forretningsplan, "
                                    "mottatt): the history of a project is its stage dates"});
  if (!report.file_problems.empty()) return std::nullopt;
  return layout;
}

std::string describe_encoding(const DecodedText& decoded, char separator) {
  std::string encoding = decoded.converted_from_windows_1252 ? "Windows-1252 (converted to UTF-8)"
                         : decoded.had_bom                   ? "UTF-8 with BOM"
                                                             : "UTF-8";
  std::string sep = separator == '\t' ? "tab" : std::string("'") + separator + "'";
  return "read as " + encoding + ", separator " + sep;
}

// ---------------------------------------------------------------------------------------------
// Writing

/// Replays one planned row through the services, inside the transaction `tx`.
ProjectId execute(const RowPlan& plan, Transaction& tx, std::string_view backend, const WorkflowRegistry& workflows,
                  const Actor& actor) {
  ReplayClock replay;
  JoinedStore store(tx, backend);
  ServiceSet services(store, workflows, replay.clock());

  replay.at(plan.created);
  NewProject request = plan.project;
  if (plan.organisation_number) {
    auto company = tx.companies().find_by_organisation_number(*plan.organisation_number);
    // Registered at the same noon as the project, so the project's history starts at noon exactly.
    Timestamp noon = oslo_noon(plan.created);
    CompanyService companies(store, [noon] { return noon; });
    CompanyId id = company ? company->id : companies.create({plan.company_name, plan.organisation_number}, actor).id;
    request.fields.company_id = std::optional<std::int64_t>(id);
  }
  ProjectView view = services.projects.create(std::move(request), actor);
  const ProjectId id = view.project.id;
  std::int64_t version = view.project.version;
  services.records.add_note(id, {plan.import_note, Visibility::internal}, actor);

  std::optional<FundingApplication> application;
  for (const Step& step : plan.steps) {
    replay.at(step.date);
    if (!step.changes.empty()) version = services.projects.update(id, version, step.changes, actor).project.version;
    if (step.add_funding) {
      FundingChanges funding;
      funding.source = plan.funding_source;
      funding.amount_applied = plan.amount_applied;
      funding.status = step.grant_funding ? FundingStatus::granted : FundingStatus::submitted;
      if (step.grant_funding) {
        funding.amount_granted = std::optional<std::int64_t>(plan.amount_granted.value_or(0));
        funding.decision_date = std::optional<std::string>(format_date(step.date));
      }
      application = services.projects.add_funding(id, funding, actor);
      services.records.add_note(
          id,
          {"Finansieringssøknaden er registrert av importen fordi prosjektet gikk inn i " + step.column + " " +
               format_nb_date(step.date) + " (saksnr " + *plan.project.fields.external_ref.value() +
               "). Kilde og beløp er fra regnearket der de var fylt ut; ellers er kilden «Annet» og beløpet 0.",
           Visibility::internal},
          actor);
    } else if (step.grant_funding && application) {
      FundingChanges decision;
      decision.status = FundingStatus::granted;
      decision.amount_granted = std::optional<std::int64_t>(plan.amount_granted.value_or(0));
      decision.decision_date = std::optional<std::string>(format_date(step.date));
      application = services.projects.update_funding(id, application->id, application->version, decision, actor);
    }
    TransitionCommand command;
    command.project_id = id;
    command.event = step.event;
    command.input = step.input;
    command.visibility = Visibility::internal;
    command.expected_version = version;
    version = services.projects.transition(std::move(command), actor).event.seq;
  }
  return id;
}

/// What a service's refusal says about the row, in the report's terms.
std::vector<ImportProblem> problems_of(const DomainError& e, std::size_t line) {
  std::vector<ImportProblem> problems;
  if (const auto* rejected = dynamic_cast<const TransitionRejected*>(&e)) {
    for (const auto& f : rejected->decision().failures)
      problems.push_back({line, "", "the workflow refused " + rejected->event() + ": " + std::string(f.message.en)});
  }
  for (const auto& f : e.errors()) {
    auto column = column_of_field(f.field);
    problems.push_back({line, column ? std::string(canonical_name(*column)) : f.field, f.message});
  }
  if (problems.empty()) problems.push_back({line, "", e.what()});
  return problems;
}

}  // namespace

std::string_view to_string(RowOutcome outcome) noexcept {
  switch (outcome) {
    case RowOutcome::imported:
      return "imported";
    case RowOutcome::would_import:
      return "would_import";
    case RowOutcome::already_imported:
      return "already_imported";
    case RowOutcome::rejected:
      return "rejected";
  }
  return "rejected";
}

ImportReport import_projects(std::string_view file, Store& store, const WorkflowRegistry& workflows,
                             const ImportOptions& options) {
  ImportReport report;
  DecodedText decoded = decode_spreadsheet_text(std::string(file));
  report.separator = detect_separator(decoded.text);
  report.notices.push_back(describe_encoding(decoded, report.separator));

  std::vector<CsvRecord> records;
  try {
    CsvReader reader(decoded.text, report.separator);
    while (auto record = reader.next()) records.push_back(std::move(*record));
  } catch (const CsvError& e) {
    report.file_problems.push_back({e.line(), "", e.what()});
    return report;
  }
  if (records.empty() || records.front().blank()) {
    report.file_problems.push_back({1, "", "the file is empty or its first line (the header) is blank"});
    return report;
  }
  auto layout = read_header(records.front(), workflows, report);
  if (!layout) return report;

  // 1. Check every row and plan its history, reading (never writing) the database.
  Date today = options.today.value_or(oslo_date(system_clock()()));
  std::vector<RowPlan> plans;
  store.read([&](Transaction& tx) {
    References references;
    references.municipalities = tx.reference().list(ReferenceList::municipalities);
    references.focus_areas = tx.reference().list(ReferenceList::focus_areas);
    references.nace_sections = tx.reference().list(ReferenceList::nace_sections);
    references.funding_sources = tx.reference().list(ReferenceList::funding_sources);
    Planner planner(*layout, references, workflows, options, today);
    bool other_source = find_item(references.funding_sources, "other") != nullptr;
    for (std::size_t i = 1; i < records.size(); ++i) {
      if (records[i].blank()) continue;
      ImportRowResult& result = report.rows.emplace_back();
      result.line = records[i].line;
      auto plan = planner.plan(records[i], result, tx);
      if (plan) {
        bool needs_source = plan->funding_source == "other" && std::any_of(plan->steps.begin(), plan->steps.end(),
                                                                           [](const Step& s) { return s.add_funding; });
        if (needs_source && !other_source) {
          result.problems.push_back({result.line, layout->name_of(Column::finansieringskilde),
                                     "required: the funding source 'other' is not in the reference list"});
          continue;
        }
        result.outcome = RowOutcome::would_import;
        plan->result = report.rows.size() - 1;
        plans.push_back(std::move(*plan));
      }
    }
  });
  auto count = [&](RowOutcome outcome) {
    return static_cast<std::size_t>(std::count_if(report.rows.begin(), report.rows.end(),
                                                  [&](const ImportRowResult& r) { return r.outcome == outcome; }));
  };
  auto tally = [&] {
    report.rows_read = report.rows.size();
    report.imported = count(RowOutcome::imported) + (options.dry_run ? count(RowOutcome::would_import) : 0);
    report.skipped = count(RowOutcome::already_imported);
    report.rejected = count(RowOutcome::rejected);
  };
  tally();
  if (options.dry_run || plans.empty() || (report.has_invalid() && !options.skip_invalid)) return report;

  // 2. Replay the planned rows through the services at their historical dates.
  auto reject = [&](const RowPlan& plan, const DomainError& e) {
    ImportRowResult& result = report.rows[plan.result];
    result.outcome = RowOutcome::rejected;
    result.problems = problems_of(e, plan.line);
  };
  auto unavailable = [](const DomainError& e) { return e.code() == ErrorCode::unavailable; };
  if (options.skip_invalid) {
    for (const RowPlan& plan : plans) {
      try {
        ProjectId id = store.write_returning(
            [&](Transaction& tx) { return execute(plan, tx, store.backend(), workflows, options.actor); });
        report.rows[plan.result].outcome = RowOutcome::imported;
        report.rows[plan.result].project_id = id;
        report.written = true;
      } catch (const DomainError& e) {
        if (unavailable(e)) throw;
        reject(plan, e);
      }
    }
  } else {
    std::vector<ProjectId> ids;
    const RowPlan* current = nullptr;
    try {
      store.write([&](Transaction& tx) {
        for (const RowPlan& plan : plans) {
          current = &plan;
          ids.push_back(execute(plan, tx, store.backend(), workflows, options.actor));
        }
      });
      for (std::size_t i = 0; i < plans.size(); ++i) {
        report.rows[plans[i].result].outcome = RowOutcome::imported;
        report.rows[plans[i].result].project_id = ids[i];
      }
      report.written = true;
    } catch (const DomainError& e) {
      if (unavailable(e) || current == nullptr) throw;
      reject(*current, e);  // the whole file was one transaction: nothing is kept
    }
  }
  tally();
  return report;
}

void print_import_report(const ImportReport& report, const ImportOptions& options, std::ostream& out) {
  auto where = [](const ImportProblem& p) {
    std::string text = p.line == 0 ? std::string("file") : "line " + std::to_string(p.line);
    if (!p.column.empty()) text += ", column " + p.column;
    return text;
  };
  for (const auto& notice : report.notices) out << "note: " << notice << '\n';
  for (const auto& p : report.file_problems) out << where(p) << ": " << p.message << '\n';
  for (const auto& row : report.rows) {
    std::string ref = row.external_ref.empty() ? std::string() : " (saksnr " + row.external_ref + ")";
    switch (row.outcome) {
      case RowOutcome::imported:
        out << "line " << row.line << ref << ": imported as project " << row.project_id.value_or(0) << ", "
            << row.workflow << ", now " << row.state << " after " << row.transitions << " step(s)\n";
        break;
      case RowOutcome::would_import:
        out << "line " << row.line << ref << ": " << (options.dry_run ? "would import" : "valid, not written") << ", "
            << row.workflow << ", "
            << "would end in " << row.state << " after " << row.transitions << " step(s)\n";
        break;
      case RowOutcome::already_imported:
        out << "line " << row.line << ref << ": already imported as project " << row.project_id.value_or(0)
            << ", skipped\n";
        break;
      case RowOutcome::rejected:
        for (const auto& p : row.problems) out << where(p) << ": " << p.message << '\n';
        break;
    }
    if (row.outcome != RowOutcome::rejected)  // a rejected row's ignored values do not matter yet
      for (const auto& w : row.warnings) out << where(w) << ": warning: " << w.message << '\n';
  }
  out << "Rows read: " << report.rows_read << ", " << (options.dry_run ? "would import: " : "imported: ")
      << report.imported << ", skipped (already imported): " << report.skipped << ", rejected: " << report.rejected
      << ".\n";
  if (options.dry_run)
    out << "Dry run: nothing was written.\n";
  else if (!report.written && report.has_invalid())
    out << "Nothing was written: fix the rows above"
        << (report.file_problems.empty() ? ", or run with --skip-invalid to import only the valid rows" : "") << ".\n";
}

}  // namespace facilitator::core::bulk
