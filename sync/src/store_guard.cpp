// open_checked: the store's health check at start and the setting aside of a damaged
// file. Owns the folder lock and the file moves; the schema stays Store's.
// [SECTION] folder lock, damage, in use elsewhere, old sequences, fresh store, moving aside, open_checked
#include "sync/store_guard.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <map>

#include "platform/files.hpp"
#include "sync/open311.hpp"
#include "sync/receipt_code.hpp"

namespace wk {
namespace {

namespace fs = std::filesystem;

[[noreturn]] void throw_io(const std::string& what, const std::string& path) {
    throw db::Error(db::ErrorKind::io, errno, what + " " + path + ": " + std::strerror(errno));
}

bool exists(const std::string& path) {
    std::error_code ec;
    return fs::exists(fs::symlink_status(path, ec));
}

uint64_t size_of(const std::string& path) {
    std::error_code ec;
    auto n = fs::file_size(path, ec);
    return ec ? 0 : n;
}

// [SECTION] folder lock: an exclusive flock on the folder that holds the store, for as
// long as open_checked runs; the other program's open_checked waits on it.
class FolderLock {
  public:
    explicit FolderLock(const std::string& store_path) {
        fs::path p(store_path);
        std::string dir = p.has_parent_path() ? p.parent_path().string() : ".";
        m_fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (m_fd < 0) throw_io("cannot open the store's folder", dir);
        while (::flock(m_fd, LOCK_EX) != 0) {
            if (errno == EINTR) continue;
            int e = errno;
            ::close(m_fd);
            errno = e;
            throw_io("cannot lock the store's folder", dir);
        }
    }
    ~FolderLock() { ::close(m_fd); }  // closing releases the flock
    FolderLock(const FolderLock&) = delete;
    FolderLock& operator=(const FolderLock&) = delete;

