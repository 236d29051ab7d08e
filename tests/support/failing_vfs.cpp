#include "failing_vfs.hpp"

#include <sqlite3.h>

#include <atomic>
#include <stdexcept>

namespace facilitator::testing {

struct FailingVfs::Vfs {
  // A file opened through the VFS: SQLite allocates szOsFile bytes for it; the real VFS's file
  // follows this header in the same block.
  struct File {
    sqlite3_file base;  // first, so that a sqlite3_file* is a File*
    Vfs* owner;
    sqlite3_file* real;
  };

  sqlite3_vfs* real_vfs = nullptr;
  sqlite3_vfs vfs{};
  sqlite3_io_methods methods{};
  std::atomic<bool> failing{false};
  std::atomic<long> refused{0};

  static Vfs& of(sqlite3_file* file) { return *reinterpret_cast<File*>(file)->owner; }
  static sqlite3_file* real(sqlite3_file* file) { return reinterpret_cast<File*>(file)->real; }

  /// The refusal `code` while failing, else what `call` on the real file answers.
  template <class Call>
  static int unless_failing(sqlite3_file* file, int code, Call&& call) {
    Vfs& self = of(file);
    if (self.failing.load()) {
      ++self.refused;
      return code;
    }
    return call(real(file));
  }

  static int open(sqlite3_vfs* vfs, const char* name, sqlite3_file* file, int flags, int* out_flags) {
    auto* self = static_cast<Vfs*>(vfs->pAppData);
    auto* wrapper = reinterpret_cast<File*>(file);
    auto* inner = reinterpret_cast<sqlite3_file*>(reinterpret_cast<char*>(file) + sizeof(File));
    wrapper->owner = self;
    wrapper->real = inner;
    int rc = self->real_vfs->xOpen(self->real_vfs, name, inner, flags, out_flags);
    // Without methods SQLite does not call xClose: a file the real VFS could not open has none.
    wrapper->base.pMethods = inner->pMethods != nullptr ? &self->methods : nullptr;
    return rc;
  }

  Vfs() : real_vfs(sqlite3_vfs_find(nullptr)) {
    if (real_vfs == nullptr) throw std::runtime_error("FailingVfs: SQLite has no default VFS");
    vfs = *real_vfs;
    vfs.szOsFile = static_cast<int>(sizeof(File)) + real_vfs->szOsFile;
    vfs.pNext = nullptr;
    vfs.zName = "facilitator-failing";
    vfs.pAppData = this;
    vfs.xOpen = &Vfs::open;

    // Every call but the failing ones goes to the real file as it is.
    methods.iVersion = 3;
    methods.xClose = [](sqlite3_file* f) {
      sqlite3_file* inner = real(f);
      return inner->pMethods != nullptr ? inner->pMethods->xClose(inner) : SQLITE_OK;
    };
    methods.xRead = [](sqlite3_file* f, void* data, int amount, sqlite3_int64 offset) {
      return real(f)->pMethods->xRead(real(f), data, amount, offset);
    };
    methods.xWrite = [](sqlite3_file* f, const void* data, int amount, sqlite3_int64 offset) {
      return unless_failing(f, SQLITE_IOERR_WRITE,
                            [&](sqlite3_file* inner) { return inner->pMethods->xWrite(inner, data, amount, offset); });
    };
    methods.xTruncate = [](sqlite3_file* f, sqlite3_int64 size) {
      return unless_failing(f, SQLITE_IOERR_TRUNCATE,
                            [&](sqlite3_file* inner) { return inner->pMethods->xTruncate(inner, size); });
    };
    methods.xSync = [](sqlite3_file* f, int flags) {
      return unless_failing(f, SQLITE_IOERR_FSYNC,
                            [&](sqlite3_file* inner) { return inner->pMethods->xSync(inner, flags); });
    };
    methods.xFileSize = [](sqlite3_file* f, sqlite3_int64* size) {
      return real(f)->pMethods->xFileSize(real(f), size);
    };
    methods.xLock = [](sqlite3_file* f, int lock) { return real(f)->pMethods->xLock(real(f), lock); };
    methods.xUnlock = [](sqlite3_file* f, int lock) { return real(f)->pMethods->xUnlock(real(f), lock); };
    methods.xCheckReservedLock = [](sqlite3_file* f, int* out) {
      return real(f)->pMethods->xCheckReservedLock(real(f), out);
    };
    methods.xFileControl = [](sqlite3_file* f, int op, void* arg) {
      return real(f)->pMethods->xFileControl(real(f), op, arg);
    };
    methods.xSectorSize = [](sqlite3_file* f) { return real(f)->pMethods->xSectorSize(real(f)); };
    methods.xDeviceCharacteristics = [](sqlite3_file* f) { return real(f)->pMethods->xDeviceCharacteristics(real(f)); };
    methods.xShmMap = [](sqlite3_file* f, int page, int size, int extend, void volatile** out) {
      return real(f)->pMethods->xShmMap(real(f), page, size, extend, out);
    };
    methods.xShmLock = [](sqlite3_file* f, int offset, int n, int flags) {
      return real(f)->pMethods->xShmLock(real(f), offset, n, flags);
    };
    methods.xShmBarrier = [](sqlite3_file* f) { real(f)->pMethods->xShmBarrier(real(f)); };
    methods.xShmUnmap = [](sqlite3_file* f, int remove) { return real(f)->pMethods->xShmUnmap(real(f), remove); };
    methods.xFetch = [](sqlite3_file* f, sqlite3_int64 offset, int amount, void** out) {
      return real(f)->pMethods->xFetch(real(f), offset, amount, out);
    };
    methods.xUnfetch = [](sqlite3_file* f, sqlite3_int64 offset, void* page) {
      return real(f)->pMethods->xUnfetch(real(f), offset, page);
    };

    if (sqlite3_vfs_register(&vfs, 1) != SQLITE_OK) throw std::runtime_error("FailingVfs: cannot register the VFS");
  }

  ~Vfs() { sqlite3_vfs_unregister(&vfs); }
  Vfs(const Vfs&) = delete;
  Vfs& operator=(const Vfs&) = delete;
};

FailingVfs::FailingVfs() : vfs_(std::make_unique<Vfs>()) {}
FailingVfs::~FailingVfs() = default;

void FailingVfs::set_failing(bool failing) noexcept { vfs_->failing.store(failing); }
bool FailingVfs::failing() const noexcept { return vfs_->failing.load(); }
long FailingVfs::refused() const noexcept { return vfs_->refused.load(); }

}  // namespace facilitator::testing
