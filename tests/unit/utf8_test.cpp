// UTF-8 at the boundary: what is valid, where a text may be cut, and how bytes that are not
// text are shown in errors and logs.

#include <catch2/catch.hpp>

#include "core/domain/utf8.hpp"

using namespace facilitator::core;

TEST_CASE("Malformed UTF-8 is told from well-formed text", "[unit]") {
  CHECK(is_valid_utf8(""));
  CHECK(is_valid_utf8("Bakeri i Moss: \xc3\xa6\xc3\xb8\xc3\xa5 \xe2\x82\xac \xf0\x9f\x8d\x9e"));
  CHECK_FALSE(is_valid_utf8("\xff"));
  CHECK_FALSE(is_valid_utf8("\xc0\xaf"));          // overlong '/'
  CHECK_FALSE(is_valid_utf8("\xed\xa0\x80"));      // a surrogate
  CHECK_FALSE(is_valid_utf8("\xf4\x90\x80\x80"));  // above U+10FFFF
  CHECK_FALSE(is_valid_utf8("a\xc3"));             // cut inside a character
  CHECK_FALSE(is_valid_utf8("\x80"));              // a continuation byte alone
}

TEST_CASE("A text is cut only between characters", "[unit]") {
  const std::string email = std::string(253, 'a') + "\xc3\xb8";  // 255 bytes; 'ø' is the 254th and 255th
  CHECK(utf8_prefix(email, 254) == std::string(253, 'a'));
  CHECK(utf8_prefix(email, 255) == email);
  CHECK(utf8_prefix("\xe2\x82\xac\xe2\x82\xac", 5) == "\xe2\x82\xac");
  CHECK(utf8_prefix("abc", 0).empty());
  CHECK(is_valid_utf8(utf8_prefix("\xf0\x9f\x8d\x9e\xf0\x9f\x8d\x9e", 7)));
}

TEST_CASE("Printable text escapes invalid bytes and control characters and is always valid UTF-8", "[unit]") {
  CHECK(printable("Kari \xc3\xb8") == "Kari \xc3\xb8");
  CHECK(printable("a\xff"
                  "b") == "a\\xFFb");
  CHECK(printable("\xc0\xaf") == "\\xC0\\xAF");
  CHECK(printable(std::string("a\0b\n", 4)) == "a\\u0000b\\u000A");
  CHECK(printable("abcdef", 3) == "abc\xe2\x80\xa6");
  std::string all;
  for (int b = 0; b < 256; ++b) all += static_cast<char>(b);
  CHECK(is_valid_utf8(printable(all, 1000)));
}
