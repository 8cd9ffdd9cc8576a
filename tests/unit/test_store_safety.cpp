// Tests of keeping the store's data safe (sync/backup.hpp, sync/store_guard.hpp) on real
// files in a temporary folder, breaking things on purpose: a backup while a writer keeps
// submitting, backups that cannot be written or fail midway, the `wardkiosk-sync backup`
// command, and damaged stores set aside at start with receipt codes that never repeat.
// [SECTION] helpers, backup, the backup command, damaged stores, damaged stores in use
#include <gtest/gtest.h>

#include <signal.h>
#include <sqlite3.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <iterator>
#include <mutex>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "agent_process.hpp"
#include "platform/files.hpp"
#include "sync/backup.hpp"
#include "sync/receipt_code.hpp"
#include "sync/store.hpp"
#include "sync/store_guard.hpp"
#include "temp_dir.hpp"

namespace {

using wk::ContactBox;
using wk::Draft;
using wk::Store;
namespace db = wk::db;
namespace fs = std::filesystem;

// [SECTION] helpers
constexpr wk::UnixMs kNow = 1773541800000;  // 2026-03-15T02:30:00Z
const std::string kProgram = std::string(WK_BIN_DIR) + "/wardkiosk-sync";

Draft make_draft(int i) {
    Draft d;
    d.service_code = "moi-truong";
    d.description = "Rác thải đổ trộm ở đầu ngõ, số " + std::to_string(i) + ". " + std::string(300, 'x');
    d.ward = "Phường Điện Biên";
    d.address = "Số " + std::to_string(i) + " Hoàng Diệu";
    if (i % 3 == 0) d.contact = {"Nguyễn Thị Hương", "0912345678"};
    return d;
}

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Writes pseudo-random bytes over [offset, offset + len) of a closed file.
void scribble(const std::string& path, int64_t offset, int64_t len) {
    std::mt19937 rng(20260315);
    std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(offset);
    for (int64_t i = 0; i < len; ++i) f.put(static_cast<char>(rng() & 0xff));
}

void write_file(const std::string& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

int64_t one_int(db::Db& d, const std::string& sql) {
    auto s = d.prepare(sql);
    s.step();
    return s.int_at(0);
}

std::string integrity(const std::string& path) {
    db::Db d(path);
    auto s = d.prepare("PRAGMA integrity_check");
    return s.step() ? s.text_at(0) : "";
}

int64_t sequence_of(Store& s, int kiosk) {
    return one_int(s.db(), "SELECT coalesce(max(last), 0) FROM kiosk_sequence WHERE kiosk_id = " + std::to_string(kiosk));
}

class StoreSafety : public ::testing::Test {
  protected:
    wk::test::TempDir dir;
    std::string path = dir.file("wardkiosk.db");
    std::string copy = dir.file("backup.db");
    ContactBox box = ContactBox::from_key(std::vector<uint8_t>(32, 0x5A));

    // Files `n` reports at kiosk 1 and returns their codes. The filler skips fsync:
    // it only sets the scene.
    std::vector<std::string> fill(Store& s, int n) {
        s.db().exec("PRAGMA synchronous = OFF");
        std::vector<std::string> codes;
        for (int i = 0; i < n; ++i) codes.push_back(s.submit(make_draft(i), 1, box, kNow + i).code);
        return codes;
    }
    std::vector<std::string> make_store(int n) {
        Store s = Store::open(path);
        return fill(s, n);
    }
    // The set-aside databases, without their -wal and -shm.
    std::vector<std::string> set_aside_files() {
        std::vector<std::string> out;
        for (const auto& e : fs::directory_iterator(dir.path())) {
            std::string name = e.path().filename().string();
            bool sidecar = name.ends_with("-wal") || name.ends_with("-shm");
            if (name.find(".damaged-") != std::string::npos && !sidecar) out.push_back(e.path().string());
        }
        return out;
    }
};

// [SECTION] backup
TEST_F(StoreSafety, BackupUnderLoadKeepsEveryReportCommittedBeforeIt) {
    std::vector<std::string> committed = make_store(1500);
    std::mutex m;
    std::vector<std::string> written;
    std::atomic<bool> stop{false}, failed{false};
    std::atomic<int> count{0};
    std::thread writer([&] {  // the kiosk, on its own connection, filing all the time
        try {
            Store w = Store::open(path);
            for (int i = 0; !stop; ++i) {
                auto r = w.submit(make_draft(100000 + i), 1, box, kNow + i);
                std::lock_guard<std::mutex> g(m);
                written.push_back(r.code);
                ++count;
            }
        } catch (const std::exception&) {
            failed = true;
        }
    });
    while (count < 5 && !failed) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    {
        std::lock_guard<std::mutex> g(m);
        committed.insert(committed.end(), written.begin(), written.end());
    }
    int at_start = count;
    auto job = std::async(std::launch::async, [&] { return wk::backup_store(path, copy, {4, 2}); });
    bool under_load = job.wait_for(std::chrono::seconds(60)) == std::future_status::ready;
    int during = count - at_start;
    stop = true;
    writer.join();
    wk::BackupResult r = job.get();

    ASSERT_FALSE(failed) << "the writer got an error while the backup ran";
    EXPECT_TRUE(under_load) << "the backup restarted at each commit and finished only once the writer stopped";
    ASSERT_EQ(r.error, "");
    EXPECT_GT(during, 0) << "the writer was starved while the backup ran";
    EXPECT_GE(r.reports, static_cast<int64_t>(committed.size()));
    EXPECT_FALSE(fs::exists(copy + ".tmp"));
    EXPECT_EQ(integrity(copy), "ok");
    EXPECT_EQ(fs::status(copy).permissions() & fs::perms::all, fs::perms::owner_read | fs::perms::owner_write);
    std::set<std::string> in_copy;
    {
        db::Db d(copy);
        auto s = d.prepare("SELECT code FROM reports");
        while (s.step()) in_copy.insert(s.text_at(0));
    }
    EXPECT_EQ(static_cast<int64_t>(in_copy.size()), r.reports);
    for (const auto& c : committed) ASSERT_TRUE(in_copy.count(c)) << c << " was committed before the backup";
    Store c = Store::open(copy);
    ASSERT_TRUE(c.find(committed.front()).has_value());
    EXPECT_TRUE(c.find(committed.front())->events.size() == 1);
    // And the live store kept every report the writer filed meanwhile.
    Store live = Store::open(path);
    EXPECT_EQ(live.recent(100000).size(), 1500 + written.size());
}

TEST_F(StoreSafety, BackupIntoAFolderThatCannotBeWrittenFailsAndLeavesNoFile) {
    make_store(10);
    write_file(dir.file("plain.txt"), "not a folder");
    std::vector<std::string> dests = {dir.file("missing/backup.db"), dir.file("plain.txt") + "/backup.db"};
    if (::geteuid() != 0) {  // root writes anywhere
        fs::create_directory(dir.file("read-only"));
        fs::permissions(dir.file("read-only"), fs::perms::owner_read | fs::perms::owner_exec);
        dests.push_back(dir.file("read-only/backup.db"));
    }
    for (const auto& dest : dests) {
        wk::BackupResult r = wk::backup_store(path, dest);
        EXPECT_NE(r.error, "") << dest;
        EXPECT_FALSE(fs::exists(dest)) << dest;
        EXPECT_FALSE(fs::exists(dest + ".tmp")) << dest;
    }
    Store s = Store::open(path);
    EXPECT_EQ(s.recent(100).size(), 10u);
}

TEST_F(StoreSafety, BackupThatFailsMidwayLeavesTheOlderCopyAlone) {
    make_store(1500);  // about 1 MB
    write_file(copy, "yesterday's backup");
    rlimit old{};
    ASSERT_EQ(::getrlimit(RLIMIT_FSIZE, &old), 0);
    rlimit small = old;
    small.rlim_cur = 64 * 1024;  // as if the backup disk filled up
    auto previous = ::signal(SIGXFSZ, SIG_IGN);
    ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &small), 0);
    wk::BackupResult r = wk::backup_store(path, copy);
    ::setrlimit(RLIMIT_FSIZE, &old);
    ::signal(SIGXFSZ, previous);

