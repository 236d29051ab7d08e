#include "temporary_store.hpp"

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

namespace facilitator::fuzz {

namespace {

std::vector<std::filesystem::path>& folders() {
  static std::vector<std::filesystem::path> created;
  return created;
}

void remove_folders() {
  std::error_code ignored;  // a folder that cannot be removed is left behind, not a failure
  for (const auto& folder : folders()) std::filesystem::remove_all(folder, ignored);
}

}  // namespace

std::unique_ptr<core::storage::SociStore> open_temporary_store(std::size_t pool_size) {
  const char* tmp = std::getenv("TMPDIR");
  std::string pattern = std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/facilitator_fuzz_XXXXXX";
  if (::mkdtemp(pattern.data()) == nullptr)
    throw std::system_error(errno, std::generic_category(), "mkdtemp " + pattern);
  if (folders().empty()) std::atexit(remove_folders);
  folders().emplace_back(pattern);
  auto store = core::storage::open_store("sqlite3://db=" + pattern + "/fuzz.db synchronous=off", pool_size);
  store->migrate();
  return store;
}

}  // namespace facilitator::fuzz
