#include "small_disk.hpp"

#include <fcntl.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <stdexcept>
#include <vector>

namespace facilitator::testing {

namespace {

constexpr const char* kFillerName = "not-the-database.bin";

std::filesystem::path new_folder() {
  static std::atomic<int> counter{0};
  auto folder = std::filesystem::temp_directory_path() /
                ("facilitator_disk_" + std::to_string(getpid()) + "_" + std::to_string(++counter));
  std::filesystem::create_directories(folder);
  return folder;
}

}  // namespace

SmallDisk::SmallDisk(std::size_t bytes) : folder_(new_folder()) {
  std::string options = "size=" + std::to_string(bytes) + ",mode=0700";
  mounted_ = ::mount("facilitator_test", folder_.c_str(), "tmpfs", 0, options.c_str()) == 0;
}

SmallDisk::~SmallDisk() {
  if (mounted_) ::umount2(folder_.c_str(), MNT_DETACH);
  std::error_code ignored;
  std::filesystem::remove_all(folder_, ignored);
}

std::uintmax_t SmallDisk::available() const { return std::filesystem::space(folder_).available; }

void SmallDisk::fill_leaving(std::uintmax_t leave) {
  std::uintmax_t free = available();
  if (free <= leave) return;
  std::ofstream filler(folder_ / kFillerName, std::ios::binary | std::ios::app);
  const std::vector<char> block(4096, 'x');
  for (std::uintmax_t left = free - leave; left >= block.size(); left -= block.size())
    filler.write(block.data(), static_cast<std::streamsize>(block.size()));
  filler.flush();
  if (!filler) throw std::runtime_error("could not fill the small disk");
}

void SmallDisk::free_space() { std::filesystem::remove(folder_ / kFillerName); }

TemporaryFolderIn::TemporaryFolderIn(const std::filesystem::path& folder) {
  if (const char* previous = std::getenv("TMPDIR")) previous_ = previous;
  ::setenv("TMPDIR", folder.c_str(), 1);
}

TemporaryFolderIn::~TemporaryFolderIn() {
  if (previous_)
    ::setenv("TMPDIR", previous_->c_str(), 1);
  else
    ::unsetenv("TMPDIR");
}

bool set_immutable(const std::filesystem::path& file, bool immutable) {
  int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  int flags = 0;
  bool done = ::ioctl(fd, FS_IOC_GETFLAGS, &flags) == 0;
  if (done) {
    flags = immutable ? (flags | FS_IMMUTABLE_FL) : (flags & ~FS_IMMUTABLE_FL);
    done = ::ioctl(fd, FS_IOC_SETFLAGS, &flags) == 0;
  }
  ::close(fd);
  return done;
}

std::filesystem::path sqlite_file(const std::string& url) {
  std::string path = url.substr(url.find("db=") + 3);
  return path.substr(0, path.find(' '));
}

}  // namespace facilitator::testing
