#include "core/bulk/csv.hpp"

#include <array>
#include <charconv>

namespace facilitator::core::bulk {

namespace {

/// Windows-1252 bytes 0x80-0x9F as Unicode code points; the five unassigned bytes become U+FFFD.
constexpr std::array<char32_t, 32> kWindows1252High{0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
                                                    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
                                                    0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                                                    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178};

bool is_blank(char c) noexcept { return c == ' ' || c == '\t'; }

bool all_digits(std::string_view text) noexcept {
  if (text.empty()) return false;
  for (char c : text)
    if (c < '0' || c > '9') return false;
  return true;
}

std::string_view trim(std::string_view text) noexcept {
  while (!text.empty() && is_blank(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_blank(text.back())) text.remove_suffix(1);
  return text;
}

void set(std::string* problem, std::string text) {
  if (problem != nullptr) *problem = std::move(text);
}

}  // namespace

DecodedText decode_spreadsheet_text(std::string bytes) {
  DecodedText result;
  if (std::string_view(bytes).substr(0, kUtf8Bom.size()) == kUtf8Bom) {
    result.had_bom = true;
    bytes.erase(0, kUtf8Bom.size());
  }
  if (result.had_bom || is_valid_utf8(bytes)) {
    result.text = std::move(bytes);
    return result;
  }
  // Without a byte order mark and not UTF-8: the only other thing Norwegian Excel writes.
  result.converted_from_windows_1252 = true;
  result.text.reserve(bytes.size() + bytes.size() / 8);
  for (char c : bytes) {
    auto b = static_cast<unsigned char>(c);
    if (b < 0x80)
      result.text += c;
    else if (b < 0xA0)
      append_utf8(result.text, kWindows1252High[b - 0x80]);
    else
      append_utf8(result.text, b);  // 0xA0-0xFF are Latin-1, which is Unicode's first block
  }
  return result;
}

char detect_separator(std::string_view text) noexcept {
  if (text.substr(0, kUtf8Bom.size()) == kUtf8Bom) text.remove_prefix(kUtf8Bom.size());
  std::size_t semicolons = 0, commas = 0, tabs = 0;
  bool quoted = false;
  for (char c : text) {
    if (c == '"') quoted = !quoted;  // a doubled quote toggles twice: still right
    if (quoted) continue;
    if (c == '\n' || c == '\r') break;
    if (c == ';') ++semicolons;
    if (c == ',') ++commas;
    if (c == '\t') ++tabs;
  }
  if (commas > semicolons && commas >= tabs) return ',';
  if (tabs > semicolons && tabs > commas) return '\t';
  return ';';
}

bool CsvRecord::blank() const noexcept {
  for (const auto& field : fields)
    if (!field.empty()) return false;
  return true;
}

CsvReader::CsvReader(std::string_view text, char separator) : text_(text), separator_(separator) {
  if (text_.substr(0, kUtf8Bom.size()) == kUtf8Bom) pos_ = kUtf8Bom.size();
}

std::optional<CsvRecord> CsvReader::next() {
  if (pos_ >= text_.size()) return std::nullopt;
  CsvRecord record;
  record.line = line_;
  const std::size_t end = text_.size();
  // A blank is the separator itself when the file is tab separated.
  auto blank = [&](char c) { return is_blank(c) && c != separator_; };
  auto at_record_end = [&](std::size_t p) { return p >= end || text_[p] == '\n' || text_[p] == '\r'; };

  while (true) {
    std::size_t p = pos_;
    while (p < end && blank(text_[p])) ++p;
    std::string field;
    if (p < end && text_[p] == '"') {
      std::size_t opened_on = line_;
      ++p;
      while (true) {
        if (p >= end) throw CsvError(opened_on, "a quoted field that starts here is never closed");
        char c = text_[p];
        if (c == '"') {
          if (p + 1 < end && text_[p + 1] == '"') {
            field += '"';
            p += 2;
            continue;
          }
          ++p;
          break;
        }
        if (c == '\n' || (c == '\r' && (p + 1 >= end || text_[p + 1] != '\n'))) ++line_;
        field += c;
        ++p;
      }
      while (p < end && blank(text_[p])) ++p;
      if (p < end && text_[p] != separator_ && !at_record_end(p))
        throw CsvError(line_, "text after the closing quote of a field (a quote inside a field must be doubled)");
    } else {
      std::size_t start = p;
      while (p < end && text_[p] != separator_ && !at_record_end(p)) ++p;
      field = std::string(trim(text_.substr(start, p - start)));
    }
    record.fields.push_back(std::move(field));
    if (p < end && text_[p] == separator_) {
      pos_ = p + 1;
      continue;
    }
    // End of the record: consume CRLF, LF or CR.
    if (p < end) {
      if (text_[p] == '\r' && p + 1 < end && text_[p + 1] == '\n') ++p;
      ++p;
      ++line_;
    }
    pos_ = p;
    return record;
  }
}

std::string csv_field(std::string_view value, char separator) {
  bool quote = !value.empty() && (is_blank(value.front()) || is_blank(value.back()));
  for (char c : value)
    if (c == separator || c == '"' || c == '\n' || c == '\r') quote = true;
  if (!quote) return std::string(value);
  std::string out = "\"";
  for (char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

void CsvWriter::write_bom() { out_ << kUtf8Bom; }

void CsvWriter::write_row(const std::vector<std::string>& fields) {
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out_ << separator_;
    out_ << csv_field(fields[i], separator_);
  }
  out_ << "\r\n";
}

std::optional<Date> parse_spreadsheet_date(std::string_view text, std::string* problem) {
  text = trim(text);
  const std::string shown(text);
  const std::string how = "write dd.mm.yyyy (e.g. 31.01.2024) or yyyy-mm-dd";
  int y = 0;
  unsigned m = 0, d = 0;
  auto number = [](std::string_view part, auto& out) {
    auto [ptr, ec] = std::from_chars(part.data(), part.data() + part.size(), out);
    return ec == std::errc{} && ptr == part.data() + part.size();
  };
  auto first = text.find('.');
  if (first != std::string_view::npos) {
    auto second = text.find('.', first + 1);
    if (second == std::string_view::npos) {
      set(problem, "'" + shown + "' is not a date: " + how);
      return std::nullopt;
    }
    std::string_view day = text.substr(0, first), month = text.substr(first + 1, second - first - 1),
                     year = text.substr(second + 1);
    if (!all_digits(day) || !all_digits(month) || !all_digits(year) || day.size() > 2 || month.size() > 2) {
      set(problem, "'" + shown + "' is not a date: " + how);
      return std::nullopt;
    }
    if (year.size() != 4) {
      set(problem, "'" + shown + "' needs a four-digit year: " + how);
      return std::nullopt;
    }
    number(day, d), number(month, m), number(year, y);
  } else if (text.size() == 10 && text[4] == '-' && text[7] == '-' && all_digits(text.substr(0, 4)) &&
             all_digits(text.substr(5, 2)) && all_digits(text.substr(8, 2))) {
    number(text.substr(0, 4), y), number(text.substr(5, 2), m), number(text.substr(8, 2), d);
  } else {
    set(problem, "'" + shown + "' is not a date: " + how);
    return std::nullopt;
  }
  Date date{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
  if (!date.ok()) {
    set(problem, shown + " is not a real date");
    return std::nullopt;
  }
  return date;
}

std::optional<std::int64_t> parse_nok_amount(std::string_view text, std::string* problem) {
  const std::string shown(trim(text));
  const std::string how = "'" + shown + "' is not an amount in whole kroner (e.g. 250000 or 250 000)";
  std::string s(trim(text));
  // No-break spaces (U+00A0, U+202F) are what Excel puts between thousands.
  for (std::string_view nbsp : {std::string_view("\xC2\xA0"), std::string_view("\xE2\x80\xAF")})
    for (auto pos = s.find(nbsp); pos != std::string::npos; pos = s.find(nbsp)) s.replace(pos, nbsp.size(), " ");
  auto lower = [](std::string v) {
    for (char& c : v)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return v;
  };
  auto strip = [&](std::string_view affix, bool prefix) {
    std::string l = lower(s);
    if (prefix && l.rfind(affix, 0) == 0) s = std::string(trim(std::string_view(s).substr(affix.size())));
    if (!prefix && l.size() >= affix.size() && l.compare(l.size() - affix.size(), affix.size(), affix) == 0)
      s = std::string(trim(std::string_view(s).substr(0, s.size() - affix.size())));
  };
  strip("nok", false), strip("kr", false), strip("kr.", true), strip("kr", true), strip("nok", true);
  if (!s.empty() && s.front() == '-') {
    set(problem, "'" + shown + "' is negative: amounts are zero or more");
    return std::nullopt;
  }
  if (auto comma = s.find(','); comma != std::string::npos) {
    std::string_view decimals = std::string_view(s).substr(comma + 1);
    bool whole = decimals == "-" || (!decimals.empty() && decimals.find_first_not_of('0') == std::string_view::npos);
    if (!whole) {
      set(problem, how);
      return std::nullopt;
    }
    s.erase(comma);
  }
  // Groups of three after the first, separated by blanks or dots; or plain digits.
  std::string digits;
  std::size_t group = 0;
  bool grouped = false, first_group = true;
  for (std::size_t i = 0; i <= s.size(); ++i) {
    char c = i < s.size() ? s[i] : '\0';
    if (c >= '0' && c <= '9') {
      digits += c;
      ++group;
      continue;
    }
    if (c != '\0' && c != ' ' && c != '.') {
      set(problem, how);
      return std::nullopt;
    }
    if (c != '\0') grouped = true;
    if (group == 0 || (grouped && (first_group ? group > 3 : group != 3))) {
      set(problem, how);
      return std::nullopt;
    }
    first_group = false;
    group = 0;
  }
  if (digits.empty() || digits.size() > 15) {
    set(problem, how);
    return std::nullopt;
  }
  std::int64_t value = 0;
  std::from_chars(digits.data(), digits.data() + digits.size(), value);
  return value;
}

std::string fold_key(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t pos = 0; pos < text.size();) {
    char32_t c = 0;
    std::size_t length = decode_utf8(text, pos, c);
    if (length == 0) {
      ++pos;
      continue;
    }
    pos += length;
    if (c >= 'A' && c <= 'Z') c += 'a' - 'A';
    if ((c >= 0xC0 && c <= 0xDE) && c != 0xD7) c += 0x20;  // Latin-1 capitals to small letters
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      out += static_cast<char>(c);
    } else if (c == 0xE6) {
      out += "ae";
    } else if (c == 0xDF) {
      out += "ss";
    } else if (c >= 0xE0 && c <= 0xE5) {
      out += 'a';
    } else if (c == 0xE7) {
      out += 'c';
    } else if (c >= 0xE8 && c <= 0xEB) {
      out += 'e';
    } else if (c >= 0xEC && c <= 0xEF) {
      out += 'i';
    } else if (c == 0xF1) {
      out += 'n';
    } else if ((c >= 0xF2 && c <= 0xF6) || c == 0xF8) {
      out += 'o';
    } else if (c >= 0xF9 && c <= 0xFC) {
      out += 'u';
    } else if (c == 0xFD || c == 0xFF) {
      out += 'y';
    }
  }
  return out;
}

}  // namespace facilitator::core::bulk
