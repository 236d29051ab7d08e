#pragma once

// The hostile-input corpus (tests/hostile/*.http, described in tests/hostile/README.md): reading
// its entries and turning one into the exact bytes to send.

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace facilitator::testing {

/// One request of the corpus, as written: escapes and placeholders not yet expanded.
struct CorpusEntry {
  std::string file;  // the file's name, e.g. "framing.http"
  std::string name;
  int line = 0;  // of its `===` line
  std::string text;
  std::optional<int> expected_status;  // [expect NNN]
  bool may_close = false;              // [may close]: incomplete on purpose, no answer is allowed

  /// "framing.http:12 content-length-duplicate", for messages.
  [[nodiscard]] std::string where() const;
};

/// Every entry of every *.http file in `folder`, files in name order. Throws std::runtime_error
/// naming the file and line when the corpus is malformed (a text outside an entry, a repeated
/// name, an unknown flag).
std::vector<CorpusEntry> read_corpus(const std::filesystem::path& folder);

/// Placeholder values by name, e.g. "PROJECT" or "COOKIE:adviser".
using PlaceholderValues = std::map<std::string, std::string>;

/// The bytes `text` stands for: escapes decoded, {REPEAT:N:TEXT} repeated, {LEN} replaced by the
/// body's length and every other {NAME} by its value. Throws std::invalid_argument on a malformed
/// escape or an unknown placeholder.
std::string expand(const std::string& text, const PlaceholderValues& values);

/// Whether `bytes` is well-formed UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF.
bool valid_utf8(const std::string& bytes);

}  // namespace facilitator::testing
