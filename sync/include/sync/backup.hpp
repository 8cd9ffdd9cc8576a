// Online backup of the store: a consistent copy taken while the kiosk and the agent keep
// writing, through SQLite's backup API (`wardkiosk-sync backup FILE`). It never writes
// to the live store and does not restore; restoring is a manual step (packaging/RESTORE.md).
#pragma once
#include <cstdint>
#include <string>

namespace wk {

struct BackupOptions {
    int pages_per_step = 64;  // pages copied by each sqlite3_backup_step call
    int sleep_ms = 5;         // pause between steps, so the kiosk's commits get the disk
};

struct BackupResult {
    std::string error;    // empty on success; otherwise what failed, naming the file
    int64_t reports = 0;  // reports in the copy
};

// Copies the store at `db_path` to `dest` as it was when the call began: every report
// committed before the call is in the copy, and writers are never blocked (the copy
// reads one WAL snapshot, so it does not restart when they commit). The copy is written
// to `dest`.tmp (created 0600: it holds reports and sealed contacts), must pass
// PRAGMA integrity_check, is fsynced and only then renamed to `dest`, replacing an
// older copy there. On any failure `dest` is untouched and no `dest`.tmp is left.
// Refuses a missing store (it would otherwise create an empty one) and `dest` == the store.
BackupResult backup_store(const std::string& db_path, const std::string& dest, const BackupOptions& options = {});

}  // namespace wk
