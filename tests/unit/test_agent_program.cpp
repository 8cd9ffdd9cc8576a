// The wardkiosk-sync program itself (sync/agent/main.cpp), started as a child process
// with a config file in a temporary folder: --help and --version, `status`, `enqueue`,
// one pass with --once against the reference portal running in this process, the
// daemon stopping cleanly on SIGTERM, killed again and again mid-drain, and
// `staff add|list` with the PIN on stdin.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "agent_fake_portal.hpp"
#include "agent_process.hpp"
#include "agent_test_kit.hpp"
#include "notify_socket.hpp"
#include "portal_server.hpp"
#include "sync/staff.hpp"
#include "temp_dir.hpp"

namespace {
using namespace wk;
using namespace wk::test;
using namespace std::chrono_literals;

const std::string kProgram = std::string(WK_BIN_DIR) + "/wardkiosk-sync";
const char* const kApiKey = "kiosk-key-dien-bien";

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string l; std::getline(in, l);) out.push_back(l);
    return out;
}

class SyncProgram : public ::testing::Test {
  protected:
    TempDir dir;
    std::string config = dir.file("wardkiosk.toml");
    std::vector<std::string> env = {std::string("WK_ASSET_DIR=") + WK_ASSET_DIR_BUILD};
    std::unique_ptr<portal::PortalStore> portal_store;
    std::unique_ptr<portal::PortalServer> server;

    void SetUp() override { write_config("http://127.0.0.1:9/open311/v2"); }
    void TearDown() override {
        server.reset();
        portal_store.reset();
    }
    void write_config(const std::string& url) {
        std::ofstream f(config);
        f << "[kiosk]\nid = 7\nward = \"Phường Điện Biên\"\n\n"
          << "[portal]\nurl = \"" << url << "\"\napi_key = \"" << kApiKey << "\"\n\n"
          << "[store]\npath = \"kiosk.db\"\nkey_file = \"contact.key\"\n\n"
          << "[timeouts]\npoll_s = 1\nconnect_s = 2\nrequest_s = 5\nmax_backoff_s = 5\n";
    }
    // Starts the reference portal on an ephemeral port and points the config at it.
    void start_portal() {
        portal_store = std::make_unique<portal::PortalStore>(dir.file("portal.db"));
        portal_store->seed_services(portal::load_categories(asset_path("categories.json")));
        portal::PortalOptions o;
        o.api_keys = {kApiKey};
        server = std::make_unique<portal::PortalServer>(*portal_store, o);
        int port = server->start("127.0.0.1", 0);
        ASSERT_GT(port, 0);
        write_config("http://127.0.0.1:" + std::to_string(port) + "/open311/v2");
    }
    // A scripted portal on loopback that the config points at; its first POSTs get `posts`.
    std::unique_ptr<FakePortal> start_fake(const std::vector<FakeAnswer>& posts) {
        auto fake = std::make_unique<FakePortal>();
        EXPECT_GT(fake->start(), 0);
        write_config(fake->base_url());
        for (const auto& a : posts) fake->queue("POST requests", a);
        return fake;
    }
    // Polls `done` every 20 ms until it holds or `timeout` passes; its last answer.
    static bool eventually(const std::function<bool()>& done, std::chrono::milliseconds timeout) {
        for (auto until = std::chrono::steady_clock::now() + timeout; std::chrono::steady_clock::now() < until;) {
            if (done()) return true;
            std::this_thread::sleep_for(20ms);
        }
        return done();
    }
    // The kiosk's side: the same store file and key file the program will open.
    Store open_store() { return Store::open(dir.file("kiosk.db")); }
    ContactBox open_box() {
        std::string error;
        auto b = ContactBox::open_or_create(dir.file("contact.key"), error);
        EXPECT_TRUE(b.has_value()) << error;
        return std::move(*b);
    }
    ProgramResult run(std::vector<std::string> args) {
        args.insert(args.begin(), kProgram);
        return run_program(args, env, dir.path().string());
    }
};

