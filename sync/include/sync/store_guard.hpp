// Opening the store at start with a health check. A file that is not a database or fails
// PRAGMA quick_check is moved aside (never deleted) and a fresh store takes its place,
// seeded so that no receipt code already given out is given again. It repairs nothing
// and salvages no reports from the damaged file; staff restore a backup (packaging/RESTORE.md).
// The check reads every page (about 1.1 s at a million reports), so a start runs it only
// when there is reason to: after an unclean shutdown, when the store was never checked,
// or when the last check found damage. The agent checks once a day in its idle time
// (check_integrity); each check's time and result are in the store for the operations screen.
#pragma once
#include <string>

#include "platform/clock.hpp"
#include "sync/store.hpp"

namespace wk {

struct OpenOutcome {
    Store store;
    bool set_aside = false;         // the file was damaged and has been moved aside
    std::string moved_to;           // "<path>.damaged-<UTC time>", with its "-wal" and "-shm" beside it
    std::string reason;             // what the check found
    bool sequence_carried = false;  // the old receipt sequences were read (else the clock seeded them)
    std::string checked_because;    // why the full check ran at this start; "" when it did not
};

// When the full check runs at start: when_needed (above), or always.
enum class CheckPolicy { when_needed, always };

// The last full check, kept in the store's kv (store.integrity.*).
struct IntegrityRecord {
    std::string checked_at;  // ISO 8601; "" never checked
    std::string result;      // "ok", or what quick_check found
    int64_t took_ms = 0;
    std::string trigger;     // "unclean shutdown", "daily", ...
};
constexpr UnixMs kIntegrityEveryMs = 24LL * 3600 * 1000;

IntegrityRecord last_integrity_check(Store& s);
// Runs PRAGMA quick_check on the store's own connection (WAL: the other program's reads
// and writes go on meanwhile) and records the outcome. Throws db::Error as the store does.
IntegrityRecord check_integrity(Store& s, UnixMs now, const std::string& trigger);
// A day since the last check (or none yet): the agent runs one when idle.
bool integrity_check_due(Store& s, UnixMs now);

// Receipt sequences of a fresh store that replaces a damaged one:
// - every kiosk_sequence row still readable in the damaged file (with its WAL), plus
//   kSequenceMargin, in case the damage took the newest commits with it;
// - when that table cannot be read, `kiosk_id` starts after the larger of
//   (seconds since 2026-01-01) / 10 + kSequenceMargin, i.e. the clock's floor that every
//   store numbers past (receipt::sequence_floor) plus room for codes that ran ahead of it
//   (a burst of up to 1,000 reports faster than one each 10 s), and (bytes of the damaged
//   file and its WAL) / 32,
//   more reports than a file of that size can hold (each one's row, code index entry and
//   "saved" event take more), which still holds when the clock was reset by the power cut.
//   The 2^25 codes of a kiosk then last until about 2036 of clock time.
constexpr int64_t kSequenceMargin = 1000;
constexpr UnixMs kSequenceEpoch = 1767225600000;  // 2026-01-01T00:00:00Z
constexpr int64_t kBytesPerReportFloor = 32;

// Opens the store at `path` like Store::open (creating it when absent), after running
// PRAGMA quick_check when the policy says so (a file SQLite itself finds damaged on
// opening is set aside all the same). When the file is not a database or is damaged (db::Error of kind
// corrupt, or quick_check not "ok"), moves it and its -wal and -shm to
// "<path>.damaged-<UTC time of now>", puts a fresh store at `path` with the sequences
// above and kv "store.set_aside" = the moved file's path, and opens that. At every
// moment `path` is either the damaged file or the complete fresh one.
// Holds an flock on the store's folder meanwhile, so the kiosk and the agent starting
// together do not both set it aside. Call it before this process opens the store any
// other way. Throws db::Error: other failures (busy, I/O, a newer schema) are passed
// on untouched, and a damaged file that another process still has open is not moved
// (kind corrupt, "stop both programs").
OpenOutcome open_checked(const std::string& path, UnixMs now, int kiosk_id,
                         CheckPolicy policy = CheckPolicy::when_needed);

// One line for the log when `o.set_aside`: what was found, where the file went.
std::string set_aside_message(const OpenOutcome& o);

}  // namespace wk