  private:
    int m_fd = -1;
};

// A connection to a file that may be damaged: never checkpoints on close, so the
// file and its WAL stay exactly as found.
db::Db open_as_found(const std::string& path) {
    db::Db d(path);
    sqlite3_db_config(d.handle(), SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
    return d;
}

// [SECTION] damage: "" when the store is healthy or absent. Throws errors that are not
// damage (busy, I/O, permissions): moving the file would not cure those.
std::string damage_of(const std::string& path) {
    if (!exists(path)) {
        // SQLite deletes a WAL found beside an empty or missing database.
        return size_of(path + "-wal") > 0 ? "a write-ahead log without its database" : "";
    }
    try {
        db::Db d = open_as_found(path);
        auto s = d.prepare("PRAGMA quick_check");
        std::string first = s.step() ? s.text_at(0) : "no answer";
        return first == "ok" ? "" : "quick_check: " + first;
    } catch (const db::Error& e) {
        if (e.kind != db::ErrorKind::corrupt) throw;
        return e.what();
    }
}

// [SECTION] in use elsewhere: every SQLite connection to a WAL database holds a shared
// lock on the "DMS" byte of the -shm file (offset 128: the eight WAL locks start at 120)
// for as long as it is open. Locks of this process do not show, and closing the fd
// here drops this process's POSIX locks on the file: call only with no connection open.
bool open_elsewhere(const std::string& path) {
    std::string shm = path + "-shm";
    int fd = ::open(shm.c_str(), O_RDWR | O_CLOEXEC);
    if (fd < 0) fd = ::open(shm.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return false;
    struct flock fl {};
    fl.l_type = F_WRLCK;
    fl.l_whence = SEEK_SET;
    fl.l_start = 128;
    fl.l_len = 1;
    bool held = ::fcntl(fd, F_GETLK, &fl) == 0 && fl.l_type != F_UNLCK;
    ::close(fd);
    return held;
}

// [SECTION] when to check. SQLite deletes the WAL when the last connection closes
// cleanly; a WAL with data that no running program holds is what a power cut or a
// killed process leaves. Call with no connection open (open_elsewhere's rule).
const char* const kCheckedAt = "store.integrity.checked_at";
const char* const kResult = "store.integrity.result";
const char* const kTook = "store.integrity.took_ms";
const char* const kTrigger = "store.integrity.trigger";

std::string check_trigger(const std::string& path) {
    if (!exists(path)) return size_of(path + "-wal") > 0 ? "a write-ahead log without its database" : "";
    if (size_of(path + "-wal") > 0 && !open_elsewhere(path)) return "unclean shutdown";
    try {
        db::Db d = open_as_found(path);
        auto q = d.prepare("SELECT key, value FROM kv WHERE key IN (?, ?)");
        q.bind(1, kCheckedAt).bind(2, kResult);
        std::map<std::string, std::string> kv;
        while (q.step()) kv[q.text_at(0)] = q.text_at(1);
        if (kv[kCheckedAt].empty()) return "never checked";
        if (kv[kResult] != "ok") return "the last check found damage";
        return "";
    } catch (const db::Error& e) {
        return std::string("the store could not be read: ") + e.what();
    }
}

// [SECTION] old sequences: kiosk id -> the sequence the fresh store starts after.
struct Seeds {
    std::map<int64_t, int64_t> last;
    bool carried = false;
};

Seeds seeds_from(const std::string& path, UnixMs now, int kiosk_id) {
    constexpr int64_t kMax = receipt::kMaxSequence;
    Seeds out;
    bool readable = false;
    if (exists(path)) {
        try {
            db::Db d = open_as_found(path);
            auto s = d.prepare("SELECT kiosk_id, last FROM kiosk_sequence");
            bool plausible = true;
            while (s.step()) {
                int64_t last = s.int_at(1);
                if (last < 0 || last > kMax) plausible = false;
                else out.last[s.int_at(0)] = std::min(last + kSequenceMargin, kMax);
            }
            readable = plausible;
        } catch (const db::Error&) {
            // Unreadable: the clock and the file's size decide below.
        }
    }
    out.carried = readable;
    if (!readable) {
        int64_t floor = receipt::sequence_floor(now);  // 0: a clock before 2026, or past the codes
        int64_t by_clock = floor ? std::min<int64_t>(floor + kSequenceMargin, kMax) : 0;
        auto bytes = static_cast<int64_t>(size_of(path) + size_of(path + "-wal"));
        int64_t seed = std::min(std::max(by_clock, bytes / kBytesPerReportFloor), kMax);
        out.last[kiosk_id] = std::max(out.last[kiosk_id], seed);
    }
    return out;
}

// [SECTION] fresh store: built complete at `fresh`, in rollback-journal mode so that
// everything is in the one file when it is renamed into place.
void build_fresh(const std::string& fresh, const Seeds& seeds, const std::string& aside) {
    for (const char* suffix : {"", "-journal", "-wal", "-shm"}) ::unlink((fresh + suffix).c_str());
    Store s = Store::open(fresh);
    db::Transaction t(s.db());
    auto ins = s.db().prepare("INSERT INTO kiosk_sequence (kiosk_id, last) VALUES (?, ?)");
    for (const auto& [kiosk, last] : seeds.last) {
        ins.bind(1, kiosk).bind(2, last).run();
        ins.reset();
    }
    s.set_value("store.set_aside", aside);
    t.commit();
    s.db().exec("PRAGMA journal_mode = DELETE");
}

// [SECTION] moving aside
std::string aside_name(const std::string& path, UnixMs now) {
    std::time_t t = static_cast<std::time_t>(now / 1000);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char stamp[32];
    std::strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm);
    std::string base = path + ".damaged-" + stamp, name = base;
    for (int n = 2; exists(name) || exists(name + "-wal") || exists(name + "-shm"); ++n)
        name = base + "-" + std::to_string(n);
    return name;
}

void rename_if_present(const std::string& from, const std::string& to) {
    if (::rename(from.c_str(), to.c_str()) != 0 && errno != ENOENT) throw_io("cannot move", from);
}

// The WAL goes first: a WAL left beside a fresh database would be replayed into it.
// Then the damaged file gets its second name (a hard link) and the fresh store is
// renamed over the first, so `path` is never missing.
void swap_in(const std::string& path, const std::string& aside, const std::string& fresh) {
    rename_if_present(path + "-wal", aside + "-wal");
    rename_if_present(path + "-shm", aside + "-shm");
    if (exists(path) && ::link(path.c_str(), aside.c_str()) != 0) {
        // A file system without hard links: a moment with no file at `path`.
        if (::rename(path.c_str(), aside.c_str()) != 0) throw_io("cannot move", path);
    }
    if (::rename(fresh.c_str(), path.c_str()) != 0) throw_io("cannot move", fresh);
    if (std::string e = files::sync_parent_dir(path); !e.empty())
        throw db::Error(db::ErrorKind::io, 0, e);
}

void record(Store& s, UnixMs now, const std::string& result, int64_t took_ms, const std::string& trigger) {
    db::Transaction t(s.db());
    s.set_value(kCheckedAt, open311::iso8601(now));
    s.set_value(kResult, result);
    s.set_value(kTook, std::to_string(took_ms));
    s.set_value(kTrigger, trigger);
    t.commit();
}

}  // namespace

// [SECTION] open_checked
OpenOutcome open_checked(const std::string& path, UnixMs now, int kiosk_id, CheckPolicy policy) {
    FolderLock lock(path);
    std::string because = policy == CheckPolicy::always ? "asked for" : check_trigger(path);
    auto started = std::chrono::steady_clock::now();
    std::string reason = because.empty() ? "" : damage_of(path);
    if (reason.empty()) {
        try {
            OpenOutcome out{Store::open(path)};
            out.checked_because = because;
            if (!because.empty()) {
                auto took = std::chrono::steady_clock::now() - started;
                record(out.store, now, "ok", std::chrono::duration_cast<std::chrono::milliseconds>(took).count(), because);
            }
            return out;
        } catch (const db::Error& e) {
            if (e.kind != db::ErrorKind::corrupt) throw;
            reason = e.what();
        }
    }
    if (open_elsewhere(path))
        throw db::Error(db::ErrorKind::corrupt, 0,
                        path + " is damaged (" + reason +
                            ") and another program has it open: stop wardkiosk and wardkiosk-sync, then start them");
    Seeds seeds = seeds_from(path, now, kiosk_id);
    std::string aside = aside_name(path, now);
    std::string fresh = path + ".fresh";
    build_fresh(fresh, seeds, aside);
    swap_in(path, aside, fresh);
    OpenOutcome out{Store::open(path)};
    out.checked_because = because;
    out.set_aside = true;
    out.moved_to = aside;
    out.reason = reason;
    out.sequence_carried = seeds.carried;
    return out;
}

// [SECTION] the agent's daily check
IntegrityRecord last_integrity_check(Store& s) {
    IntegrityRecord r;
    r.checked_at = s.value(kCheckedAt).value_or("");
    r.result = s.value(kResult).value_or("");
    r.trigger = s.value(kTrigger).value_or("");
    std::string took = s.value(kTook).value_or("0");
    r.took_ms = took.empty() || took.find_first_not_of("0123456789") != std::string::npos ? 0 : std::stoll(took);
    return r;
}

IntegrityRecord check_integrity(Store& s, UnixMs now, const std::string& trigger) {
    auto started = std::chrono::steady_clock::now();
    std::string result;
    try {
        auto q = s.db().prepare("PRAGMA quick_check");
        result = q.step() ? q.text_at(0) : "no answer";
        if (result != "ok") result = "quick_check: " + result;
    } catch (const db::Error& e) {
        if (e.kind != db::ErrorKind::corrupt) throw;
        result = std::string("quick_check: ") + e.what();
    }
    auto took = std::chrono::steady_clock::now() - started;
    record(s, now, result, std::chrono::duration_cast<std::chrono::milliseconds>(took).count(), trigger);
    return last_integrity_check(s);
}

bool integrity_check_due(Store& s, UnixMs now) {
    auto at = open311::parse_iso8601(s.value(kCheckedAt).value_or(""));
    return !at || now - *at >= kIntegrityEveryMs || now < *at;  // a clock set back: check anyway
}

std::string set_aside_message(const OpenOutcome& o) {
    return "the store was damaged (" + o.reason + "); it was moved to " + o.moved_to +
           " and a fresh store started" +
           (o.sequence_carried ? "" : "; receipt numbers jump ahead, the old sequence was unreadable");
}

}  // namespace wk
