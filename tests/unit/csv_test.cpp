// The CSV reader and writer and the spreadsheet values behind `facilitator import` and `export`:
// what Norwegian Excel writes (BOM, `;`, CRLF, dd.mm.yyyy, "250 000") must read back exactly.

#include <catch2/catch.hpp>

#include <sstream>

#include "core/bulk/csv.hpp"

using facilitator::core::Date;
using namespace facilitator::core::bulk;
using std::chrono::day;
using std::chrono::month;
using std::chrono::year;

namespace {

/// Every record of `text`, as fields.
std::vector<std::vector<std::string>> read_all(std::string_view text, char separator) {
  CsvReader reader(text, separator);
  std::vector<std::vector<std::string>> records;
  while (auto record = reader.next()) records.push_back(record->fields);
  return records;
}

std::vector<std::size_t> lines_of(std::string_view text, char separator) {
  CsvReader reader(text, separator);
  std::vector<std::size_t> lines;
  while (auto record = reader.next()) lines.push_back(record->line);
  return lines;
}

Date date(int y, unsigned m, unsigned d) { return Date{year{y}, month{m}, day{d}}; }

using Rows = std::vector<std::vector<std::string>>;

}  // namespace

TEST_CASE("import csv: a semicolon file with a BOM and CRLF reads as Excel wrote it", "[csv]") {
  std::string text = "\xEF\xBB\xBFsaksnr;tittel\r\n2024-1;Bakeri i Moss\r\n2024-2;Sykkel\r\n";
  CHECK(detect_separator(text) == ';');
  CHECK(read_all(text, ';') == Rows{{"saksnr", "tittel"}, {"2024-1", "Bakeri i Moss"}, {"2024-2", "Sykkel"}});
  CHECK(lines_of(text, ';') == std::vector<std::size_t>{1, 2, 3});
}

TEST_CASE("import csv: the separator is detected from the header line, outside quotes", "[csv]") {
  CHECK(detect_separator("a,b,c\n1;2;3\n") == ',');
  CHECK(detect_separator("a;b;c\n1,2,3\n") == ';');
  CHECK(detect_separator("\"a;b\",c,d\n") == ',');  // the ; is inside quotes
  CHECK(detect_separator("\"x,y,z\";b\n") == ';');  // the commas are inside quotes
  CHECK(detect_separator("a\tb\tc\n") == '\t');
  CHECK(detect_separator("saksnr\n1\n") == ';');  // one column: Norwegian Excel's default
  CHECK(detect_separator("\xEF\xBB\xBF"
                         "a,b\n") == ',');
  CHECK(read_all("a,b\n1,\"2,5\"\n", ',') == Rows{{"a", "b"}, {"1", "2,5"}});
}

TEST_CASE("import csv: quoted fields keep separators, doubled quotes and line breaks", "[csv]") {
  std::string text =
      "saksnr;tittel;notat\r\n"
      "1;\"Kafé \"\"Brygga\"\"; servering\";\"første linje\r\nandre linje\ntredje\"\r\n"
      "2;\"\";\"  blanks kept  \"\r\n";
  auto rows = read_all(text, ';');
  REQUIRE(rows.size() == 3);
  CHECK(rows[1] == std::vector<std::string>{"1", "Kafé \"Brygga\"; servering", "første linje\r\nandre linje\ntredje"});
  CHECK(rows[2] == std::vector<std::string>{"2", "", "  blanks kept  "});
  // A record that spans lines is reported at the line it starts on; the next one is counted on.
  CHECK(lines_of(text, ';') == std::vector<std::size_t>{1, 2, 5});
}

TEST_CASE("import csv: unquoted fields lose blanks at both ends, and blanks around quotes are ignored", "[csv]") {
  CHECK(read_all("  saksnr ; tittel  \t\n 7 ;  \"Bakeri \"  \n", ';') == Rows{{"saksnr", "tittel"}, {"7", "Bakeri "}});
  // Trailing separators give empty fields; a row of separators only is blank.
  CsvReader reader("a;b;;\n;;;\n", ';');
  auto header = reader.next();
  REQUIRE(header);
  CHECK(header->fields == std::vector<std::string>{"a", "b", "", ""});
  auto empty = reader.next();
  REQUIRE(empty);
  CHECK(empty->blank());
  CHECK_FALSE(reader.next());
}

TEST_CASE("import csv: LF, CRLF and CR line ends, blank lines and a missing final line end", "[csv]") {
  CHECK(read_all("a;b\n1;2", ';') == Rows{{"a", "b"}, {"1", "2"}});
  CHECK(read_all("a;b\r1;2\r", ';') == Rows{{"a", "b"}, {"1", "2"}});
  CHECK(read_all("a;b\r\n\r\n1;2\r\n", ';') == Rows{{"a", "b"}, {""}, {"1", "2"}});
  CHECK(lines_of("a;b\r\n\r\n1;2\r\n", ';') == std::vector<std::size_t>{1, 2, 3});
  CHECK(read_all("", ';').empty());
  CHECK(read_all("\xEF\xBB\xBF", ';').empty());
}

TEST_CASE("import csv: an unclosed quote or text after a closing quote names the line", "[csv]") {
  CsvReader unclosed("a;b\n1;\"never closed\n2;3\n", ';');
  REQUIRE(unclosed.next());
  try {
    (void)unclosed.next();
    FAIL("no error");
  } catch (const CsvError& e) {
    CHECK(e.line() == 2);
    CHECK(std::string(e.what()).find("never closed") != std::string::npos);
  }
  CsvReader stray("a;b\n\"x\"y;2\n", ';');
  REQUIRE(stray.next());
  CHECK_THROWS_AS(stray.next(), CsvError);
  // A quote inside an unquoted field is kept as it is (Excel never writes one, people do).
  CHECK(read_all("a;b\n12\" skjerm;2\n", ';') == Rows{{"a", "b"}, {"12\" skjerm", "2"}});
}