    EXPECT_NE(r.error, "");
    EXPECT_EQ(slurp(copy), "yesterday's backup");
    for (const char* s : {".tmp", ".tmp-journal", ".tmp-wal", ".tmp-shm"}) EXPECT_FALSE(fs::exists(copy + s)) << s;
    EXPECT_EQ(integrity(path), "ok");
}

TEST_F(StoreSafety, BackupRefusesAMissingStoreAndTheStoreItself) {
    EXPECT_NE(wk::backup_store(path, copy).error, "");
    EXPECT_FALSE(fs::exists(path)) << "a backup must not create an empty store";
    make_store(3);
    EXPECT_NE(wk::backup_store(path, path).error, "");
    Store s = Store::open(path);
    EXPECT_EQ(s.recent(10).size(), 3u);
}

// A FIFO (`backup /dev/stdout | gzip`, a pipe to ssh) gets the checked copy's bytes; a
// directory or a symlink given as the destination is refused and left as it was.
TEST_F(StoreSafety, BackupStreamsIntoAFifoAndNeverReplacesWhatIsNotAFile) {
    std::vector<std::string> codes = make_store(40);
    std::string fifo = dir.file("pipe"), streamed = dir.file("streamed.db");
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    EXPECT_NE(wk::backup_store(path, fifo).error.find("nothing reads from it"), std::string::npos);
    std::string bytes;
    std::thread reader([&] { wk::files::read_all(fifo, bytes); });
    wk::BackupResult r;
    for (int i = 0; i < 200; ++i) {  // until the reader has opened its end
        r = wk::backup_store(path, fifo);
        if (r.error.empty()) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    reader.join();
    ASSERT_EQ(r.error, "");
    EXPECT_EQ(r.reports, 40);
    EXPECT_TRUE(fs::is_fifo(fs::symlink_status(fifo))) << "the FIFO is still a FIFO";
    write_file(streamed, bytes);
    EXPECT_EQ(integrity(streamed), "ok");
    EXPECT_TRUE(Store::open(streamed).find(codes.back()).has_value());
    EXPECT_FALSE(fs::exists(path + ".backup-stream.tmp")) << "the staging copy is removed";

    std::string folder = dir.file("folder"), link = dir.file("link"), target = dir.file("target");
    fs::create_directory(folder);
    write_file(target, "someone's file");
    fs::create_symlink(target, link);
    EXPECT_NE(wk::backup_store(path, folder).error.find("is a directory"), std::string::npos);
    EXPECT_NE(wk::backup_store(path, link).error.find("is a symbolic link"), std::string::npos);
    EXPECT_TRUE(fs::is_directory(fs::symlink_status(folder)));
    EXPECT_TRUE(fs::is_empty(folder));
    EXPECT_TRUE(fs::is_symlink(fs::symlink_status(link)));
    EXPECT_EQ(slurp(target), "someone's file");
    EXPECT_FALSE(fs::exists(folder + ".tmp"));
    EXPECT_FALSE(fs::exists(link + ".tmp"));
}

// [SECTION] the backup command
TEST_F(StoreSafety, BackupCommandCopiesTheStoreAndSaysHowManyReports) {
    std::string config = dir.file("wardkiosk.toml");
    write_file(config, "[kiosk]\nid = 1\n\n[store]\npath = \"wardkiosk.db\"\nkey_file = \"contact.key\"\n");
    std::string scratch = dir.file("run");
    fs::create_directory(scratch);
    auto missing = wk::test::run_program({kProgram, "--config", config, "backup", copy}, {}, scratch);
    EXPECT_EQ(missing.exit_code, 1);
    EXPECT_FALSE(fs::exists(path));

    make_store(3);
    auto r = wk::test::run_program({kProgram, "--config", config, "backup", copy}, {}, scratch);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, "3 reports copied to " + copy + "\n");
    Store c = Store::open(copy);
    EXPECT_EQ(c.recent(10).size(), 3u);

    auto usage = wk::test::run_program({kProgram, "--config", config, "backup"}, {}, scratch);
    EXPECT_EQ(usage.exit_code, 2);
    EXPECT_NE(usage.err.find("backup FILE"), std::string::npos);
}