TEST_F(SyncProgram, HelpAndVersionExitZero) {
    ProgramResult help = run({"--help"});
    EXPECT_EQ(help.exit_code, 0);
    EXPECT_NE(help.out.find("usage: wardkiosk-sync"), std::string::npos) << help.out;
    EXPECT_NE(help.out.find("status"), std::string::npos);
    EXPECT_NE(help.out.find("enqueue"), std::string::npos);

    ProgramResult version = run({"--version"});
    EXPECT_EQ(version.exit_code, 0);
    EXPECT_EQ(version.out.rfind("wardkiosk-sync ", 0), 0u) << version.out;

    ProgramResult wrong = run({"--frobnicate"});
    EXPECT_EQ(wrong.exit_code, 2);
    EXPECT_NE(wrong.err.find("usage:"), std::string::npos);
}

TEST_F(SyncProgram, StatusPrintsTheQueueAsJson) {
    {
        Store store = open_store();
        ContactBox box = open_box();
        UnixMs now = wall_clock_ms();
        auto a = store.submit(citizen_draft("Báo cáo một.", kAn), 7, box, now);
        auto b = store.submit(citizen_draft("Báo cáo hai."), 7, box, now);
        store.submit(citizen_draft("Báo cáo ba."), 7, box, now);
        store.acknowledge(a.id, "HN-2026-000001", now);
        store.needs_attention(b.id, "HTTP 404: service not found", now);
        store.set_value("agent.last_error.upload", "2026-03-02T01:00:00Z connection refused");
    }
    ProgramResult r = run({"--config", config, "status"});

    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto j = nlohmann::json::parse(r.out, nullptr, false);
    ASSERT_FALSE(j.is_discarded()) << r.out;
    EXPECT_EQ(j["queued"], 1);
    EXPECT_EQ(j["waiting_for_case_number"], 0);
    EXPECT_EQ(j["acknowledged"], 1);
    EXPECT_EQ(j["needs_attention"], 1);
    EXPECT_EQ(j["last_error"]["upload"], "2026-03-02T01:00:00Z connection refused");
    EXPECT_TRUE(j.contains("next_attempt"));
    EXPECT_TRUE(j["last_success"].contains("pull"));
}

TEST_F(SyncProgram, EnqueuePrintsCodesAndExitsOneWhenALineIsBad) {
    std::string file = dir.file("paper-forms.jsonl");
    std::ofstream(file) << R"({"category":"moi-truong","description":"Phiếu giấy số 1."})" "\n"
                        << R"({"category":"khong-co","description":"Phiếu giấy số 2."})" "\n"
                        << R"({"category":"y-te","description":"Phiếu giấy số 3.","name":"Lê Văn Cường","phone":"0901234567"})" "\n";

    ProgramResult r = run({"--config", config, "enqueue", file});

    EXPECT_EQ(r.exit_code, 1);
    auto codes = lines_of(r.out);
    ASSERT_EQ(codes.size(), 2u) << r.out;
    EXPECT_NE(r.err.find("line 2: "), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("2 queued, 1 rejected"), std::string::npos) << r.err;
    Store store = open_store();
    for (const auto& c : codes) EXPECT_TRUE(store.find(c).has_value()) << c;
    EXPECT_EQ(store.counts().queued, 2);

    std::ofstream(file) << R"({"category":"moi-truong","description":"Phiếu giấy số 4."})" "\n";
    ProgramResult ok = run({"--config", config, "enqueue", file});
    EXPECT_EQ(ok.exit_code, 0) << ok.err;
    EXPECT_EQ(lines_of(ok.out).size(), 1u);
}

TEST_F(SyncProgram, OnceUploadsToThePortalAndExitsZero) {
    start_portal();
    std::string code;
    {
        Store store = open_store();
        ContactBox box = open_box();
        code = store.submit(citizen_draft("Rác thải đổ trộm ở đầu ngõ.", kAn), 7, box, wall_clock_ms()).code;
    }
    ProgramResult r = run({"--config", config, "--once"});

    EXPECT_EQ(r.exit_code, 0) << r.err;
    Store store = open_store();
    auto v = store.find(code);
    ASSERT_TRUE(v.has_value());
    EXPECT_EQ(v->sync_state, SyncState::acknowledged) << r.err;
    auto on_portal = portal_store->request_by_receipt(code);
    ASSERT_TRUE(on_portal.has_value());
    EXPECT_EQ(v->service_request_id, on_portal->service_request_id);
    EXPECT_EQ(portal_store->counts().requests, 1);
    EXPECT_EQ(portal_store->counts().contacts, 1) << "the program opened the contact with the key file";
    EXPECT_FALSE(store.categories().empty()) << "categories pulled";
}