TEST_CASE("import csv: what the writer writes, the reader reads back exactly", "[csv]") {
  const std::vector<std::string> tricky{
      "plain",         "",         "semi;colon", "comma,",   "quote \"q\"", "line\nbreak",
      "crlf\r\nbreak", " leading", "trailing ",  "æøå ÆØÅ é"};
  for (char separator : {';', ','}) {
    std::ostringstream out;
    CsvWriter writer(out, separator);
    writer.write_bom();
    writer.write_row({"a", "b"});
    writer.write_row(tricky);
    std::string text = out.str();
    CHECK(text.rfind("\xEF\xBB\xBF"
                     "a",
                     0) == 0);
    CHECK(detect_separator(text) == separator);
    CHECK(read_all(text, separator) == Rows{{"a", "b"}, tricky});
  }
  CHECK(csv_field("plain", ';') == "plain");
  CHECK(csv_field("a;b", ';') == "\"a;b\"");
  CHECK(csv_field("a;b", ',') == "a;b");
  CHECK(csv_field("say \"hi\"", ';') == "\"say \"\"hi\"\"\"");
}

TEST_CASE("import csv: dates as dd.mm.yyyy or ISO, and only real ones", "[csv][dates]") {
  CHECK(parse_spreadsheet_date("31.01.2024") == date(2024, 1, 31));
  CHECK(parse_spreadsheet_date("1.2.2024") == date(2024, 2, 1));
  CHECK(parse_spreadsheet_date(" 29.02.2024 ") == date(2024, 2, 29));  // a leap year
  CHECK(parse_spreadsheet_date("2024-03-15") == date(2024, 3, 15));
  std::string problem;
  CHECK_FALSE(parse_spreadsheet_date("30.02.2025", &problem));
  CHECK(problem == "30.02.2025 is not a real date");
  CHECK_FALSE(parse_spreadsheet_date("29.02.2025", &problem));  // not a leap year
  CHECK_FALSE(parse_spreadsheet_date("31.04.2024"));
  CHECK_FALSE(parse_spreadsheet_date("00.01.2024"));
  CHECK_FALSE(parse_spreadsheet_date("15.13.2024"));
  CHECK_FALSE(parse_spreadsheet_date("2025-02-30"));
  CHECK_FALSE(parse_spreadsheet_date("01.02.24", &problem));
  CHECK(problem.find("four-digit year") != std::string::npos);
  for (const char* bad : {"", "1/2/2024", "01-02-2024", "1.2", "a.b.cccc", "01.02.2024x", "2024-1-5", "in March"}) {
    CAPTURE(bad);
    CHECK_FALSE(parse_spreadsheet_date(bad, &problem));
    CHECK_FALSE(problem.empty());
  }
}

TEST_CASE("import csv: amounts in whole kroner as people write them", "[csv]") {
  CHECK(parse_nok_amount("250000") == 250000);
  CHECK(parse_nok_amount("250 000") == 250000);
  CHECK(parse_nok_amount("1 250 000") == 1250000);
  CHECK(parse_nok_amount("250\xC2\xA0"
                         "000") == 250000);  // no-break space, as Excel writes it
  CHECK(parse_nok_amount("250.000") == 250000);
  CHECK(parse_nok_amount("250 000,-") == 250000);
  CHECK(parse_nok_amount("250 000,00 kr") == 250000);
  CHECK(parse_nok_amount("kr 40 000") == 40000);
  CHECK(parse_nok_amount("0") == 0);
  for (const char* bad : {"", "-5", "12,50", "2 50", "1.5", "250000.50", "abc", "25 0000", "1e6"}) {
    CAPTURE(bad);
    std::string problem;
    CHECK_FALSE(parse_nok_amount(bad, &problem));
    CHECK_FALSE(problem.empty());
  }
}

TEST_CASE("import csv: a file that is not UTF-8 is read as Windows-1252", "[csv]") {
  DecodedText bom = decode_spreadsheet_text("\xEF\xBB\xBFsaksnr;m\xC3\xA5l");
  CHECK(bom.had_bom);
  CHECK_FALSE(bom.converted_from_windows_1252);
  CHECK(bom.text == "saksnr;m\xC3\xA5l");
  DecodedText utf8 = decode_spreadsheet_text(
      "R\xC3\xA5"
      "de");
  CHECK_FALSE(utf8.had_bom);
  CHECK(utf8.text ==
        "R\xC3\xA5"
        "de");
  // "Råde; 250 €" saved by Excel as "CSV (semikolonseparert)"
  DecodedText legacy = decode_spreadsheet_text(
      "R\xE5"
      "de; 250 \x80");
  CHECK(legacy.converted_from_windows_1252);
  CHECK(legacy.text ==
        "R\xC3\xA5"
        "de; 250 \xE2\x82\xAC");
  CHECK(is_valid_utf8(legacy.text));
  CHECK_FALSE(is_valid_utf8("\xC0\xAF"));      // overlong
  CHECK_FALSE(is_valid_utf8("\xED\xA0\x80"));  // a surrogate
}

TEST_CASE("import csv: names written by people match whatever their case and accents", "[csv]") {
  CHECK(fold_key("Satsingsområde") == "satsingsomrade");
  CHECK(fold_key("NÆRING") == "naering");
  CHECK(fold_key("Idé") == fold_key("ide"));
  CHECK(fold_key("Søkt beløp") == "soktbelop");
  CHECK(fold_key(" Kommunal_enhet ") == "kommunalenhet");
  CHECK(fold_key("Oppfølging") == "oppfolging");
}
