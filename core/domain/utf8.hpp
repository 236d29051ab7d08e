#pragma once

// UTF-8 as every text that enters from outside must be: checked where it enters, cut only at
// character boundaries, and shown in errors and logs without the bytes that made it invalid.

#include <cstddef>
#include <string>
#include <string_view>

namespace facilitator::core {

/// Decodes one UTF-8 sequence at `pos` (which must be < text.size()) into `out`; returns its
/// length, or 0 when it is malformed: a stray continuation byte, a truncated sequence, an
/// overlong form, a surrogate or a value above U+10FFFF.
[[nodiscard]] std::size_t decode_utf8(std::string_view text, std::size_t pos, char32_t& out) noexcept;

/// Appends the code point `c` (at most U+10FFFF) to `out` as UTF-8.
void append_utf8(std::string& out, char32_t c);

/// Whether `text` is well-formed UTF-8 (no overlong forms, surrogates or values above U+10FFFF).
[[nodiscard]] bool is_valid_utf8(std::string_view text) noexcept;

/// Whether `text` holds a control character: C0 (U+0000 to U+001F) other than those in
/// `allowed` (e.g. "\t" or "\t\r\n"), DEL, or C1 (U+0080 to U+009F). None has a place in the
/// texts we store or read from a request head.
[[nodiscard]] bool has_control_character(std::string_view text, std::string_view allowed = {}) noexcept;

/// The longest prefix of `text` of at most `max_bytes` bytes that does not end inside a
/// character; valid UTF-8 stays valid.
[[nodiscard]] std::string_view utf8_prefix(std::string_view text, std::size_t max_bytes) noexcept;

/// `text` made safe to show in an error message or a log line: at most `max_chars` characters
/// (an ellipsis marks a cut), every malformed byte written as `\xNN` and every control
/// character as `\u00NN`. The result is always valid UTF-8; it never throws but on allocation
/// failure.
[[nodiscard]] std::string printable(std::string_view text, std::size_t max_chars = 80);

}  // namespace facilitator::core