TEST_F(SyncProgram, TheDaemonUploadsWhatTheKioskFilesAndStopsCleanlyOnSigterm) {
    start_portal();
    Store store = open_store();
    ContactBox box = open_box();
    std::string first = store.submit(citizen_draft("Báo cáo trước khi chạy."), 7, box, wall_clock_ms()).code;
    ChildProcess daemon({kProgram, "--config", config}, env, dir.file("daemon.out"), dir.file("daemon.err"));
    ASSERT_TRUE(daemon.started());

    auto acknowledged = [&](const std::string& code) {
        for (auto until = std::chrono::steady_clock::now() + 10s; std::chrono::steady_clock::now() < until;) {
            if (store.find(code)->sync_state == SyncState::acknowledged) return true;
            std::this_thread::sleep_for(50ms);
        }
        return false;
    };
    ASSERT_TRUE(acknowledged(first)) << daemon.err();
    std::string second = store.submit(citizen_draft("Báo cáo khi đang chạy."), 7, box, wall_clock_ms()).code;
    EXPECT_TRUE(acknowledged(second)) << daemon.err();

    auto asked = std::chrono::steady_clock::now();
    daemon.signal(SIGTERM);
    auto status = daemon.wait_for(2s);
    ASSERT_TRUE(status.has_value()) << "still running 2 s after SIGTERM";
    EXPECT_LT(std::chrono::steady_clock::now() - asked, 2s);
    ASSERT_TRUE(WIFEXITED(*status)) << "ended by a signal: " << (WIFSIGNALED(*status) ? WTERMSIG(*status) : 0);
    EXPECT_EQ(WEXITSTATUS(*status), 0) << daemon.err();
    EXPECT_NE(daemon.err().find("stopped"), std::string::npos) << daemon.err();
    EXPECT_EQ(portal_store->counts().requests, 2);
}

// One agent per store: a second wardkiosk-sync on the same store (a service started
// twice, an officer running --once by hand) would read the same due report and post
// it again. It refuses to start and says why; once the first is killed (-9, no chance
// to clean up), the next one starts, because the kernel drops the lock with the process.
TEST_F(SyncProgram, ASecondAgentOnTheSameStoreRefusesToStartAndSaysWhy) {
    start_portal();
    Store store = open_store();
    ContactBox box = open_box();
    std::string code = store.submit(citizen_draft("Một agent cho một kho."), 7, box, wall_clock_ms()).code;
    ChildProcess first({kProgram, "--config", config}, env, dir.file("first.out"), dir.file("first.err"));
    ASSERT_TRUE(first.started());
    ASSERT_TRUE(eventually([&] { return store.find(code)->sync_state == SyncState::acknowledged; }, 10s))
        << first.err();

    ProgramResult second = run({"--config", config, "--once"});
    EXPECT_EQ(second.exit_code, 4) << second.err;
    EXPECT_NE(second.err.find("another wardkiosk-sync is already running"), std::string::npos) << second.err;
    ProgramResult status = run({"--config", config, "status"});  // reading the queue is still allowed
    EXPECT_EQ(status.exit_code, 0) << status.err;

    first.signal(SIGKILL);
    ASSERT_TRUE(first.wait_for(2s).has_value());
    ProgramResult after = run({"--config", config, "--once"});
    EXPECT_EQ(after.exit_code, 0) << after.err;
    EXPECT_EQ(portal_store->counts().requests, 1);
}