// [SECTION] damaged stores
TEST_F(StoreSafety, AHealthyStoreIsLeftAlone) {
    auto codes = make_store(20);
    wk::OpenOutcome o = wk::open_checked(path, kNow, 1);
    EXPECT_FALSE(o.set_aside);
    EXPECT_EQ(o.store.recent(100).size(), 20u);
    EXPECT_FALSE(o.store.value("store.set_aside").has_value());
    // The next of the sequence, or the clock's floor if that is further (receipt_code.hpp).
    uint32_t after = std::max(wk::receipt::sequence_of(codes.back()) + 1, wk::receipt::sequence_floor(kNow));
    EXPECT_EQ(o.store.submit(make_draft(20), 1, box, kNow).code, wk::receipt::make(1, after));
    EXPECT_TRUE(set_aside_files().empty());
}

TEST_F(StoreSafety, AMissingStoreIsCreated) {
    wk::OpenOutcome o = wk::open_checked(path, kNow, 1);
    EXPECT_FALSE(o.set_aside);
    EXPECT_TRUE(fs::exists(path));
    EXPECT_EQ(o.store.submit(make_draft(0), 1, box, kNow).code, wk::receipt::make(1, wk::receipt::sequence_floor(kNow)))
        << "a new store starts at the clock's floor, past the codes an earlier store of this kiosk gave";
}

