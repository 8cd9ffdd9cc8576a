// The store's online backup: SQLite's backup API from one read snapshot of the live file
// into FILE.tmp, checked, fsynced and renamed to FILE. A character device or FIFO given
// as FILE gets the checked copy's bytes streamed in; a directory, socket or symlink is
// refused, never replaced. Owns the sqlite3_backup* handle; the connections are db::Db
// owners. Nothing here writes to the live store.
#include "sync/backup.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "platform/files.hpp"
#include "sync/sqlite.hpp"

namespace wk {
namespace {

namespace fs = std::filesystem;

// Steps in a row that may find a lock before the copy gives up. With the source's
// snapshot already held, only a checkpoint-free WAL recovery could cause one.
constexpr int kMaxBusySteps = 200;

// Owner of one sqlite3_backup*. finish() ends the copy and throws its error; the
// destructor finishes a copy abandoned by an exception.
class BackupHandle {
  public:
    BackupHandle(db::Db& dest, db::Db& src) : m_dest(dest.handle()) {
        m_backup = sqlite3_backup_init(m_dest, "main", src.handle(), "main");
        if (!m_backup) db::throw_error(m_dest, sqlite3_errcode(m_dest), "backup");
    }
    ~BackupHandle() { sqlite3_backup_finish(m_backup); }  // a no-op on nullptr
    BackupHandle(const BackupHandle&) = delete;
    BackupHandle& operator=(const BackupHandle&) = delete;

    int step(int pages) { return sqlite3_backup_step(m_backup, pages); }
    void finish() {
        int rc = sqlite3_backup_finish(m_backup);
        m_backup = nullptr;
        if (rc != SQLITE_OK) db::throw_error(m_dest, rc, "backup");
    }

  private:
    sqlite3* m_dest;
    sqlite3_backup* m_backup = nullptr;
};

std::string errno_text(const std::string& what, const std::string& path) {
    return what + " " + path + ": " + std::strerror(errno);
}

// Removes a temp copy and whatever SQLite left beside it.
void remove_copy(const std::string& tmp) {
    for (const char* suffix : {"", "-journal", "-wal", "-shm"}) ::unlink((tmp + suffix).c_str());
}

// Copies every page, a few at a time, pausing between steps. Throws db::Error.
void copy_pages(db::Db& src, db::Db& dest, const BackupOptions& o) {
    BackupHandle b(dest, src);
    int rc = SQLITE_OK;
    for (int busy = 0; busy <= kMaxBusySteps;) {
        rc = b.step(o.pages_per_step > 0 ? o.pages_per_step : 1);
        if (rc == SQLITE_DONE) break;
        if (rc == SQLITE_OK) busy = 0;
        else if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED) ++busy;
        else break;  // a real error: finish() reports it
        sqlite3_sleep(o.sleep_ms);
    }
    b.finish();
    // finish() reports I/O errors but not a copy abandoned while busy.
    if (rc != SQLITE_DONE) db::throw_error(nullptr, rc, "backup");
}

// Reads the copy back from disk: it must pass integrity_check and be a store. Returns
// its number of reports. Throws db::Error.
int64_t verify(const std::string& copy) {
    db::Db d(copy);
    auto check = d.prepare("PRAGMA integrity_check");
    std::string first = check.step() ? check.text_at(0) : "no answer";
    if (first != "ok") throw db::Error(db::ErrorKind::corrupt, 0, "the copy fails its integrity check: " + first);
    auto count = d.prepare("SELECT count(*) FROM reports");
    count.step();
    return count.int_at(0);
}

std::string fsync_file(const std::string& path) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return errno_text("cannot open", path);
    std::string e = ::fsync(fd) == 0 ? "" : errno_text("cannot sync", path);
    ::close(fd);
    return e;
}

// Copies the store into `tmp` (created 0600 here) and reads it back. Returns the error,
// empty on success; sets `reports`. Leaves nothing behind on failure.
std::string make_copy(const std::string& db_path, const std::string& tmp, const BackupOptions& options,
                      int64_t& reports) {
    remove_copy(tmp);  // left by a copy that was interrupted
    // Created here so that it is private from the first byte; SQLite keeps the mode.
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) return errno_text("cannot create", tmp);
    ::close(fd);
    try {
        {
            db::Db src(db_path);
            db::Db out(tmp);
            // One read transaction for the whole copy pins one WAL snapshot: the kiosk keeps
            // committing meanwhile, and the copy does not restart each time it does.
            src.exec("BEGIN");
            src.prepare("SELECT count(*) FROM sqlite_schema").step();
            copy_pages(src, out, options);
            src.exec("COMMIT");
        }
        reports = verify(tmp);
    } catch (const db::Error& e) {
        remove_copy(tmp);
        return std::string("backup of ") + db_path + " failed: " + e.what();
    }
    std::string error = fsync_file(tmp);
    if (!error.empty()) remove_copy(tmp);
    return error;
}

// A character device or FIFO (a tape, a pipe into gzip or ssh) takes the copy's bytes:
// the copy is made beside the store, streamed in, and removed.
BackupResult stream_into(const std::string& db_path, const std::string& dest, const BackupOptions& options) {
    const std::string tmp = db_path + ".backup-stream.tmp";
    BackupResult r;
    r.error = make_copy(db_path, tmp, options, r.reports);
    if (!r.error.empty()) return {r.error, 0};
    r.error = files::copy_into_device(tmp, dest);
    remove_copy(tmp);
    if (!r.error.empty()) r.reports = 0;
    return r;
}

}  // namespace

BackupResult backup_store(const std::string& db_path, const std::string& dest, const BackupOptions& options) {
    BackupResult r;
    std::error_code ec;
    if (!fs::is_regular_file(db_path, ec)) return {"no store at " + db_path, 0};
    if (fs::equivalent(db_path, dest, ec)) return {dest + " is the store itself", 0};
    // What is at `dest` and is not a file is never replaced by one.
    auto st = fs::symlink_status(dest, ec);
    if (!ec && fs::exists(st) && !fs::is_regular_file(st)) {
        if (fs::is_character_file(st) || fs::is_fifo(st)) return stream_into(db_path, dest, options);
        const char* what = fs::is_directory(st) ? "a directory" : fs::is_symlink(st) ? "a symbolic link"
                           : fs::is_socket(st)  ? "a socket" : "not a regular file";
        return {dest + " is " + what + "; the backup does not replace it (give a file name)", 0};
    }
    const std::string tmp = dest + ".tmp";
    r.error = make_copy(db_path, tmp, options, r.reports);
    if (!r.error.empty()) return {r.error, 0};
    if (::rename(tmp.c_str(), dest.c_str()) != 0) {
        r.error = errno_text("cannot rename", tmp);
        remove_copy(tmp);
        return {r.error, 0};
    }
    remove_copy(tmp);  // only the -wal and -shm the check may have left; the copy is renamed
    r.error = files::sync_parent_dir(dest);
    return r;
}

}  // namespace wk
