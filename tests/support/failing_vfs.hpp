#pragma once

// An I/O error on demand for the SQLite storage-fault tests: a SQLite VFS that passes everything on
// to the default one, except that while `failing` is set every write and sync of a file answers
// SQLITE_IOERR, as a failing disk or a lost network volume does. It becomes the default VFS while
// it lives, so connections opened meanwhile use it (a store opened before it was made does not).

#include <memory>

namespace facilitator::testing {

class FailingVfs {
 public:
  FailingVfs();
  ~FailingVfs();
  FailingVfs(const FailingVfs&) = delete;
  FailingVfs& operator=(const FailingVfs&) = delete;

  /// While true, xWrite, xTruncate and xSync of every file opened through this VFS fail.
  void set_failing(bool failing) noexcept;
  [[nodiscard]] bool failing() const noexcept;
  /// How many writes and syncs were refused so far.
  [[nodiscard]] long refused() const noexcept;

 private:
  // SQLite's types stay in the .cpp: SOCI's header includes sqlite3.h inside a namespace of its
  // own, and the include guard would hide a second, global one from whoever includes both.
  struct Vfs;
  std::unique_ptr<Vfs> vfs_;
};

}  // namespace facilitator::testing
