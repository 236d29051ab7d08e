// The --db / FACILITATOR_DB parser: any text either parses or throws std::invalid_argument with a
// message; the redacted form of a parsed URL is computed for the logs and must not fail either.

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string_view>

#include "core/storage/database_url.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    auto url = facilitator::core::storage::DatabaseUrl::parse(text);
    (void)url.redacted();
  } catch (const std::invalid_argument&) {  // refused with a message: what a malformed URL gets
  }
  return 0;
}