TEST_F(StoreSafety, ADamagedStoreIsSetAsideAndItsSequenceCarriedOver) {
    auto codes = make_store(300);
    auto size = static_cast<int64_t>(fs::file_size(path));
    scribble(path, size / 2 / 4096 * 4096, 3 * 4096);
    std::string damaged = slurp(path);

    wk::OpenOutcome o = wk::open_checked(path, kNow, 1);
    ASSERT_TRUE(o.set_aside) << "garbage over the middle went unnoticed";
    EXPECT_EQ(o.moved_to, path + ".damaged-20260315T023000Z");
    EXPECT_EQ(slurp(o.moved_to), damaged) << "the damaged file must be kept as it was";
    EXPECT_EQ(o.store.value("store.set_aside"), o.moved_to);
    EXPECT_TRUE(o.sequence_carried);
    EXPECT_NE(wk::set_aside_message(o).find(o.moved_to), std::string::npos);
    EXPECT_TRUE(o.store.recent(10).empty());
    std::string next = o.store.submit(make_draft(0), 1, box, kNow).code;
    EXPECT_EQ(std::count(codes.begin(), codes.end(), next), 0) << "a receipt code was given out twice";
    EXPECT_EQ(next, wk::receipt::make(1, wk::receipt::sequence_of(codes.back()) + wk::kSequenceMargin + 1));
    EXPECT_FALSE(fs::exists(path + ".fresh"));
    EXPECT_EQ(integrity(path), "ok");
    EXPECT_FALSE(wk::open_checked(path, kNow, 1).set_aside) << "the fresh store is healthy";
}