// A crash in the middle of a backlog: the daemon is killed (SIGKILL) three times while
// it drains 600 reports, then left to finish. A report the portal took but whose
// acknowledgement the agent had not yet written is sent again under the same
// Idempotency-Key and answered with the same case number: the portal ends with every
// report exactly once, each matched to its case number, every contact delivered and
// none left on the kiosk. (A power cut can also undo committed acknowledgements that
// were not yet fsynced; their reports take the same path.)
TEST_F(SyncProgram, KilledMidDrainAgainAndAgainEveryReportReachesThePortalOnce) {
    start_portal();
    Store store = open_store();
    ContactBox box = open_box();
    std::vector<std::string> codes;
    store.db().exec("PRAGMA synchronous = OFF");  // a quick backlog; the daemon's own writes are as shipped
    for (int i = 0; i < 600; ++i)
        codes.push_back(store.submit(citizen_draft("Báo cáo trong hàng chờ số " + std::to_string(i) + ".",
                                                   i % 2 ? kAn : Contact{}),
                                     7, box, wall_clock_ms()).code);
    store.db().exec("PRAGMA synchronous = FULL");
    auto acknowledged = [&] { return store.counts().acknowledged; };
    int killed_mid_drain = 0;
    for (int64_t kill_at : {60, 220, 400}) {
        ChildProcess daemon({kProgram, "--config", config}, env, dir.file("daemon.out"), dir.file("daemon.err"));
        ASSERT_TRUE(daemon.started());
        for (auto until = std::chrono::steady_clock::now() + 20s;
             acknowledged() < kill_at && std::chrono::steady_clock::now() < until;)
            std::this_thread::sleep_for(1ms);
        daemon.signal(SIGKILL);
        ASSERT_TRUE(daemon.wait_for(5s).has_value());
        if (acknowledged() < 600) ++killed_mid_drain;
    }
    EXPECT_GE(killed_mid_drain, 1) << "no kill landed while the backlog drained";
    ChildProcess daemon({kProgram, "--config", config}, env, dir.file("daemon.out"), dir.file("daemon.err"));
    for (auto until = std::chrono::steady_clock::now() + 30s;
         acknowledged() < 600 && std::chrono::steady_clock::now() < until;)
        std::this_thread::sleep_for(20ms);
    daemon.signal(SIGTERM);
    ASSERT_TRUE(daemon.wait_for(5s).has_value());
    ASSERT_EQ(acknowledged(), 600) << daemon.err();

    EXPECT_EQ(portal_store->counts().requests, 600) << "each report exactly once";
    EXPECT_EQ(portal_store->counts().contacts, 300) << "every contact delivered, once";
    for (const auto& code : codes) {
        auto on_portal = portal_store->request_by_receipt(code);
        ASSERT_TRUE(on_portal.has_value()) << code;
        EXPECT_EQ(store.find(code)->service_request_id, on_portal->service_request_id) << code;
    }
    auto left = store.db().prepare("SELECT count(*) FROM reports WHERE contact IS NOT NULL");
    ASSERT_TRUE(left.step());
    EXPECT_EQ(left.int_at(0), 0) << "contacts erased once the portal has them";
}

// A backlog on a slow link is one long pass. Under systemd (WATCHDOG_USEC=1 s here) the
// daemon must keep pinging during it, not only between passes, or systemd kills it
// mid-drain: 8 reports at 250 ms a request make a 2 s pass; no two pings may be a whole
// interval apart.
TEST_F(SyncProgram, TheDaemonFeedsTheWatchdogWhileALongBacklogDrains) {
    std::vector<FakeAnswer> slow;
    for (int i = 1; i <= 8; ++i) {
        slow.push_back(created_answer("FK-" + std::to_string(i)));
        slow.back().delay_ms = 250;
    }
    auto fake = start_fake(slow);
    Store store = open_store();
    ContactBox box = open_box();
    for (int i = 0; i < 8; ++i)
        store.submit(citizen_draft("Báo cáo số " + std::to_string(i) + " chờ gửi."), 7, box, wall_clock_ms());
    NotifySocket sock(dir.file("notify"));
    std::vector<std::string> with_notify = env;
    with_notify.push_back("NOTIFY_SOCKET=" + dir.file("notify"));
    with_notify.push_back("WATCHDOG_USEC=1000000");
    ChildProcess daemon({kProgram, "--config", config}, with_notify, dir.file("daemon.out"), dir.file("daemon.err"));
    ASSERT_TRUE(daemon.started());
    ASSERT_EQ(sock.receive(5000ms), "READY=1");
    std::vector<std::chrono::steady_clock::time_point> pings;
    for (auto until = std::chrono::steady_clock::now() + 20s;
         store.counts().acknowledged < 8 && std::chrono::steady_clock::now() < until;)
        if (sock.receive(50ms) == "WATCHDOG=1") pings.push_back(std::chrono::steady_clock::now());
    ASSERT_EQ(store.counts().acknowledged, 8) << daemon.err();
    ASSERT_GE(pings.size(), 3u) << "the pass took 2 s; a ping is due every 0.5 s";
    for (size_t i = 1; i < pings.size(); ++i)
        EXPECT_LT(pings[i] - pings[i - 1], 1000ms) << "ping " << i << " came a whole watchdog interval late";
    daemon.signal(SIGTERM);
    ASSERT_TRUE(daemon.wait_for(5s).has_value());
}

