#pragma once

// Storage faults made real for the tests: a small file system that fills (tmpfs), a file made
// immutable (read-only even for root), and TMPDIR pointed at such a file system so that a
// TestDatabase puts its SQLite file there. Mounting needs root (or CAP_SYS_ADMIN): where it is not
// permitted, permitted() is false and the test says so and ends.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace facilitator::testing {

class SmallDisk {
 public:
  /// Mounts a tmpfs of `bytes` on a new temporary folder.
  explicit SmallDisk(std::size_t bytes);
  ~SmallDisk();
  SmallDisk(const SmallDisk&) = delete;
  SmallDisk& operator=(const SmallDisk&) = delete;

  [[nodiscard]] bool permitted() const noexcept { return mounted_; }
  [[nodiscard]] const std::filesystem::path& folder() const noexcept { return folder_; }
  /// Bytes free for new data now.
  [[nodiscard]] std::uintmax_t available() const;
  /// Takes all the free space but `leave` bytes with a file that is not the database's.
  void fill_leaving(std::uintmax_t leave);
  /// Deletes that file: what an operator does to free space.
  void free_space();

 private:
  std::filesystem::path folder_;
  bool mounted_ = false;
};

/// Points TMPDIR at `folder` while it lives, so that a TestDatabase made meanwhile lives there.
class TemporaryFolderIn {
 public:
  explicit TemporaryFolderIn(const std::filesystem::path& folder);
  ~TemporaryFolderIn();
  TemporaryFolderIn(const TemporaryFolderIn&) = delete;
  TemporaryFolderIn& operator=(const TemporaryFolderIn&) = delete;

 private:
  std::optional<std::string> previous_;
};

/// Sets or clears the immutable attribute (chattr +i): no process, root included, may write the
/// file then. False when the file system or the process's privileges do not allow it.
bool set_immutable(const std::filesystem::path& file, bool immutable);

/// The SQLite file of a "sqlite3://db=PATH ..." URL.
std::filesystem::path sqlite_file(const std::string& url);

}  // namespace facilitator::testing