TEST_F(StoreSafety, TheDamagedStoresLogGoesWithIt) {
    make_store(300);
    {
        // A later commit still in the WAL, as after a power cut: the sequence moved to 350.
        Store s = Store::open(path);
        sqlite3_db_config(s.db().handle(), SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
        s.db().exec("UPDATE kiosk_sequence SET last = 350 WHERE kiosk_id = 1");
    }
    ASSERT_GT(fs::file_size(path + "-wal"), 0u);
    std::string wal = slurp(path + "-wal");
    scribble(path, static_cast<int64_t>(fs::file_size(path)) / 2 / 4096 * 4096, 3 * 4096);

    wk::OpenOutcome o = wk::open_checked(path, kNow, 1);
    ASSERT_TRUE(o.set_aside);
    EXPECT_EQ(slurp(o.moved_to + "-wal"), wal);
    EXPECT_TRUE(fs::exists(o.moved_to + "-shm"));
    EXPECT_FALSE(fs::exists(path + "-wal") && fs::file_size(path + "-wal") > 0);
    EXPECT_EQ(sequence_of(o.store, 1), 350 + wk::kSequenceMargin) << "the sequence in the WAL counts";
}

TEST_F(StoreSafety, AnUnreadableSequenceJumpsByTheClock) {
    auto codes = make_store(50);
    int64_t root = 0, page = 0;
    {
        db::Db d(path);
        root = one_int(d, "SELECT rootpage FROM sqlite_schema WHERE name = 'kiosk_sequence'");
        page = one_int(d, "PRAGMA page_size");
    }
    scribble(path, (root - 1) * page, page);
    auto bytes = static_cast<int64_t>(fs::file_size(path));

    wk::OpenOutcome o = wk::open_checked(path, kNow, 1);
    ASSERT_TRUE(o.set_aside);
    EXPECT_FALSE(o.sequence_carried);
    // 631,620 ten-second steps, plus the margin: the lost store's codes ran a little
    // ahead of the clock when reports came faster than one each 10 s.
    int64_t by_clock = (kNow - wk::kSequenceEpoch) / 10000 + wk::kSequenceMargin;
    EXPECT_EQ(sequence_of(o.store, 1), std::max(by_clock, bytes / wk::kBytesPerReportFloor));
    std::string next = o.store.submit(make_draft(0), 1, box, kNow).code;
    EXPECT_EQ(std::count(codes.begin(), codes.end(), next), 0);
}

TEST_F(StoreSafety, AClockResetByThePowerCutStillJumpsPastEveryCode) {
    auto codes = make_store(200);
    write_file(path, std::string(fs::file_size(path), '\0'));  // the whole file lost to zeros but its size
    auto bytes = static_cast<int64_t>(fs::file_size(path));
    wk::OpenOutcome o = wk::open_checked(path, 86'400'000, 1);  // the clock says 1970-01-02
    ASSERT_TRUE(o.set_aside) << o.reason;
    EXPECT_EQ(sequence_of(o.store, 1), bytes / wk::kBytesPerReportFloor);
    EXPECT_GT(sequence_of(o.store, 1), 200);
}

TEST_F(StoreSafety, AFileThatIsNotADatabaseIsSetAsideTheSameWay) {
    std::string text;
    for (int i = 0; i < 500; ++i) text += "Đây không phải là cơ sở dữ liệu. ";
    write_file(path, text);
    wk::OpenOutcome o = wk::open_checked(path, kNow, 1);
    ASSERT_TRUE(o.set_aside);
    EXPECT_NE(o.reason, "");
    EXPECT_EQ(slurp(o.moved_to), text);
    EXPECT_EQ(o.store.value("store.set_aside"), o.moved_to);
    EXPECT_GE(sequence_of(o.store, 1), (kNow - wk::kSequenceEpoch) / 10000);

    // Damaged again within the same second: a second name, the first file kept.
    std::string first = o.moved_to;
    { wk::OpenOutcome closing = std::move(o); }
    write_file(path, text);
    wk::OpenOutcome again = wk::open_checked(path, kNow, 1);
    ASSERT_TRUE(again.set_aside);
    EXPECT_EQ(again.moved_to, first + "-2");
    EXPECT_EQ(slurp(first), text);
    EXPECT_EQ(set_aside_files().size(), 2u);
}

// [SECTION] when the full check runs (issue 17): it reads every page, about a second
// at a million reports, so a start runs it only when there is reason to.
TEST_F(StoreSafety, ACleanStartSkipsTheFullCheckOnceOneHasPassed) {
    make_store(50);
    {
        wk::OpenOutcome first = wk::open_checked(path, kNow, 1);
        EXPECT_EQ(first.checked_because, "never checked");
        wk::IntegrityRecord r = wk::last_integrity_check(first.store);
        EXPECT_EQ(r.result, "ok");
        EXPECT_EQ(r.trigger, "never checked");
        EXPECT_EQ(r.checked_at, "2026-03-15T02:30:00Z");
    }
    wk::OpenOutcome again = wk::open_checked(path, kNow + 1000, 1);
    EXPECT_EQ(again.checked_because, "");
    EXPECT_EQ(wk::last_integrity_check(again.store).checked_at, "2026-03-15T02:30:00Z");
    EXPECT_EQ(wk::open_checked(path, kNow, 1, wk::CheckPolicy::always).checked_because, "asked for");
}

TEST_F(StoreSafety, AProcessKilledMidWriteMakesTheNextStartCheck) {
    make_store(50);
    wk::open_checked(path, kNow, 1);  // checked once: clean starts skip it from now on
    pid_t child = ::fork();
    if (child == 0) {  // a kiosk that dies (power, SIGKILL) with its writes in the WAL
        try {
            Store s = Store::open(path);
            s.submit(make_draft(99), 1, box, kNow);
            ::_exit(0);  // no close: the WAL stays behind, as after a power cut
        } catch (...) {
            ::_exit(1);
        }
    }
    int status = 0;
    ::waitpid(child, &status, 0);
    ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    ASSERT_GT(fs::file_size(path + "-wal"), 0u);
    wk::OpenOutcome o = wk::open_checked(path, kNow, 1);
    EXPECT_EQ(o.checked_because, "unclean shutdown");
    EXPECT_FALSE(o.set_aside);
    EXPECT_EQ(o.store.recent(100).size(), 51u) << "the dead kiosk's committed report is there";
}

TEST_F(StoreSafety, DamageTheDailyCheckFindsIsSetAsideAtTheNextStart) {
    make_store(300);
    wk::open_checked(path, kNow, 1);
    const wk::UnixMs day = wk::kIntegrityEveryMs;
    {
        wk::OpenOutcome o = wk::open_checked(path, kNow + 60'000, 1);
        EXPECT_EQ(o.checked_because, "");
        EXPECT_FALSE(wk::integrity_check_due(o.store, kNow + day - 1));
        EXPECT_TRUE(wk::integrity_check_due(o.store, kNow + day));
        EXPECT_TRUE(wk::integrity_check_due(o.store, kNow - 60'000)) << "a clock set back checks anyway";
    }
    // Damage in the middle of the file, where a start reads nothing: the start misses it...
    scribble(path, static_cast<int64_t>(fs::file_size(path)) / 2 / 4096 * 4096, 3 * 4096);
    {
        wk::OpenOutcome o = wk::open_checked(path, kNow + day, 1);
        ASSERT_FALSE(o.set_aside);
        // ...the agent's daily check, in its idle time, does not.
        wk::IntegrityRecord r = wk::check_integrity(o.store, kNow + day, "daily");
        EXPECT_NE(r.result, "ok");
        EXPECT_EQ(r.trigger, "daily");
    }
    wk::OpenOutcome next = wk::open_checked(path, kNow + day + 60'000, 1);
    EXPECT_EQ(next.checked_because, "the last check found damage");
    EXPECT_TRUE(next.set_aside);
    EXPECT_EQ(set_aside_files().size(), 1u);
}

// [SECTION] damaged stores in use
TEST_F(StoreSafety, ADamagedStoreAnotherProgramHasOpenIsNotMoved) {
    make_store(300);
    int ready[2], go[2];
    ASSERT_EQ(::pipe(ready), 0);
    ASSERT_EQ(::pipe(go), 0);
    pid_t child = ::fork();
    if (child == 0) {  // the other program: opens the store and keeps it open
        try {
            db::Db d(path);
            one_int(d, "SELECT count(*) FROM kv");
            char c = 1;
            if (::write(ready[1], &c, 1) != 1 || ::read(go[0], &c, 1) < 0) ::_exit(1);
        } catch (...) {
            ::_exit(1);
        }
        ::_exit(0);  // without closing: the file stays as the parent left it
    }
    char c = 0;
    ASSERT_EQ(::read(ready[0], &c, 1), 1);
    scribble(path, static_cast<int64_t>(fs::file_size(path)) / 2 / 4096 * 4096, 3 * 4096);
    try {
        wk::open_checked(path, kNow, 1);
        ADD_FAILURE() << "a store in use was set aside";
    } catch (const db::Error& e) {
        EXPECT_NE(std::string(e.what()).find("another program"), std::string::npos) << e.what();
    }
    EXPECT_TRUE(set_aside_files().empty());
    ASSERT_EQ(::write(go[1], &c, 1), 1);
    int status = 0;
    ::waitpid(child, &status, 0);
    for (int fd : {ready[0], ready[1], go[0], go[1]}) ::close(fd);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    EXPECT_TRUE(wk::open_checked(path, kNow, 1).set_aside) << "once it is closed, the store is set aside";
}

TEST_F(StoreSafety, KioskAndAgentStartingTogetherSetItAsideOnce) {
    make_store(300);
    scribble(path, static_cast<int64_t>(fs::file_size(path)) / 2 / 4096 * 4096, 3 * 4096);
    std::atomic<int> set_aside{0}, errors{0};
    std::vector<std::optional<wk::OpenOutcome>> opened(2);
    std::vector<std::thread> starts;
    for (int i = 0; i < 2; ++i)
        starts.emplace_back([&, i] {
            try {
                opened[i].emplace(wk::open_checked(path, kNow, 1));
                if (opened[i]->set_aside) ++set_aside;
            } catch (const std::exception&) {
                ++errors;
            }
        });
    for (auto& t : starts) t.join();
    ASSERT_EQ(errors, 0);
    EXPECT_EQ(set_aside, 1);
    EXPECT_EQ(set_aside_files().size(), 1u);
    // Both work on the one fresh store.
    std::string code = opened[0]->store.submit(make_draft(1), 1, box, kNow).code;
    EXPECT_TRUE(opened[1]->store.find(code).has_value());
}

}  // namespace
