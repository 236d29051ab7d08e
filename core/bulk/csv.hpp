#pragma once

// A small RFC 4180 reader and writer for the spreadsheets MNU keeps, and the values in them as
// Norwegian Excel writes them (dates as dd.mm.yyyy, amounts with spaces between thousands).
// No I/O: the reader works on text already in memory, the writer on any std::ostream.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <ostream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/domain/time.hpp"
#include "core/domain/utf8.hpp"

namespace facilitator::core::bulk {

/// The byte order mark Excel writes at the start of "CSV UTF-8" files.
inline constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

/// Text that a spreadsheet would run as a formula (starting with =, +, -, @, a tab or a carriage
/// return: CSV injection) gets a leading apostrophe, which Excel and LibreOffice show as text.
/// For texts only: numbers are written as numbers.
[[nodiscard]] inline std::string formula_safe(std::string text) {
  if (!text.empty() && std::string_view("=+-@\t\r").find(text.front()) != std::string_view::npos)
    text.insert(text.begin(), '\'');
  return text;
}

/// A file's text as UTF-8, whatever the spreadsheet saved.
struct DecodedText {
  std::string text;                          // UTF-8 without the byte order mark
  bool had_bom = false;                      // the file started with a UTF-8 byte order mark
  bool converted_from_windows_1252 = false;  // it was not UTF-8 and was read as Windows-1252
};

/// Strips a UTF-8 byte order mark. A file without one that is not valid UTF-8 is read as
/// Windows-1252, which is what Norwegian Excel writes for "CSV (semikolonseparert)".
[[nodiscard]] DecodedText decode_spreadsheet_text(std::string bytes);

using core::is_valid_utf8;

/// The separator of the first record (the header): the most frequent of `;`, `,` and tab outside
/// quotes; `;` when there is none or a tie, as Norwegian Excel writes.
[[nodiscard]] char detect_separator(std::string_view text) noexcept;

/// One record: its fields and the line of the file it starts on (1 is the first line).
struct CsvRecord {
  std::size_t line = 0;
  std::vector<std::string> fields;

  /// True when every field is empty (a blank line, or a row of separators only).
  [[nodiscard]] bool blank() const noexcept;
};

/// A record that cannot be read: a quote that is never closed, or text after a closing quote.
class CsvError : public std::runtime_error {
 public:
  CsvError(std::size_t line, const std::string& message) : std::runtime_error(message), line_(line) {}
  [[nodiscard]] std::size_t line() const noexcept { return line_; }

 private:
  std::size_t line_;
};

/// Reads records one at a time (RFC 4180): fields in double quotes may hold separators, line
/// breaks and doubled quotes (`""`); records end with CRLF, LF or CR. Unquoted fields lose their
/// leading and trailing blanks; quoted fields keep their text exactly, and blanks around the quotes
/// are ignored. A leading byte order mark is skipped.
class CsvReader {
 public:
  /// `text` must outlive the reader.
  CsvReader(std::string_view text, char separator);

  /// The next record, or nothing at the end of the text. Throws CsvError on a malformed record.
  [[nodiscard]] std::optional<CsvRecord> next();
  [[nodiscard]] char separator() const noexcept { return separator_; }

 private:
  std::string_view text_;
  char separator_;
  std::size_t pos_ = 0;
  std::size_t line_ = 1;
};

/// Writes records (RFC 4180 with CRLF line ends). A field is quoted when it holds the separator,
/// a quote, a line break, or blanks at either end (so the reader gives it back unchanged).
class CsvWriter {
 public:
  explicit CsvWriter(std::ostream& out, char separator = ';') : out_(out), separator_(separator) {}

  /// The UTF-8 byte order mark: Excel needs it to read the file as UTF-8 rather than Windows-1252.
  void write_bom();
  void write_row(const std::vector<std::string>& fields);

 private:
  std::ostream& out_;
  char separator_;
};

/// One field as CsvWriter writes it, quoted when it needs to be.
[[nodiscard]] std::string csv_field(std::string_view value, char separator);

// ---------------------------------------------------------------------------------------------
// Values as Norwegian spreadsheets write them. On failure `problem` (when given) says what is
// wrong, in words a person can act on.

/// `dd.mm.yyyy` (one-digit day and month allowed) or ISO `yyyy-mm-dd`; only real dates
/// (30.02.2025 is refused) with four-digit years.
[[nodiscard]] std::optional<Date> parse_spreadsheet_date(std::string_view text, std::string* problem = nullptr);

/// Whole Norwegian kroner: digits, optionally grouped by spaces (also no-break spaces) or dots
/// in threes, optionally followed by ",-" or ",00" and "kr" or "NOK". Not negative.
[[nodiscard]] std::optional<std::int64_t> parse_nok_amount(std::string_view text, std::string* problem = nullptr);

/// A key for matching names written by people: lower case, æ→ae, ø→o, å→a, accents dropped, and
/// everything but letters and digits removed ("Satsingsområde" and "satsingsomrade" match).
[[nodiscard]] std::string fold_key(std::string_view text);

}  // namespace facilitator::core::bulk