// Staff press "sync now" while a pass is still out (here a slow 503 that asks for an
// hour's wait): the press must not be lost to the pass, the daemon tries again at once.
TEST_F(SyncProgram, SyncNowPressedDuringAPassIsActedOnWhenThePassEnds) {
    FakeAnswer busy = error_answer(503, "busy");
    busy.headers = {{"Retry-After", "3600"}};
    busy.delay_ms = 1000;
    auto fake = start_fake({busy});
    Store store = open_store();
    ContactBox box = open_box();
    std::string code = store.submit(citizen_draft("Báo cáo gặp lúc cổng bận."), 7, box, wall_clock_ms()).code;
    fake->on_request([&](const wk::test::SeenRequest& q) {
        if (q.route != "POST requests" || fake->count("POST requests") > 0) return;
        Store kiosk = open_store();  // the kiosk's connection, while the agent waits for the answer
        kiosk.set_value("sync.now", std::to_string(wall_clock_ms()));
    });
    ChildProcess daemon({kProgram, "--config", config}, env, dir.file("daemon.out"), dir.file("daemon.err"));
    ASSERT_TRUE(daemon.started());
    // The 503 holds the link for the config's 5 s cap: delivered before that, or the press was lost.
    bool delivered = eventually([&] { return store.find(code)->sync_state == SyncState::acknowledged; }, 3500ms);
    fake->on_request({});
    EXPECT_TRUE(delivered) << "the press was lost: the agent waits out the 503's block\n" << daemon.err();
    EXPECT_EQ(fake->count("POST requests"), 2);
    daemon.signal(SIGTERM);
    ASSERT_TRUE(daemon.wait_for(5s).has_value());
}

// SIGTERM while a request is out (the portal stalls): the daemon stops within the stop
// flag's second, losing nothing. The report stays queued with its contact, and the next
// start sends it again under the same key, which the portal answers with its first id.
TEST_F(SyncProgram, SigtermInTheMiddleOfARequestStopsCleanlyAndLosesNothing) {
    FakeAnswer stalled = created_answer("FK-STALLED");
    stalled.delay_ms = 20000;
    auto fake = start_fake({stalled});
    Store store = open_store();
    ContactBox box = open_box();
    std::string code = store.submit(citizen_draft("Báo cáo đang gửi khi máy tắt.", kAn), 7, box, wall_clock_ms()).code;
    {
        ChildProcess daemon({kProgram, "--config", config}, env, dir.file("daemon.out"), dir.file("daemon.err"));
        ASSERT_TRUE(daemon.started());
        ASSERT_TRUE(eventually([&] { return fake->count("POST requests") == 1; }, 10s));
        auto asked = std::chrono::steady_clock::now();
        daemon.signal(SIGTERM);
        auto status = daemon.wait_for(5s);
        ASSERT_TRUE(status.has_value()) << "still running 5 s after SIGTERM";
        EXPECT_LT(std::chrono::steady_clock::now() - asked, 2s) << "the stop flag aborts the transfer within a second";
        ASSERT_TRUE(WIFEXITED(*status));
        EXPECT_EQ(WEXITSTATUS(*status), 0) << daemon.err();
    }
    RawReport mid = raw_report(dir.file("kiosk.db"), code);
    EXPECT_EQ(mid.sync_state, "queued");
    EXPECT_FALSE(mid.contact_is_null) << "the contact stays until the portal has it";

    ChildProcess again({kProgram, "--config", config}, env, dir.file("again.out"), dir.file("again.err"));
    EXPECT_TRUE(eventually([&] { return store.find(code)->sync_state == SyncState::acknowledged; }, 10s))
        << again.err();
    auto posts = fake->seen("POST requests");
    ASSERT_EQ(posts.size(), 2u);
    EXPECT_EQ(posts[1].idempotency_key, posts[0].idempotency_key);
    auto phone = posts[1].form.find("phone");
    ASSERT_NE(phone, posts[1].form.end()) << "sent again with its contact";
    EXPECT_EQ(phone->second, "0912345678");
    again.signal(SIGTERM);
    ASSERT_TRUE(again.wait_for(5s).has_value());
}

