#include "hostile_corpus.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>

namespace facilitator::testing {

namespace {

std::runtime_error malformed(const std::string& file, int line, const std::string& why) {
  return std::runtime_error(file + ":" + std::to_string(line) + ": " + why);
}

/// Reads the flags after an entry's name: "[expect 400]", "[may close]".
void read_flags(CorpusEntry& entry, std::string flags) {
  while (!flags.empty()) {
    auto open = flags.find('[');
    auto close = flags.find(']');
    if (open == std::string::npos || close == std::string::npos || close < open)
      throw malformed(entry.file, entry.line, "malformed flags '" + flags + "'");
    std::string flag = flags.substr(open + 1, close - open - 1);
    if (flag == "may close")
      entry.may_close = true;
    else if (flag.rfind("expect ", 0) == 0 && flag.size() == 10)
      entry.expected_status = std::stoi(flag.substr(7));
    else
      throw malformed(entry.file, entry.line, "unknown flag [" + flag + "]");
    auto next = flags.find_first_not_of(' ', close + 1);
    flags.erase(0, next == std::string::npos ? flags.size() : next);
  }
}

void read_file(const std::filesystem::path& path, std::vector<CorpusEntry>& entries) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::string file = path.filename().string();
  std::set<std::string> names;
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();  // line breaks of the file are never sent
    if (line.empty() || line[0] == '#') continue;
    if (line.rfind("=== ", 0) == 0) {
      CorpusEntry entry;
      entry.file = file;
      entry.line = number;
      std::string rest = line.substr(4);
      auto space = rest.find(' ');
      entry.name = rest.substr(0, space);
      if (space != std::string::npos) read_flags(entry, rest.substr(space + 1));
      if (!names.insert(entry.name).second) throw malformed(file, number, "a second entry named " + entry.name);
      entries.push_back(std::move(entry));
      continue;
    }
    if (entries.empty() || entries.back().file != file)
      throw malformed(file, number, "text before the first `=== name` line");
    entries.back().text += line;
  }
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

/// Where the placeholder opened at `open` ends (its `}`), nested placeholders and escapes skipped.
std::size_t placeholder_end(const std::string& text, std::size_t open) {
  int depth = 0;
  for (std::size_t i = open + 1; i < text.size(); ++i) {
    if (text[i] == '\\') {
      ++i;
    } else if (text[i] == '{' && i + 1 < text.size() && std::isupper(static_cast<unsigned char>(text[i + 1]))) {
      ++depth;
    } else if (text[i] == '}') {
      if (depth == 0) return i;
      --depth;
    }
  }
  throw std::invalid_argument("a placeholder without its closing brace: " + text.substr(open, 40));
}

/// Expands `text` into `out`; the offsets of {LEN} go to `lengths` (nullptr where not allowed).
void expand_into(const std::string& text, const PlaceholderValues& values, std::string& out,
                 std::vector<std::size_t>* lengths) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\\') {
      if (++i == text.size()) throw std::invalid_argument("a backslash at the end of an entry");
      switch (text[i]) {
        case 'r':
          out += '\r';
          break;
        case 'n':
          out += '\n';
          break;
        case 't':
          out += '\t';
          break;
        case '0':
          out += '\0';
          break;
        case '\\':
        case '{':
        case '}':
          out += text[i];
          break;
        case 'x': {
          int high = i + 1 < text.size() ? hex_digit(text[i + 1]) : -1;
          int low = i + 2 < text.size() ? hex_digit(text[i + 2]) : -1;
          if (high < 0 || low < 0) throw std::invalid_argument("\\x needs two hexadecimal digits");
          out += static_cast<char>(high * 16 + low);
          i += 2;
          break;
        }
        default:
          throw std::invalid_argument(std::string("unknown escape \\") + text[i]);
      }
    } else if (c == '{' && i + 1 < text.size() && std::isupper(static_cast<unsigned char>(text[i + 1]))) {
      std::size_t end = placeholder_end(text, i);
      std::string name = text.substr(i + 1, end - i - 1);
      i = end;
      if (name == "LEN") {
        if (lengths == nullptr) throw std::invalid_argument("{LEN} inside {REPEAT}");
        lengths->push_back(out.size());
      } else if (name.rfind("REPEAT:", 0) == 0) {
        auto colon = name.find(':', 7);
        if (colon == std::string::npos) throw std::invalid_argument("{REPEAT:N:TEXT} without TEXT");
        std::size_t count = std::stoul(name.substr(7, colon - 7));
        std::string once;
        expand_into(name.substr(colon + 1), values, once, nullptr);
        out.reserve(out.size() + once.size() * count);
        for (std::size_t n = 0; n < count; ++n) out += once;
      } else {
        auto it = values.find(name);
        if (it == values.end()) throw std::invalid_argument("unknown placeholder {" + name + "}");
        out += it->second;
      }
    } else {
      out += c;
    }
  }
}

}  // namespace

std::string CorpusEntry::where() const { return file + ":" + std::to_string(line) + " " + name; }

std::vector<CorpusEntry> read_corpus(const std::filesystem::path& folder) {
  std::vector<std::filesystem::path> files;
  for (const auto& item : std::filesystem::directory_iterator(folder))
    if (item.path().extension() == ".http") files.push_back(item.path());
  std::sort(files.begin(), files.end());
  std::vector<CorpusEntry> entries;
  for (const auto& file : files) read_file(file, entries);
  return entries;
}

std::string expand(const std::string& text, const PlaceholderValues& values) {
  std::string out;
  std::vector<std::size_t> lengths;
  expand_into(text, values, out, &lengths);
  if (lengths.empty()) return out;
  // The body starts after the first empty line behind the headers that carry {LEN}.
  std::size_t body = out.find("\r\n\r\n", lengths.front());
  body = body == std::string::npos ? out.find("\n\n", lengths.front()) : body;
  if (body == std::string::npos) throw std::invalid_argument("{LEN} in a request without an empty line");
  body += out[body] == '\r' ? 4U : 2U;
  std::string length = std::to_string(out.size() - body);
  for (auto at = lengths.rbegin(); at != lengths.rend(); ++at) out.insert(*at, length);
  return out;
}

bool valid_utf8(const std::string& bytes) {
  std::size_t i = 0;
  while (i < bytes.size()) {
    auto byte = [&](std::size_t k) { return static_cast<unsigned char>(bytes[k]); };
    unsigned char lead = byte(i);
    std::size_t size = 0;
    unsigned char low = 0x80, high = 0xBF;  // the range of the second byte
    if (lead < 0x80) {
      ++i;
      continue;
    } else if (lead >= 0xC2 && lead <= 0xDF) {
      size = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      size = 3;
      if (lead == 0xE0) low = 0xA0;   // overlong
      if (lead == 0xED) high = 0x9F;  // surrogates
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      size = 4;
      if (lead == 0xF0) low = 0x90;   // overlong
      if (lead == 0xF4) high = 0x8F;  // beyond U+10FFFF
    } else {
      return false;
    }
    if (i + size > bytes.size() || byte(i + 1) < low || byte(i + 1) > high) return false;
    for (std::size_t k = 2; k < size; ++k)
      if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return false;
    i += size;
  }
  return true;
}

}  // namespace facilitator::testing