// A daemon that cannot reach its portal must sleep between tries, not spin: the
// kiosk shares its two cores and its SQLite file.
TEST_F(SyncProgram, TheDaemonWithItsPortalDownSleepsInsteadOfSpinning) {
    {
        Store store = open_store();
        ContactBox box = open_box();
        store.submit(citizen_draft("Báo cáo chờ mạng."), 7, box, wall_clock_ms());
    }
    write_config("http://127.0.0.1:9/open311/v2");  // the discard port: connection refused
    ChildProcess daemon({kProgram, "--config", config}, env, dir.file("daemon.out"), dir.file("daemon.err"));
    ASSERT_TRUE(daemon.started());
    std::this_thread::sleep_for(2s);
    daemon.signal(SIGTERM);
    auto status = daemon.wait_for(2s);
    ASSERT_TRUE(status.has_value());
    EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) == 0);
    EXPECT_LT(daemon.cpu_seconds(), 0.4) << "CPU seconds used in 2 s of waiting";
    Store store = open_store();
    EXPECT_EQ(store.counts().queued, 1);
    EXPECT_FALSE(store.value("agent.last_error.upload").value_or("").empty());
}

// `staff add` reads the PIN twice from stdin and writes only its hash to the staff
// file the config names (default staff.toml beside it); `staff list` shows ids and names.
TEST_F(SyncProgram, StaffAddWritesAHashNeverThePinAndListShowsTheOfficer) {
    std::string pins = dir.file("pins.txt");
    std::ofstream(pins) << "975310\n975310\n";
    ProgramResult add = run_program({kProgram, "--config", config, "staff", "add", "--id", "cb-01", "--name",
                                     "Nguyễn Thị Hoa"},
                                    env, dir.path().string(), std::chrono::seconds(20), pins);
    ASSERT_EQ(add.exit_code, 0) << add.err;
    EXPECT_NE(add.err.find("PIN:"), std::string::npos);
    EXPECT_NE(add.err.find("Again:"), std::string::npos);
    std::string text = ChildProcess::slurp(dir.file("staff.toml"));
    EXPECT_NE(text.find("$argon2id$"), std::string::npos) << text;
    EXPECT_EQ(text.find("975310"), std::string::npos) << "the PIN itself is never written";
    std::string error;
    auto accounts = load_staff_file(dir.file("staff.toml"), error);
    ASSERT_EQ(accounts.size(), 1u) << error;
    EXPECT_TRUE(verify_pin(accounts[0].pin_hash, "975310"));
    ProgramResult list = run({"--config", config, "staff", "list"});
    EXPECT_EQ(list.exit_code, 0) << list.err;
    EXPECT_EQ(lines_of(list.out), std::vector<std::string>{"cb-01\tNguyễn Thị Hoa"});
    EXPECT_EQ(list.out.find("argon2"), std::string::npos);
}

TEST_F(SyncProgram, StaffAddRefusesMismatchedOrShortPinsAndDuplicates) {
    auto add = [&](const std::string& id, const std::string& input) {
        std::string pins = dir.file("pins.txt");
        std::ofstream(pins) << input;
        return run_program({kProgram, "--config", config, "staff", "add", "--id", id, "--name", "Hoa"}, env,
                           dir.path().string(), std::chrono::seconds(20), pins);
    };
    EXPECT_EQ(add("cb-01", "975310\n975311\n").exit_code, 1);
    EXPECT_EQ(add("cb-01", "12\n12\n").exit_code, 1);
    EXPECT_EQ(add("cb-01", "").exit_code, 1);
    EXPECT_FALSE(std::filesystem::exists(dir.file("staff.toml"))) << "nothing written";
    EXPECT_EQ(add("cb-01", "2468\n2468\n").exit_code, 0);
    ProgramResult dup = add("cb-01", "1357\n1357\n");
    EXPECT_EQ(dup.exit_code, 1);
    EXPECT_NE(dup.err.find("already exists"), std::string::npos) << dup.err;
    EXPECT_EQ(run({"--config", config, "staff", "remove"}).exit_code, 2);
}

}  // namespace
